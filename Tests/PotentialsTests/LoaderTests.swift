import Atoms
import Foundation
import Potentials
import TestSupport
import XCTest

final class LoaderTests: XCTestCase {
    func testDetectsEveryShippedFileByContent() throws {
        let expected: [String: PotentialLoader.Kind] = [
            "Cu_mishin1.eam.alloy": .setfl, "Al_zhou.eam.alloy": .setfl,
            "Cu_u3.eam": .funcfl, "Au_u3.eam": .funcfl, "Ag_u3.eam": .funcfl,
            "Si.sw": .stillingerWeber, "Si.tersoff": .tersoff,
        ]
        let dir = Fixtures.temporaryDirectory()
        for (name, kind) in expected {
            // Renamed to a neutral name: detection must not rely on the extension.
            let copy = dir.appendingPathComponent("potential-\(name.hashValue)").path
            try FileManager.default.copyItem(atPath: Fixtures.classicalPotential(name), toPath: copy)
            XCTAssertEqual(try PotentialLoader.detect(TextFile(path: copy)), kind, name)
        }
        XCTAssertEqual(try PotentialLoader.load(Fixtures.classicalPotential("Cu_u3.eam")).species.map(\.symbol), ["Cu"])
        XCTAssertTrue(try PotentialLoader.load("lj:Ar:0.0104:3.4:8.5") is LennardJones)
    }

    func testUnknownAndMissingFiles() throws {
        let dir = Fixtures.temporaryDirectory()
        let junk = dir.appendingPathComponent("junk.txt").path
        try "hello\nworld\n".write(toFile: junk, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try PotentialLoader.load(junk)) { XCTAssertTrue("\($0)".contains("cannot tell what kind")) }
        XCTAssertThrowsError(try PotentialLoader.load(dir.appendingPathComponent("nope.eam").path)) {
            XCTAssertTrue("\($0)".contains("no such file"))
        }
        XCTAssertThrowsError(try PotentialLoader.load("lj:Ar:0.01:3.4:2.0"))
    }

    /// Truncated and corrupted EAM files are errors naming the line.
    func testMalformedEAMFilesNameTheLine() throws {
        let dir = Fixtures.temporaryDirectory()
        let lines = try String(contentsOfFile: Fixtures.classicalPotential("Cu_u3.eam"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func error(_ edited: [String]) -> InputError? {
            let path = dir.appendingPathComponent("edited.eam").path
            try? edited.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
            do { _ = try EAM.funcfl(TextFile(path: path)); return nil } catch let e as InputError { return e } catch { return nil }
        }
        // Truncated: the values run out; the error points past the last line.
        let cut = Array(lines.prefix(200))
        XCTAssertEqual(error(cut)?.line, 201)
        var bad = lines
        bad[100] = bad[100].replacingOccurrences(of: "e", with: "Q")
        XCTAssertEqual(error(bad)?.line, 101)
        var grid = lines
        grid[2] = "500 0.0 500 0.01 4.95"
        XCTAssertEqual(error(grid)?.line, 3)
        var elem = lines
        elem[1] = "  999 63.55 3.615 FCC"
        XCTAssertEqual(error(elem)?.line, 2)
        let setfl = try String(contentsOfFile: Fixtures.classicalPotential("Cu_mishin1.eam.alloy"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let path = dir.appendingPathComponent("cut.eam.alloy").path
        try setfl.prefix(5000).joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try EAM.setfl(TextFile(path: path))) { XCTAssertEqual(($0 as? InputError)?.line, 5001) }
        var unknown = setfl
        unknown[3] = "1 Qx"
        try unknown.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try EAM.setfl(TextFile(path: path))) { XCTAssertEqual(($0 as? InputError)?.line, 4) }
    }

    func testRequireNamesWhatIsMissing() throws {
        let p = LennardJones(element: Element(symbol: "Ar")!, epsilon: 0.01, sigma: 3.4, cutoff: 8)
        XCTAssertNoThrow(try p.require([.energy, .forces, .stress], for: "elastic"))
        let s = try Lattices.build(.fcc, elements: [Element(symbol: "Cu")!], a: 3.6)
        XCTAssertThrowsError(try p.evaluate(s)) { XCTAssertTrue("\($0)".contains("Cu"), "\($0)") }
    }
}
