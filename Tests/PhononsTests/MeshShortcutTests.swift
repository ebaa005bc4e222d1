import Atoms
import Foundation
import Phonons
import XCTest

/// The shortcuts that make `props phonons` fast give the numbers of the direct computation:
/// the mesh reduced by symmetry and time reversal and the thermal sums with one expm1 and one log per mode.
final class MeshShortcutTests: XCTestCase {
    /// Every point of a 5×5×4 mesh has the frequencies of a direct diagonalisation at its q,
    /// with the mesh reduced by time reversal alone or also by the point group, and the
    /// irreducible points' eigenvectors are eigenvectors of D(q).
    func testReducedMeshPointsMatchDirectModes() throws {
        let dm = try PhononPhysicsTests.sw.get()
        for symmetry in [false, true] {
            let mesh = try PhononMesh(dm, size: SIMD3(5, 5, 4), symmetry: symmetry)
            XCTAssertEqual(mesh.qpoints.count, 100)
            let frequencies = mesh.frequencies
            var worst = 0.0
            for (p, q) in mesh.qpoints.enumerated() {
                let direct = try dm.modes(at: q).frequencies
                for (k, f) in direct.enumerated() { worst = max(worst, abs(frequencies[p * 6 + k] - f)) }
            }
            XCTAssertLessThan(worst, 1e-9, "THz")
            var worstResidual = 0.0
            for (r, m) in mesh.irreducibleModes.enumerated() {
                XCTAssertEqual(m.q, mesh.qpoints[mesh.irreduciblePoints[r]])
                // D e = ω² e for each stored eigenvector (in the matrix's own units).
                let d = dm.matrix(at: m.q)
                let n3 = m.frequencies.count
                for k in 0..<n3 {
                    let f = m.frequencies[k] / DynamicalMatrix.toTHz
                    let lambda = (f < 0 ? -1.0 : 1.0) * f * f
                    for i in 0..<n3 {
                        var re = -lambda * m.eigenvectors[k * n3 + i].real, im = -lambda * m.eigenvectors[k * n3 + i].imag
                        for j in 0..<n3 {
                            let a = d[j * n3 + i], e = m.eigenvectors[k * n3 + j]
                            re += a.real * e.real - a.imag * e.imag
                            im += a.real * e.imag + a.imag * e.real
                        }
                        worstResidual = max(worstResidual, (re * re + im * im).squareRoot())
                    }
                }
            }
            XCTAssertLessThan(worstResidual, 1e-9, "eV/Å²/amu")
        }
    }

    /// Thermal sums against the textbook formulas, evaluated term by term with exp and log,
    /// from frozen (x ≈ 700) to classical (x ≈ 1e-4) modes.
    func testThermalSumsMatchTextbookFormulas() {
        let frequencies = [0.05, 1.0, 7.5, 16.0, 30.0]
        let temperatures = [0.0, 1.0, 20.0, 300.0, 5000.0]
        let rows = ThermalProperties(frequenciesTHz: frequencies, temperatures: temperatures).rows
        let kB = Units.boltzmann
        let norm = 3 / Double(frequencies.count)
        for (row, t) in zip(rows, temperatures) {
            var cv = 0.0, s = 0.0, u = 0.0, f = 0.0
            for nu in frequencies {
                let e = nu * ThermalProperties.planckEVPerTHz
                u += e / 2
                f += e / 2
                guard t > 0, e / (kB * t) < 700 else { continue }
                let x = e / (kB * t)
                cv += x * x * exp(x) / ((exp(x) - 1) * (exp(x) - 1))
                s += x / (exp(x) - 1) - log(1 - exp(-x))
                u += e / (exp(x) - 1)
                f += kB * t * log(1 - exp(-x))
            }
            XCTAssertEqual(row.temperature, t)
            for (got, want) in [(row.heatCapacity, cv), (row.entropy, s), (row.energy, u), (row.freeEnergy, f)] {
                XCTAssertEqual(got, want * norm, accuracy: 1e-10 * max(abs(want * norm), 1e-30), "T = \(t) K")
            }
        }
    }
}
