import Foundation
import TestSupport
import XCTest

/// `props qha --md --engine lammps`: the classical NPT runs beside the QHA run in LAMMPS
/// (32-atom Cu, Mishin EAM, short runs) and are analysed by props.
final class QHALAMMPSCLITests: XCTestCase {
    /// The LAMMPS NPT volume at 300 K lies within 0.5 % of the quasi-harmonic V(300 K) (the
    /// 1000-K-cell run of the README has classical and quantum volumes 0.1 % apart; a wrong
    /// pressure unit or barostat mapping moves it by far more), and the engine is recorded.
    func testQHAMDRunsInLAMMPS() throws {
        guard FileManager.default.fileExists(atPath: Fixtures.root.appendingPathComponent(".venv-lammps/bin/mpirun").path) else {
            throw XCTSkip("skipped: no LAMMPS venv (make lammps)")
        }
        let pot = Fixtures.classicalPotential("Cu_mishin1.eam.alloy")
        let r = try CLIRunner.run(["qha", pot, "--volumes", "5", "--mesh", "4", "--tmax", "300", "--tstep", "100", "--md",
                                   "--md-temperatures", "300", "--md-steps", "500", "--md-supercell", "2", "--engine", "lammps", "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try CLIRunner.json(r)
        let md = try XCTUnwrap(json["md"] as? [String: Any])
        XCTAssertEqual(md["engine"] as? String, "lammps")
        XCTAssertTrue((md["lammps_version"] as? String)?.contains("2025") ?? false, "\(md)")
        let qhaV = try XCTUnwrap((json["V_A3_per_atom"] as? [Double])?.last)
        let mdV = try XCTUnwrap((md["V_A3_per_atom"] as? [Double])?.first)
        XCTAssertEqual(mdV, qhaV, accuracy: 0.005 * qhaV)
        let cp = try XCTUnwrap((md["Cp_J_per_mol_K"] as? [Double])?.first)
        XCTAssertTrue(cp > 5 && cp < 60, "Cp \(cp) J/mol K")
    }

    /// `--ranks` without `--engine lammps` is a usage error for qha too.
    func testQHARanksNeedTheLAMMPSEngine() throws {
        let pot = Fixtures.classicalPotential("Cu_mishin1.eam.alloy")
        let r = try CLIRunner.run(["qha", pot, "--md", "--ranks", "2"])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("--ranks applies to --engine lammps"), r.stderr)
    }
}
