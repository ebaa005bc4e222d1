import Atoms
import Foundation
import Mechanics
import Potentials
import TestSupport
import XCTest

/// Vacancy, NEB, surface and stacking-fault energies of Cu (Mishin EAM) against LAMMPS on the
/// same cells (`reference/classical/lammps-defects/`) and the values Mishin et al. published
/// (Phys. Rev. B 63, 224106 (2001), Table IV: E_v^f 1.27 eV, E_v^m 0.69 eV, γ_SF 44.4 mJ/m²,
/// γ_s (100) 1.345, (110) 1.475, (111) 1.239 J/m²).
final class DefectsTests: XCTestCase {
    func mishin() throws -> EAM { try EAM.setfl(TextFile(path: Fixtures.classicalPotential("Cu_mishin1.eam.alloy"))) }

    /// The relaxed conventional cell, as `props defects` starts from.
    func relaxedCopper(_ calc: inout Calculator) throws -> Structure {
        try Equilibrium.relax(try Lattices.build(.fcc, elements: calc.potential.species, a: 3.615), calculator: &calc).structure
    }

    /// LAMMPS numbers written by `defects.py` (quantity → eV).
    func lammps() throws -> [String: Double] {
        let file = try TextFile(path: Fixtures.reference("classical/lammps-defects/Cu_mishin_defects.csv"))
        var out: [String: Double] = [:]
        for line in file.lines.dropFirst() where !line.isEmpty {
            let f = line.split(separator: ",")
            out[String(f[0])] = Double(f[1])
        }
        return out
    }

    func testVacancyFormationMatchesLAMMPSAndMishin() throws {
        var calc = Calculator(try mishin())
        let unit = try relaxedCopper(&calc)
        let ref = try lammps()
        for n in [2, 3] {
            let perfect = try Supercell.make(unit, repeats: SIMD3(repeating: n))
            let v = try VacancyFormation.compute(perfect: perfect, calculator: &calc)
            let tag = "\(n)x\(n)x\(n)"
            XCTAssertEqual(v.unrelaxed, try XCTUnwrap(ref["vacancy_formation_unrelaxed_\(tag)"]), accuracy: 1e-6)
            XCTAssertEqual(v.constantVolume, try XCTUnwrap(ref["vacancy_formation_constant_volume_\(tag)"]), accuracy: 1e-6)
            XCTAssertEqual(v.zeroPressure, try XCTUnwrap(ref["vacancy_formation_zero_pressure_\(tag)"]), accuracy: 1e-6)
            XCTAssertLessThan(v.zeroPressure, v.constantVolume)
            XCTAssertLessThan(v.constantVolume, v.unrelaxed)
            if n == 3 { XCTAssertEqual(v.zeroPressure, 1.27, accuracy: 0.005) }
        }
    }

    func testSurfaceEnergiesMatchLAMMPSAndMishin() throws {
        var calc = Calculator(try mishin())
        let unit = try relaxedCopper(&calc)
        let ref = try lammps()
        let planes = try OrientedCell.planes(of: unit)
        XCTAssertEqual(planes.map(\.plane), ["100", "110", "111"])
        let published = ["100": 1.345, "110": 1.475, "111": 1.239]
        for p in planes {
            let s = try SurfaceEnergy.compute(p, thickness: 22, vacuum: 15, calculator: &calc)
            let toEV = 2 * p.area / SurfaceEnergy.eVPerA2InJPerM2
            XCTAssertEqual(s.unrelaxed * toEV, try XCTUnwrap(ref["surface_\(p.plane)_unrelaxed_excess"]), accuracy: 1e-6, p.plane)
            XCTAssertEqual(s.relaxed * toEV, try XCTUnwrap(ref["surface_\(p.plane)_relaxed_excess"]), accuracy: 1e-5, p.plane)
            XCTAssertEqual(s.relaxed, published[p.plane]!, accuracy: 0.002, p.plane)
        }
    }

