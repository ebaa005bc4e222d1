import Atoms
import Foundation
import Neighbors
import Potentials
import TestSupport
import Training
import XCTest

/// Short-range safety end to end: `props train` reports and records the shortest distance per
/// pair and adds a ZBL core with `--core zbl`; `props convert --core`; `props sample short-range`.
final class ShortRangeCLITests: XCTestCase {
    static let copper = Element(symbol: "Cu")!

    func testTrainRecordsShortestDistancesAndAddsTheCore() throws {
        let frames = try CopperData.frames(6, seed: 31)
        let data = try CopperData.file(frames)
        let dir = Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("Cu.pot").path
        let r = try CLIRunner.run(["train", "--data", data, "--out", out, "--epochs", "2", "--cutoff", "4.6", "--hidden", "4",
                                   "--batch", "2", "--threads", "1", "--core", "zbl", "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let expected = try XCTUnwrap(try ShortestDistances(frames.map(\.structure)).distance(Self.copper, Self.copper))
        let reported = try XCTUnwrap((try CLIRunner.json(r)["shortest_distances_A"] as? [String: Any])?["Cu-Cu"] as? Double)
        XCTAssertEqual(reported, expected)
        let text = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertEqual(try PotFormat.shortestDistances(inPot: text)?.distance(Self.copper, Self.copper), expected,
                       "recorded in the provenance")
        let core = try XCTUnwrap(try PotentialLoader.load(out) as? ZBLCore)
        XCTAssertEqual(core.pairs, [ZBLCore.Pair(Self.copper, Self.copper, rInner: CoreSpec.innerFraction * expected, rOuter: expected)])
        // convert replaces the core with given radii; without radii it takes them from the provenance.
        let converted = dir.appendingPathComponent("c.pot").path
        XCTAssertEqual(try CLIRunner.run(["convert", out, "-o", converted, "--core", "zbl:1.0,1.5"]).status, 0)
        XCTAssertEqual((try PotentialLoader.load(converted) as? ZBLCore)?.pairs.map(\.rOuter), [1.5])
        XCTAssertEqual(try CLIRunner.run(["convert", converted, "-o", converted, "--core", "zbl"]).status, 0)
        XCTAssertEqual((try PotentialLoader.load(converted) as? ZBLCore)?.pairs, core.pairs)
        // sample short-range without DATA takes the distances from the provenance (one short cycle: not reached, exit 1).
        let sample = try CLIRunner.run(["sample", "short-range", out, "--start", "fcc:Cu:3.6", "--cycles", "1", "--max-steps", "3",
                                        "--out", dir.appendingPathComponent("sr").path, "--json"])
        XCTAssertEqual(sample.status, 1, sample.stderr)
        XCTAssertEqual((try CLIRunner.json(sample)["training_shortest_A"] as? [String: Any])?["Cu-Cu"] as? Double, expected)
        let noData = try CLIRunner.run(["sample", "short-range", Fixtures.classicalPotential("Si.sw")])
        XCTAssertEqual(noData.status, 2)
        XCTAssertTrue(noData.stderr.contains("records no shortest training distances"), noData.stderr)
    }

    func testConvertCoreErrors() throws {
        let out = Fixtures.temporaryDirectory().appendingPathComponent("x.pot").path
        let noDistances = try CLIRunner.run(["convert", Fixtures.reference("potentials/Si.pot"), "-o", out, "--core", "zbl"])
        XCTAssertEqual(noDistances.status, 1)
        XCTAssertTrue(noDistances.stderr.contains("zbl:R_INNER,R_OUTER"), noDistances.stderr)
        let badRadii = try CLIRunner.run(["convert", Fixtures.reference("potentials/Si.pot"), "-o", out, "--core", "zbl:2,1"])
        XCTAssertEqual(badRadii.status, 1)
        XCTAssertTrue(badRadii.stderr.contains("0 < R_INNER < R_OUTER"), badRadii.stderr)
    }

    func testRecipeCoreKey() throws {
        let dir = Fixtures.temporaryDirectory()
        let good = dir.appendingPathComponent("good.recipe").path, bad = dir.appendingPathComponent("bad.recipe").path
        try "data = x.extxyz\ncore = zbl:1.2,1.8\n".write(toFile: good, atomically: true, encoding: .utf8)
        XCTAssertEqual(try TrainingRecipe(path: good).core, "zbl:1.2,1.8")
        try "data = x.extxyz\ncore = lj\n".write(toFile: bad, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try TrainingRecipe(path: bad)) { e in
            XCTAssertTrue("\(e)".contains("bad.recipe:2"), "\(e)")
        }
    }

    /// A tiny case: Stillinger–Weber Si from an 8-atom diamond cell whose shortest distance (2.351 Å)
    /// is the "training" distance; every written structure is below it and the last below it − 0.1 Å.
    func testSampleShortRangeReachesTheTarget() throws {
        let dir = Fixtures.temporaryDirectory()
        let si = Element(symbol: "Si")!
        var frame = Frame(structure: try Lattices.build(.diamond, elements: [si], a: 5.43), energy: -34)
        frame.configType = "bulk"
        let data = dir.appendingPathComponent("data.extxyz").path
        try ExtendedXYZ.write(frame).write(toFile: data, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("sr").path
        let r = try CLIRunner.run(["sample", "short-range", Fixtures.classicalPotential("Si.sw"), data, "--out", out, "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try CLIRunner.json(r)
        XCTAssertEqual(json["reached"] as? Bool, true)
        let training = 5.43 * 3.0.squareRoot() / 4
        let structures = try XCTUnwrap(json["structures"] as? [[String: Any]])
        let distances = structures.compactMap { ($0["shortest_A"] as? [String: Any])?["Si-Si"] as? Double }
        XCTAssertEqual(distances.count, structures.count)
        XCTAssertTrue(distances.allSatisfy { $0 < training }, "\(distances)")
        XCTAssertLessThan(try XCTUnwrap(distances.last), training - 0.1)
        let written = try StructureInput.readFrames(path: out + "/short-range.extxyz")
        XCTAssertEqual(written.count, structures.count)
        XCTAssertEqual(try ShortestDistances([written.last!.structure]).distance(si, si)!, distances.last!, accuracy: 1e-6)
        XCTAssertNoThrow(try StructureInput.structure(out + "/" + (structures.last!["file"] as! String)))
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/README.md"))
        let unknown = try CLIRunner.run(["sample", "long-range", Fixtures.classicalPotential("Si.sw"), data])
        XCTAssertEqual(unknown.status, 2)
    }
}
