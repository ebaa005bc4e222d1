import Foundation
import TestSupport
import XCTest

/// `--map LABEL=ELEMENT` on every command that loads a potential, beyond eval and friends:
/// `md` (kept in the checkpoint, so `--resume` maps the same way), `melt` (kept in
/// settings.txt), and the option's presence on defects, qha and sample.
final class LabelMapCommandsCLITests: XCTestCase {
    let labelled = Fixtures.classicalPotential("SiCGe.tersoff")

    func testMDMapsLabelsAndResumesWithTheMap() throws {
        let out = Fixtures.temporaryDirectory().appendingPathComponent("md").path
        let base = ["md", labelled, "diamond:Si:5.431", "--ensemble", "nvt", "--temperature", "300", "--steps", "2",
                    "--thermo-every", "1", "--checkpoint-every", "1", "--seed", "3", "--out", out, "--quiet"]
        let unmapped = try CLIRunner.run(base)
        XCTAssertEqual(unmapped.status, 1, "Si(D) is no element without --map: \(unmapped.stderr)")
        let r = try CLIRunner.run(base + ["--map", "Si(D)=Si"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(try String(contentsOfFile: out + "/checkpoint.txt", encoding: .utf8).contains("setting map Si(D)=Si"))
        let resumed = try CLIRunner.run(["md", "--resume", out, "--steps", "4"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertEqual(try String(contentsOfFile: out + "/thermo.csv", encoding: .utf8).split(separator: "\n").count, 6)
    }

    func testMeltMapsLabels() throws {
        let out = Fixtures.temporaryDirectory().appendingPathComponent("melt").path
        let r = try CLIRunner.run(["melt", labelled, "diamond:Si:5.431", "--map", "Si(D)=Si", "--supercell", "1", "--rate", "50",
                                   "--tstart", "100", "--tstop", "700", "--equilibrate", "0", "--sample-every", "1", "--dt", "1",
                                   "--tdamp", "10", "--pdamp", "100", "--seed", "1", "--out", out, "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(try String(contentsOfFile: out + "/settings.txt", encoding: .utf8).contains("map Si(D)=Si"))
    }

    func testEveryPotentialCommandTakesTheMap() throws {
        for command in ["eval", "eos", "relax", "elastic", "phonons", "validate", "export", "cp", "md", "melt", "qha", "defects", "sample"] {
            let r = try CLIRunner.run(["help", command])
            XCTAssertTrue(r.stdout.contains("--map"), "props \(command) has no --map")
        }
    }
}
