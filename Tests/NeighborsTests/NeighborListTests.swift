import Atoms
@testable import Neighbors
import TestSupport
import XCTest

final class NeighborListTests: XCTestCase {
    let cu = Element(symbol: "Cu")!

    /// Sorted (i, j, rounded displacement) keys of a list, to compare with brute force.
    func keys(_ s: Structure, _ list: NeighborList) -> [String] {
        var out: [String] = []
        for i in 0..<s.count {
            for k in list.range(of: i) {
                let j = list.neighbor(k)
                let d = list.displacement(k, from: i, s.positions)
                out.append(key(i, j, d))
            }
        }
        return out.sorted()
    }

    func key(_ i: Int, _ j: Int, _ d: SIMD3<Double>) -> String {
        // Rounded first, so that round-off of either sign around 0 prints as 0.
        let r = (d * 1e6).rounded(.toNearestOrEven) / 1e6 + SIMD3<Double>.zero
        return String(format: "%d %d %.6f %.6f %.6f", i, j, r.x, r.y, r.z)
    }

    func assertMatchesBruteForce(_ s: Structure, cutoff: Double, file: StaticString = #filePath, line: UInt = #line) throws {
        let brute = bruteForcePairs(s, cutoff: cutoff).map { key($0.i, $0.j, $0.d) }.sorted()
        let full = try NeighborList(s, cutoff: cutoff, kind: .full)
        let listed = keys(s, full)
        XCTAssertEqual(listed.count, brute.count, file: file, line: line)
        XCTAssertEqual(Set(listed).symmetricDifference(brute).sorted().prefix(5), [], file: file, line: line)
        let half = try NeighborList(s, cutoff: cutoff, kind: .half)
        XCTAssertEqual(2 * half.pairCount, full.pairCount, file: file, line: line)
        // Each half-list pair and its reverse together give the full list.
        var both: [String] = []
        for i in 0..<s.count {
            for k in half.range(of: i) {
                let j = half.neighbor(k)
                let d = half.displacement(k, from: i, s.positions)
                both.append(key(i, j, d))
                both.append(key(j, i, -d))
            }
        }
        XCTAssertEqual(Set(both).symmetricDifference(brute).sorted().prefix(5), [], file: file, line: line)
    }

    /// A one-atom fcc cell with a 5.5 Å cutoff: 12 + 6 + 24 + 12 = 54 neighbours, all images.
    func testOneAtomCellWithCutoffBeyondTheCell() throws {
        let s = try Lattices.build(.fcc, elements: [cu], a: 3.615, primitive: true)
        let list = try NeighborList(s, cutoff: 5.5)
        XCTAssertEqual(list.range(of: 0).count, 54)
        try assertMatchesBruteForce(s, cutoff: 5.5)
    }

    /// Entries are 32-bit words, neighbor << bits | image: the image bits and the largest
    /// atom count for a number of images, and a list whose images use several bits.
    func testEntriesPackNeighborAndImage() throws {
        XCTAssertTrue(NeighborList.packing(images: 1) == (0, 1 << 32))
        XCTAssertTrue(NeighborList.packing(images: 27) == (5, 1 << 27))
        XCTAssertTrue(NeighborList.packing(images: 32) == (5, 1 << 27))
        XCTAssertTrue(NeighborList.packing(images: 33) == (6, 1 << 26))
        XCTAssertTrue(NeighborList.packing(images: 1 << 20) == (20, 1 << 12))
        var s = try Supercell.make(try Lattices.build(.fcc, elements: [cu], a: 3.615, primitive: true), repeats: SIMD3(3, 3, 3))
        var rng = SeededGenerator(seed: 3)
        for i in 0..<s.count { s.positions[i] += SIMD3((0..<3).map { _ in Double.random(in: -0.05...0.05, using: &rng) }) }
        let list = try NeighborList(s, cutoff: 9)
        XCTAssertGreaterThan(list.imageBits, 2)
        XCTAssertEqual(Set((0..<list.pairCount).map(list.neighbor)), Set(0..<27), "every atom is someone's neighbor")
        XCTAssertGreaterThan((0..<list.pairCount).map(list.image).max()!, 1 << (list.imageBits - 1), "images use the top bit")
        try assertMatchesBruteForce(s, cutoff: 9)
    }

