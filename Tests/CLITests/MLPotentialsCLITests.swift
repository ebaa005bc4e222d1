import Foundation
import TestSupport
import XCTest

/// SNAP/ML-IAP given as comma-separated LAMMPS files, and a force-only potential (AGNI)
/// through the commands: what works and what refuses.
final class MLPotentialsCLITests: XCTestCase {
    static let dir = "reference/lammps-ml/potentials/"
    static let agni = dir + "Al_jpc.agni"

    func testSNAPFilesEvaluate() throws {
        let r = try CLIRunner.run(["eval", Self.dir + "Cu_Zuo_JPCA2020.snapcoeff," + Self.dir + "Cu_Zuo_JPCA2020.snapparam",
                                   "fcc:Cu:3.6", "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let frame = try XCTUnwrap((try CLIRunner.json(r)["frames"] as? [[String: Any]])?.first)
        XCTAssertNotNil(frame["energy"] as? Double)
        XCTAssertNotNil(frame["stress"] as? [[Double]])
        // convert keeps ML-IAP files as a reference .pot (paths and SHA-256), which evaluates as they do.
        let pot = Fixtures.temporaryDirectory().appendingPathComponent("x.pot").path
        let convert = try CLIRunner.run(["convert", Self.dir + "Cu.nn.mliap.model," + Self.dir + "Cu.snap.mliap.descriptor", "-o", pot])
        XCTAssertEqual(convert.status, 0, convert.stderr)
        let direct = try CLIRunner.run(["eval", Self.dir + "Cu.nn.mliap.model," + Self.dir + "Cu.snap.mliap.descriptor", "fcc:Cu:3.6", "--json"])
        let referenced = try CLIRunner.run(["eval", pot, "fcc:Cu:3.6", "--json"])
        XCTAssertEqual(referenced.status, 0, referenced.stderr)
        XCTAssertEqual((try CLIRunner.json(referenced)["frames"] as? [[String: Any]])?.first?["energy"] as? Double,
                       (try CLIRunner.json(direct)["frames"] as? [[String: Any]])?.first?["energy"] as? Double)
    }

    func testForceOnlyEvalPrintsNullEnergyAndStress() throws {
        let r = try CLIRunner.run(["eval", Self.agni, "fcc:Al:4.05", "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let frame = try XCTUnwrap((try CLIRunner.json(r)["frames"] as? [[String: Any]])?.first)
        XCTAssertTrue(frame["energy"] is NSNull)
        XCTAssertTrue(frame["stress"] is NSNull)
        XCTAssertEqual((frame["forces"] as? [[Double]])?.count, 4)
        let text = try CLIRunner.run(["eval", Self.agni, "fcc:Al:4.05"])
        XCTAssertTrue(text.stdout.contains("n/a"), text.stdout)
    }

    func testForceOnlyRefusalsNameWhatIsMissing() throws {
        for (args, missing) in [(["eos", Self.agni, "fcc:Al:4.05"], "eos needs energy"),
                                (["relax", Self.agni, "fcc:Al:4.05"], "relax needs energy"),
                                (["cp", Self.agni, "fcc:Al:4.05", "--temperature", "300"], "cp needs energy"),
                                (["melt", Self.agni, "--rate", "1"], "give STRUCT"),
                                (["melt", Self.agni, "fcc:Al:4.05", "--rate", "1", "--start", "coexistence", "--tguess", "900"],
                                 "needs the potential's energy and stress"),
                                (["melt", Self.agni, "fcc:Al:4.05", "--method", "free-energy", "--tguess", "900"],
                                 "--method free-energy needs energies"),
                                (["md", Self.agni, "fcc:Al:4.05", "--ensemble", "npt", "--temperature", "300", "--steps", "2",
                                  "--out", Fixtures.temporaryDirectory().path], "md with a barostat needs stress")] {
            let r = try CLIRunner.run(args)
            XCTAssertNotEqual(r.status, 0, args.joined(separator: " "))
            XCTAssertTrue(r.stderr.contains(missing), "\(args[0]): \(r.stderr)")
        }
    }

    /// Issue 15 item 4: melt with a force-only potential runs a constant-volume heating ramp
    /// with criterion B only; criterion A is null in melt.json with the reason. A short ramp
    /// of the 4-atom cell (20 steps: the AGNI forces are slow in a debug build): it completes
    /// and the Lindemann ratio (B's order parameter) is finite and rises with the temperature.
    func testForceOnlyMeltRunsNVTWithLindemannOnly() throws {
        let out = Fixtures.temporaryDirectory().appendingPathComponent("melt").path
        let r = try CLIRunner.run(["melt", Self.agni, "fcc:Al:4.05", "--supercell", "1", "--rate", "50", "--tstart", "300",
                                   "--tstop", "1300", "--equilibrate", "0", "--sample-every", "1", "--dt", "2", "--tdamp", "10",
                                   "--seed", "1", "--out", out, "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("criterion A (dH/dT) is unavailable"), r.stderr)
        XCTAssertTrue(try String(contentsOfFile: out + "/settings.txt", encoding: .utf8).contains("ensemble nvt"))
        let json = try CLIRunner.json(r)
        XCTAssertTrue((json["criterion_cp_unavailable"] as? String)?.contains("no energy or stress") == true)
        let run = try XCTUnwrap((json["runs"] as? [[String: Any]])?.first)
        XCTAssertTrue(run["Tm_cp"] is NSNull)
        XCTAssertTrue(run["criterion_cp"] is NSNull)
        let rows = try String(contentsOfFile: out + "/ramp-50.csv", encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",").map { Double($0)! } }
        XCTAssertEqual(rows.count, 21)
        let ratio = rows.map { $0[7] }, volume = rows.map { $0[4] }
        XCTAssertTrue(ratio.allSatisfy(\.isFinite))
        XCTAssertGreaterThan(ratio.last!, ratio.first! + 0.01, "the Lindemann ratio grows on heating")
        XCTAssertEqual(volume.max()!, volume.min()!, "constant volume")
        XCTAssertEqual(run["final_lindemann_ratio"] as? Double, ratio.last!)
    }

    func testForceOnlyNVTRunsWithWarning() throws {
        let out = Fixtures.temporaryDirectory()
        let r = try CLIRunner.run(["md", Self.agni, "fcc:Al:4.05", "--ensemble", "nvt", "--temperature", "300",
                                   "--steps", "4", "--thermo-every", "2", "--out", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("no conserved quantity"), r.stderr)
        let thermo = try String(contentsOf: out.appendingPathComponent("thermo.csv"), encoding: .utf8)
        XCTAssertEqual(thermo.split(separator: "\n").count, 4)
    }
}
