import Atoms
import Foundation
import Mechanics
import Phonons
import Potentials
import TestSupport
import XCTest

final class QuasiHarmonicTests: XCTestCase {
    /// Static energy (eV/atom) of a third-order Birch–Murnaghan crystal, V0 12 Å³/atom,
    /// B0 = 0.8 eV/Å³ (128 GPa), B0' = 5.
    static func birch(_ v: Double) -> Double {
        let (v0, b0, bp) = (12.0, 0.8, 5.0)
        let x = pow(v0 / v, 2.0 / 3.0) - 1
        return 9 * v0 * b0 / 16 * (x * x * x * bp + x * x * (6 - 4 * (x + 1)))
    }

    /// A spread of frequencies (THz), 3 per "mesh point", scaled by `factor`.
    static func modes(_ factor: Double) -> [Double] {
        (1...60).map { 0.5 + 0.1 * Double($0) }.map { $0 * factor }
    }

    static let volumes = (0..<7).map { 11.6 + 0.15 * Double($0) }
    static let temperatures = stride(from: 0.0, through: 1000, by: 10).map { $0 }

    /// Frequencies that do not change with volume: no thermal pressure, so V(T) = V0,
    /// α = 0 and Cp = Cv at every temperature.
    func testVolumeIndependentFrequenciesGiveNoExpansion() throws {
        let points = Self.volumes.map { QuasiHarmonicVolume(volume: $0, energy: Self.birch($0), frequenciesTHz: Self.modes(1)) }
        let q = try QuasiHarmonicResult(points: points, temperatures: Self.temperatures)
        XCTAssertNil(q.truncatedAt)
        XCTAssertEqual(q.temperatures.count, Self.temperatures.count)
        XCTAssertEqual(q.staticVolume, 12, accuracy: 1e-9)
        for i in q.temperatures.indices {
            XCTAssertEqual(q.volumes[i], 12, accuracy: 1e-9)
            XCTAssertEqual(q.alpha[i], 0, accuracy: 1e-12)
            XCTAssertEqual(q.cp[i], q.cv[i], accuracy: 1e-9)
            XCTAssertEqual(q.bulkModulusGPa[i], 0.8 * Units.eVPerA3InGPa, accuracy: 1e-6)
        }
        // Near the classical 3 k_B: modes up to 6.5 THz lower it by about x²/12 ≈ 0.3 % at 1000 K.
        XCTAssertEqual(q.cv.last!, 3 * Units.boltzmann * Units.eVInJPerMol, accuracy: 0.1)
        XCTAssertTrue(q.modeGruneisen.allSatisfy { abs($0) < 1e-12 })
    }

    /// Every mode with the same Grüneisen parameter γ, ω ∝ V^−γ: the mode parameters are γ,
    /// and the thermodynamic one α_V B_T V / C_v equals γ at every temperature (the
    /// Grüneisen relation, exact for a single γ); thermal expansion is positive.
    func testSingleGruneisenParameterModel() throws {
        let gamma = 1.8
        let points = Self.volumes.map {
            QuasiHarmonicVolume(volume: $0, energy: Self.birch($0), frequenciesTHz: Self.modes(pow($0 / 12, -gamma)))
        }
        let q = try QuasiHarmonicResult(points: points, temperatures: Self.temperatures)
        for g in q.modeGruneisen { XCTAssertEqual(g, gamma, accuracy: 1e-9) }
        for i in q.temperatures.indices where q.temperatures[i] >= 50 {
            XCTAssertEqual(q.gruneisen[i], gamma, accuracy: 0.02 * gamma, "T = \(q.temperatures[i])")
            XCTAssertGreaterThan(q.alpha[i], 0)
            XCTAssertGreaterThan(q.cp[i], q.cv[i])
        }
        XCTAssertGreaterThan(q.volumes.last!, q.volumes.first!)
        // Zero-point pressure expands the crystal already at 0 K.
        XCTAssertGreaterThan(q.volumes[0], q.staticVolume)
    }

    /// A minimum that runs out of the scanned volumes stops the table with a note.
    func testMinimumLeavingTheScanTruncates() throws {
        let points = Self.volumes.map {
            QuasiHarmonicVolume(volume: $0, energy: Self.birch($0), frequenciesTHz: Self.modes(pow($0 / 12, -12)))
        }
        let q = try QuasiHarmonicResult(points: points, temperatures: Self.temperatures)
        let t = try XCTUnwrap(q.truncatedAt)
        XCTAssertEqual(q.temperatures.last! + 10, t)
        XCTAssertLessThanOrEqual(q.volumes.last!, Self.volumes.last!)
        XCTAssertThrowsError(try QuasiHarmonicResult(points: Array(points.prefix(4)), temperatures: Self.temperatures))
    }

