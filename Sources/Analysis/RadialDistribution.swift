import Atoms
import Foundation
import Neighbors

/// Radial distribution functions accumulated over frames: the total g(r) and the partial
/// g_ab(r) of every species pair, with running coordination numbers. Each frame is
/// normalised with its own volume, so triclinic and changing (NPT) cells are handled; pairs
/// are found with the periodic neighbor list, so r_max may exceed half the cell (then an
/// atom's own images count too, as they should for the periodic system).
///
/// Normalisation: g_ab(r) = ⟨n_ab(r)⟩ V / (N_a (N_b − δ_ab) 4πr² dr), so an ideal gas has
/// g = 1 exactly (not (N−1)/N).
public struct RadialDistribution: Sendable {
    /// Largest distance and bin width, Å.
    public let rmax: Double
    public let binWidth: Double
    /// Species in order of first appearance.
    public let species: [Element]
    private let types: [Int]
    private let countsPerType: [Int]
    /// Number of bins.
    public let bins: Int
    /// Σ over frames of the per-frame normalised g and of the running counts per atom, per
    /// slot: unordered pairs (a ≤ b) in `pairs` order, then the total.
    private var gSum: [[Double]]
    private var coordinationSum: [[Double]]
    public private(set) var frames = 0

    /// - Parameters:
    ///   - elements: the element of each atom (the same in every frame).
    ///   - rmax: largest distance, Å.
    ///   - binWidth: bin width, Å.
    public init(elements: [Element], rmax: Double, binWidth: Double) {
        precondition(rmax > 0 && binWidth > 0, "rmax and the bin width must be positive")
        self.rmax = rmax
        self.binWidth = binWidth
        var seen: [Element] = []
        for e in elements where !seen.contains(e) { seen.append(e) }
        species = seen
        types = elements.map { e in seen.firstIndex(of: e)! }
        countsPerType = seen.indices.map { t in elements.lazy.filter { seen[t] == $0 }.count }
        bins = Int((rmax / binWidth).rounded(.down))
        let slots = seen.count * (seen.count + 1) / 2 + 1
        gSum = [[Double]](repeating: [Double](repeating: 0, count: bins), count: slots)
        coordinationSum = gSum
    }

    /// The unordered species pairs (a ≤ b) in output order.
    public var pairs: [(a: Int, b: Int)] {
        var out: [(Int, Int)] = []
        for a in species.indices { for b in a..<species.count { out.append((a, b)) } }
        return out
    }

    private func pairIndex(_ a: Int, _ b: Int) -> Int {
        let (lo, hi) = a <= b ? (a, b) : (b, a)
        return lo * species.count - lo * (lo - 1) / 2 + (hi - lo)
    }

    /// The accumulated sums as one flat array: the frame count, then the g sums and the
    /// coordination sums slot by slot (to continue an accumulation after a restart).
    public var accumulated: [Double] {
        [Double(frames)] + gSum.joined() + coordinationSum.joined()
    }

    /// Continues from `accumulated` values of an accumulation with the same species,
    /// range and bins. Throws when the count of values does not fit.
    public mutating func restore(_ values: [Double]) throws {
        let slots = gSum.count
        guard values.count == 1 + 2 * slots * bins, let n = Int(exactly: values[0]), n >= 0 else {
            throw InputError("the saved g(r) sums (\(values.count) values) do not fit \(bins) bins of \(slots) species pairs")
        }
        frames = n
        for s in 0..<slots {
            gSum[s] = Array(values[(1 + s * bins)..<(1 + (s + 1) * bins)])
            coordinationSum[s] = Array(values[(1 + (slots + s) * bins)..<(1 + (slots + s + 1) * bins)])
        }
    }

