import Atoms
import Foundation
import Neighbors
import Potentials
import TestSupport
import XCTest

final class EAMTests: XCTestCase {
    let cu = Element(symbol: "Cu")!

    func mishin() throws -> EAM { try EAM.setfl(TextFile(path: Fixtures.classicalPotential("Cu_mishin1.eam.alloy"))) }

    func testMishinSetflMatchesLAMMPS() throws {
        let p = try mishin()
        XCTAssertEqual(p.style, "eam/alloy")
        let e = try PotentialChecks.referenceErrors(p, Fixtures.lammpsFrames("Cu_mishin.extxyz"))
        XCTAssertLessThan(e.energy, 1e-6)
        XCTAssertLessThan(e.force, 1e-6)
        XCTAssertLessThan(e.stress, 1e-8)
    }

    func testFuncflCuAndAuMatchLAMMPS() throws {
        for (file, ref) in [("Cu_u3.eam", "Cu_u3.extxyz"), ("Au_u3.eam", "Au_u3.extxyz")] {
            let p = try EAM.funcfl(TextFile(path: Fixtures.classicalPotential(file)))
            XCTAssertEqual(p.style, "eam")
            let e = try PotentialChecks.referenceErrors(p, Fixtures.lammpsFrames(ref))
            XCTAssertLessThan(e.energy, 1e-6, file)
            XCTAssertLessThan(e.force, 1e-6, file)
            XCTAssertLessThan(e.stress, 1e-8, file)
        }
    }

    func testFiniteDifferencesAndInvariance() throws {
        let potentials: [Potential] = [
            try mishin(),
            try EAM.funcfl(TextFile(path: Fixtures.classicalPotential("Ag_u3.eam"))),
            try EAM.setfl(TextFile(path: Fixtures.classicalPotential("Al_zhou.eam.alloy"))),
        ]
        for p in potentials {
            let a = p.species[0].symbol == "Cu" ? 3.615 : 4.07
            let s = PotentialChecks.randomTriclinic(try Supercell.make(Lattices.build(.fcc, elements: p.species, a: a),
                                                                       repeats: SIMD3(2, 1, 2)))
            try assertConformance(p, s)
        }
    }

    func testOneThreadAndManyThreadsAgree() throws {
        let p = try mishin()
        let s = PotentialChecks.randomTriclinic(try Supercell.make(Lattices.build(.fcc, elements: [cu], a: 3.615), repeats: SIMD3(3, 3, 3)))
        let saved = Parallel.threads
        defer { Parallel.threads = saved }
        Parallel.threads = 1
        let one = try p.evaluate(s)
        Parallel.threads = 3
        let three = try p.evaluate(s)
        XCTAssertEqual(one.energy!, three.energy!, accuracy: 1e-10)
        for (a, b) in zip(one.forces!, three.forces!) { XCTAssertLessThan(length(a - b), 1e-12) }
    }

    /// Forces and stress asked for without the energy (as MD between output steps) are bit
    /// for bit those of a full evaluation, for one species and for an alloy.
    func testForcesWithoutEnergyAreUnchanged() throws {
        let dir = Fixtures.temporaryDirectory()
        let alloy = try EAM.setfl(TextFile(path: EAMFiles.twoElement(in: dir).alloy))
        let copper = PotentialChecks.randomTriclinic(try Supercell.make(Lattices.build(.fcc, elements: [cu], a: 3.615),
                                                                        repeats: SIMD3(2, 2, 2)))
        let rocksalt = PotentialChecks.randomTriclinic(try Supercell.make(
            Lattices.build(.rocksalt, elements: [cu, Element(symbol: "Ag")!], a: 4.2), repeats: SIMD3(2, 2, 2)))
        for (p, s) in [(try mishin(), copper), (alloy, rocksalt)] {
            let all = try p.evaluate(s, wanted: .all)
            let lean = try p.evaluate(s, wanted: [.forces, .stress])
            XCTAssertNil(lean.energy)
            XCTAssertNotNil(all.energy)
            XCTAssertEqual(lean.forces!, all.forces!)
            XCTAssertEqual(lean.stress!, all.stress!)
        }
    }

    /// Extensive: a 2×2×2 supercell has exactly 8 times the energy.
    func testExtensivity() throws {
        let p = try mishin()
        let s = PotentialChecks.randomTriclinic(try Lattices.build(.fcc, elements: [cu], a: 3.615))
        let big = try Supercell.make(s, repeats: SIMD3(2, 2, 2))
        XCTAssertEqual(try p.evaluate(big).energy!, 8 * (try p.evaluate(s).energy!), accuracy: 1e-9)
    }

    /// A two-element setfl and the equivalent eam/fs (ρ_ab = ρ_b) give identical results,
    /// and a genuinely element-pair-dependent eam/fs passes the finite-difference checks.
    func testAlloyAndFinnisSinclairMappings() throws {
        let dir = Fixtures.temporaryDirectory()
        let (alloy, fsSame, fsMixed) = try EAMFiles.twoElement(in: dir)
        let pa = try EAM.setfl(TextFile(path: alloy))
        let pf = try EAM.setfl(TextFile(path: fsSame))
        XCTAssertEqual(pa.style, "eam/alloy")
        XCTAssertEqual(pf.style, "eam/fs")
        var s = try Supercell.make(Lattices.build(.rocksalt, elements: [cu, Element(symbol: "Ag")!], a: 4.2), repeats: SIMD3(1, 1, 2))
        s = PotentialChecks.randomTriclinic(s)
        let ea = try pa.evaluate(s), ef = try pf.evaluate(s)
        XCTAssertEqual(ea.energy!, ef.energy!, accuracy: 1e-10)
        for (a, b) in zip(ea.forces!, ef.forces!) { XCTAssertLessThan(length(a - b), 1e-10) }
        let pm = try EAM.setfl(TextFile(path: fsMixed))
        XCTAssertGreaterThan(abs(try pm.evaluate(s).energy! - ea.energy!), 1e-3)
        XCTAssertLessThan(try PotentialChecks.forceError(pm, s), 1e-6)
        XCTAssertLessThan(try PotentialChecks.stressError(pm, s), 1e-7)
    }
}
