import Foundation
import TestSupport
import XCTest

/// The command line of issue 19 items 1, 2 and 5: --map, LAMMPS data/CIF inputs, eval --out,
/// --version.
final class FormatsCLITests: XCTestCase {
    let pots = "reference/classical/potentials/"

    func testVersion() throws {
        for flag in ["--version", "version"] {
            let r = try CLIRunner.run([flag])
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertTrue(r.stdout.hasPrefix("props 0."), r.stdout)
        }
    }

    /// LAMMPS's shipped SiC.tersoff (zeros in unused values) on a zinc-blende lattice spec,
    /// and SiCGe.tersoff with its Si(D) label mapped; a bad map is a usage error.
    func testMultiElementFilesAndMap() throws {
        let sic = try CLIRunner.run(["eval", pots + "SiC.tersoff", "zincblende:Si-C:4.36", "--json"])
        XCTAssertEqual(sic.status, 0, sic.stderr)
        let mapped = try CLIRunner.run(["eval", pots + "SiCGe.tersoff", "zincblende:Si-C:4.4", "--map", "Si(D)=Si,C", "--json"])
        XCTAssertEqual(mapped.status, 0, mapped.stderr)
        let frames = try XCTUnwrap(try CLIRunner.json(mapped)["frames"] as? [[String: Any]])
        let ref = try Fixtures.lammpsFrames("SiCGe_tersoff_map.extxyz")[0]
        XCTAssertEqual(try XCTUnwrap(frames[0]["energy"] as? Double), ref.energy!, accuracy: 1e-8)
        let bad = try CLIRunner.run(["eval", pots + "SiCGe.tersoff", "zincblende:Si-C:4.4", "--map", "Si(D)"])
        XCTAssertEqual(bad.status, 2, bad.stderr)
        let unmapped = try CLIRunner.run(["eval", pots + "SiCGe.tersoff", "zincblende:Si-C:4.4"])
        XCTAssertEqual(unmapped.status, 1)
        XCTAssertTrue(unmapped.stderr.contains("--map"), unmapped.stderr)
    }

    /// `eval --out` writes the frames with the potential's labels, which read back as a
    /// labelled data set (eval compares with them: zero differences).
    func testEvalOutWritesLabelledFrames() throws {
        let dir = Fixtures.temporaryDirectory()
        let r = try CLIRunner.run(["eval", pots + "GaN.sw", "reference/structures/GaN-wurtzite.data", "--out", dir.path, "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let path = dir.appendingPathComponent("eval.extxyz").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.contains("energies:R:1"), text)
        let again = try CLIRunner.run(["eval", pots + "GaN.sw", path])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("compared with the file's own labels"), again.stdout)
        let row = try XCTUnwrap(again.stdout.split(separator: "\n").last)
        let numbers = row.split(separator: " ").compactMap { Double($0) }
        XCTAssertEqual(numbers.count, 4, String(row))
        XCTAssertEqual(numbers.dropFirst().map(abs).max()!, 0, accuracy: 1e-9, String(row))
    }

    func testStructureFilesOnTheCommandLine() throws {
        let cif = try CLIRunner.run(["eval", pots + "GaN.sw", "reference/structures/GaN-wurtzite.cif"])
        XCTAssertEqual(cif.status, 0, cif.stderr)
        let dump = try CLIRunner.run(["eval", pots + "GaN.sw", "reference/structures/GaN-wurtzite.atom.dump"])
        XCTAssertEqual(dump.status, 1)
        XCTAssertTrue(dump.stderr.contains("GaN-wurtzite.atom.dump:10:"), dump.stderr)
        let typed = try CLIRunner.run(["eval", pots + "GaN.sw", "reference/structures/GaN-wurtzite.atom.dump", "--types", "1=Ga,2=N"])
        XCTAssertEqual(typed.status, 0, typed.stderr)
        XCTAssertTrue(typed.stdout.contains("(2 frames)"), typed.stdout)
        let dir = Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("relaxed.data").path
        let relax = try CLIRunner.run(["relax", pots + "GaN.sw", "wurtzite:Ga-N:3.19:5.19", "-o", out, "--quiet"])
        XCTAssertEqual(relax.status, 0, relax.stderr)
        let back = try CLIRunner.run(["eval", pots + "GaN.sw", out])
        XCTAssertEqual(back.status, 0, back.stderr)
    }
}
