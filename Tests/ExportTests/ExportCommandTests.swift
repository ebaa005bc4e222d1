import Foundation
import TestSupport
import XCTest

/// `props export POT --lammps DIR` from the command line.
final class ExportCommandTests: XCTestCase {
    func testExportWritesTheSnippetAndRefusesBadInput() throws {
        let dir = Fixtures.temporaryDirectory().appendingPathComponent("si-sw").path
        let ok = try CLIRunner.run(["export", Fixtures.classicalPotential("Si.sw"), "--lammps", dir, "--plugin", "/opt/propsplugin.so", "--json"])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertEqual(try CLIRunner.json(ok)["pair_style"] as? String, "sw")
        let snippet = try String(contentsOfFile: dir + "/pair.lmp", encoding: .utf8)
        XCTAssertTrue(snippet.contains("pair_style sw\npair_coeff * * ${propsdir}/Si.sw Si\nmass 1 28.085"), snippet)
        let plugin = try String(contentsOfFile: dir + "/pair-plugin.lmp", encoding: .utf8)
        XCTAssertTrue(plugin.contains("variable propsplugin index /opt/propsplugin.so") && plugin.contains("pair_coeff * * ${propsdir}/props.pot Si"))
        XCTAssertTrue(try String(contentsOfFile: dir + "/README", encoding: .utf8).contains("MANYBODY"))

        let missing = try CLIRunner.run(["export", Fixtures.classicalPotential("Si.sw")])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("--lammps"), missing.stderr)
        let bad = try CLIRunner.run(["export", Fixtures.reference("README.md"), "--lammps", dir])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("README.md"), bad.stderr)
    }
}
