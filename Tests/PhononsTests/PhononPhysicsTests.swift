import Atoms
import Foundation
import Mechanics
import Phonons
import Potentials
import TestSupport
import XCTest

final class PhononPhysicsTests: XCTestCase {
    static let sw = Result { try PhonopyComparisonTests.dynamicalMatrix("Si.sw", a: 5.430949778) }

    /// Every point of phonopy's straight Γ–X–K–Γ–L path (204 q-points), within 0.005 THz.
    func testWholePathMatchesPhonopy() throws {
        let dm = try Self.sw.get()
        let text = try String(contentsOfFile: Fixtures.reference("phonopy/Si_sw-sc3-phonopy/band_GXKGL_straight.txt"), encoding: .utf8)
        var worst = 0.0, count = 0
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let v = line.split(separator: " ").compactMap { Double($0) }
            let got = try dm.modes(at: SIMD3(v[2], v[3], v[4])).frequencies
            for (g, w) in zip(got, v[9...]) { worst = max(worst, abs(g - w)) }
            count += 1
        }
        XCTAssertEqual(count, 204)
        XCTAssertLessThan(worst, 0.005)
        XCTAssertLessThan(worst, 1e-3, "expected round-off-level agreement, got \(worst) THz")
    }

    /// Three zero acoustic modes at Γ; diamond's degeneracies at X (pairs) and L.
    func testAcousticModesAndDegeneracies() throws {
        let dm = try Self.sw.get()
        let g = try dm.modes(at: .zero).frequencies
        for k in 0..<3 { XCTAssertEqual(g[k], 0, accuracy: 1e-4) }
        XCTAssertEqual(g[3], g[5], accuracy: 1e-8)
        let x = try dm.modes(at: SIMD3(0.5, 0, 0.5)).frequencies
        for k in stride(from: 0, to: 6, by: 2) { XCTAssertEqual(x[k], x[k + 1], accuracy: 1e-8) }
        let l = try dm.modes(at: SIMD3(0.5, 0.5, 0.5)).frequencies
        XCTAssertEqual(l[0], l[1], accuracy: 1e-8)
        XCTAssertEqual(l[4], l[5], accuracy: 1e-8)
    }

    /// Harmonic Cv(300 K) on a Γ-centred 20³ mesh: phonopy gives 2.241667 kB/atom; Cv → 3 kB
    /// at high temperature; DOS integrates to 3n modes; partial DOS sum to the total.
    func testThermalPropertiesAndDOS() throws {
        let dm = try Self.sw.get()
        let mesh = try PhononMesh(dm, size: SIMD3(20, 20, 20))
        let thermal = ThermalProperties(mesh, temperatures: [300, 5000])
        XCTAssertEqual(thermal.rows[0].heatCapacity, 2.241667, accuracy: 2.241667 * 0.001)
        XCTAssertEqual(thermal.rows[1].heatCapacity, 3, accuracy: 0.01)
        let dos = DensityOfStates(mesh)
        XCTAssertEqual(dos.integral, 6, accuracy: 0.01)
        let gauss = DensityOfStates(mesh, method: .gaussian(sigmaTHz: 0.1))
        XCTAssertEqual(gauss.integral, 6, accuracy: 0.01)
        for g in stride(from: 0, to: dos.total.count, by: 17) {
            XCTAssertEqual(dos.partial[0][g], dos.total[g], accuracy: 1e-9)
        }
    }

    /// The same crystal through a different but equivalent supercell (the conventional cube
    /// 3×3×3 vs the primitive cell with a matrix giving the same supercell) gives the same
    /// frequencies.
    func testEquivalentSupercellMatricesAgree() throws {
        let p = try PotentialLoader.load(Fixtures.classicalPotential("Si.sw"))
        let si = Element(symbol: "Si")!
        let prim = try Lattices.build(.diamond, elements: [si], a: 5.430949778, primitive: true)
        // Rows (−3,3,3), (3,−3,3), (3,3,−3) of the primitive cell are the 3a cube.
        let sc = try PhononSupercell(unit: prim, matrix: [[-3, 3, 3], [3, -3, 3], [3, 3, -3]])
        XCTAssertEqual(sc.structure.count, 216)
        let sym = SupercellSymmetry(sc)
        var calc = Calculator(p)
        let records = try Displacements.compute(Displacements.plan(sym, amplitude: 0.01), supercell: sc, calculator: &calc)
        let other = DynamicalMatrix(try ForceConstants(records: records, symmetry: sym))
        let dm = try Self.sw.get()
        for q in [SIMD3(0.1, 0.2, 0.3), SIMD3(0.375, 0.375, 0.75), SIMD3(-0.2, 0.45, 0.05)] {
            for (a, b) in zip(try dm.modes(at: q).frequencies, try other.modes(at: q).frequencies) {
                XCTAssertEqual(a * 28.0855.squareRoot(), b * si.mass.squareRoot(), accuracy: 1e-6)
            }
        }
    }

    func testPrimitiveCellsAndSymmetry() throws {
        let si = Element(symbol: "Si")!
        let conventional = try Lattices.build(.diamond, elements: [si], a: 5.43)
        let p = PrimitiveCell.find(conventional)
        XCTAssertEqual(p.centring, .faceCentred)
        XCTAssertEqual(p.structure.count, 2)
        XCTAssertEqual(p.structure.cell.volume, conventional.cell.volume / 4, accuracy: 1e-9)
        XCTAssertEqual(SpaceGroup.find(conventional).order, 192)  // Fd-3m: 48 × 4 centrings
        XCTAssertEqual(SpaceGroup.find(try Lattices.build(.fcc, elements: [si], a: 4, primitive: true)).order, 48)
        XCTAssertEqual(PrimitiveCell.find(try Lattices.build(.bcc, elements: [si], a: 3)).centring, .bodyCentred)
        XCTAssertEqual(SpaceGroup.find(try Lattices.build(.hcp, elements: [si], a: 3)).order, 24)  // P6₃/mmc
        var rattled = conventional
        rattled.positions[3] += SIMD3(0.05, 0.01, 0)
        XCTAssertEqual(PrimitiveCell.find(rattled).centring, .primitive)
        XCTAssertEqual(SpaceGroup.find(rattled).order, 1)
    }
}
