import Atoms
import Foundation
import Mechanics
import Phonons
import Potentials
import TestSupport
import XCTest

/// props' phonopy files read by phonopy 4.10.0 (reference/phonopy/props-roundtrip/): the
/// frequencies phonopy gets from props' FORCE_CONSTANTS, and from props' phonopy_disp.yaml +
/// FORCE_SETS with phonopy's own force-constant solver, are props' frequencies within
/// 1e-6 THz. The files are also read back by props itself.
final class PhonopyRoundTripTests: XCTestCase {
    func calculation() throws -> PhononCalculation {
        let p = try PotentialLoader.load(Fixtures.classicalPotential("GaN.tersoff"))
        let unit = try Lattices.build(.zincblende, elements: [Element(symbol: "Ga")!, Element(symbol: "N")!], a: 4.5)
        return try PhononCalculation.compute(p, unit: unit, supercellMatrix: [[2, 0, 0], [0, 2, 0], [0, 0, 2]])
    }

    func testPhonopyReadsPropsFiles() throws {
        let calc = try calculation()
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.reference("phonopy/props-roundtrip/frequencies_THz.json")))
        let json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let qpoints = json["qpoints"] as! [String: [Double]]
        for source in ["from_FORCE_CONSTANTS", "from_FORCE_SETS"] {
            let want = json[source] as! [String: [Double]]
            for (label, q) in qpoints {
                let got = try calc.dynamicalMatrix.modes(at: SIMD3(q[0], q[1], q[2])).frequencies
                for (g, w) in zip(got, want[label]!) { XCTAssertEqual(g, w, accuracy: 1e-6, "\(source) \(label)") }
            }
        }
    }

    /// FORCE_SETS + phonopy_disp.yaml written and read back by props give the same
    /// frequencies; compact FORCE_CONSTANTS has n_prim × N blocks and the full form N × N,
    /// the full form's row of each primitive atom equal to the compact row.
    func testFilesReadBack() throws {
        let calc = try calculation()
        let dir = try Fixtures.temporaryDirectory().path
        let n = calc.supercell.structure.count
        try PhonopyOutput.displacementYAML(calc.supercell, records: calc.displacementRecords)
            .write(toFile: dir + "/phonopy_disp.yaml", atomically: true, encoding: .utf8)
        try PhonopyOutput.forceSets(calc.displacementRecords, atoms: n).write(toFile: dir + "/FORCE_SETS", atomically: true, encoding: .utf8)
        let back = try PhononCalculation.fromForceSets(dir + "/FORCE_SETS")
        for q in [SIMD3<Double>(0.5, 0, 0.5), SIMD3(0.1, 0.2, 0.3)] {
            let a = try calc.dynamicalMatrix.modes(at: q).frequencies, b = try back.dynamicalMatrix.modes(at: q).frequencies
            for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: 1e-6) }
        }
        let compact = try PhonopyOutput.forceConstants(calc.forceConstants, full: false).split(separator: "\n")
        let full = try PhonopyOutput.forceConstants(calc.forceConstants, full: true).split(separator: "\n")
        XCTAssertEqual(compact.first.map(String.init), String(format: "%4d %4d", 2, n))
        XCTAssertEqual(compact.count, 1 + 2 * n * 4)
        XCTAssertEqual(full.count, 1 + n * n * 4)
        // The second primitive atom (N) is supercell atom 8·4 + 1 = 33: its full rows are the compact ones.
        let p = calc.supercell.primitiveToSupercell[1]
        XCTAssertEqual(Array(full[(1 + p * n * 4)..<(1 + (p + 1) * n * 4)]), Array(compact[(1 + n * 4)...]))
    }
}
