import Atoms
import Neighbors

/// The descriptor values of every atom of one structure and their derivatives with respect
/// to each neighbour vector, computed once: what training a Behler–Parrinello potential
/// needs, since descriptors do not depend on the network weights.
///
/// Atom i has `width(i)` values `values[valueStart[i]...]` and neighbour slots
/// `slotStart[i]..<slotStart[i + 1]`; slot s holds the neighbour atom `neighbor[s]`, the
/// vector d_s from i to that neighbour image (Å, `vectors[3s...3s+2]`), and for each value n
/// the derivative ∂G_n/∂d_s (descriptor units per Å) at
/// `derivatives[3 (derivativeStart[i] + (s − slotStart[i]) · width(i) + n) ...]`.
public struct DescriptorTable: Sendable {
    /// Species index of each atom.
    public let types: [Int]
    /// Number of descriptor values of each species.
    public let widths: [Int]
    public let valueStart: [Int]
    public let values: [Double]
    public let slotStart: [Int]
    public let neighbor: [Int32]
    /// Å, three per slot.
    public let vectors: [Double]
    public let derivativeStart: [Int]
    /// Three per (slot, value).
    public let derivatives: [Double]

    /// Number of atoms.
    public var count: Int { types.count }

    /// Number of values of atom i.
    @inlinable public func width(_ i: Int) -> Int { widths[types[i]] }

    /// Evaluates `sets[t]` (the descriptors of species t) for every atom of `structure`
    /// whose species indices are `types`.
    public init(_ structure: Structure, types: [Int], sets: [DescriptorSet]) throws {
        precondition(types.count == structure.count, "one species index per atom")
        let cutoff = sets.map(\.cutoff).max() ?? 0
        let list = try NeighborList(structure, cutoff: cutoff, kind: .full)
        let capacity = max(1, (0..<structure.count).lazy.map { list.range(of: $0).count }.max() ?? 0)
        let widest = max(1, sets.map(\.count).max() ?? 0)
        let d = UnsafeMutablePointer<SIMD3<Double>>.allocate(capacity: capacity)
        let r = UnsafeMutablePointer<Double>.allocate(capacity: capacity)
        let type = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
        let atom = UnsafeMutablePointer<Int>.allocate(capacity: capacity)
        let g = UnsafeMutablePointer<Double>.allocate(capacity: widest)
        let dg = UnsafeMutablePointer<SIMD3<Double>>.allocate(capacity: capacity * widest)
        defer { d.deallocate(); r.deallocate(); type.deallocate(); atom.deallocate(); g.deallocate(); dg.deallocate() }
        let scratch = sets.map { $0.makeScratch(capacity: capacity) }
        var valueStart = [0], slotStart = [0], derivativeStart = [0]
        var values: [Double] = [], neighbor: [Int32] = [], vectors: [Double] = [], derivatives: [Double] = []
        list.withLoop(structure.positions) { loop in
            types.withUnsafeBufferPointer { species in
                for i in 0..<structure.count {
                    let t = types[i], set = sets[t]
                    let nb = NeighborSlots.gather(i, within: set.cutoff, loop, species, d, r, type, atom)
                    set.evaluate(nb, values: g, derivatives: dg, scratch: scratch[t])
                    values.append(contentsOf: UnsafeBufferPointer(start: g, count: set.count))
                    for s in 0..<nb.count {
                        neighbor.append(Int32(atom[s]))
                        vectors.append(d[s].x)
                        vectors.append(d[s].y)
                        vectors.append(d[s].z)
                    }
                    for k in 0..<(nb.count * set.count) {
                        derivatives.append(dg[k].x)
                        derivatives.append(dg[k].y)
                        derivatives.append(dg[k].z)
                    }
                    valueStart.append(values.count)
                    slotStart.append(neighbor.count)
                    derivativeStart.append(derivatives.count / 3)
                }
            }
        }
        self.types = types
        widths = sets.map(\.count)
        self.valueStart = valueStart
        self.values = values
        self.slotStart = slotStart
        self.neighbor = neighbor
        self.vectors = vectors
        self.derivativeStart = derivativeStart
        self.derivatives = derivatives
    }
}
