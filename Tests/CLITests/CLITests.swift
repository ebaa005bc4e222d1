import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TestSupport
import XCTest

final class CLITests: XCTestCase {
    let mishin = "reference/classical/potentials/Cu_mishin1.eam.alloy"

    /// `props eval --json` reproduces the LAMMPS reference file frame by frame.
    func testEvalJSONMatchesLAMMPSReference() throws {
        let r = try CLIRunner.run(["eval", mishin, "reference/classical/lammps-reference/Cu_mishin.extxyz", "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let frames = try XCTUnwrap(try CLIRunner.json(r)["frames"] as? [[String: Any]])
        let ref = try Fixtures.lammpsFrames("Cu_mishin.extxyz")
        XCTAssertEqual(frames.count, ref.count)
        for (f, want) in zip(frames, ref) {
            XCTAssertEqual(try XCTUnwrap(f["energy"] as? Double), want.energy!, accuracy: 1e-6)
            let forces = try XCTUnwrap(f["forces"] as? [[Double]])
            XCTAssertEqual(forces.count, want.structure.count)
            for (a, b) in zip(forces, want.forces!) {
                for k in 0..<3 { XCTAssertEqual(a[k], b[k], accuracy: 1e-6) }
            }
            let stress = try XCTUnwrap(f["stress"] as? [[Double]])
            for a in 0..<3 { for b in 0..<3 {
                XCTAssertEqual(stress[a][b] * PotentialChecks.lammpsStressScale, want.stress![a, b], accuracy: 1e-8)
            }}
        }
    }

    func testEvalHumanTableShowsUnits() throws {
        let r = try CLIRunner.run(["eval", mishin, "fcc:Cu:3.615", "--supercell", "2"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("energy (eV)"))
        XCTAssertTrue(r.stdout.contains("pressure (GPa)"))
        XCTAssertTrue(r.stdout.contains("-113.28"), r.stdout)  // 32 atoms × −3.5402 eV
    }

    func testEOSJSONKeys() throws {
        let r = try CLIRunner.run(["eos", mishin, "--json", "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let j = try CLIRunner.json(r)
        XCTAssertEqual(try XCTUnwrap(j["a0"] as? Double), 3.6149, accuracy: 0.001)
        XCTAssertEqual(try XCTUnwrap(j["E0"] as? Double), -3.5402, accuracy: 1e-4)
        XCTAssertEqual(try XCTUnwrap(j["B0"] as? Double), 138.8, accuracy: 2.0)
        XCTAssertEqual(try XCTUnwrap(j["V0"] as? Double), pow(3.6149, 3) / 4, accuracy: 0.01)
        XCTAssertNotNil(j["B0p"] as? Double)
    }

    func testElasticAndRelaxCommands() throws {
        let e = try CLIRunner.run(["elastic", mishin, "--json"])
        XCTAssertEqual(e.status, 0, e.stderr)
        let j = try CLIRunner.json(e)
        XCTAssertEqual(try XCTUnwrap(j["C11"] as? Double), 169.9, accuracy: 3)
        XCTAssertEqual(try XCTUnwrap(j["C12"] as? Double), 122.6, accuracy: 3)
        XCTAssertEqual(try XCTUnwrap(j["C44"] as? Double), 76.2, accuracy: 2)
        let dir = Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("CONTCAR").path
        let r = try CLIRunner.run(["relax", mishin, "fcc:Cu:3.7", "-o", out, "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try XCTUnwrap(try CLIRunner.json(r)["converged"] as? Bool), true)
        let back = try CLIRunner.run(["eval", mishin, out, "--json"])
        let frame = try XCTUnwrap((try CLIRunner.json(back)["frames"] as? [[String: Any]])?.first)
        XCTAssertEqual(try XCTUnwrap(frame["energy_per_atom"] as? Double), -3.540218, accuracy: 1e-6)
    }

    func testUsageErrorsExitTwo() throws {
        for args in [["eval"], ["eval", mishin, "fcc:Cu:3.6", "--bogus"], ["frobnicate"],
                     ["eos", mishin, "--points", "many"], ["eval", mishin, "fcc:Cu:3.6", "extra"]] {
            let r = try CLIRunner.run(args)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertFalse(r.stderr.isEmpty)
        }
        let help = try CLIRunner.run(["help", "eval"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("--supercell"))
    }

    func testBadInputExitsOneNamingFileAndLine() throws {
        let dir = Fixtures.temporaryDirectory()
        let bad = dir.appendingPathComponent("bad.extxyz").path
        try "2\nLattice=\"4 0 0 0 4 0 0 0 4\" Properties=species:S:1:pos:R:3\nCu 0 0 0\nCu 2 x 2\n"
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["eval", mishin, bad])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("bad.extxyz:4:"), r.stderr)
        let overlap = dir.appendingPathComponent("overlap.extxyz").path
        try "2\nLattice=\"4 0 0 0 4 0 0 0 4\" Properties=species:S:1:pos:R:3\nCu 0 0 0\nCu 0.1 0 0\n"
            .write(toFile: overlap, atomically: true, encoding: .utf8)
        let o = try CLIRunner.run(["eval", mishin, overlap])
        XCTAssertEqual(o.status, 1)
        XCTAssertTrue(o.stderr.contains("overlap"), o.stderr)
        let missing = try CLIRunner.run(["eval", "nope.eam", "fcc:Cu:3.6"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("nope.eam"), missing.stderr)
        let wrongElement = try CLIRunner.run(["eval", mishin, "diamond:Si:5.43"])
        XCTAssertEqual(wrongElement.status, 1)
        XCTAssertTrue(wrongElement.stderr.contains("Si"), wrongElement.stderr)
    }
}

final class ValidateCLITests: XCTestCase {
    /// `props validate --json`: the contract keys, n/a (null) for what a potential lacks,
    /// and well-formed SVG figures.
    func testValidateJSONAndFigures() throws {
        let dir = Fixtures.temporaryDirectory().path
        let r = try CLIRunner.run(["validate", "reference/classical/potentials/Si.sw", "lj:Si:0.1:2.1:5.0",
                                   "--data", "reference/dft/Si/test.extxyz", "--json", "--out", dir])
        XCTAssertEqual(r.status, 0, r.stderr)
        let results = try XCTUnwrap(try CLIRunner.json(r)["results"] as? [[String: Any]])
        XCTAssertEqual(results.count, 2)
        for result in results {
            XCTAssertEqual(result["data"] as? String, "reference/dft/Si/test.extxyz")
            for (key, unit) in [("energy", "meV/atom"), ("forces", "eV/Å"), ("stress", "GPa")] {
                let m = try XCTUnwrap(result[key] as? [String: Any], key)
                XCTAssertEqual(m["unit"] as? String, unit)
                for stat in ["mae", "rmse", "max", "cc"] { XCTAssertNotNil(m[stat] as? Double, "\(key).\(stat)") }
            }
        }
        for name in ["validation.json", "validation.md", "test-parity-energy.svg", "test-parity-forces.svg",
                     "test-parity-stress.svg", "test-errors-forces.svg"] {
            let path = dir + "/" + name
            XCTAssertTrue(FileManager.default.fileExists(atPath: path), name)
            if name.hasSuffix(".svg") {
                let parser = XMLParser(contentsOf: URL(fileURLWithPath: path))!
                XCTAssertTrue(parser.parse(), "\(name) is not well-formed XML")
            }
        }
        let missing = try CLIRunner.run(["validate", "reference/classical/potentials/Si.sw"])
        XCTAssertEqual(missing.status, 2)
        let unlabelled = try CLIRunner.run(["validate", "reference/classical/potentials/Si.sw", "--data", "diamond:Si:5.43"])
        XCTAssertNotEqual(unlabelled.status, 0)
    }
}
