import Foundation
import TestSupport
import XCTest

/// `--engine lammps` on the command line: the props engine's outputs, with the engine
/// recorded; usage errors of `--engine`/`--ranks`.
final class EngineCLITests: XCTestCase {
    func testMDWithTheLAMMPSEngineWritesThePropsOutputs() throws {
        guard FileManager.default.fileExists(atPath: Fixtures.root.appendingPathComponent(".venv-lammps/bin/mpirun").path) else {
            throw XCTSkip("skipped: no LAMMPS venv (make lammps)")
        }
        let dir = Fixtures.temporaryDirectory()
        let pot = Fixtures.classicalPotential("Cu_mishin1.eam.alloy")
        let r = try CLIRunner.run(["md", pot, "fcc:Cu:3.615", "--supercell", "2", "--ensemble", "nvt", "--temperature", "300",
                                   "--steps", "40", "--seed", "3", "--engine", "lammps", "--ranks", "2", "--rdf", "--msd",
                                   "--sample-every", "2", "--out", dir.path, "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try CLIRunner.json(r)
        XCTAssertEqual(json["engine"] as? String, "lammps")
        XCTAssertEqual(json["ranks"] as? Int, 2)
        XCTAssertTrue((json["lammps_version"] as? String)?.contains("2025") ?? false, "\(json)")
        XCTAssertNotNil(json["rdf"])
        XCTAssertNotNil(json["msd"])
        let thermo = try String(contentsOf: dir.appendingPathComponent("thermo.csv"), encoding: .utf8).split(separator: "\n")
        XCTAssertTrue(thermo[0].hasPrefix("step,time_ps,T_K,Epot_eV"))
        XCTAssertEqual(thermo.count, 1 + 5, "rows at steps 0, 10, ..., 40")
        for name in ["final.extxyz", "summary.json", "rdf.csv", "msd.csv", "lammps/in.lmp", "lammps/restart.end"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path), name)
        }
    }

    /// `props melt --start coexistence --engine lammps` (the protocol's defaults, MTK instead of
    /// cell rescaling): melt.json and coexistence.csv as with props' engine, the engine recorded.
    func testCoexistenceWithTheLAMMPSEngine() throws {
        guard FileManager.default.fileExists(atPath: Fixtures.root.appendingPathComponent(".venv-lammps/bin/mpirun").path) else {
            throw XCTSkip("skipped: no LAMMPS venv (make lammps)")
        }
        let dir = Fixtures.temporaryDirectory()
        let r = try CLIRunner.run(["melt", Fixtures.classicalPotential("Cu_mishin1.eam.alloy"), "fcc:Cu:3.615", "--supercell", "3",
                                   "--start", "coexistence", "--tguess", "1300", "--coexistence-steps", "100", "--seed", "2",
                                   "--engine", "lammps", "--out", dir.path, "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try CLIRunner.json(r)
        XCTAssertEqual(json["engine"] as? String, "lammps")
        XCTAssertEqual((json["settings"] as? [String: Any])?["barostat"] as? String, "mtk")
        let c = try XCTUnwrap(json["coexistence"] as? [String: Any])
        XCTAssertEqual(c["atoms"] as? Int, 216)
        XCTAssertTrue(((c["Tm"] as? Double) ?? 0) > 500, "\(c)")
        let table = try String(contentsOf: dir.appendingPathComponent("coexistence.csv"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(table.count, 1 + 10, "rows every 10 of the 100 isenthalpic steps")
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("lammps-coexistence/nph/log.lammps").path))
    }

    func testEngineOptionsAreChecked() throws {
        let pot = Fixtures.classicalPotential("Cu_mishin1.eam.alloy")
        let bad = try CLIRunner.run(["md", pot, "fcc:Cu:3.615", "--steps", "1", "--temperature", "10", "--engine", "gromacs"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("--engine must be props or lammps"), bad.stderr)
        let ranks = try CLIRunner.run(["md", pot, "fcc:Cu:3.615", "--steps", "1", "--temperature", "10", "--ranks", "2"])
        XCTAssertEqual(ranks.status, 2)
        XCTAssertTrue(ranks.stderr.contains("--ranks applies to --engine lammps"), ranks.stderr)
    }
}
