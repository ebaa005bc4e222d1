import Atoms
import Foundation
import Mechanics
import Phonons
import Potentials
import TestSupport
import XCTest

/// Phonons of cells given in a non-standard setting: the cell is standardised before the
/// lattice is classified, and the frequencies at the standard points are those of the
/// standard setting; force constants obey the sum rule and permutation symmetry together;
/// the default supercell follows each lattice direction.
final class CellSettingTests: XCTestCase {
    /// Lennard-Jones Ar with a short cutoff (force constants reach 4.5 Å) for small supercells.
    let argon = LennardJones(element: Element(symbol: "Ar")!, epsilon: 0.0104, sigma: 3.40, cutoff: 4.5)

    /// The same crystal as `unit` with the atoms at the same Cartesian places and the cell
    /// rows replaced by `rows` (integer combinations of the old rows).
    func resetting(_ unit: Structure, rows: [[Double]]) -> Structure {
        let m = Matrix3(rowMajor: rows.flatMap { $0 })
        let cell = Cell(m * unit.cell.matrix)
        return Structure(cell: cell, positions: unit.positions.map { cell.wrap($0) }, elements: unit.elements, masses: unit.masses)
    }

    /// Frequencies (THz) at the standard points of `unit`'s lattice, the supercell chosen by
    /// the default rule for a reach of 2 × 4.5 Å (faces ≥ 9 Å apart suffice for a pair
    /// potential's force constants, which reach one cutoff).
    func frequencies(_ unit: Structure, file: StaticString = #filePath, line: UInt = #line) throws -> (PrimitiveCell.Bravais, [String: [Double]]) {
        let n = PhononCalculation.defaultRepeats(unit, cutoff: argon.cutoff / 2).repeats
        let result = try PhononCalculation.compute(argon, unit: unit, supercellMatrix: [[n.x, 0, 0], [0, n.y, 0], [0, 0, n.z]])
        let bravais = result.supercell.primitive.bravais
        var out: [String: [Double]] = [:]
        for (label, q) in QPath.standardPoints(bravais) { out[label] = try result.dynamicalMatrix.modes(at: q).frequencies }
        return (bravais, out)
    }

    func assertSame(_ a: [String: [Double]], _ b: [String: [Double]], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(Set(a.keys), Set(b.keys), file: file, line: line)
        for (label, fa) in a {
            guard let fb = b[label] else { continue }
            for (x, y) in zip(fa, fb) { XCTAssertEqual(x, y, accuracy: 1e-6, "\(label): \(fa) vs \(fb)", file: file, line: line) }
        }
    }

    /// fcc primitive cell given as a1, a2, a1 + a2 + a3: classified fcc, same frequencies at
    /// Γ X U K L W as the standard primitive cell (1e-6 THz).
    func testSkewedFCCPrimitiveCell() throws {
        let standard = try Lattices.build(.fcc, elements: argon.species, a: 5.26, primitive: true)
        let skewed = resetting(standard, rows: [[1, 0, 0], [0, 1, 0], [1, 1, 1]])
        XCTAssertEqual(PrimitiveCell.find(skewed).bravais, .faceCentredCubic)
        let (b1, f1) = try frequencies(standard)
        let (b2, f2) = try frequencies(skewed)
        XCTAssertEqual(b1, .faceCentredCubic)
        XCTAssertEqual(b2, .faceCentredCubic)
        assertSame(f1, f2)
        // L's transverse pair stays degenerate (the symmetry used fits the skewed supercell).
        XCTAssertEqual(f2["L"]![0], f2["L"]![1], accuracy: 1e-8)
    }

