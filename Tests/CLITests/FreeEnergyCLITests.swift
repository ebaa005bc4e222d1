import Foundation
import TestSupport
import XCTest

/// `props melt --method free-energy` end to end on a tiny cell (32 Cu atoms, a few hundred
/// steps per stage: the files and the contract keys, not the physics) and its bad input.
final class FreeEnergyCLITests: XCTestCase {
    let mishin = "reference/classical/potentials/Cu_mishin1.eam.alloy"

    func testFreeEnergyWritesContractOutputs() throws {
        let dir = Fixtures.temporaryDirectory()
        // A coexistence result already in the directory is listed beside the free-energy value.
        try #"{"coexistence": {"Tm": 1348.0, "error": 14.0}}"#.write(to: dir.appendingPathComponent("melt.json"), atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["melt", mishin, "fcc:Cu:3.615", "--supercell", "2", "--method", "free-energy", "--tguess", "1300",
                                   "--trange", "900,1700", "--equilibrate", "100", "--switch-steps", "100", "--sweep-steps", "100",
                                   "--seeds", "1", "--seed", "3", "--threads", "1", "--out", dir.path, "--quiet", "--json"])
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("freeenergy.json"))) as! [String: Any]
        XCTAssertEqual(json["method"] as? String, "free-energy")
        for key in ["Tm", "Tm_error", "dH_m_eV_per_atom", "dS_m_kB_per_atom"] { XCTAssertNotNil(json[key], key) }
        if r.status == 0 {
            XCTAssertNotNil(json["Tm"] as? Double, r.stdout)
            XCTAssertEqual(try CLIRunner.json(r)["method"] as? String, "free-energy")
        } else {
            XCTAssertTrue(r.stderr.contains("do not cross"), r.stderr)
        }
        XCTAssertEqual((json["runs"] as? [[String: Any]])?.count, 2, "one seed, two phases")
        let beside = try XCTUnwrap(json["beside"] as? [[String: Any]])
        XCTAssertEqual(beside.first?["Tm"] as? Double, 1348)
        let csv = try String(contentsOf: dir.appendingPathComponent("freeenergy.csv"), encoding: .utf8)
        XCTAssertTrue(csv.hasPrefix("T_K,G_solid_eV_per_atom,G_liquid_eV_per_atom,G_solid_seed3,G_liquid_seed3\n900.000,"), String(csv.prefix(200)))
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("freeenergy.svg").path))
        XCTAssertTrue(try String(contentsOf: dir.appendingPathComponent("freeenergy-summary.txt"), encoding: .utf8).contains("Free-energy melting point"))
    }

    func testFreeEnergyBadInput() throws {
        let dir = Fixtures.temporaryDirectory()
        for args in [[String](), ["--tguess", "1300", "--trange", "1400,1500"], ["--tguess", "1300", "--pressure", "1"],
                     ["--tguess", "1300", "--start", "void"], ["--tguess", "1300", "--seeds", "0"]] {
            let r = try CLIRunner.run(["melt", mishin, "fcc:Cu:3.615", "--supercell", "2", "--method", "free-energy", "--out", dir.path] + args)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
        }
        let r = try CLIRunner.run(["melt", mishin, "--method", "free-enrgy", "--tguess", "1300", "--out", dir.path])
        XCTAssertEqual(r.status, 2, r.stderr)
    }
}
