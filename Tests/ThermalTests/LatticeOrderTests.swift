import Analysis
import Atoms
import Foundation
import TestSupport
import XCTest

/// Displacements from lattice sites (Lindemann ratio) and the slab order parameter.
final class LatticeOrderTests: XCTestCase {
    func fcc(_ repeats: SIMD3<Int>) throws -> Structure {
        try Supercell.make(Lattices.build(.fcc, elements: [Element(symbol: "Cu")!], a: 3.6), repeats: repeats)
    }

    /// A strained, translated crystal has no displacement from its sites; known
    /// displacements give ⟨u²⟩, d scales with the cell.
    func testDisplacementFollowsCellAndRemovesDrift() throws {
        let s = try fcc(SIMD3(repeating: 3))
        let sites = LatticeDisplacement(reference: s)
        XCTAssertEqual(sites.nearestNeighbourDistance, 3.6 / 2.0.squareRoot(), accuracy: 1e-12)
        var moved = s.strained(Matrix3(diagonal: SIMD3(0.02, 0.02, 0.02)))
        moved.positions = moved.positions.map { $0 + SIMD3(0.7, -0.2, 5.0) }
        let still = sites.measure(cell: moved.cell, positions: moved.positions)
        XCTAssertEqual(still.meanSquare, 0, accuracy: 1e-20)
        XCTAssertEqual(still.distance, 1.02 * 3.6 / 2.0.squareRoot(), accuracy: 1e-12)
        // Alternate atoms displaced by ±0.1 Å along x: no net drift, ⟨u²⟩ = 0.01 Å².
        var shaken = s
        shaken.positions = s.positions.enumerated().map { $1 + SIMD3($0 % 2 == 0 ? 0.1 : -0.1, 0, 0) }
        let r = sites.measure(cell: shaken.cell, positions: shaken.positions)
        XCTAssertEqual(r.meanSquare, 0.01, accuracy: 1e-12)
        XCTAssertEqual(r.ratio, 0.1 / (3.6 / 2.0.squareRoot()), accuracy: 1e-12)
    }

    /// ψ = 1 in every slab of a perfect crystal (the {111} family is found); slabs of
    /// randomly placed atoms fall below 0.5, so half a box of them gives a solid fraction ½.
    func testSlabOrderSeesCrystalAndDisorder() throws {
        let s = try fcc(SIMD3(3, 3, 6))
        let order = try XCTUnwrap(SlabOrder(reference: s, nearestNeighbourDistance: 3.6 / 2.0.squareRoot(), slabs: 6))
        XCTAssertEqual(order.vectors.count, 4)
        for psi in order.profile(s) { XCTAssertEqual(psi, 1, accuracy: 1e-9) }
        var half = s
        var rng = SeededGenerator(seed: 3)
        half.positions = s.positions.map { r in
            let f = s.cell.fractional(r)
            guard f.z - f.z.rounded(.down) >= 0.5 else { return r }
            return s.cell.cartesian(SIMD3(Double.random(in: 0..<1, using: &rng), Double.random(in: 0..<1, using: &rng),
                                          0.5 + 0.5 * Double.random(in: 0..<1, using: &rng)))
        }
        XCTAssertEqual(order.solidFraction(half), 0.5, accuracy: 1e-12)
    }
}