    /// The relaxed Cu (Mishin EAM) `lattice` and its scan: 5 volumes 0.98–1.04 V0, a diagonal
    /// phonon supercell, an n³ mesh.
    func copperScan(_ lattice: LatticeKind, a: Double, supercell: [Int], mesh: Int) throws -> (Structure, [QuasiHarmonicVolume]) {
        let p = try EAM.setfl(TextFile(path: Fixtures.classicalPotential("Cu_mishin1.eam.alloy")))
        var calc = Calculator(p)
        let unit = try Equilibrium.relax(try Lattices.build(lattice, elements: p.species, a: a), calculator: &calc).structure
        var settings = QuasiHarmonicSettings()
        settings.volumes = 5
        settings.smallest = 0.98
        settings.largest = 1.04
        settings.supercell = (0..<3).map { i in (0..<3).map { $0 == i ? supercell[i] : 0 } }
        settings.mesh = SIMD3(repeating: mesh)
        return (unit, try QuasiHarmonicScan.run(p, unit: unit, settings: settings))
    }

    /// Cu (Mishin EAM), 3×3×3 phonon supercell, 8³ Γ-centred mesh, 5 volumes 0.98–1.04 V0:
    /// the same calculation with phonopy-qha (LAMMPS forces, Birch–Murnaghan;
    /// `reference/phonopy/qha-cu/qha_cu.txt`) gives at 100 and 300 K V = 11.889490 and 11.978713
    /// Å³/atom, β = 3α = 2.64920e-5 and 4.22044e-5 /K, B_T = 139.153 and 135.865 GPa, Cp (polyfit)
    /// = 15.7827 and 24.0639 J/(mol K). Experiment at 300 K: α = 16.5e-6 /K, Cp = 24.44 J/(mol K)
    /// (the potential's Grüneisen parameter, 1.76 against about 2.0, makes α 15 % low).
    func testCopperMishinAgainstPhonopyQHA() throws {
        let (_, points) = try copperScan(.fcc, a: 3.615, supercell: [3, 3, 3], mesh: 8)
        let q = try QuasiHarmonicResult(points: points, temperatures: stride(from: 0.0, through: 400, by: 10).map { $0 })
        XCTAssertTrue(q.imaginary().isEmpty)
        let phonopy: [(t: Double, v: Double, beta: Double, b: Double, cp: Double)] = [
            (100, 11.889490, 2.64920e-5, 139.153, 15.7827), (300, 11.978713, 4.22044e-5, 135.865, 24.0639)]
        for ref in phonopy {
            let k = try XCTUnwrap(q.temperatures.firstIndex(of: ref.t))
            XCTAssertEqual(q.volumes[k], ref.v, accuracy: 1e-4)
            XCTAssertEqual(3 * q.alpha[k], ref.beta, accuracy: 2e-3 * ref.beta)
            XCTAssertEqual(q.bulkModulusGPa[k], ref.b, accuracy: 0.05)
            XCTAssertEqual(q.cp[k], ref.cp, accuracy: 0.01)
        }
        let k = try XCTUnwrap(q.temperatures.firstIndex(of: 300))
        XCTAssertEqual(q.alpha[k], 16.5e-6, accuracy: 0.2 * 16.5e-6)
        XCTAssertEqual(q.cp[k], 24.44, accuracy: 0.5)
    }

    /// hcp Cu (Mishin EAM): each volume keeps its exact value while its shape relaxes
    /// (hydrostatic stress after the scan's relaxations), and the crystal expands on heating.
    func testHexagonalScanRelaxesShapeAtFixedVolume() throws {
        let (unit, points) = try copperScan(.hcp, a: 2.55, supercell: [3, 3, 2], mesh: 4)
        for (k, point) in points.enumerated() {
            XCTAssertEqual(point.volume, unit.volumePerAtom * (0.98 + 0.015 * Double(k)), accuracy: 1e-9)
        }
        let q = try QuasiHarmonicResult(points: points, temperatures: [0, 100, 200, 300])
        XCTAssertGreaterThan(q.volumes[3], q.volumes[1])
    }
}
