import Atoms

/// The binned search behind `NeighborList`: atoms are wrapped into the cell and sorted
/// into bins in fractional coordinates, each bin at least the cutoff thick along every
/// axis; each atom then scans enough neighboring bins, across periodic boundaries, to
/// reach every image within the cutoff.
struct BinnedSearch {
    let structure: Structure
    let cutoff: Double
    let half: Bool

    init(_ structure: Structure, cutoff: Double, half: Bool) {
        self.structure = structure
        self.cutoff = cutoff
        self.half = half
    }

    struct Result {
        var start: [Int]
        var index: [Int32]
        var image: [Int32]
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
        // Fractional reach of the cutoff along each axis, bins per axis, bin offsets to scan.
        let reach = SIMD3(repeating: cutoff) / faces
        var bins = SIMD3<Int>(repeating: 1)
        var span = SIMD3<Int>(repeating: 1)
        var imageCount = 1.0
        for k in 0..<3 { bins[k] = reach[k] >= 1 ? 1 : Int(min(1 / reach[k], 256).rounded(.down)) }
        // No more bins than about two per atom: a huge cell of few atoms would otherwise
        // scan millions of empty bins. Fewer, thicker bins keep the search exact.
        while bins.x * bins.y * bins.z > 2 * n + 27 {
            let k = bins.x >= bins.y && bins.x >= bins.z ? 0 : bins.y >= bins.z ? 1 : 2
            bins[k] = max(1, bins[k] / 2)
        }
        for k in 0..<3 {
            let s = (reach[k] * Double(bins[k])).rounded(.up)
            imageCount *= 2 * s + 1
            guard imageCount <= Double(Self.maximumImages) else {
                throw InputError(String(format: "the cutoff %.6g Å against the cell's face distances (%.6g, %.6g, %.6g) Å "
                                        + "would make the neighbor search scan more than %d periodic images (limit): "
                                        + "the cell is too thin or the cutoff too large", cutoff, faces.x, faces.y, faces.z,
                                        Self.maximumImages))
            }
            span[k] = Int(s)
        }
        // Neighbors expected at the average density: refuse lists that would not fit in memory.
        let sphere = 4.0 / 3.0 * Double.pi * cutoff * cutoff * cutoff
        let expectedPairs = Double(n) * Double(n) * sphere / volume / (half ? 2 : 1)
        guard expectedPairs <= Double(Self.maximumPairs) else {
            throw InputError(String(format: "a neighbor list of %d atoms in %.6g Å³ with cutoff %.6g Å would hold about %.3g pairs "
                                    + "(limit %d): the cutoff is far too large for this structure", n, volume, cutoff,
                                    expectedPairs, Self.maximumPairs))
        }
        // Image table: every translation a scan can produce, indexed directly.
        let side = 2 &* span &+ 1
        var images: [SIMD3<Double>] = []
        images.reserveCapacity(side.x * side.y * side.z)
        for a in -span.x...span.x { for b in -span.y...span.y { for c in -span.z...span.z {
            images.append(SIMD3(Double(a), Double(b), Double(c)))
        }}}
        // Wrap each atom into the cell; remember the lattice translation it took.
        var fractional = [SIMD3<Double>](repeating: .zero, count: n)
        var wraps = [SIMD3<Double>](repeating: .zero, count: n)
        var binOf = [Int](repeating: 0, count: n)
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
            let b = SIMD3<Int>(min(Int(w.x * Double(bins.x)), bins.x - 1),
                               min(Int(w.y * Double(bins.y)), bins.y - 1),
                               min(Int(w.z * Double(bins.z)), bins.z - 1))
            binOf[i] = (b.x * bins.y + b.y) * bins.z + b.z
        }
        // Counting sort of atoms by bin.
        let binCount = bins.x * bins.y * bins.z
        var binStart = [Int](repeating: 0, count: binCount + 1)
        for i in 0..<n { binStart[binOf[i] + 1] += 1 }
        for b in 0..<binCount { binStart[b + 1] += binStart[b] }
        var fill = binStart
        var sorted = [Int](repeating: 0, count: n)
        for i in 0..<n { sorted[fill[binOf[i]]] = i; fill[binOf[i]] += 1 }

        let cut2 = cutoff * cutoff
        let wrappedCartesian = fractional.map { $0 * h }
        let zeroImage = ((span.x * side.y) + span.y) * side.z + span.z
        var rows = [[(Int32, Int32)]](repeating: [], count: n)
        let work = { (i: Int) -> [(Int32, Int32)] in
            var row: [(Int32, Int32)] = []
            let b = binOf[i]
            let bi = SIMD3<Int>(b / (bins.y * bins.z), (b / bins.z) % bins.y, b % bins.z)
            let ri = wrappedCartesian[i]
            for d0 in -span.x...span.x {
                let (c0, s0) = Self.fold(bi.x + d0, bins.x)
                for d1 in -span.y...span.y {
                    let (c1, s1) = Self.fold(bi.y + d1, bins.y)
                    for d2 in -span.z...span.z {
                        let (c2, s2) = Self.fold(bi.z + d2, bins.z)
                        let imageIndex = ((s0 + span.x) * side.y + (s1 + span.y)) * side.z + (s2 + span.z)
                        let imageShift = SIMD3(Double(s0), Double(s1), Double(s2)) * h
                        let cb = (c0 * bins.y + c1) * bins.z + c2
                        for p in binStart[cb]..<binStart[cb + 1] {
                            let j = sorted[p]
                            if j == i && imageIndex == zeroImage { continue }
                            if self.half && !Self.keepInHalf(i: i, j: j, image: SIMD3(s0, s1, s2)) { continue }
                            let d = wrappedCartesian[j] + imageShift - ri
                            if lengthSquared(d) < cut2 { row.append((Int32(j), Int32(imageIndex))) }
                        }
                    }
                }
            }
            return row
        }
        // Rows are independent: split the atoms over the cores.
        rows.withUnsafeMutableBufferPointer { out in
            Parallel.forEachChunk(n, chunks: Parallel.threads * 4) { _, atoms in
                for i in atoms { out[i] = work(i) }
            }
        }
        var start = [Int](repeating: 0, count: n + 1)
        for i in 0..<n { start[i + 1] = start[i] + rows[i].count }
        var index = [Int32](repeating: 0, count: start[n])
        var image = [Int32](repeating: 0, count: start[n])
        for i in 0..<n {
            var k = start[i]
            for (j, s) in rows[i] { index[k] = j; image[k] = s; k += 1 }
        }
        return Result(start: start, index: index, image: image, images: images, wraps: wraps)
    }

    /// Bin index folded into 0..<bins and the lattice translation the fold implies.
    @inline(__always) static func fold(_ b: Int, _ bins: Int) -> (Int, Int) {
        let s = b >= 0 ? b / bins : -((-b + bins - 1) / bins)
        return (b - s * bins, s)
    }

    /// The pair (i, j, image) between wrapped atoms is kept once: j > i, or a self-image
    /// with a positive image.
    @inline(__always) static func keepInHalf(i: Int, j: Int, image n: SIMD3<Int>) -> Bool {
        if j != i { return j > i }
        if n.x != 0 { return n.x > 0 }
        if n.y != 0 { return n.y > 0 }
        return n.z > 0
    }
}
