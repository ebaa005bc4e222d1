import Foundation
import TestSupport
import XCTest

/// A report recipe names a SNAP potential by its two files as neighbouring entries of
/// `potentials` (the list is comma-separated, as the pair's spec is); the report treats them
/// as one potential, named by its coefficient file, beside the others.
final class ReportFilePairCLITests: XCTestCase {
    func testSNAPFilePairInRecipeIsOnePotential() throws {
        let dir = Fixtures.temporaryDirectory()
        let recipe = dir.appendingPathComponent("pair.recipe").path
        let snap = Fixtures.reference("lammps-ml/potentials/Cu_Zuo_JPCA2020")
        try """
        element = Cu
        potentials = \(snap).snapcoeff, \(snap).snapparam, \(Fixtures.classicalPotential("Cu_u3.eam"))
        properties = eos
        dft = \(Fixtures.reference("properties/dft-pbe.csv"))
        """.write(toFile: recipe, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("report").path
        let r = try CLIRunner.run(["report", "--recipe", recipe, "--out", out, "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/report.json"))) as? [String: Any]
        let potentials = try XCTUnwrap(json?["potentials"] as? [[String: Any]])
        XCTAssertEqual(potentials.map { $0["potential"] as? String }, ["\(snap).snapcoeff,\(snap).snapparam", Fixtures.classicalPotential("Cu_u3.eam")])
        // The SNAP's a0 is its own (LAMMPS-checked elsewhere), not the EAM's; the table names it by the coefficient file.
        let a0 = try XCTUnwrap((potentials[0]["values"] as? [String: Any])?["a0"] as? Double)
        XCTAssertEqual(a0, 3.634, accuracy: 0.002)
        let markdown = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        XCTAssertTrue(markdown.contains("| Cu_Zuo_JPCA2020.snapcoeff | Cu_u3.eam |"), markdown)
    }
}
