import Atoms

/// Neighbor lists of atoms in open space — no periodicity, every image is an atom of its
/// own — as in a LAMMPS domain, where the atoms a process owns come first and the ghost
/// atoms (images and other processes' atoms) after them. Only the first `rowCount` atoms
/// get rows; the others appear only as neighbors. Such a list is a `NeighborList` with one
/// zero shift and no wrapping, so every potential's loop reads it unchanged.
public extension NeighborList {
    /// `start` of the atoms that have rows (all but an open-boundary list's ghosts): what a
    /// potential balances its loop over atoms with, so that a LAMMPS domain's ghosts,
    /// whose rows are empty, are not visited at all (no energy, force or work of their own).
    var rowStarts: [Int] { rowLimit.map { Array(start[...$0]) } ?? start }

    /// A full list from compressed rows the caller built (e.g. LAMMPS's own list): row i is
    /// `index[start[i]..<start[i + 1]]`; `count` atoms in all, rows beyond `start` empty.
    /// `cutoff` is the radius the rows were built for, Å.
    init(openRows start: [Int], index: [Int32], count: Int, cutoff: Double) {
        precondition(start.count >= 1 && start.count <= count + 1 && start.last! == index.count, "rows do not match the index")
        precondition(index.allSatisfy { $0 >= 0 }, "negative neighbor index")
        self.cutoff = cutoff
        kind = .full
        rowLimit = start.count - 1
        var rows = start
        rows.reserveCapacity(count + 1)
        while rows.count < count + 1 { rows.append(index.count) }
        self.start = rows
        entries = index.map { UInt32($0) }
        imageBits = 0
        shiftLattice = [.zero]
        shifts = [.zero]
        wrapLattice = [SIMD3<Double>](repeating: .zero, count: count)
        wrap = wrapLattice
    }

    /// The full list, radius `cutoff` (Å), of atoms `0..<rowCount` among `positions`
    /// (Cartesian, Å, open boundaries). Linear in the number of atoms: atoms are binned in
    /// cubes of side `cutoff` over their bounding box.
    init(openBoundary positions: [SIMD3<Double>], rowCount: Int, cutoff: Double) {
        precondition(cutoff > 0 && rowCount <= positions.count, "cutoff must be positive and rows at most the atoms")
        let n = positions.count
        var low = positions.first ?? .zero, high = low
        for r in positions { low = pointwiseMin(low, r); high = pointwiseMax(high, r) }
        let extent = high - low
        var bins = SIMD3<Int>(1, 1, 1)
        for k in 0..<3 { bins[k] = max(1, min(Int(extent[k] / cutoff), 1024)) }
        let side = SIMD3<Double>(Double(bins.x), Double(bins.y), Double(bins.z)) / pointwiseMax(extent, SIMD3(repeating: 1e-12))
        func bin(_ r: SIMD3<Double>) -> SIMD3<Int> {
            let f = (r - low) * side
            return SIMD3(min(Int(f.x), bins.x - 1), min(Int(f.y), bins.y - 1), min(Int(f.z), bins.z - 1))
        }
        func flat(_ b: SIMD3<Int>) -> Int { (b.x * bins.y + b.y) * bins.z + b.z }
        let binCount = bins.x * bins.y * bins.z
        var binStart = [Int](repeating: 0, count: binCount + 1)
        var binOf = [Int](repeating: 0, count: n)
        for i in 0..<n { binOf[i] = flat(bin(positions[i])); binStart[binOf[i] + 1] += 1 }
        for b in 0..<binCount { binStart[b + 1] += binStart[b] }
        var fill = binStart
        var sorted = [Int32](repeating: 0, count: n)
        for i in 0..<n { sorted[fill[binOf[i]]] = Int32(i); fill[binOf[i]] += 1 }
        let cut2 = cutoff * cutoff
        var start = [Int](repeating: 0, count: rowCount + 1)
        var index: [Int32] = []
        for i in 0..<rowCount {
            let ri = positions[i], b = bin(ri)
            for x in max(0, b.x - 1)...min(bins.x - 1, b.x + 1) {
                for y in max(0, b.y - 1)...min(bins.y - 1, b.y + 1) {
                    for z in max(0, b.z - 1)...min(bins.z - 1, b.z + 1) {
                        let c = flat(SIMD3(x, y, z))
                        for p in binStart[c]..<binStart[c + 1] {
                            let j = sorted[p]
                            if Int(j) != i && lengthSquared(positions[Int(j)] - ri) < cut2 { index.append(j) }
                        }
                    }
                }
            }
            start[i + 1] = index.count
        }
        self.init(openRows: start, index: index, count: n, cutoff: cutoff)
    }
}
