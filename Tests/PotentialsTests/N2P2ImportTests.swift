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

extension N2P2ImportTests {
    /// Copies a synthetic variant to a scratch directory with one file changed.
    func corrupted(_ file: String, _ change: ([String]) -> [String]) throws -> String {
        let source = Fixtures.reference("nn/synthetic-n2p2/poly2-minmax")
        let dir = Fixtures.temporaryDirectory().path
        for name in ["input.nn", "scaling.data", "weights.014.data", "weights.029.data"] {
            try FileManager.default.copyItem(atPath: source + "/" + name, toPath: dir + "/" + name)
        }
        let lines = try String(contentsOfFile: dir + "/" + file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        try change(lines.map(String.init)).joined(separator: "\n").write(toFile: dir + "/" + file, atomically: true, encoding: .utf8)
        return dir
    }

    func testMalformedFilesNameFileAndLine() throws {
        let cases: [(String, String, ([String]) -> [String], Int)] = [
            ("truncated weights", "weights.029.data", { Array($0.prefix(100)) }, 101),
            ("bad weight", "weights.014.data", { var l = $0; l[20] = "0.1.2 a 3"; return l }, 21),
            ("truncated scaling", "scaling.data", { Array($0.prefix(30)) }, 31),
            ("bad scaling row", "scaling.data", { var l = $0; l[20] = "   1   9   x   2   3   4"; return l }, 21),
            ("unsupported symmetry function", "input.nn", { var l = $0; l[25] = "symfunction_short Si 12 Cu 0.1 0.2 5.0"; return l }, 26),
            ("unknown activation", "input.nn", { $0.map { $0.hasPrefix("global_activation_short") ? "global_activation_short t z l" : $0 } },
             16),
        ]
        for (what, file, change, line) in cases {
            let dir = try corrupted(file, change)
            XCTAssertThrowsError(try PotentialLoader.load(dir), what) { error in
                guard let e = error as? InputError else { return XCTFail("\(what): \(error)") }
                XCTAssertEqual(e.file, dir + "/" + file, what)
                XCTAssertEqual(e.line, line, "\(what): \(e)")
            }
        }
    }
}
