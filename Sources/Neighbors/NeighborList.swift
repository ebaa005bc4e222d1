import Atoms
import Foundation

/// Periodic neighbor list in compressed rows: for atom i, entries `start[i]..<start[i+1]`
/// give neighbor atom `index[k]` and the Cartesian lattice translation `shift[k]` (Å) such
/// that the displacement from i to that neighbor image is
/// `positions[index[k]] + shift[k] − positions[i]`, with the positions the list was built
/// for (unwrapped positions stay valid: wrapping is folded into the shifts).
///
/// A full list holds every pair twice (i→j and j→i); a half list holds each once, for
/// potentials that apply Newton's third law (pair and EAM terms).
public struct NeighborList: Sendable {
    public enum Kind: Sendable { case full, half }

    /// Radius the list was built for, Å (a potential's cutoff plus any skin).
    public let cutoff: Double
    public let kind: Kind
    /// Row starts, `count + 1` entries.
    public internal(set) var start: [Int]
    /// Neighbor atom index per entry.
    public internal(set) var index: [Int32]
    /// Cartesian lattice translation per entry, Å.
    public internal(set) var shift: [SIMD3<Double>]

    /// Number of atoms.
    public var count: Int { start.count - 1 }

    /// Number of stored pairs (entries).
    public var pairCount: Int { index.count }

    /// Neighbor entry range of atom i.
    @inlinable public func range(of i: Int) -> Range<Int> { start[i]..<start[i + 1] }

    /// Builds the list for `structure` with radius `cutoff` (Å). Works for any triclinic
    /// cell and any cutoff, also one larger than the cell (all periodic images are found).
    /// Linear in the number of atoms: atoms are binned in fractional coordinates with bins
    /// at least `cutoff` thick.
    public init(_ structure: Structure, cutoff: Double, kind: Kind = .full) {
        precondition(cutoff > 0, "cutoff must be positive")
        self.cutoff = cutoff
        self.kind = kind
        let built = BinnedSearch(structure, cutoff: cutoff, half: kind == .half).run()
        start = built.start
        index = built.index
        shift = built.shift
    }

    /// The same pairs for a deformed cell: every shift n·A becomes n·A' (positions are the
    /// caller's to deform). Used by variable-cell dynamics and relaxations between rebuilds.
    public mutating func changeCell(from old: Cell, to new: Cell) {
        let toFractional = old.matrix.inverse
        let m = new.matrix
        for k in shift.indices {
            let n = (shift[k] * toFractional).rounded(.toNearestOrEven)
            shift[k] = n * m
        }
    }
}

/// The binned search behind `NeighborList`.
struct BinnedSearch {
    let structure: Structure
    let cutoff: Double
    let half: Bool

    init(_ structure: Structure, cutoff: Double, half: Bool) {
        self.structure = structure
        self.cutoff = cutoff
        self.half = half
    }

    func run() -> (start: [Int], index: [Int32], shift: [SIMD3<Double>]) {
        let n = structure.count
        let cell = structure.cell
        let h = cell.matrix
        let inverse = h.inverse
        // Fractional reach of the cutoff along each axis, bins per axis, bin offsets to scan.
        let heights = cell.faceDistances
        let reach = SIMD3(repeating: cutoff) / heights
        var bins = SIMD3<Int>(repeating: 1)
        var span = SIMD3<Int>(repeating: 1)
        for k in 0..<3 {
            bins[k] = max(1, min(Int((1 / reach[k]).rounded(.down)), 256))
            span[k] = Int((reach[k] * Double(bins[k])).rounded(.up))
        }
        // Wrap each atom into the cell; remember the lattice translation it took.
        var wrapped = [SIMD3<Double>](repeating: .zero, count: n)  // fractional in [0,1)
        var offset = [SIMD3<Double>](repeating: .zero, count: n)   // floor of fractional
        var binOf = [Int](repeating: 0, count: n)
        for i in 0..<n {
            let f = structure.positions[i] * inverse
            var m = f.rounded(.down)
            var w = f - m
            for k in 0..<3 where w[k] >= 1 { w[k] -= 1; m[k] += 1 }
            wrapped[i] = w
            offset[i] = m
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
        var rows = [[(Int32, SIMD3<Double>)]](repeating: [], count: n)
        let work = { (i: Int) -> [(Int32, SIMD3<Double>)] in
            var row: [(Int32, SIMD3<Double>)] = []
            let b = binOf[i]
            let bi = SIMD3<Int>(b / (bins.y * bins.z), (b / bins.z) % bins.y, b % bins.z)
            let ri = wrapped[i] * h
            for d0 in -span.x...span.x {
                let (c0, s0) = Self.fold(bi.x + d0, bins.x)
                for d1 in -span.y...span.y {
                    let (c1, s1) = Self.fold(bi.y + d1, bins.y)
                    for d2 in -span.z...span.z {
                        let (c2, s2) = Self.fold(bi.z + d2, bins.z)
                        let image = SIMD3(Double(s0), Double(s1), Double(s2))
                        let imageShift = image * h
                        let cb = (c0 * bins.y + c1) * bins.z + c2
                        for p in binStart[cb]..<binStart[cb + 1] {
                            let j = sorted[p]
                            if j == i && s0 == 0 && s1 == 0 && s2 == 0 { continue }
                            // Translation in terms of the unwrapped input positions.
                            let total = image + offset[i] - offset[j]
                            if self.half && !Self.keepInHalf(i: i, j: j, image: total) { continue }
                            let d = wrapped[j] * h + imageShift - ri
                            if lengthSquared(d) < cut2 { row.append((Int32(j), total * h)) }
                        }
                    }
                }
            }
            return row
        }
        // Rows are independent: split the atoms over the cores.
        let chunks = Parallel.threads * 4
        rows.withUnsafeMutableBufferPointer { out in
            Parallel.forEachChunk(n, chunks: chunks) { _, atoms in
                for i in atoms { out[i] = work(i) }
            }
        }
        var start = [Int](repeating: 0, count: n + 1)
        for i in 0..<n { start[i + 1] = start[i] + rows[i].count }
        var index = [Int32](repeating: 0, count: start[n])
        var shift = [SIMD3<Double>](repeating: .zero, count: start[n])
        for i in 0..<n {
            var k = start[i]
            for (j, s) in rows[i] { index[k] = j; shift[k] = s; k += 1 }
        }
        return (start, index, shift)
    }

    /// Bin index folded into 0..<bins and the lattice translation the fold implies.
    @inline(__always) static func fold(_ b: Int, _ bins: Int) -> (Int, Int) {
        let s = b >= 0 ? b / bins : -((-b + bins - 1) / bins)
        return (b - s * bins, s)
    }

    /// The pair (i, j, image) is kept once: j > i, or a self-image with a positive image.
    @inline(__always) static func keepInHalf(i: Int, j: Int, image n: SIMD3<Double>) -> Bool {
        if j != i { return j > i }
        if n.x != 0 { return n.x > 0 }
        if n.y != 0 { return n.y > 0 }
        return n.z > 0
    }
}
