import Atoms
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Potentials
import TestSupport
import Training
import XCTest

/// `props train` end to end on small EAM-labelled Cu data, with the Cu recipe, and its errors.
final class TrainCLITests: XCTestCase {
    func train(_ extra: [String], data: String, out: String) throws -> CLIRunner.Result {
        try CLIRunner.run(["train", "--recipe", "recipes/train-Cu.recipe", "--data", data, "--out", out, "--epochs", "4",
                           "--every", "2", "--cutoff", "4.6", "--hidden", "6", "--batch", "2", "--threads", "1"] + extra)
    }

    func testCuRecipeTrainsAndRecordsEverything() throws {
        let data = try CopperData.file(try CopperData.frames(8, seed: 11))
        let test = try CopperData.file(try CopperData.frames(3, seed: 12), name: "test.extxyz")
        let dir = Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("Cu.pot").path
        let r = try train(["--test", test, "--json"], data: data, out: out)
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try CLIRunner.json(r)
        XCTAssertEqual(json["epochs_run"] as? Int, 4)
        let metrics = try XCTUnwrap(json["metrics"] as? [String: Any])
        XCTAssertEqual(Set(metrics.keys), ["training", "validation", "test"])
        // The .pot loads, and records checksums, settings, seed and metrics.
        let potential = try XCTUnwrap(try PotentialLoader.load(out) as? BehlerParrinello)
        XCTAssertNotNil(potential.models[0].trainingRange)
        let text = try String(contentsOfFile: out, encoding: .utf8)
        let checksum = try XCTUnwrap(SHA256.hex(file: data))
        XCTAssertTrue(text.contains(checksum))
        for key in ["\"settings\"", "\"seed\"", "\"threads\"", "\"split\"", "\"metrics\"", "\"force_weighting\""] {
            XCTAssertTrue(text.contains(key), key)
        }
        // Learning curves: a row per report (epochs 1, 2, 4) and an SVG that parses.
        let csv = try String(contentsOfFile: dir.appendingPathComponent("Cu-training/training.csv").path, encoding: .utf8)
        let rows = csv.split(separator: "\n").filter { !$0.hasPrefix("#") }
        XCTAssertEqual(rows.count, 4)
        XCTAssertTrue(rows[0].contains("validation_pressure_rmse_GPa"))
        let svg = try Data(contentsOf: dir.appendingPathComponent("Cu-training/learning_curves.svg"))
        XCTAssertTrue(XMLParser(data: svg).parse())
        // Same seed, data and threads: the same file.
        let again = dir.appendingPathComponent("again.pot").path
        XCTAssertEqual(try train(["--test", test], data: data, out: again).status, 0)
        XCTAssertEqual(text, try String(contentsOfFile: again, encoding: .utf8))
    }

