import Atoms
import Foundation
import Mechanics
import Potentials
import TestSupport
import XCTest

/// Elastic constants of a hexagonal crystal against LAMMPS, named by the Laue class; the
/// Voigt–Reuss–Hill moduli and the Born check.
final class NonCubicElasticTests: XCTestCase {
    /// hcp Zr (Mendelev–Ackland EAM) on the cell LAMMPS used: every entry of the 6×6 matrix
    /// within 0.001 GPa of LAMMPS's stress–strain slopes on the same strained, internally
    /// relaxed cells (reference/classical/lammps-elastic/zr_hcp_elastic.py →
    /// Zr_mm_elastic.json); the class is 6/mmm and C11, C12, C13, C33, C44, C66 are read
    /// from the symmetrised matrix, C66 = (C11 − C12)/2.
    func testHexagonalZirconiumAgainstLAMMPS() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.reference("classical/lammps-elastic/Zr_mm_elastic.json")))
        let json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let rows = (json["lattice"] as! [[Double]]).map { SIMD3($0[0], $0[1], $0[2]) }
        let want = json["matrix_GPa"] as! [[Double]]
        let cell = Cell(rows[0], rows[1], rows[2])
        let zr = Element(symbol: "Zr")!
        let unit = Structure(cell: cell, positions: [SIMD3(1.0 / 3, 2.0 / 3, 0.25), SIMD3(2.0 / 3, 1.0 / 3, 0.75)].map { cell.cartesian($0) },
                             elements: [zr, zr])
        let p = try PotentialLoader.load(Fixtures.classicalPotential("Zr_mm.eam.fs"))
        var calc = Calculator(p)
        let c = try ElasticConstants.compute(unit, calculator: &calc)
        for i in 0..<6 { for j in 0..<6 {
            XCTAssertEqual(c.matrixGPa[i][j], want[i][j], accuracy: 0.001, "C\(i + 1)\(j + 1)")
        }}
        let rotations = SpaceGroup.find(unit, tolerance: 1e-3).operations.map { $0.cartesianRotation(unit.cell) }
        let laue = LaueClass.from(rotations: rotations)
        XCTAssertEqual(laue, .hexagonalHigh)
        let sym = c.symmetrised(by: rotations)
        let named = try XCTUnwrap(ElasticConstants.named(sym, laue: laue, tolerance: 1e-6))
        XCTAssertEqual(named.map(\.name), ["C11", "C12", "C13", "C33", "C44", "C66"])
        let value = Dictionary(uniqueKeysWithValues: named.map { ($0.name, $0.value) })
        XCTAssertEqual(value["C11"]!, (want[0][0] + want[1][1]) / 2, accuracy: 0.05)
        XCTAssertEqual(value["C33"]!, want[2][2], accuracy: 0.01)
        XCTAssertEqual(value["C13"]!, (want[0][2] + want[1][2]) / 2, accuracy: 0.01)
        XCTAssertEqual(value["C44"]!, (want[3][3] + want[4][4]) / 2, accuracy: 0.01)
        XCTAssertEqual(value["C66"]!, (value["C11"]! - value["C12"]!) / 2, accuracy: 1e-9)
        // Not the cubic average the old output put under "C11" (151.03 GPa).
        XCTAssertGreaterThan(abs(value["C11"]! - c.c11), 5)
        let m = try ElasticModuli(sym)
        XCTAssertTrue(m.isBornStable)
        XCTAssertLessThanOrEqual(m.bulkReuss, m.bulkVoigt + 1e-9)
        XCTAssertLessThanOrEqual(m.shearReuss, m.shearVoigt + 1e-9)
        // Hexagonal Voigt bulk modulus from the named constants.
        let bv = (2 * value["C11"]! + value["C33"]! + 2 * value["C12"]! + 4 * value["C13"]!) / 9
        XCTAssertEqual(m.bulkVoigt, bv, accuracy: 1e-9)
    }

    /// Cubic Voigt and Reuss bulk moduli coincide at (C11 + 2 C12)/3; G, E, ν follow Hill;
    /// a cubic crystal turned 30° about z keeps its moduli but is not in the standard
    /// setting, so its constants are not named; C12 > C11 fails the Born check.
    func testModuliAndOrientation() throws {
        let cubic = LaueClass.cubicHigh.matrix([170, 120, 75])
        let m = try ElasticModuli(cubic)
        XCTAssertEqual(m.bulkVoigt, (170 + 2 * 120) / 3, accuracy: 1e-9)
        XCTAssertEqual(m.bulkReuss, m.bulkVoigt, accuracy: 1e-9)
        XCTAssertEqual(m.shearVoigt, (170 - 120 + 3 * 75) / 5, accuracy: 1e-9)
        XCTAssertEqual(m.young, 9 * m.bulkHill * m.shearHill / (3 * m.bulkHill + m.shearHill), accuracy: 1e-9)
        XCTAssertNotNil(ElasticConstants.named(cubic, laue: .cubicHigh, tolerance: 1e-9))
        // Rotate the tensor 30° about z through the symmetrisation routine with one rotation.
        let turned = ElasticConstants(matrixGPa: cubic, strain: 0).symmetrised(by: [Matrix3.rotation(axis: SIMD3(0, 0, 1), angle: Double.pi / 6)])
        XCTAssertNil(ElasticConstants.named(turned, laue: .cubicHigh, tolerance: 1e-6))
        XCTAssertEqual(try ElasticModuli(turned).bulkVoigt, m.bulkVoigt, accuracy: 1e-9)
        XCTAssertEqual(try ElasticModuli(turned).shearReuss, m.shearReuss, accuracy: 1e-9)
        XCTAssertFalse(try ElasticModuli(LaueClass.cubicHigh.matrix([100, 120, 50])).isBornStable)
    }
}
