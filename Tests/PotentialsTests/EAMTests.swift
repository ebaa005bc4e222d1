import Atoms
import Neighbors
import Potentials
import TestSupport
import XCTest

final class EAMTests: XCTestCase {
    func testMishinSetflMatchesLAMMPS() throws {
        let p = try EAM.setfl(TextFile(path: Fixtures.classicalPotential("Cu_mishin1.eam.alloy")))
        XCTAssertEqual(p.style, "eam/alloy")
        let e = try PotentialChecks.referenceErrors(p, Fixtures.lammpsFrames("Cu_mishin.extxyz"))
        XCTAssertLessThan(e.energy, 1e-6)
        XCTAssertLessThan(e.force, 1e-6)
        XCTAssertLessThan(e.stress, 1e-8)
    }

    func testFuncflCuAndAuMatchLAMMPS() throws {
        for (file, ref) in [("Cu_u3.eam", "Cu_u3.extxyz"), ("Au_u3.eam", "Au_u3.extxyz")] {
            let p = try EAM.funcfl(TextFile(path: Fixtures.classicalPotential(file)))
            let e = try PotentialChecks.referenceErrors(p, Fixtures.lammpsFrames(ref))
            XCTAssertLessThan(e.energy, 1e-6, file)
            XCTAssertLessThan(e.force, 1e-6, file)
            XCTAssertLessThan(e.stress, 1e-8, file)
        }
    }
}
