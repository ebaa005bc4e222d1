import Atoms
import Foundation
import Mechanics
@testable import Phonons
import Potentials
import TestSupport
import XCTest

/// The q-point mesh reduced by the point group and time reversal (as phonopy's mesh): the
/// same irreducible points as spglib, and the numbers of the full mesh.
final class MeshReductionTests: XCTestCase {
    /// Histogram weight → number of irreducible points.
    static func histogram(_ weights: [Int]) -> [Int: Int] {
        var out: [Int: Int] = [:]
        for w in weights { out[w, default: 0] += 1 }
        return out
    }

    /// Diamond Si, Γ-centred 20³: 256 irreducible points with the weights of spglib 2.8.0's
    /// `get_ir_reciprocal_mesh([20, 20, 20], primitive Si, is_time_reversal=True)`; on
    /// 5×5×4 only the operations that map that mesh onto itself act: 33 points, as spglib.
    func testIrreduciblePointsAndWeightsMatchSpglib() throws {
        let dm = try PhononPhysicsTests.sw.get()
        XCTAssertEqual(dm.forceConstants.pointGroup.count, 48)
        let mesh = try PhononMesh(dm, size: SIMD3(20, 20, 20))
        XCTAssertEqual(mesh.irreducibleModes.count, 256)
        XCTAssertEqual(mesh.weights.reduce(0, +), 8000)
        XCTAssertEqual(Self.histogram(mesh.weights), [1: 1, 3: 1, 4: 1, 6: 10, 8: 9, 12: 13, 24: 121, 48: 100])
        // Each irreducible point stands for itself and for exactly `weight` mesh points.
        var counts = [Int](repeating: 0, count: mesh.weights.count)
        for r in mesh.irreducibleIndex { counts[r] += 1 }
        XCTAssertEqual(counts, mesh.weights)
        for (r, p) in mesh.irreduciblePoints.enumerated() { XCTAssertEqual(mesh.irreducibleIndex[p], r) }
        let odd = try PhononMesh(dm, size: SIMD3(5, 5, 4))
        XCTAssertEqual(odd.irreducibleModes.count, 33)
        XCTAssertEqual(Self.histogram(odd.weights), [1: 2, 2: 13, 4: 18])
        // Time reversal alone pairs q with −q: (8000 − 8 self-partnered points)/2 + 8.
        let full = try PhononMesh(dm, size: SIMD3(20, 20, 20), symmetry: false)
        XCTAssertEqual(full.irreducibleModes.count, 4004)
    }

    /// Thermal properties and DOS (tetrahedron and Gaussian) of Si on the reduced 20³ mesh
    /// equal those summed over every point of the mesh, to 1e-10 relative.
    func testThermalAndDOSEqualFullMesh() throws {
        let dm = try PhononPhysicsTests.sw.get()
        let reduced = try PhononMesh(dm, size: SIMD3(20, 20, 20))
        let full = try PhononMesh(dm, size: SIMD3(20, 20, 20), symmetry: false)
        let temperatures = stride(from: 0.0, through: 1000, by: 50).map { $0 }
        let a = ThermalProperties(reduced, temperatures: temperatures)
        let b = ThermalProperties(frequenciesTHz: full.frequencies, temperatures: temperatures)
        XCTAssertEqual(a.zeroPointEnergy, b.zeroPointEnergy, accuracy: 1e-10 * b.zeroPointEnergy)
        for (x, y) in zip(a.rows, b.rows) {
            for (got, want) in [(x.heatCapacity, y.heatCapacity), (x.entropy, y.entropy), (x.freeEnergy, y.freeEnergy), (x.energy, y.energy)] {
                XCTAssertEqual(got, want, accuracy: 1e-10 * max(abs(want), 1e-300), "T = \(y.temperature) K")
            }
        }
        XCTAssertGreaterThan(a.rows[6].heatCapacity, 2)
        // The DOS evaluates each distinct tetrahedron once: their counts cover all 6 × 20³.
        let distinct = DensityOfStates.distinctTetrahedra(reduced, reciprocal: reduced.primitive.cell.reciprocal)
        XCTAssertEqual(distinct.reduce(0) { $0 + $1.count }, 48_000)
        XCTAssertEqual(Set(distinct.map(\.corners)).count, distinct.count)
        // 1,093 here: at least the 24 proper rotations' worth of repeats are folded.
        XCTAssertLessThan(distinct.count, 48_000 / 24)
        for method in [DensityOfStates.Method.tetrahedron, .gaussian(sigmaTHz: 0.1)] {
            let x = DensityOfStates(reduced, method: method), y = DensityOfStates(full, method: method)
            XCTAssertEqual(x.frequencies, y.frequencies)
            let scale = y.total.max()!
            for g in y.total.indices { XCTAssertEqual(x.total[g], y.total[g], accuracy: 1e-10 * scale) }
            XCTAssertEqual(x.integral, 6, accuracy: 0.01)
        }
    }

    /// Lower symmetry and several species: hcp Ar (LJ, 8×8×6 mesh) has the frequencies of a
    /// direct diagonalisation at every mesh point; rocksalt Cu–Ag (test EAM) has the partial
    /// DOS of the full mesh.
    func testHexagonalAndTwoSpeciesMeshes() throws {
        let argon = LennardJones(element: Element(symbol: "Ar")!, epsilon: 0.0104, sigma: 3.40, cutoff: 8.5)
        let hcp = try Lattices.build(.hcp, elements: argon.species, a: 3.75)
        let ar = try PhononCalculation.compute(argon, unit: hcp, supercellMatrix: [[4, 0, 0], [0, 4, 0], [0, 0, 3]])
        let mesh = try PhononMesh(ar.dynamicalMatrix, size: SIMD3(8, 8, 6))
        XCTAssertLessThan(mesh.irreducibleModes.count, 384 / 6)
        let frequencies = mesh.frequencies
        var worst = 0.0, highest = 0.0
        for (p, q) in mesh.qpoints.enumerated() {
            let direct = try ar.dynamicalMatrix.modes(at: q).frequencies
            for (k, f) in direct.enumerated() {
                worst = max(worst, abs(frequencies[p * 6 + k] - f))
                highest = max(highest, abs(f))
            }
        }
        XCTAssertLessThan(worst, 1e-9 * highest)

        let (alloy, _, _) = try EAMFiles.twoElement(in: Fixtures.temporaryDirectory())
        let eam = try EAM.setfl(TextFile(path: alloy))
        let unit = try Lattices.build(.rocksalt, elements: [Element(symbol: "Cu")!, Element(symbol: "Ag")!], a: 4.6)
        let cuag = try PhononCalculation.compute(eam, unit: unit, supercellMatrix: [[2, 0, 0], [0, 2, 0], [0, 0, 2]])
        let reduced = try PhononMesh(cuag.dynamicalMatrix, size: SIMD3(repeating: 8))
        XCTAssertEqual(reduced.irreducibleModes.count, 29)
        let x = DensityOfStates(reduced)
        let y = DensityOfStates(try PhononMesh(cuag.dynamicalMatrix, size: SIMD3(repeating: 8), symmetry: false))
        let scale = y.total.max()!
        for s in 0..<2 {
            for g in y.total.indices { XCTAssertEqual(x.partial[s][g], y.partial[s][g], accuracy: 1e-10 * scale) }
        }
    }
}
