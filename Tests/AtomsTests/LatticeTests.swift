import Atoms
import Neighbors
import TestSupport
import XCTest

final class LatticeTests: XCTestCase {
    let cu = Element(symbol: "Cu")!

    func testElementTable() {
        XCTAssertEqual(Element.table.count, 118)
        XCTAssertEqual(Element(symbol: "Cu")?.number, 29)
        XCTAssertEqual(Element(symbol: "Cu")!.mass, 63.546, accuracy: 1e-9)
        XCTAssertEqual(Element(symbol: "Si")!.mass, 28.085, accuracy: 1e-9)
        XCTAssertEqual(Element(number: 79)?.symbol, "Au")
        XCTAssertEqual(Element(number: 118)?.symbol, "Og")
        XCTAssertNil(Element(symbol: "Xx"))
        XCTAssertNil(Element(number: 0))
        for (k, e) in Element.table.enumerated() { XCTAssertEqual(e.number, k + 1) }
    }

    func testMatrixInverse() {
        let m = Matrix3(rowMajor: [2, 0.3, -1, 0.5, 3, 0.2, -0.4, 1, 4])
        let p = m * m.inverse
        XCTAssertLessThan((p - Matrix3.identity).maxAbs, 1e-14)
        XCTAssertEqual(Matrix3.rotation(axis: SIMD3(1, 1, 0), angle: 0.3).determinant, 1, accuracy: 1e-14)
    }

    /// Nearest-neighbour distance and coordination of each built lattice.
    func testNearestNeighbours() throws {
        let a = 4.0
        let cases: [(LatticeKind, [Element], Double, Int, Int)] = [
            (.sc, [cu], a, 1, 6), (.bcc, [cu], a * 3.0.squareRoot() / 2, 2, 8),
            (.fcc, [cu], a / 2.0.squareRoot(), 4, 12), (.diamond, [cu], a * 3.0.squareRoot() / 4, 8, 4),
            (.rocksalt, [Element(symbol: "Na")!, Element(symbol: "Cl")!], a / 2, 8, 6),
            (.zincblende, [Element(symbol: "Ga")!, Element(symbol: "As")!], a * 3.0.squareRoot() / 4, 8, 4),
            (.hcp, [cu], a, 2, 12),
        ]
        for (kind, elements, dnn, atoms, coordination) in cases {
            for primitive in [false, true] {
                let s = try Lattices.build(kind, elements: elements, a: a, primitive: primitive)
                if !primitive { XCTAssertEqual(s.count, atoms, kind.rawValue) }
                let list = try NeighborList(s, cutoff: dnn * 1.01)
                for i in 0..<s.count {
                    XCTAssertEqual(list.range(of: i).count, coordination, "\(kind) primitive=\(primitive)")
                    for k in list.range(of: i) {
                        let d = length(list.displacement(k, from: i, s.positions))
                        XCTAssertEqual(d, dnn, accuracy: 1e-12)
                    }
                }
            }
        }
    }

    func testPrimitiveCellsHaveTheRightVolume() throws {
        let a = 3.6
        XCTAssertEqual(try Lattices.build(.fcc, elements: [cu], a: a, primitive: true).cell.volume, a * a * a / 4, accuracy: 1e-12)
        XCTAssertEqual(try Lattices.build(.bcc, elements: [cu], a: a, primitive: true).cell.volume, a * a * a / 2, accuracy: 1e-12)
        XCTAssertEqual(try Lattices.build(.diamond, elements: [cu], a: a, primitive: true).count, 2)
    }

    /// fcc Cu 3×3×3 is exactly the LAMMPS reference's perfect crystal, atom for atom.
    func testSupercellOrderMatchesLAMMPSReplicate() throws {
        let s = try Supercell.make(try Lattices.build(.fcc, elements: [cu], a: 3.615), repeats: SIMD3(3, 3, 3))
        let ref = try Fixtures.lammpsFrames("Cu_mishin.extxyz")[0].structure
        XCTAssertEqual(s.count, 108)
        XCTAssertEqual(s.cell, ref.cell)
        for (a, b) in zip(s.positions, ref.positions) { XCTAssertLessThan(length(a - b), 1e-12) }
    }

    func testGeneralSupercellMatrix() throws {
        // The conventional cube from the primitive fcc cell.
        let prim = try Lattices.build(.fcc, elements: [cu], a: 3.6, primitive: true)
        let p = try Supercell.parseMatrix("-1 1 1 1 -1 1 1 1 -1")
        let cube = try Supercell.make(prim, matrix: p)
        XCTAssertEqual(cube.count, 4)
        XCTAssertEqual(cube.cell.volume, 3.6 * 3.6 * 3.6, accuracy: 1e-10)
        XCTAssertEqual(cube.cell.lengths.x, 3.6, accuracy: 1e-12)
        XCTAssertEqual(try Supercell.parseMatrix("2x3x4"), [[2, 0, 0], [0, 3, 0], [0, 0, 4]])
        XCTAssertEqual(try Supercell.parseMatrix("2"), [[2, 0, 0], [0, 2, 0], [0, 0, 2]])
        XCTAssertThrowsError(try Supercell.parseMatrix("2x0x1"))
        XCTAssertThrowsError(try Supercell.parseMatrix("two"))
    }

    func testLatticeSpecs() throws {
        let si = try StructureInput.lattice("diamond:Si:5.431")
        XCTAssertEqual(si.count, 8)
        XCTAssertEqual(si.cell.volume, pow(5.431, 3), accuracy: 1e-9)
        let nacl = try StructureInput.lattice("rocksalt:NaCl:5.64")
        XCTAssertEqual(nacl.formula, "Na4Cl4")
        XCTAssertEqual(try StructureInput.lattice("rocksalt:Na-Cl:5.64").formula, "Na4Cl4")
        let mg = try StructureInput.lattice("hcp:Mg:3.21:5.21")
        XCTAssertEqual(mg.cell.lengths.z, 5.21, accuracy: 1e-12)
        XCTAssertEqual(try StructureInput.lattice("primitive-fcc:Cu:3.6").count, 1)
        XCTAssertEqual(try StructureInput.frames("fcc:Cu:3.615", supercell: "2x2x3")[0].structure.count, 48)
        for bad in ["fcc:Cu", "fcc:Xx:3.6", "fcc:Cu:-1", "fcc:Cu:abc", "rocksalt:Na:5", "fcc:Cu:3.6:4"] {
            XCTAssertThrowsError(try StructureInput.lattice(bad), bad) { XCTAssertTrue($0 is InputError, bad) }
        }
        XCTAssertThrowsError(try StructureInput.frames("fcc:Cu:3.6", supercell: "0"))
    }

    func testValidationRejectsBadCellsAndOverlaps() throws {
        var s = try Lattices.build(.fcc, elements: [cu], a: 3.6)
        s.cell = Cell(SIMD3(1, 0, 0), SIMD3(2, 0, 0), SIMD3(0, 0, 1))
        XCTAssertThrowsError(try s.validate()) { XCTAssertTrue("\($0)".contains("zero volume")) }
        var t = try Lattices.build(.fcc, elements: [cu], a: 3.6)
        t.positions[1] = t.positions[0] + SIMD3(0.1, 0, 0)
        XCTAssertThrowsError(try t.checkOverlaps()) { XCTAssertTrue("\($0)".contains("atoms 1 and 2 overlap"), "\($0)") }
        XCTAssertNoThrow(try Lattices.build(.fcc, elements: [cu], a: 3.6).checkOverlaps())
    }
}
