import Atoms

/// The binned search behind `NeighborList`: atoms are wrapped into the cell and sorted
/// into bins in fractional coordinates, each bin at least half the cutoff thick along
/// every axis. The bin grid is padded with `span` bins of periodic images on every side
/// (`PaddedBins`), so that each atom scans a fixed stencil of bin offsets without folding
/// across the boundaries. A row lists its neighbors in scan order, or, given an `inner`
/// radius (a Verlet list's potential cutoff), those within it first and the skin's after
/// them: a potential's test of each entry against its cutoff then passes along the front of
/// the row and fails along the rest, which the processor predicts, where the skin's entries
/// in scan order (a third to a half of a row) made each test a coin toss.
struct BinnedSearch {
    let structure: Structure
    let cutoff: Double
    let inner: Double?
    let half: Bool

    init(_ structure: Structure, cutoff: Double, inner: Double? = nil, half: Bool) {
        self.structure = structure
        self.cutoff = cutoff
        self.inner = inner.flatMap { $0 < cutoff ? $0 : nil }
        self.half = half
    }

    struct Result {
        var start: [Int]
        /// neighbor << imageBits | image per entry (`NeighborList.entries`).
        var entries: [UInt32]
        var imageBits: UInt32
        /// Lattice translation of each image index (integers).
        var images: [SIMD3<Double>]
        /// Lattice translation that wrapped each atom (integers).
        var wraps: [SIMD3<Double>]
    }

    /// Most lattice translations a search may scan (the image table's size): beyond it the
    /// cutoff is far larger than the cell is thick, a mistake rather than a model.
    static let maximumImages = 1 << 20
    /// Most neighbor entries a list may hold (about 16 bytes each while it is built).
    static let maximumPairs = 1 << 27
    /// Farthest an atom may lie outside the cell, in cell lengths, before wrapping it
    /// would lose its position to round-off.
    static let maximumWrap = 1e6
    /// Bins per cutoff length along each axis (as many as the cell and the atom count
    /// allow): the 5³ bins an atom scans then hold about 3.7 times the atoms within the
    /// cutoff, against 6.4 times for 3³ bins a cutoff thick.
    static let binsPerCutoff = 2.0
    /// The bit of a found entry's image that marks it beyond the inner radius (image
    /// indices stay below `maximumImages`, far under it).
    static let skinShift: UInt32 = 30
    static let skinFlag = Int32(1) << skinShift

    /// The rows one thread found: neighbor and image per entry, atom after atom; an image
    /// with `skinFlag` set is an entry beyond the inner radius.
    struct Rows {
        var index: [Int32] = []
        var image: [Int32] = []
    }

