import Atoms
import Foundation
import Mechanics
import Phonons
import Potentials
import TestSupport
import XCTest

/// Frequencies against phonopy 4.8.6 + LAMMPS on the same potential, structure, supercell and
/// displacement (reference/phonopy/phonons_THz.json): within 0.005 THz.
final class PhonopyComparisonTests: XCTestCase {
    static func reference() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.reference("phonopy/phonons_THz.json")))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// Force constants of diamond Si at `a` with `file`, 3×3×3 conventional supercell.
    static func dynamicalMatrix(_ file: String, a: Double, supercell: Int = 3, symmetry: Bool = true) throws -> DynamicalMatrix {
        let p = try PotentialLoader.load(Fixtures.classicalPotential(file))
        let unit = try Lattices.build(.diamond, elements: [Element(symbol: "Si")!], a: a)
        // phonopy's mass for Si.
        var u = unit
        u.masses = u.masses.map { _ in 28.0855 }
        let sc = try PhononSupercell(unit: u, matrix: [[supercell, 0, 0], [0, supercell, 0], [0, 0, supercell]])
        let sym = SupercellSymmetry(sc, identityOnly: !symmetry)
        var calc = Calculator(p)
        let records = try Displacements.compute(Displacements.plan(sym, amplitude: 0.01), supercell: sc, calculator: &calc)
        return DynamicalMatrix(try ForceConstants(records: records, symmetry: sym))
    }

    func check(_ dm: DynamicalMatrix, _ ref: [String: Any], tolerance: Double = 0.005, file: StaticString = #filePath, line: UInt = #line) throws {
        let points = QPath.standardPoints(.faceCentredCubic)
        for label in ["G", "X", "L", "W", "K"] {
            let want = ref[label] as! [Double]
            let got = try dm.modes(at: points[label]!).frequencies
            for (g, w) in zip(got, want) {
                XCTAssertEqual(g, w, accuracy: tolerance, "\(label): \(got) vs \(want)", file: file, line: line)
            }
        }
    }

    func testStillingerWeberMatchesPhonopy() throws {
        let ref = try Self.reference()["Si_sw"] as! [String: Any]
        let dm = try Self.dynamicalMatrix("Si.sw", a: 5.430949778)
        try check(dm, ref)
        // More digits from the reference README: Γ 17.83238, X 6.65139 12.99345 15.62863.
        let g = try dm.modes(at: .zero).frequencies
        XCTAssertEqual(g[5], 17.83238, accuracy: 2e-4)
        let x = try dm.modes(at: SIMD3(0.5, 0, 0.5)).frequencies
        XCTAssertEqual(x[0], 6.65139, accuracy: 2e-4)
        XCTAssertEqual(x[2], 12.99345, accuracy: 2e-4)
        XCTAssertEqual(x[4], 15.62863, accuracy: 2e-4)
    }

    func testTersoffMatchesPhonopy() throws {
        let ref = try Self.reference()["Si_tersoff_T2_LAMMPS_Si.tersoff"] as! [String: Any]
        try check(try Self.dynamicalMatrix("Si.tersoff", a: 5.431230748), ref)
    }

    /// Without symmetry (every atom displaced ± along x, y, z) the result is the same.
    func testSymmetryReducedAndFullDisplacementsAgree() throws {
        let a = try Self.dynamicalMatrix("Si.sw", a: 5.430949778, supercell: 2)
        let b = try Self.dynamicalMatrix("Si.sw", a: 5.430949778, supercell: 2, symmetry: false)
        for q in [SIMD3(0.1, 0.2, 0.3), SIMD3(0.5, 0.25, 0.75), SIMD3(-0.3, 0.1, 0.05)] {
            for (x, y) in zip(try a.modes(at: q).frequencies, try b.modes(at: q).frequencies) {
                XCTAssertEqual(x, y, accuracy: 1e-6)
            }
        }
    }
}