    /// With an inner radius (a Verlet list's potential cutoff) each row holds the same
    /// entries, those within the radius first.
    func testInnerRadiusPutsTheCloseEntriesFirst() throws {
        var rng = SeededGenerator(seed: 5)
        for (kind, trial) in [(NeighborList.Kind.half, 1), (.full, 2), (.half, 3)] {
            let base = try Lattices.build(trial == 2 ? .diamond : .fcc, elements: [cu], a: 3.6)
            let s = PotentialChecks.randomTriclinic(try Supercell.make(base, repeats: SIMD3(3, 3, 3)), strain: 0.1, rattle: 0.3,
                                                   seed: UInt64(trial))
            let inner = Double.random(in: 3...5, using: &rng)
            let plain = try NeighborList(s, cutoff: inner + 1, kind: kind)
            let split = try NeighborList(s, cutoff: inner + 1, kind: kind, inner: inner)
            XCTAssertEqual(split.start, plain.start)
            var skinEntries = 0
            for i in 0..<s.count {
                XCTAssertEqual(split.range(of: i).map { split.entries[$0] }.sorted(), plain.range(of: i).map { plain.entries[$0] }.sorted())
                let within = split.range(of: i).map { length(split.displacement($0, from: i, s.positions)) < inner }
                XCTAssertEqual(within, within.sorted { $0 && !$1 }, "row \(i): entries within \(inner) Å first")
                skinEntries += within.filter { !$0 }.count
            }
            XCTAssertGreaterThan(skinEntries, s.count, "the test needs skin entries")
        }
    }

    func testRandomTriclinicCellsMatchBruteForce() throws {
        var rng = SeededGenerator(seed: 11)
        for trial in 0..<8 {
            var s = try Lattices.build(trial % 2 == 0 ? .fcc : .diamond, elements: [cu], a: 3.6, primitive: trial % 3 == 0)
            s = PotentialChecks.randomTriclinic(s, strain: 0.25, rattle: 0.3, seed: UInt64(trial + 1))
            // Wander some atoms outside the cell: unwrapped positions must work.
            s.positions[0] += s.cell.cartesian(SIMD3(2, -3, 1))
            let cutoff = Double.random(in: 2.0...7.5, using: &rng)
            try assertMatchesBruteForce(s, cutoff: cutoff)
        }
    }

    func testLargeSystemUsesBinsAndStaysRight() throws {
        let s = try Supercell.make(try Lattices.build(.fcc, elements: [cu], a: 3.615), repeats: SIMD3(10, 10, 10))
        let list = try NeighborList(s, cutoff: 5.5)
        XCTAssertEqual(list.pairCount, 4000 * 54)
        for i in [0, 1234, 3999] { XCTAssertEqual(list.range(of: i).count, 54) }
    }

    /// Enough atoms for several half-cutoff bins per axis, so that the scan crosses bins,
    /// folds and periodic images (the small cells above have one or two bins per axis).
    func testManyBinsInSkewedCellsMatchBruteForce() throws {
        for (trial, cutoff) in [2.9, 4.3, 6.1].enumerated() {
            let base = try Supercell.make(try Lattices.build(.fcc, elements: [cu], a: 3.6), repeats: SIMD3(4, 5, 3))
            let s = PotentialChecks.randomTriclinic(base, strain: 0.2, rattle: 0.4, seed: UInt64(20 + trial))
            try assertMatchesBruteForce(s, cutoff: cutoff)
        }
    }

    /// Random strains and moves below the rebuild threshold never lose a pair within the
    /// cutoff, and a uniform 2 % expansion of a large cell (atoms carried with it) needs no
    /// rebuild: only moves relative to the cell count.
    func testVerletListStaysCompleteUnderCellChanges() throws {
        let base = try Supercell.make(try Lattices.build(.fcc, elements: [cu], a: 3.615), repeats: SIMD3(3, 3, 3))
        var rng = SeededGenerator(seed: 5)
        var kept = 0
        for trial in 0..<20 {
            let s = PotentialChecks.randomTriclinic(base, strain: 0.01, rattle: 0.05, seed: UInt64(trial + 1))
            let verlet = try VerletList(s, cutoff: 4.0, skin: 0.8)
            // From tiny changes to ones that must trigger a rebuild.
            let size = Double(trial) / 19
            let (strain, rattle) = (0.05 * size, 0.4 * size)
            var e = Matrix3.zero
            for a in 0..<3 { for b in 0..<3 { e[a, b] = Double.random(in: -strain...strain, using: &rng) } }
            var moved = s.strained(e)
            for i in moved.positions.indices {
                moved.positions[i] += SIMD3(Double.random(in: -rattle...rattle, using: &rng),
                                            Double.random(in: -rattle...rattle, using: &rng),
                                            Double.random(in: -rattle...rattle, using: &rng))
            }
            guard !verlet.needsRebuild(moved) else { continue }
            kept += 1
            var list = verlet.list
            list.changeCell(to: moved.cell)
            let listed = Set(keys(moved, list))
            for p in bruteForcePairs(moved, cutoff: 4.0) { XCTAssertTrue(listed.contains(key(p.i, p.j, p.d)), "trial \(trial)") }
        }
        XCTAssertGreaterThan(kept, 5, "the test should exercise lists kept across cell changes")
        let large = try Supercell.make(try Lattices.build(.fcc, elements: [cu], a: 3.615), repeats: SIMD3(8, 8, 8))
        let verlet = try VerletList(large, cutoff: 5.5, skin: 1.0)
        XCTAssertFalse(verlet.needsRebuild(large.strained(Matrix3(diagonal: SIMD3(repeating: 0.02)))))
        XCTAssertTrue(verlet.needsRebuild(large.strained(Matrix3(diagonal: SIMD3(repeating: 0.1)))))
    }