    func run() throws -> Result {
        let n = structure.count
        let h = structure.cell.matrix
        let inverse = h.inverse
        guard cutoff.isFinite, cutoff > 0 else {
            throw InputError("the neighbor cutoff \(cutoff) Å is not a positive finite number")
        }
        let faces = structure.cell.faceDistances
        let volume = structure.cell.volume
        guard volume.isFinite, volume > 0, faces.x.isFinite, faces.y.isFinite, faces.z.isFinite,
              faces.min() > 0, (0..<3).allSatisfy({ inverse[$0].sum().isFinite }) else {
            throw InputError("the cell is degenerate or not finite (volume \(volume) Å³): no neighbor search is possible")
        }
        // Fractional reach of the cutoff along each axis, bins per axis.
        let reach = SIMD3(repeating: cutoff) / faces
        var bins = SIMD3<Int>(repeating: 1)
        for k in 0..<3 { bins[k] = max(1, Int(min(Self.binsPerCutoff / reach[k], 256).rounded(.down))) }
        // No more bins than about two per atom: a huge cell of few atoms would otherwise
        // scan millions of empty bins. Fewer, thicker bins keep the search exact.
        while bins.x * bins.y * bins.z > 2 * n + 27 {
            let k = bins.x >= bins.y && bins.x >= bins.z ? 0 : bins.y >= bins.z ? 1 : 2
            bins[k] = max(1, bins[k] / 2)
        }
        // Bin offsets to scan per axis (`span`), and the lattice translations they reach.
        var span = SIMD3<Int>(repeating: 1)
        var reachable = SIMD3<Int>(repeating: 1)
        var imageCount = 1.0
        for k in 0..<3 {
            let s = (reach[k] * Double(bins[k])).rounded(.up)
            let translations = (s / Double(bins[k])).rounded(.up)
            imageCount *= 2 * translations + 1
            guard imageCount <= Double(Self.maximumImages) else {
                throw InputError(String(format: "the cutoff %.6g Å against the cell's face distances (%.6g, %.6g, %.6g) Å "
                                        + "would make the neighbor search scan more than %d periodic images (limit): "
                                        + "the cell is too thin or the cutoff too large", cutoff, faces.x, faces.y, faces.z,
                                        Self.maximumImages))
            }
            span[k] = Int(s)
            reachable[k] = Int(translations)
        }
        // Neighbors expected at the average density, and the padded grid's entries (each
        // atom once per image it has in the padding): refuse what would not fit in memory.
        let sphere = 4.0 / 3.0 * Double.pi * cutoff * cutoff * cutoff
        let expectedPairs = Double(n) * Double(n) * sphere / volume / (half ? 2 : 1)
        var padding = Double(n)
        for k in 0..<3 { padding *= Double(bins[k] + 2 * span[k]) / Double(bins[k]) }
        guard expectedPairs <= Double(Self.maximumPairs), padding <= Double(Self.maximumPairs) else {
            throw InputError(String(format: "a neighbor list of %d atoms in %.6g Å³ with cutoff %.6g Å would hold about %.3g pairs "
                                    + "(limit %d): the cutoff is far too large for this structure", n, volume, cutoff,
                                    max(expectedPairs, padding), Self.maximumPairs))
        }
        // Image table: every translation a scan can produce, indexed directly.
        var images: [SIMD3<Double>] = []
        for a in -reachable.x...reachable.x { for b in -reachable.y...reachable.y { for c in -reachable.z...reachable.z {
            images.append(SIMD3(Double(a), Double(b), Double(c)))
        }}}
        // Wrap each atom into the cell; remember the lattice translation it took.
        var fractional = [SIMD3<Double>](repeating: .zero, count: n)
        var wraps = [SIMD3<Double>](repeating: .zero, count: n)
        for i in 0..<n {
            let f = structure.positions[i] * inverse
            let far = Self.maximumWrap
            guard abs(f.x) <= far, abs(f.y) <= far, abs(f.z) <= far else {
                throw InputError(String(format: "atom %d lies (%.3g, %.3g, %.3g) cell lengths from the cell (limit %.0g): "
                                        + "wrapping it would lose its position to round-off", i + 1, f.x, f.y, f.z, far))
            }
            var m = f.rounded(.down)
            var w = f - m
            for k in 0..<3 where w[k] >= 1 { w[k] -= 1; m[k] += 1 }
            fractional[i] = w
            wraps[i] = -m
        }
        let packing = NeighborList.packing(images: images.count)
        guard n <= packing.atoms else {
            throw InputError("\(n) atoms with \(images.count) periodic images each are more than a neighbor list can index "
                             + "(at most \(packing.atoms) atoms with this many images): use a smaller cutoff or a thicker cell")
        }
        let grid = PaddedBins(fractional: fractional, cell: h, bins: bins, span: span, reachable: reachable)
        let (start, entries) = scan(grid, expectedPairs: expectedPairs, imageBits: packing.bits,
                                    inner: inner)
        return Result(start: start, entries: entries, imageBits: packing.bits, images: images, wraps: wraps)
    }