    /// hcp with γ = 60° (a2 → a1 + a2) and hcp as a 2×2×1 cell: both hexagonal, both with the
    /// frequencies of the standard 2-atom cell at Γ M K A L H.
    func testHexagonalSettings() throws {
        let standard = try Lattices.build(.hcp, elements: argon.species, a: 3.75, c: 6.1)
        let sixty = resetting(standard, rows: [[1, 0, 0], [1, 1, 0], [0, 0, 1]])
        XCTAssertEqual(sixty.cell.anglesDegrees.z, 60, accuracy: 1e-9)
        let doubled = try Supercell.make(standard, repeats: SIMD3(2, 2, 1))
        let (b0, f0) = try frequencies(standard)
        XCTAssertEqual(b0, .hexagonal)
        for unit in [sixty, doubled] {
            let (b, f) = try frequencies(unit)
            XCTAssertEqual(b, .hexagonal)
            assertSame(f0, f)
        }
    }

    /// A user path with hexagonal labels is accepted for the γ = 60° cell (it was "known
    /// here: G" before the cell was standardised).
    func testHexagonalLabelsOnNonStandardCell() throws {
        let standard = try Lattices.build(.hcp, elements: argon.species, a: 3.75, c: 6.1)
        let sixty = resetting(standard, rows: [[1, 0, 0], [1, 1, 0], [0, 0, 1]])
        let prim = PrimitiveCell.find(sixty)
        XCTAssertNoThrow(try QPath.parse("G M K G A", points: QPath.standardPoints(prim.bravais)))
    }

    /// Two-species zincblende GaN (Tersoff), off equilibrium: after the sum rule and
    /// permutation symmetry are imposed together, Φ_{pα,jβ} = Φ_{jβ,pα} to round-off and
    /// the three acoustic modes at Γ are zero within 1e-6 THz.
    func testZincblendeAcousticModesAndPermutationSymmetry() throws {
        let p = try PotentialLoader.load(Fixtures.classicalPotential("GaN.tersoff"))
        let unit = try Lattices.build(.zincblende, elements: [Element(symbol: "Ga")!, Element(symbol: "N")!], a: 4.40, primitive: true)
        let result = try PhononCalculation.compute(p, unit: unit, supercellMatrix: [[-3, 3, 3], [3, -3, 3], [3, 3, -3]])
        let fc = result.forceConstants
        let scale = fc.phi.joined().map(\.maxAbs).max()!
        XCTAssertLessThan(fc.permutationAsymmetry, 1e-12 * scale)
        for k in fc.phi.indices { XCTAssertLessThan(fc.phi[k].reduce(Matrix3.zero, +).maxAbs, 1e-12 * scale) }
        let gamma = try result.dynamicalMatrix.modes(at: .zero).frequencies
        for k in 0..<3 { XCTAssertEqual(gamma[k], 0, accuracy: 1e-6, "\(gamma)") }
    }

    /// The default supercell follows each direction: hcp Mg (a = 3.2094, c = 5.2103 Å) with
    /// a 7.5 Å cutoff needs 11×11×6 (1452 atoms), not 11×11×11.
    func testHexagonalDefaultSupercell() throws {
        let mg = try Lattices.build(.hcp, elements: [Element(symbol: "Mg")!], a: 3.2094, c: 5.2103)
        let (n, capped) = PhononCalculation.defaultRepeats(mg, cutoff: 7.5)
        XCTAssertEqual(n, SIMD3(11, 11, 6))
        XCTAssertFalse(capped)
        let sc = try PhononSupercell(unit: mg, matrix: [[11, 0, 0], [0, 11, 0], [0, 0, 6]])
        XCTAssertGreaterThanOrEqual(PhononCalculation.reachRatio(sc, cutoff: 7.5), 1)
        let small = try PhononSupercell(unit: mg, matrix: [[1, 0, 0], [0, 1, 0], [0, 0, 1]])
        XCTAssertLessThan(PhononCalculation.reachRatio(small, cutoff: 7.5), 1)
    }

    /// A mesh with a zero (or negative) axis is refused, not turned into NaN.
    func testZeroMeshRefused() throws {
        let unit = try Lattices.build(.fcc, elements: argon.species, a: 5.26, primitive: true)
        let result = try PhononCalculation.compute(argon, unit: unit, supercellMatrix: [[3, 0, 0], [0, 3, 0], [0, 0, 3]])
        XCTAssertThrowsError(try PhononMesh(result.dynamicalMatrix, size: SIMD3(0, 4, 4)))
    }
}
