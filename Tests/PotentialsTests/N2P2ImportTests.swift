import Atoms
import Foundation
import Potentials
import TestSupport
import XCTest

/// n2p2 potentials read from their original files against n2p2's own energies, forces and
/// stresses (`reference/nn/`, see reference/README.md).
final class N2P2ImportTests: XCTestCase {
    static let variants = ["poly2-minmax", "tanhu-sigma", "exp-center", "cos-alpha-scalecenter"]

    static func synthetic(_ variant: String) throws -> BehlerParrinello {
        let bohr = variant == "tanhu-sigma"
        return try N2P2Reader.read(Fixtures.reference("nn/synthetic-n2p2/\(variant)"),
                                   lengthUnit: bohr ? Units.bohrInA : 1, energyUnit: bohr ? Units.hartreeInEV : 1)
    }

    static func zuo(_ element: String) throws -> BehlerParrinello {
        try N2P2Reader.read(Fixtures.reference("nn/zuo2020-nnp/\(element)"), lengthUnit: Units.bohrInA,
                            energyUnit: Units.hartreeInEV)
    }

    /// Largest errors over frames: energy per atom (eV/atom), force component (eV/Å), stress (eV/Å³).
    static func errors(_ p: Potential, _ path: String) throws -> (energy: Double, force: Double, stress: Double) {
        let frames = try ExtendedXYZ.read(TextFile(path: path))
        var worst = (energy: 0.0, force: 0.0, stress: 0.0)
        for f in frames {
            let r = try p.evaluate(f.structure)
            worst.energy = max(worst.energy, abs(r.energy! - f.energy!) / Double(f.structure.count))
            for (a, b) in zip(r.forces!, f.forces!) { worst.force = max(worst.force, (a - b).max(), (b - a).max()) }
            if let s = f.stress { worst.stress = max(worst.stress, (r.stress! - s).maxAbs) }
        }
        return worst
    }

    func testSyntheticVariantsMatchN2P2() throws {
        for v in Self.variants {
            let p = try Self.synthetic(v)
            XCTAssertEqual(p.species.map(\.symbol), ["Si", "Cu"])
            let e = try Self.errors(p, Fixtures.reference("nn/synthetic-n2p2/\(v)/reference.extxyz"))
            print("n2p2 \(v): energy \(e.energy) eV/atom, force \(e.force) eV/Å, stress \(e.stress) eV/Å³")
            XCTAssertLessThan(e.energy, 1e-6, v)
            XCTAssertLessThan(e.force, 1e-6, v)
            XCTAssertLessThan(e.stress, 1e-7, v)
        }
    }

    func testZuo2020MatchesN2P2() throws {
        for element in ["Si", "Cu"] {
            let p = try Self.zuo(element)
            let e = try Self.errors(p, Fixtures.reference("nn/zuo2020-nnp/\(element)_test_subset.extxyz"))
            print("n2p2 zuo2020 \(element): energy \(e.energy) eV/atom, force \(e.force) eV/Å, stress \(e.stress) eV/Å³")
            XCTAssertLessThan(e.energy, 1e-6, element)
            XCTAssertLessThan(e.force, 1e-6, element)
            XCTAssertLessThan(e.stress, 1e-7, element)
        }
    }
}