    func testVerletListRebuildsOnlyWhenNeeded() throws {
        var s = PotentialChecks.randomTriclinic(try Supercell.make(try Lattices.build(.fcc, elements: [cu], a: 3.615),
                                                                   repeats: SIMD3(2, 2, 2)), strain: 0.02, rattle: 0.05)
        var verlet = try VerletList(s, cutoff: 4.0, skin: 0.6)
        s.positions[3] += SIMD3(0.2, 0, 0)
        XCTAssertFalse(verlet.needsRebuild(s))
        _ = try verlet.update(s)
        XCTAssertEqual(verlet.builds, 1)
        // Everything within the cutoff is still listed.
        let list = verlet.list
        let listed = Set(keys(s, list))
        for p in bruteForcePairs(s, cutoff: 4.0) { XCTAssertTrue(listed.contains(key(p.i, p.j, p.d))) }
        s.positions[5] += SIMD3(0, 0.4, 0)
        XCTAssertTrue(verlet.needsRebuild(s))
        _ = try verlet.update(s)
        XCTAssertEqual(verlet.builds, 2)
        // A changed cell: shifts follow the cell.
        let strained = s.strained(Matrix3(diagonal: SIMD3(0.001, 0, 0)))
        let updated = try verlet.update(strained)
        let after = Set(keys(strained, updated))
        for p in bruteForcePairs(strained, cutoff: 4.0) { XCTAssertTrue(after.contains(key(p.i, p.j, p.d))) }
    }
}

/// Impossible searches are errors, not traps or multi-gigabyte allocations (issue 19).
final class NeighborLimitTests: XCTestCase {
    let si = Element(symbol: "Si")!

    func testHugeCutoffsAndThinCellsThrow() {
        let cell = Structure(cell: .orthorhombic(SIMD3(5, 5, 5)), positions: [.zero], elements: [si])
        XCTAssertThrowsError(try NeighborList(cell, cutoff: 1e308))
        XCTAssertThrowsError(try NeighborList(cell, cutoff: .infinity))
        XCTAssertThrowsError(try NeighborList(cell, cutoff: 0))
        XCTAssertThrowsError(try NeighborList(cell, cutoff: .nan))
        let thin = Structure(cell: .orthorhombic(SIMD3(5, 5, 1e-6)), positions: [.zero], elements: [si])
        XCTAssertThrowsError(try NeighborList(thin, cutoff: 5))
        // Skewed: a2 almost parallel to a1, so one face distance is tiny.
        let skewed = Structure(cell: Cell(SIMD3(5, 0, 0), SIMD3(5, 1e-4, 0), SIMD3(0, 0, 5)), positions: [.zero], elements: [si])
        XCTAssertThrowsError(try NeighborList(skewed, cutoff: 5))
    }

    func testHugeCellsAndFarAtomsAreHandled() throws {
        let sparse = Structure(cell: .orthorhombic(SIMD3(repeating: 1e26)), positions: [.zero, SIMD3(1e25, 0, 0)], elements: [si, si])
        XCTAssertEqual(try NeighborList(sparse, cutoff: 5).pairCount, 0)
        let far = Structure(cell: .orthorhombic(SIMD3(5, 5, 5)), positions: [SIMD3(1e300, 0, 0)], elements: [si])
        XCTAssertThrowsError(try NeighborList(far, cutoff: 3))
    }
}
