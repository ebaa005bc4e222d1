import Foundation
import TestSupport
import XCTest

final class PhononsCLITests: XCTestCase {
    /// `props phonons Si.sw --json`: the contract keys, and the numbers phonopy gives.
    func testSiliconStillingerWeberJSONAndFiles() throws {
        let dir = Fixtures.temporaryDirectory().path
        let r = try CLIRunner.run(["phonons", "reference/classical/potentials/Si.sw", "--json", "--mesh", "12", "--out", dir])
        XCTAssertEqual(r.status, 0, r.stderr)
        let j = try CLIRunner.json(r)
        XCTAssertEqual(try XCTUnwrap(j["a0"] as? Double), 5.43095, accuracy: 1e-4)
        XCTAssertEqual(j["supercell"] as? [[Int]], [[3, 0, 0], [0, 3, 0], [0, 0, 3]])
        let points = try XCTUnwrap(j["points"] as? [[String: Any]])
        let x = try XCTUnwrap(points.first { $0["label"] as? String == "X" })
        XCTAssertEqual(x["q"] as? [Double], [0.5, 0, 0.5])
        let fx = try XCTUnwrap(x["frequencies_THz"] as? [Double])
        // phonopy (mass 28.0855; props uses IUPAC 28.085): 6.651, 12.993, 15.629 THz.
        for (g, w) in zip(fx, [6.651, 6.651, 12.993, 12.993, 15.629, 15.629]) { XCTAssertEqual(g, w, accuracy: 0.005) }
        for name in ["band.yaml", "band.csv", "dos.csv", "thermal.csv", "phonons.svg", "summary.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/" + name), name)
        }
        let thermal = try String(contentsOfFile: dir + "/thermal.csv", encoding: .utf8)
        XCTAssertTrue(thermal.contains("T_K,Cv_kB_per_atom,Cv_J_per_mol_K"))
        XCTAssertTrue(try String(contentsOfFile: dir + "/phonons.svg", encoding: .utf8).hasPrefix("<svg"))
        // band.yaml reads back with the same frequencies.
        let back = try CLIRunner.run(["phonons", "reference/classical/potentials/Si.sw", "--mesh", "4", "--path", "G X U|K G L W X",
                                      "--compare", dir + "/band.yaml", "--out", dir + "/again", "--json"])
        XCTAssertEqual(back.status, 0, back.stderr)
        let ref = try XCTUnwrap((try CLIRunner.json(back)["reference"] as? [String: Any])?["points"] as? [[String: Any]])
        XCTAssertEqual(ref.count, 6)
    }

    /// DFT phonons straight from phonopy's FORCE_SETS (no potential).
    func testForceSetsWithoutPotential() throws {
        let dir = Fixtures.temporaryDirectory().path
        let r = try CLIRunner.run(["phonons", "--force-sets", "reference/dft-phonons/Si-PBE-qe/FORCE_SETS", "--mesh", "8",
                                   "--path", "G X|L G", "--json", "--out", dir])
        XCTAssertEqual(r.status, 0, r.stderr)
        let points = try XCTUnwrap(try CLIRunner.json(r)["points"] as? [[String: Any]])
        let l = try XCTUnwrap(points.first { $0["label"] as? String == "L" }?["frequencies_THz"] as? [Double])
        for (g, w) in zip(l, [3.503, 3.503, 11.164, 12.0, 14.326, 14.326]) { XCTAssertEqual(g, w, accuracy: 0.005) }
    }

    func testBadPhononInput() throws {
        let r = try CLIRunner.run(["phonons", "reference/classical/potentials/Si.sw", "--path", "G Q"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("unknown point 'Q'"), r.stderr)
        let m = try CLIRunner.run(["phonons", "reference/classical/potentials/Si.sw", "--mesh", "0"])
        XCTAssertEqual(m.status, 2)
        let f = try CLIRunner.run(["phonons", "--force-sets", "nowhere/FORCE_SETS"])
        XCTAssertEqual(f.status, 1)
        XCTAssertTrue(f.stderr.contains("phonopy_disp.yaml"), f.stderr)
    }
}