    /// Several data files (a recipe list or repeated --data) are trained on together, each
    /// recorded with its checksum; a bad config_weight names the file and the structure.
    func testSeveralDataFilesAndConfigWeights() throws {
        let dir = Fixtures.temporaryDirectory()
        let first = try CopperData.file(try CopperData.frames(5, seed: 21), name: "a.extxyz")
        var extra = try CopperData.frames(2, seed: 22)
        extra[1].energy = nil
        extra[1].info.append(("config_weight", "50"))
        let second = try CopperData.file(extra, name: "b.extxyz")
        let recipe = dir.appendingPathComponent("two.recipe").path
        try "data = \(first), \(second)\n".write(toFile: recipe, atomically: true, encoding: .utf8)
        XCTAssertEqual(try TrainingRecipe(path: recipe).data, [first, second])
        let out = dir.appendingPathComponent("two.pot").path
        let r = try train(["--data", second], data: first, out: out)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("7 structures"), r.stderr)
        let text = try String(contentsOfFile: out, encoding: .utf8)
        for file in [first, second] { XCTAssertTrue(text.contains(try XCTUnwrap(SHA256.hex(file: file))), file) }
        extra[0].info.append(("config_weight", "heavy"))
        let bad = try train([], data: try CopperData.file(extra, name: "c.extxyz"), out: out)
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("c.extxyz") && bad.stderr.contains("structure 1: config_weight"), bad.stderr)
    }

    /// `props convert FORCE_SETS -o X.extxyz`: phonopy's QE example (Ry/bohr, bohr) as one
    /// 64-atom structure in eV/Å and Å, forces only, with the config_weight asked for.
    func testPhonopyForceSetsBecomeTrainingData() throws {
        let out = Fixtures.temporaryDirectory().appendingPathComponent("qe.extxyz").path
        let r = try CLIRunner.run(["convert", "reference/dft-phonons/Si-PBE-qe/FORCE_SETS", "-o", out, "--config-weight", "200"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let frames = try ExtendedXYZ.read(TextFile(path: out))
        XCTAssertEqual(frames.count, 1)
        let f = frames[0]
        XCTAssertEqual(f.structure.count, 64)
        XCTAssertNil(f.energy)
        XCTAssertEqual(f.configType, "phonopy-displacement")
        XCTAssertEqual(f.info("config_weight"), "200.0")
        // Cell 2 × 5.4661639 Å (Si.in); atom 1 moved by 0.02 bohr along x from (7/16, 7/16, 7/16) of it.
        let bohr = 0.52917721067, a = 2 * 5.4661639157319968
        XCTAssertEqual(f.structure.cell.volume, a * a * a, accuracy: 1e-7 * a * a * a)
        XCTAssertEqual(f.structure.positions[0].x, 0.4375 * a + 0.02 * bohr, accuracy: 1e-6)
        XCTAssertEqual(f.structure.positions[0].y, 0.4375 * a, accuracy: 1e-6)
        // FORCE_SETS line 6: -0.0053336692 Ry/bohr on the displaced atom; the forces sum to ~0.
        let forces = try XCTUnwrap(f.forces)
        XCTAssertEqual(forces[0].x, -0.0053336692 * 13.605693009 / bohr, accuracy: 1e-9)
        XCTAssertLessThan(length(forces.reduce(.zero, +)), 1e-3)
        let bad = try CLIRunner.run(["convert", "reference/dft-phonons/Si-PBE-qe/FORCE_SETS", "-o", out, "--config-weight", "-2"])
        XCTAssertEqual(bad.status, 2, bad.stderr)
    }

    func testBadInputIsReported() throws {
        let data = try CopperData.file(try CopperData.frames(3, seed: 13))
        let out = Fixtures.temporaryDirectory().appendingPathComponent("x.pot").path
        let relu = try train(["--activation", "relu"], data: data, out: out)
        XCTAssertEqual(relu.status, 2)
        XCTAssertTrue(relu.stderr.contains("relu"), relu.stderr)
        let missing = try CLIRunner.run(["train", "--out", out])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("--data"), missing.stderr)
        var unlabelled = try CopperData.frames(2, seed: 14)
        for k in unlabelled.indices { unlabelled[k].energy = nil }
        let noEnergy = try train([], data: try CopperData.file(unlabelled), out: out)
        XCTAssertEqual(noEnergy.status, 1)
        XCTAssertTrue(noEnergy.stderr.contains("energy"), noEnergy.stderr)
        let recipe = Fixtures.temporaryDirectory().appendingPathComponent("r.json").path
        try "{\n  \"format\": \"props-train-recipe\",\n  \"settings\": {\"network\": {\"layers\": [3]}}\n}\n"
            .write(toFile: recipe, atomically: true, encoding: .utf8)
        let bad = try CLIRunner.run(["train", "--recipe", recipe, "--data", data, "--out", out])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("r.json:3") && bad.stderr.contains("layers"), bad.stderr)
        // A recipe's data or test file that does not exist: its line, before any file is read;
        // files given on the command line replace the recipe's and are not checked against it.
        let typo = Fixtures.temporaryDirectory().appendingPathComponent("t.recipe").path
        try "name = typo\ndata = nowhere.extxyz\ntest = \(data)\n".write(toFile: typo, atomically: true, encoding: .utf8)
        let noData = try CLIRunner.run(["train", "--recipe", typo, "--out", out])
        XCTAssertEqual(noData.status, 1)
        XCTAssertTrue(noData.stderr.contains("t.recipe:2") && noData.stderr.contains("'data' names")
                      && noData.stderr.contains("nowhere.extxyz"), noData.stderr)
        try "name = typo\ndata = \(data)\ntest = nowhere.extxyz\n".write(toFile: typo, atomically: true, encoding: .utf8)
        let noTest = try CLIRunner.run(["train", "--recipe", typo, "--out", out])
        XCTAssertTrue(noTest.stderr.contains("t.recipe:3") && noTest.stderr.contains("'test' names"), noTest.stderr)
        let replaced = try CLIRunner.run(["train", "--recipe", typo, "--out", out, "--test", data, "--activation", "relu"])
        XCTAssertFalse(replaced.stderr.contains("nowhere"), replaced.stderr)
        // An 'out' no file system takes (fuzz seed 91): a control character, a 300-byte name;
        // refused at the recipe's line, not later with a bare "cannot write".
        for (value, reason) in [("   \u{1}x", "control character U+0001"), ("fuzz.p" + String(repeating: "9", count: 300), "bytes")] {
            let recipe = Fixtures.temporaryDirectory().appendingPathComponent("o.recipe").path
            try "name = bad out\ndata = \(data)\nout = \(value)\n".write(toFile: recipe, atomically: true, encoding: .utf8)
            let r = try CLIRunner.run(["train", "--recipe", recipe, "--epochs", "1"])
            XCTAssertEqual(r.status, 1)
            XCTAssertTrue(r.stderr.contains("o.recipe:3") && r.stderr.contains("'out'") && r.stderr.contains(reason), r.stderr)
        }
    }
}
