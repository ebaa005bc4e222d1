import Atoms
import Foundation
import Phonons
import TestSupport
import XCTest

/// DFT (PBE) phonons of Si from phonopy's own example inputs: one displacement each, so the
/// force constants need the site symmetry. Frequencies from phonopy in phonons_THz.json.
final class DFTPhononsTests: XCTestCase {
    func check(_ dir: String, _ key: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let input = try PhonopyInput(yaml: Fixtures.reference("dft-phonons/\(dir)/phonopy_disp.yaml"),
                                     forceSets: Fixtures.reference("dft-phonons/\(dir)/FORCE_SETS"))
        XCTAssertEqual(input.records.count, 1, file: file, line: line)
        let symmetry = SupercellSymmetry(input.supercell)
        let dm = DynamicalMatrix(try ForceConstants(records: input.records, symmetry: symmetry))
        XCTAssertEqual(input.supercell.primitive.bravais, .faceCentredCubic, file: file, line: line)
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.reference("phonopy/phonons_THz.json")))
        let ref = (try JSONSerialization.jsonObject(with: data) as! [String: Any])[key] as! [String: Any]
        let points = QPath.standardPoints(.faceCentredCubic)
        for label in ["G", "X", "L"] {
            let got = try dm.modes(at: points[label]!).frequencies
            for (g, w) in zip(got, ref[label] as! [Double]) {
                XCTAssertEqual(g, w, accuracy: 0.005, "\(dir) \(label): \(got)", file: file, line: line)
            }
        }
    }

    func testVASPForceSets() throws { try check("Si-PBE-vasp", "Si_DFT_PBE_phonopy_example_Si_VASP") }

    func testQuantumEspressoForceSets() throws { try check("Si-PBE-qe", "Si_DFT_PBE_phonopy_example_Si-QE") }

    func testMalformedForceSets() throws {
        let dir = Fixtures.temporaryDirectory()
        let lines = try String(contentsOfFile: Fixtures.reference("dft-phonons/Si-PBE-vasp/FORCE_SETS"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        let cut = dir.appendingPathComponent("FORCE_SETS").path
        try lines.prefix(10).joined(separator: "\n").write(toFile: cut, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try PhonopyInput(yaml: Fixtures.reference("dft-phonons/Si-PBE-vasp/phonopy_disp.yaml"), forceSets: cut)) {
            XCTAssertEqual(($0 as? InputError)?.line, 11, "\($0)")
        }
    }
}