    /// Every atom's row: the atoms of the stencil's bins within the cutoff. A half list
    /// scans only the offsets after zero in lexicographic order, and in the atom's own bin
    /// only the atoms after it: a pair found from i with offset d is found from j with −d,
    /// so each pair is found once. Rows are found bin by bin on all cores, each chunk of
    /// bins into buffers of its own, then copied into atom order as packed entries.
    /// With an `inner` radius (Å), each row's entries within it are put before the others.
    private func scan(_ grid: PaddedBins, expectedPairs: Double, imageBits: UInt32,
                      inner: Double?) -> (start: [Int], entries: [UInt32]) {
        let n = structure.count
        let binCount = grid.bins.x * grid.bins.y * grid.bins.z
        let stencil = grid.stencil(half: half)
        let chunkCount = max(1, min(binCount, Parallel.threads * 4))
        let cut2 = cutoff * cutoff
        let inner2 = inner.map { $0 * $0 } ?? .infinity
        let half = self.half
        var counts = [Int](repeating: 0, count: n)
        var found = [Rows](repeating: Rows(), count: chunkCount)
        grid.positions.withUnsafeBufferPointer { position in
        grid.atoms.withUnsafeBufferPointer { atom in
        grid.imageOf.withUnsafeBufferPointer { imageOf in
        grid.start.withUnsafeBufferPointer { binStart in
        stencil.withUnsafeBufferPointer { stencil in
        counts.withUnsafeMutableBufferPointer { counts in
        found.withUnsafeMutableBufferPointer { found in
            Parallel.forEachChunk(binCount, chunks: chunkCount) { c, bins in
                var rows = Rows()
                let capacity = Int(Double(bins.count) / Double(binCount) * expectedPairs * 1.2) + 64
                rows.index.reserveCapacity(capacity)
                rows.image.reserveCapacity(capacity)
                for b in bins {
                    let home = grid.padded(bin: b)
                    for p in binStart[home]..<binStart[home + 1] {
                        let ri = position[p]
                        let before = rows.index.count
                        // The own bin: the atoms after this one (half), all but itself (full).
                        for q in (half ? p + 1 : binStart[home])..<binStart[home + 1] where q != p {
                            let r2 = lengthSquared(position[q] - ri)
                            if r2 < cut2 {
                                rows.index.append(atom[q])
                                rows.image.append(imageOf[q] | (r2 < inner2 ? 0 : Self.skinFlag))
                            }
                        }
                        for offset in stencil {
                            let bin = home + offset
                            for q in binStart[bin]..<binStart[bin + 1] {
                                let r2 = lengthSquared(position[q] - ri)
                                if r2 < cut2 {
                                    rows.index.append(atom[q])
                                    rows.image.append(imageOf[q] | (r2 < inner2 ? 0 : Self.skinFlag))
                                }
                            }
                        }
                        counts[Int(atom[p])] = rows.index.count - before
                    }
                }
                found[c] = rows
            }
        }}}}}}}
        // Rows into atom order, in the order the chunks found them; with an inner radius the
        // entries found within it first, the skin's after them. Each word is stored in both
        // places and one of the two ends moves on: no branch on the flag, which the
        // processor could not predict.
        var start = [Int](repeating: 0, count: n + 1)
        for i in 0..<n { start[i + 1] = start[i] + counts[i] }
        var entries = [UInt32](repeating: 0, count: start[n])
        entries.withUnsafeMutableBufferPointer { entries in
            Parallel.forEachChunk(binCount, chunks: chunkCount) { c, bins in
                var k = 0
                var outer = [UInt32](repeating: 0, count: 64)
                found[c].index.withUnsafeBufferPointer { index in
                found[c].image.withUnsafeBufferPointer { image in
                    for b in bins {
                        let home = grid.padded(bin: b)
                        for p in grid.start[home]..<grid.start[home + 1] {
                            let i = Int(grid.atoms[p])
                            let row = start[i]..<start[i + 1]
                            if outer.count < row.count { outer = [UInt32](repeating: 0, count: 2 * row.count) }
                            var e = row.lowerBound, o = 0
                            outer.withUnsafeMutableBufferPointer { outer in
                                for _ in row {
                                    let m = UInt32(bitPattern: image[k])
                                    let skin = Int(m >> Self.skinShift)
                                    let word = UInt32(bitPattern: index[k]) << imageBits | (m & ~(1 << Self.skinShift))
                                    entries[e] = word
                                    outer[o] = word
                                    e &+= 1 &- skin
                                    o &+= skin
                                    k &+= 1
                                }
                                for w in outer[..<o] {
                                    entries[e] = w
                                    e &+= 1
                                }
                            }
                        }
                    }
                }}
            }
        }
        return (start, entries)
    }
}