    func testStackingFaultMatchesLAMMPSAndMishin() throws {
        var calc = Calculator(try mishin())
        let unit = try relaxedCopper(&calc)
        XCTAssertTrue(StackingFault.applies(to: unit))
        XCTAssertFalse(StackingFault.applies(to: try Lattices.build(.bcc, elements: calc.potential.species, a: 2.9)))
        let p111 = try XCTUnwrap(try OrientedCell.planes(of: unit).first { $0.plane == "111" })
        let f = try StackingFault.compute(p111, thickness: 22, calculator: &calc)
        let ref = try lammps()
        let toEV = p111.area / (1000 * SurfaceEnergy.eVPerA2InJPerM2)
        XCTAssertEqual(f.unrelaxed * toEV, try XCTUnwrap(ref["fault_plus_unrelaxed_excess"]), accuracy: 1e-6)
        XCTAssertEqual(f.relaxed * toEV, try XCTUnwrap(ref["fault_plus_relaxed_excess"]), accuracy: 1e-6)
        XCTAssertEqual(f.relaxed, 44.4, accuracy: 0.1)
    }

    /// The vacancy hop in a 2×2×2 cell: symmetric ends, and the same saddle with 1 and 3
    /// images (climbing image).
    func testVacancyMigrationConvergesWithImages() throws {
        var calc = Calculator(try mishin())
        let unit = try relaxedCopper(&calc)
        let ends = try VacancyMigration.ends(perfect: try Supercell.make(unit, repeats: SIMD3(repeating: 2)), calculator: &calc)
        var barriers: [Double] = []
        for images in [1, 3] {
            var settings = NEBSettings()
            settings.images = images
            let r = try NudgedElasticBand.run(from: ends.initial, to: ends.final, calculator: &calc, settings: settings)
            XCTAssertTrue(r.converged)
            XCTAssertEqual(r.energies.count, images + 2)
            XCTAssertEqual(r.energies.last!, 0, accuracy: 1e-6)
            // The hopping atom alone moves a/√2; its neighbours relax along.
            XCTAssertGreaterThan(r.pathLength.last!, unit.cell.lengths.x / 2.squareRoot())
            barriers.append(r.barrier)
        }
        XCTAssertEqual(barriers[0], barriers[1], accuracy: 2e-3)
    }

    /// In a 3×3×3 cell the climbing image gives Mishin's 0.69 eV.
    func testVacancyMigrationBarrierOfMishinCopper() throws {
        var calc = Calculator(try mishin())
        let unit = try relaxedCopper(&calc)
        let ends = try VacancyMigration.ends(perfect: try Supercell.make(unit, repeats: SIMD3(repeating: 3)), calculator: &calc)
        var settings = NEBSettings()
        settings.images = 1
        let r = try NudgedElasticBand.run(from: ends.initial, to: ends.final, calculator: &calc, settings: settings)
        XCTAssertTrue(r.converged)
        XCTAssertEqual(r.barrier, 0.69, accuracy: 0.01)
    }

    /// hcp: one plane, (0001), with a positive surface energy; a primitive fcc cell (not a
    /// conventional cubic one) has none.
    func testHexagonalBasalPlane() throws {
        var calc = Calculator(try mishin())
        let hcp = try Equilibrium.relax(try Lattices.build(.hcp, elements: calc.potential.species, a: 2.55), calculator: &calc).structure
        let planes = try OrientedCell.planes(of: hcp)
        XCTAssertEqual(planes.map(\.plane), ["0001"])
        let s = try SurfaceEnergy.compute(planes[0], thickness: 16, vacuum: 12, calculator: &calc)
        // Close-packed like fcc (111): about Mishin's 1.239 J/m².
        XCTAssertEqual(s.relaxed, 1.24, accuracy: 0.05)
        XCTAssertFalse(StackingFault.applies(to: hcp))
        let primitive = try Lattices.build(.fcc, elements: calc.potential.species, a: 3.615, primitive: true)
        XCTAssertTrue(try OrientedCell.planes(of: primitive).isEmpty)
    }

    /// Mismatched ends are refused.
    func testBandEndsMustMatch() throws {
        var calc = Calculator(try mishin())
        let a = try Lattices.build(.fcc, elements: calc.potential.species, a: 3.615)
        XCTAssertThrowsError(try NudgedElasticBand.run(from: a, to: a.scaled(by: 1.01), calculator: &calc))
        XCTAssertThrowsError(try NudgedElasticBand.run(from: a, to: VacancyFormation.removing(0, from: a), calculator: &calc))
    }
}
