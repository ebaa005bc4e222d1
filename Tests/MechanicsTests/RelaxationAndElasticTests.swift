import Atoms
import Mechanics
import Potentials
import TestSupport
import XCTest

final class RelaxationAndElasticTests: XCTestCase {
    func mishin() throws -> EAM { try EAM.setfl(TextFile(path: Fixtures.classicalPotential("Cu_mishin1.eam.alloy"))) }

    /// A rattled, sheared fcc cell relaxes back to the perfect cubic crystal at zero stress.
    func testCellRelaxationFindsTheCubicGroundState() throws {
        let p = try mishin()
        let start = PotentialChecks.randomTriclinic(try Lattices.build(.fcc, elements: p.species, a: 3.7), strain: 0.03, rattle: 0.05)
        var calc = Calculator(p)
        let r = try Equilibrium.relax(start, calculator: &calc)
        XCTAssertTrue(r.converged)
        XCTAssertEqual(r.energy / 4, -3.540218, accuracy: 1e-6)
        XCTAssertEqual(r.structure.volumePerAtom, pow(3.61492, 3) / 4, accuracy: 1e-3)
        let stress = try calc.evaluate(r.structure, wanted: [.stress]).stress!
        XCTAssertLessThan(stress.maxAbs, 1e-7)
    }

    /// Under 5 GPa the relaxed volume satisfies −tr(σ)/3 = P.
    func testRelaxationUnderPressure() throws {
        let p = try mishin()
        var calc = Calculator(p)
        var settings = RelaxationSettings()
        settings.relaxCell = true
        settings.pressureGPa = 5
        settings.stressTolerance = 1e-7
        let r = try Relaxation.run(try Lattices.build(.fcc, elements: p.species, a: 3.615), calculator: &calc, settings: settings)
        XCTAssertTrue(r.converged)
        let stress = try calc.evaluate(r.structure, wanted: [.stress]).stress!
        XCTAssertEqual(-stress.trace / 3 * Units.eVPerA3InGPa, 5, accuracy: 1e-4)
        XCTAssertLessThan(r.structure.volumePerAtom, pow(3.6149, 3) / 4)
    }

    /// Mishin et al., PRB 63, 224106 (2001), table: C11 = 169.9, C12 = 122.6, C44 = 76.2 GPa.
    func testMishinElasticConstants() throws {
        let p = try mishin()
        var calc = Calculator(p)
        let relaxed = try Equilibrium.relax(try Equilibrium.groundStateLattice(for: p), calculator: &calc).structure
        let c = try ElasticConstants.compute(relaxed, calculator: &calc)
        XCTAssertEqual(c.c11, 169.9, accuracy: 169.9 * 0.015)
        XCTAssertEqual(c.c12, 122.6, accuracy: 122.6 * 0.015)
        XCTAssertEqual(c.c44, 76.2, accuracy: 76.2 * 0.015)
        XCTAssertLessThan(c.cubicDeviation, 0.05)
        // Consistent with the equation of state's bulk modulus.
        XCTAssertEqual(c.bulkModulus, 138.8, accuracy: 138.8 * 0.015)
    }
}
