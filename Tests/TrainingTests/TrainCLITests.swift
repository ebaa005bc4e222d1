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
    }
}
