import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TestSupport
import XCTest

/// `props cp` and `props melt` end to end on tiny systems with short runs.
final class ThermalCLITests: XCTestCase {
    let mishin = "reference/classical/potentials/Cu_mishin1.eam.alloy"

    func testCpWritesContractKeysAndHarmonicCv() throws {
        let dir = Fixtures.temporaryDirectory()
        let r = try CLIRunner.run(["cp", mishin, "fcc:Cu:3.615", "--supercell", "2", "--temperature", "300,400", "--steps", "300",
                                   "--equilibrate", "50", "--no-phonons", "--seed", "4", "--out", dir.path, "--json", "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let j = try CLIRunner.json(r)
        let rows = try XCTUnwrap(j["temperatures"] as? [[String: Any]])
        XCTAssertEqual(rows.map { $0["T"] as? Double }, [300, 400])
        for row in rows {
            let cp = try XCTUnwrap(row["Cp_kB_per_atom"] as? Double), joule = try XCTUnwrap(row["Cp_J_per_mol_K"] as? Double)
            XCTAssertGreaterThan(cp, 0)
            XCTAssertEqual(joule, cp * 8.314462618, accuracy: 1e-6 * joule)
            XCTAssertNotNil(row["error_kB_per_atom"] as? Double)
            XCTAssertNotNil(row["Cv_kB_per_atom"] as? Double)
        }
        XCTAssertEqual((j["dH_dT"] as? [[String: Any]])?.first?["T"] as? Double, 350)
        let header = try String(contentsOf: dir.appendingPathComponent("npt-300K.csv"), encoding: .utf8).prefix(while: { $0 != "\n" })
        XCTAssertTrue(header.hasPrefix("step,time_ps,T_K"), String(header))
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("nvt-400K.csv").path))

        // Text output with the harmonic quantum Cv of a Lennard-Jones crystal (cheap phonons).
        let lj = try CLIRunner.run(["cp", "lj:Ar:0.0104:3.40:6.0", "fcc:Ar:5.26", "--supercell", "2", "--temperature", "40",
                                    "--steps", "200", "--equilibrate", "20", "--no-cv", "--dt", "5", "--out", dir.path])
        XCTAssertEqual(lj.status, 0, lj.stderr)
        // Not a terminal: plain progress lines on stderr.
        XCTAssertTrue(lj.stderr.contains("40 K: NPT 45 %") && lj.stderr.contains("40 K: done"), lj.stderr)
        XCTAssertTrue(lj.stdout.contains("harmonic quantum Cv") && lj.stdout.contains("classical heat capacity"), lj.stdout)
    }

    func testCpRefusesBerendsenAndBadInput() throws {
        let dir = Fixtures.temporaryDirectory()
        for args in [["--temperature", "300", "--thermostat", "berendsen"], ["--temperature", "300", "--barostat", "berendsen"],
                     [], ["--temperature", "-5"], ["--temperature", "300,300"], ["--temperature", "300", "--steps", "10", "--blocks", "10"]] {
            let r = try CLIRunner.run(["cp", mishin, "fcc:Cu:3.615", "--supercell", "2", "--out", dir.path] + args)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            if args.contains("berendsen") { XCTAssertTrue(r.stderr.contains("does not sample"), r.stderr) }
        }
    }

    func melt(_ dir: URL, _ extra: [String]) throws -> CLIRunner.Result {
        try CLIRunner.run(["melt", mishin, "fcc:Cu:3.615", "--supercell", "2", "--tstop", "3500", "--equilibrate", "50",
                           "--tdamp", "50", "--seed", "9", "--threads", "1", "--out", dir.path, "--quiet"] + extra)
    }

