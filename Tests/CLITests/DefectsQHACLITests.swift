import Foundation
import TestSupport
import XCTest

final class DefectsQHACLITests: XCTestCase {
    let copper = "reference/classical/potentials/Cu_mishin1.eam.alloy"

    /// `props qha --json`: the contract keys, equal lengths, files with --out.
    func testQHAJSONAndFiles() throws {
        let dir = Fixtures.temporaryDirectory().path
        let r = try CLIRunner.run(["qha", copper, "--volumes", "5", "--vrange", "0.98,1.04", "--supercell", "2",
                                   "--mesh", "4", "--tmax", "300", "--tstep", "50", "--json", "--out", dir])
        XCTAssertEqual(r.status, 0, r.stderr)
        let j = try CLIRunner.json(r)
        let t = try XCTUnwrap(j["temperatures_K"] as? [Double])
        XCTAssertEqual(t, [0, 50, 100, 150, 200, 250, 300])
        for key in ["V_A3_per_atom", "alpha_per_K", "B_GPa", "Cp_J_per_mol_K"] {
            XCTAssertEqual((j[key] as? [Double])?.count, t.count, key)
        }
        let v = try XCTUnwrap(j["V_A3_per_atom"] as? [Double])
        XCTAssertGreaterThan(v.last!, v.first!)
        for name in ["qha.csv", "qha-volumes.csv", "qha.svg"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/" + name), name)
        }
    }

    /// `props qha --md`: classical NPT MD beside the QHA on a 32-atom cell, wired as the
    /// QHA is: per-atom volumes within 1 % of the QHA's at the same temperature (classical
    /// and quantum differ by about 0.3 % for Cu at 300 K), Cp in J/(mol K) near 3R = 24.9
    /// (4,000 steps of 32 atoms give it only to ±50 %, the barostat's slow volume fluctuations
    /// being sampled a few times: unseeded runs gave 14–41 J/(mol K), hence `--seed 1`, with
    /// which it is 23.4 and 21.0; 20,000 steps give 25.5 ± 2.3; the physics is checked on 500
    /// atoms in the README), errors positive.
    func testQHAWithMolecularDynamics() throws {
        let dir = Fixtures.temporaryDirectory().path
        let r = try CLIRunner.run(["qha", copper, "--volumes", "5", "--vrange", "0.98,1.04", "--supercell", "2", "--mesh", "4",
                                   "--tmax", "600", "--tstep", "50", "--md", "--md-temperatures", "300,600", "--md-steps", "4000",
                                   "--md-supercell", "2", "--pdamp", "200", "--seed", "1", "--json", "--out", dir])
        XCTAssertEqual(r.status, 0, r.stderr)
        let j = try CLIRunner.json(r)
        let md = try XCTUnwrap(j["md"] as? [String: Any])
        XCTAssertEqual(md["temperatures_K"] as? [Double], [300, 600])
        XCTAssertEqual(md["seed"] as? Double, 1)
        let t = try XCTUnwrap(j["temperatures_K"] as? [Double]), vq = try XCTUnwrap(j["V_A3_per_atom"] as? [Double])
        let v = try XCTUnwrap(md["V_A3_per_atom"] as? [Double]), dv = try XCTUnwrap(md["V_error"] as? [Double])
        let cp = try XCTUnwrap(md["Cp_J_per_mol_K"] as? [Double]), dcp = try XCTUnwrap(md["Cp_error"] as? [Double])
        for (k, temperature) in [300.0, 600.0].enumerated() {
            let q = vq[try XCTUnwrap(t.firstIndex(of: temperature))]
            XCTAssertEqual(v[k] / q, 1, accuracy: 0.01)
            XCTAssertGreaterThan(dv[k], 0)
            XCTAssertEqual(cp[k], 24.9, accuracy: 0.55 * 24.9)
            XCTAssertGreaterThan(dcp[k], 0)
        }
        XCTAssertEqual((md["alpha_per_K"] as? [Double])?.count, 2)
        XCTAssertEqual((md["alpha_from_dV_dT"] as? [Any])?.count, 1)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/qha-md.csv"))
        XCTAssertTrue(try String(contentsOfFile: dir + "/qha.svg", encoding: .utf8).contains("MD (classical)"))
    }

    /// Bad options: usage errors (2).
    func testQHARefusals() throws {
        XCTAssertEqual(try CLIRunner.run(["qha", copper, "--vrange", "1.1,1.2"]).status, 2)
        XCTAssertEqual(try CLIRunner.run(["qha", copper, "--volumes", "3"]).status, 2)
        XCTAssertEqual(try CLIRunner.run(["qha", copper, "--md", "--md-temperatures", "300,-1"]).status, 2)
        XCTAssertEqual(try CLIRunner.run(["defects", copper, "--sizes", "2,x"]).status, 2)
    }

    /// `props defects --json` on small cells: the contract keys, the reference values read
    /// from a CSV, the cells written for other codes.
    func testDefectsJSON() throws {
        let dir = Fixtures.temporaryDirectory().path
        let r = try CLIRunner.run(["defects", copper, "--sizes", "2", "--neb-size", "2", "--neb-images", "1",
                                   "--reference", "reference/properties/defects.csv", "--json", "--out", dir])
        XCTAssertEqual(r.status, 0, r.stderr)
        let j = try CLIRunner.json(r)
        XCTAssertEqual(try XCTUnwrap(j["vacancy_formation_eV"] as? Double), 1.2721, accuracy: 1e-3)
        XCTAssertGreaterThan(try XCTUnwrap(j["vacancy_migration_eV"] as? Double), 0.3)
        let surfaces = try XCTUnwrap(j["surface_energies_J_per_m2"] as? [String: Any])
        XCTAssertEqual(try XCTUnwrap(surfaces["111"] as? Double), 1.2395, accuracy: 1e-3)
        XCTAssertNotNil(surfaces["100"] as? Double)
        XCTAssertNotNil(surfaces["110"] as? Double)
        XCTAssertEqual(try XCTUnwrap(j["stacking_fault_mJ_per_m2"] as? Double), 44.44, accuracy: 0.05)
        let refs = try XCTUnwrap(j["references"] as? [[String: Any]])
        XCTAssertEqual(refs.filter { $0["property"] as? String == "vacancy_formation_eV" }.count, 3)
        for name in ["defects.csv", "neb.csv", "vacancy_2x2x2.vasp", "slab_111.vasp", "bulk_111.vasp", "fault_plus.vasp"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/" + name), name)
        }
    }

    /// Diamond Si (Stillinger–Weber) is not fcc: no stacking fault (null); its surfaces and
    /// vacancy are there.
    func testDefectsOfDiamondHaveNoStackingFault() throws {
        let r = try CLIRunner.run(["defects", "reference/classical/potentials/Si.sw", "--sizes", "2", "--neb-size", "2",
                                   "--neb-images", "1", "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let j = try CLIRunner.json(r)
        XCTAssertTrue(j["stacking_fault_mJ_per_m2"] is NSNull)
        XCTAssertGreaterThan(try XCTUnwrap(j["vacancy_formation_eV"] as? Double), 1)
        let surfaces = try XCTUnwrap(j["surface_energies_J_per_m2"] as? [String: Any])
        XCTAssertEqual(Set(surfaces.keys), ["100", "110", "111"])
    }
}