    /// Adds one frame.
    public mutating func add(_ structure: Structure) throws {
        precondition(structure.count == types.count, "the frame has a different number of atoms")
        let list = try NeighborList(structure, cutoff: rmax, kind: .half)
        let nb = bins, slots = gSum.count
        let chunks = max(1, min(Parallel.threads, structure.count))
        var partial = [[Double]](repeating: [Double](repeating: 0, count: slots * nb), count: chunks)
        let types = self.types, width = binWidth
        let pairIndexOf = (0..<species.count).map { a in (0..<species.count).map { b in pairIndex(a, b) } }
        partial.withUnsafeMutableBufferPointer { out in
            list.withLoop(structure.positions) { loop in
                Parallel.forEachChunk(structure.count, chunks: chunks) { c, range in
                    var h = [Double](repeating: 0, count: slots * nb)
                    for i in range {
                        let xi = loop.positions[i]
                        for k in loop.range(of: i) {
                            let r = length(loop.displacement(k, from: xi))
                            let bin = Int(r / width)
                            guard bin < nb else { continue }
                            h[pairIndexOf[types[i]][types[loop.neighbor(k)]] * nb + bin] += 1
                            h[(slots - 1) * nb + bin] += 1
                        }
                    }
                    out[c] = h
                }
            }
        }
        var counts = [[Double]](repeating: [Double](repeating: 0, count: nb), count: slots)
        for p in partial { for s in 0..<slots { for b in 0..<nb { counts[s][b] += p[s * nb + b] } } }
        let volume = structure.cell.volume
        let n = Double(structure.count)
        for s in 0..<slots {
            // Ordered pair counts per centre atom and the ideal-gas expectation per unit shell volume.
            let (centres, ordered, others): (Double, Double, Double)
            if s == slots - 1 {
                (centres, ordered, others) = (n, 2, n - 1)
            } else {
                let (a, b) = pairs[s]
                let na = Double(countsPerType[a]), nbb = Double(countsPerType[b])
                (centres, ordered, others) = (na, a == b ? 2 : 1, a == b ? nbb - 1 : nbb)
            }
            var running = 0.0
            for b in 0..<nb {
                let r0 = Double(b) * binWidth, r1 = r0 + binWidth
                let shell = 4.0 / 3.0 * Double.pi * (r1 * r1 * r1 - r0 * r0 * r0)
                let perCentre = ordered * counts[s][b] / centres
                running += perCentre
                gSum[s][b] += others > 0 ? perCentre / (others / volume * shell) : 0
                coordinationSum[s][b] += running
            }
        }
        frames += 1
    }

    /// The averaged curves: the total and each pair.
    public func result() -> RDFResult {
        precondition(frames > 0, "no frames added")
        let r = (0..<bins).map { (Double($0) + 0.5) * binWidth }
        let edges = (0..<bins).map { Double($0 + 1) * binWidth }
        func curve(_ s: Int) -> RDFCurve {
            RDFCurve(r: r, g: gSum[s].map { $0 / Double(frames) },
                     coordinationEdges: edges, coordination: coordinationSum[s].map { $0 / Double(frames) })
        }
        let named = pairs.enumerated().map { k, p in (name: "\(species[p.a].symbol)-\(species[p.b].symbol)", curve: curve(k)) }
        return RDFResult(total: curve(gSum.count - 1), pairs: named, frames: frames)
    }
}

/// Averaged RDFs: the total and each species pair ("Cu-Cu", "Na-Cl", ...).
public struct RDFResult: Sendable {
    public let total: RDFCurve
    /// Partial curves, pairs a ≤ b in species order; coordination counts b around a.
    public let pairs: [(name: String, curve: RDFCurve)]
    public let frames: Int
}

/// One g(r) with its running coordination number n(r) (neighbors within r of an atom).
public struct RDFCurve: Sendable {
    /// Bin centres, Å, and g there.
    public let r: [Double]
    public let g: [Double]
    /// Upper bin edges, Å, and the running coordination up to each.
    public let coordinationEdges: [Double]
    public let coordination: [Double]

    /// The first peak: position (Å) and height from a least-squares parabola through the
    /// highest bin and two bins on each side.
    public var firstPeak: (r: Double, g: Double)? {
        guard let top = g.indices.max(by: { g[$0] < g[$1] }), g[top] > 0 else { return nil }
        return refined(top)
    }

    /// The first minimum after the first peak (Å): the lowest point, after a 5-bin running
    /// mean, before g comes back above 1 (or before r_max), refined by a parabola.
    public var firstMinimum: Double? {
        guard let top = g.indices.max(by: { g[$0] < g[$1] }), g[top] > 0 else { return nil }
        let smooth = g.indices.map { i -> Double in
            let lo = max(0, i - 2), hi = min(g.count - 1, i + 2)
            return g[lo...hi].reduce(0, +) / Double(hi - lo + 1)
        }
        var end = g.count - 1
        var below = false
        for i in (top + 1)..<g.count {
            if smooth[i] < 1 { below = true }
            if below && smooth[i] > 1 { end = i; break }
        }
        guard end > top + 1 else { return nil }
        let low = ((top + 1)...end).min(by: { smooth[$0] < smooth[$1] })!
        return refined(low).r
    }

    /// Running coordination at `radius` Å, linearly interpolated.
    public func coordination(at radius: Double) -> Double {
        let width = coordinationEdges[0]
        let x = radius / width - 1
        guard x > 0 else { return coordination[0] * max(0, radius / width) }
        let i = min(Int(x), coordination.count - 2)
        let f = min(1, x - Double(i))
        return coordination[i] + f * (coordination[i + 1] - coordination[i])
    }

    /// The vertex of the parabola through bin k and two bins each side, if it lies among
    /// them; otherwise the bin itself.
    private func refined(_ k: Int) -> (r: Double, g: Double) {
        let lo = max(0, k - 2), hi = min(g.count - 1, k + 2)
        if hi - lo >= 2, let v = parabolaVertex(x: Array(r[lo...hi]), y: Array(g[lo...hi])),
           v.x >= r[lo], v.x <= r[hi] {
            return (v.x, v.y)
        }
        return (r[k], g[k])
    }
}
