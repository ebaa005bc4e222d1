import Atoms
import Foundation
import TestSupport
import XCTest

/// The command line with a GAP given as QUIP's xml file (`reference/gap/CuAl`).
final class GAPCLITests: XCTestCase {
    let gap = "reference/gap/CuAl/CuAl_gap.xml"
    let frames = "reference/gap/CuAl/CuAl_test_gap.extxyz"

    func testEvalReproducesQUIPAndConvertKeepsAReference() throws {
        let r = try CLIRunner.run(["eval", gap, frames, "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let reference = try ExtendedXYZ.read(TextFile(path: Fixtures.root.appendingPathComponent(frames).path))
        let out = try XCTUnwrap(try CLIRunner.json(r)["frames"] as? [[String: Any]])
        XCTAssertEqual(out.count, reference.count)
        for (f, ref) in zip(out, reference) { XCTAssertEqual(try XCTUnwrap(f["energy"] as? Double), ref.energy!, accuracy: 1e-8) }

        // convert keeps a GAP as a reference to its xml and sparse-point files, with checksums.
        let pot = Fixtures.temporaryDirectory().appendingPathComponent("x.pot").path
        let c = try CLIRunner.run(["convert", gap, "-o", pot])
        XCTAssertEqual(c.status, 0, c.stderr)
        let again = try CLIRunner.run(["eval", pot, frames, "--json"])
        XCTAssertEqual(again.status, 0, again.stderr)
        let converted = try XCTUnwrap(try CLIRunner.json(again)["frames"] as? [[String: Any]])
        for (f, g) in zip(converted, out) { XCTAssertEqual(f["energy"] as? Double, g["energy"] as? Double) }
    }

    func testMissingSparseFileIsAnErrorNamingIt() throws {
        let dir = Fixtures.temporaryDirectory()
        let copy = dir.appendingPathComponent("lonely.xml").path
        try FileManager.default.copyItem(atPath: Fixtures.root.appendingPathComponent(gap).path, toPath: copy)
        let r = try CLIRunner.run(["eval", copy, "fcc:Cu:3.6"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("lonely.xml:125:") && r.stderr.contains("sparse-point file"), r.stderr)
    }
}
