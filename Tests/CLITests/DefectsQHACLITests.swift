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

    /// Bad options: usage errors (2); --md is not there yet (1).
    func testQHARefusals() throws {
        XCTAssertEqual(try CLIRunner.run(["qha", copper, "--vrange", "1.1,1.2"]).status, 2)
        XCTAssertEqual(try CLIRunner.run(["qha", copper, "--volumes", "3"]).status, 2)
        let md = try CLIRunner.run(["qha", copper, "--md"])
        XCTAssertEqual(md.status, 1)
        XCTAssertTrue(md.stderr.contains("MD driver"), md.stderr)
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
