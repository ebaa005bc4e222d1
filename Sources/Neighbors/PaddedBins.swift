import Atoms

/// Wrapped atoms sorted into a grid of fractional bins, padded on every side with `span`
/// bins that hold periodic images of the opposite side's atoms (as ghost atoms do in
/// LAMMPS). Every padded bin lists its atoms together: Cartesian position (image
/// translation included), atom index and image index, so a search scans a fixed set of
/// bin offsets and never folds across the boundaries.
struct PaddedBins {
    /// Bins of the cell per axis, and bins of padding on each side.
    let bins: SIMD3<Int>
    let span: SIMD3<Int>
    /// Padded bins per axis: bins + 2 span.
    let size: SIMD3<Int>
    /// Entries of padded bin b: `start[b]..<start[b + 1]`.
    let start: [Int]
    /// Per entry: position, Å; the atom; the image index of its translation (see
    /// `BinnedSearch.Result.images`).
    let positions: [SIMD3<Double>]
    let atoms: [Int32]
    let imageOf: [Int32]

    /// Bins `fractional` (wrapped into [0, 1)) of the cell `cell`; image indices count
    /// translations up to `reachable` along each axis, the zero translation in the middle.
    init(fractional: [SIMD3<Double>], cell: Matrix3, bins: SIMD3<Int>, span: SIMD3<Int>, reachable: SIMD3<Int>) {
        self.bins = bins
        self.span = span
        size = bins &+ 2 &* span
        let n = fractional.count
        // Counting sort of the atoms by cell bin (stable: ascending index within a bin).
        let binCount = bins.x * bins.y * bins.z
        var binOf = [Int](repeating: 0, count: n)
        var binStart = [Int](repeating: 0, count: binCount + 1)
        for i in 0..<n {
            let w = fractional[i]
            let b = SIMD3<Int>(min(Int(w.x * Double(bins.x)), bins.x - 1),
                               min(Int(w.y * Double(bins.y)), bins.y - 1),
                               min(Int(w.z * Double(bins.z)), bins.z - 1))
            binOf[i] = (b.x * bins.y + b.y) * bins.z + b.z
            binStart[binOf[i] + 1] += 1
        }
        for b in 0..<binCount { binStart[b + 1] += binStart[b] }
        var fill = binStart
        var sorted = [Int32](repeating: 0, count: n)
        for i in 0..<n { sorted[fill[binOf[i]]] = Int32(i); fill[binOf[i]] += 1 }
        let cartesian = fractional.map { $0 * cell }
        // Each padded bin is a copy of the cell bin it folds onto, translated.
        let side = 2 &* reachable &+ 1
        let stride = SIMD3(side.y * side.z, side.z, 1)
        let zeroImage = (reachable &* stride).wrappedSum()
        let lattice = (cell[0], cell[1], cell[2])
        var start = [0]
        var positions: [SIMD3<Double>] = []
        var atoms: [Int32] = []
        var imageOf: [Int32] = []
        let total = Int(Double(n) * Double(size.x * size.y * size.z) / Double(binCount)) + 1
        start.reserveCapacity(size.x * size.y * size.z + 1)
        positions.reserveCapacity(total)
        atoms.reserveCapacity(total)
        imageOf.reserveCapacity(total)
        for c0 in 0..<size.x {
            let (b0, t0) = Self.fold(c0 - span.x, bins.x)
            for c1 in 0..<size.y {
                let (b1, t1) = Self.fold(c1 - span.y, bins.y)
                for c2 in 0..<size.z {
                    let (b2, t2) = Self.fold(c2 - span.z, bins.z)
                    let shift = Double(t0) * lattice.0 + Double(t1) * lattice.1 + Double(t2) * lattice.2
                    let image = Int32(zeroImage + (SIMD3(t0, t1, t2) &* stride).wrappedSum())
                    let source = (b0 * bins.y + b1) * bins.z + b2
                    for p in binStart[source]..<binStart[source + 1] {
                        let i = Int(sorted[p])
                        positions.append(cartesian[i] + shift)
                        atoms.append(Int32(i))
                        imageOf.append(image)
                    }
                    start.append(positions.count)
                }
            }
        }
        self.start = start
        self.positions = positions
        self.atoms = atoms
        self.imageOf = imageOf
    }

    /// The padded index of cell bin `b` (0 ..< bins.x·bins.y·bins.z).
    @inline(__always) func padded(bin b: Int) -> Int {
        let x = b / (bins.y * bins.z), y = (b / bins.z) % bins.y, z = b % bins.z
        return ((x + span.x) * size.y + (y + span.y)) * size.z + (z + span.z)
    }

    /// The offsets of padded bin indices an atom scans besides its own bin: every offset
    /// of up to `span` bins along each axis, or (`half`) those after zero in lexicographic
    /// order.
    func stencil(half: Bool) -> [Int] {
        var out: [Int] = []
        for d0 in -span.x...span.x { for d1 in -span.y...span.y { for d2 in -span.z...span.z {
            let d = SIMD3(d0, d1, d2)
            if d == .zero { continue }
            if half && (d0 < 0 || (d0 == 0 && (d1 < 0 || (d1 == 0 && d2 < 0)))) { continue }
            out.append((d0 * size.y + d1) * size.z + d2)
        }}}
        return out
    }

    /// Bin coordinate `b` folded into 0..<bins, and the lattice translation the fold implies.
    @inline(__always) static func fold(_ b: Int, _ bins: Int) -> (Int, Int) {
        let s = b >= 0 ? b / bins : -((-b + bins - 1) / bins)
        return (b - s * bins, s)
    }
}