    func testMeltRampsWriteContractOutputs() throws {
        let dir = Fixtures.temporaryDirectory()
        let r = try melt(dir, ["--rates", "12,10,15", "--smooth", "100", "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let j = try CLIRunner.json(r)
        let runs = try XCTUnwrap(j["runs"] as? [[String: Any]])
        XCTAssertEqual(runs.map { $0["rate"] as? Double }, [10, 12, 15])
        for run in runs {
            XCTAssertTrue(run.keys.contains("Tm_cp") && run.keys.contains("Tm_lindemann"))
            XCTAssertEqual(run["melted"] as? Bool, true)
        }
        let extrapolated = try XCTUnwrap(j["extrapolated"] as? [String: Any])
        for key in ["Tm_cp", "Tm_cp_error", "Tm_lindemann", "Tm_lindemann_error"] { XCTAssertTrue(extrapolated.keys.contains(key), key) }
        XCTAssertEqual((j["potential"] as? [String: Any])?["sha256"] as? String?, .some(.some(try sha256(mishin))))
        let csv = try String(contentsOf: dir.appendingPathComponent("ramp-12.csv"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(csv[0], "step,T_target_K,T_K,H_eV,V_A3,u2_A2,d_A,lindemann,Epot_eV,P_GPa")
        XCTAssertEqual(Double(csv.last!.split(separator: ",")[1]), 3500)
        let svg = try Data(contentsOf: dir.appendingPathComponent("melt.svg"))
        XCTAssertTrue(XMLParser(data: svg).parse())
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("initial.extxyz").path))
    }

    /// A ramp killed after its first checkpoint and resumed writes the same file, byte for byte.
    func testMeltResumeContinuesBitForBit() throws {
        let whole = Fixtures.temporaryDirectory(), parts = Fixtures.temporaryDirectory()
        let options = ["--rate", "12", "--checkpoint-every", "50"]
        XCTAssertEqual(try melt(whole, options).status, 0)
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.arguments = ["melt", mishin, "fcc:Cu:3.615", "--supercell", "2", "--tstop", "3500", "--equilibrate", "50",
                             "--tdamp", "50", "--seed", "9", "--threads", "1", "--out", parts.path, "--quiet"] + options
        process.currentDirectoryURL = Fixtures.root
        try process.run()
        let checkpoint = parts.appendingPathComponent("checkpoint-12.txt").path
        while process.isRunning && !FileManager.default.fileExists(atPath: checkpoint) { usleep(20_000) }
        process.terminate()
        process.waitUntilExit()
        let r = try CLIRunner.run(["melt", "--resume", parts.path, "--threads", "1", "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try Data(contentsOf: whole.appendingPathComponent("ramp-12.csv")),
                       try Data(contentsOf: parts.appendingPathComponent("ramp-12.csv")))
        let again = try CLIRunner.run(["melt", "--resume", parts.path, "--json", "--quiet"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual((try CLIRunner.json(again)["runs"] as? [[String: Any]])?.count, 1)
    }

    /// Starts `arguments`, kills it once `file` exists, and returns when it has ended.
    func interrupt(_ arguments: [String], when file: URL) throws {
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.arguments = arguments
        process.currentDirectoryURL = Fixtures.root
        try process.run()
        while process.isRunning && !FileManager.default.fileExists(atPath: file.path) { usleep(20_000) }
        process.terminate()
        process.waitUntilExit()
    }

    /// `props cp` killed after its first checkpoint and resumed gives the uninterrupted run's
    /// tables byte for byte and the same heat capacities; a resume cannot change a setting.
    func testCpResumeContinuesBitForBit() throws {
        let whole = Fixtures.temporaryDirectory(), parts = Fixtures.temporaryDirectory()
        func cp(_ dir: URL) -> [String] {
            ["cp", mishin, "fcc:Cu:3.615", "--supercell", "2", "--temperature", "300", "--steps", "1500", "--equilibrate", "50",
             "--no-phonons", "--seed", "4", "--threads", "1", "--checkpoint-every", "100", "--out", dir.path, "--json", "--quiet"]
        }
        let reference = try CLIRunner.run(cp(whole))
        XCTAssertEqual(reference.status, 0, reference.stderr)
        try interrupt(cp(parts), when: parts.appendingPathComponent("checkpoint-300K.txt"))
        // The thread count is kept in settings.txt: the resume runs on one thread, as the run did.
        let resumed = try CLIRunner.run(["cp", "--resume", parts.path, "--json", "--quiet"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        for table in ["npt-300K.csv", "nvt-300K.csv"] {
            XCTAssertEqual(try Data(contentsOf: whole.appendingPathComponent(table)), try Data(contentsOf: parts.appendingPathComponent(table)), table)
        }
        func row(_ r: CLIRunner.Result) throws -> [String: Any] { try XCTUnwrap((try CLIRunner.json(r)["temperatures"] as? [[String: Any]])?.first) }
        for key in ["Cp_kB_per_atom", "error_kB_per_atom", "Cv_kB_per_atom"] {
            XCTAssertEqual(try row(resumed)[key] as? Double, try row(reference)[key] as? Double, key)
        }
        XCTAssertEqual(try CLIRunner.run(["cp", "--resume", parts.path, "--steps", "10"]).status, 2)
        XCTAssertEqual(try CLIRunner.run(["cp", "--resume", whole.appendingPathComponent("none").path]).status, 1)
    }

    /// A coexistence run killed after a checkpoint and resumed with `melt --resume` writes the
    /// same table and melting point.
    func testCoexistenceResumeContinuesBitForBit() throws {
        let whole = Fixtures.temporaryDirectory(), parts = Fixtures.temporaryDirectory()
        let options = ["--start", "coexistence", "--tguess", "1300", "--coexistence-steps", "400", "--checkpoint-every", "100", "--json"]
        let reference = try melt(whole, options)
        XCTAssertEqual(reference.status, 0, reference.stderr)
        try interrupt(["melt", mishin, "fcc:Cu:3.615", "--supercell", "2", "--tstop", "3500", "--equilibrate", "50", "--tdamp", "50",
                       "--seed", "9", "--threads", "1", "--out", parts.path, "--quiet"] + options,
                      when: parts.appendingPathComponent("checkpoint-coexistence.txt"))
        let resumed = try CLIRunner.run(["melt", "--resume", parts.path, "--threads", "1", "--quiet", "--json"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertEqual(try Data(contentsOf: whole.appendingPathComponent("coexistence.csv")),
                       try Data(contentsOf: parts.appendingPathComponent("coexistence.csv")))
        func tm(_ r: CLIRunner.Result) throws -> Double? { (try CLIRunner.json(r)["coexistence"] as? [String: Any])?["Tm"] as? Double }
        XCTAssertEqual(try tm(resumed), try tm(reference))
    }

    func testMeltStartsAndBadInput() throws {
        let dir = Fixtures.temporaryDirectory()
        let surface = try melt(dir, ["--rate", "40", "--start", "surface", "--vacuum", "12", "--json"])
        XCTAssertEqual(surface.status, 0, surface.stderr)
        let initial = try String(contentsOf: dir.appendingPathComponent("initial.extxyz"), encoding: .utf8)
        XCTAssertTrue(initial.contains("Lattice=\"7.23 0.0 0.0 0.0 7.23 0.0 0.0 0.0 19.23\""), initial)
        let void = try CLIRunner.run(["melt", mishin, "fcc:Cu:3.615", "--supercell", "3", "--rate", "40", "--tstop", "1500",
                                      "--equilibrate", "10", "--start", "void", "--out", dir.path, "--quiet", "--json"])
        XCTAssertEqual(void.status, 0, void.stderr)
        let atoms = Int(try String(contentsOf: dir.appendingPathComponent("initial.extxyz"), encoding: .utf8).prefix { $0 != "\n" })!
        XCTAssertTrue(atoms > 80 && atoms < 108, "\(atoms) atoms after the void")
        let coexistence = try melt(dir, ["--start", "coexistence", "--tguess", "1300", "--coexistence-steps", "200", "--json"])
        XCTAssertEqual(coexistence.status, 0, coexistence.stderr)
        let c = try XCTUnwrap(try CLIRunner.json(coexistence)["coexistence"] as? [String: Any])
        XCTAssertNotNil(c["Tm"] as? Double)
        XCTAssertEqual(c["atoms"] as? Int, 64)
        for args in [["--tstop", "900"], ["--rate", "0"], ["--rate", "1", "--rates", "1,2"], ["--rates", "1,1"],
                     ["--rate", "1", "--start", "melted"], ["--start", "coexistence"], ["--rate", "1", "--thermostat", "nh"]] {
            let r = try CLIRunner.run(["melt", mishin, "fcc:Cu:3.615", "--supercell", "2", "--out", dir.path] + args)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
        }
        XCTAssertEqual(try CLIRunner.run(["melt", "--resume", dir.path, "--rate", "2"]).status, 2)
        XCTAssertEqual(try CLIRunner.run(["melt", "--resume", dir.appendingPathComponent("none").path]).status, 1)
    }

    func sha256(_ path: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["sha256sum", Fixtures.root.appendingPathComponent(path).path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        p.waitUntilExit()
        return String(String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(64))
    }
}
