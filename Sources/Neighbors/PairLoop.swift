import Atoms

/// Raw views of wrapped positions and a neighbor list, for a potential's hot loop; valid
/// only inside `NeighborList.withLoop`. The displacement of entry k from atom i is
/// `displacement(k, from: positions[i])`.
public struct PairLoop {
    /// Positions plus their wrap translations, Å.
    public let positions: UnsafeBufferPointer<SIMD3<Double>>
    public let start: UnsafeBufferPointer<Int>
    public let index: UnsafeBufferPointer<Int32>
    public let image: UnsafeBufferPointer<Int32>
    public let shifts: UnsafeBufferPointer<SIMD3<Double>>

    /// Entry range of atom i.
    @inlinable @inline(__always)
    public func range(of i: Int) -> Range<Int> { start[i]..<start[i + 1] }

    /// Neighbor atom of entry k.
    @inlinable @inline(__always)
    public func neighbor(_ k: Int) -> Int { Int(index[k]) }

    /// Vector from an atom at `xi` (its entry in `positions`) to the neighbor image of entry k, Å.
    @inlinable @inline(__always)
    public func displacement(_ k: Int, from xi: SIMD3<Double>) -> SIMD3<Double> {
        positions[Int(index[k])] + shifts[Int(image[k])] - xi
    }
}

public extension NeighborList {
    /// Calls `body` with raw views of `positions` (wrapped as at build time) and the list.
    func withLoop<R>(_ positions: [SIMD3<Double>], _ body: (PairLoop) throws -> R) rethrows -> R {
        let y = wrapped(positions)
        return try y.withUnsafeBufferPointer { x in
            try start.withUnsafeBufferPointer { s in
                try index.withUnsafeBufferPointer { j in
                    try image.withUnsafeBufferPointer { m in
                        try shifts.withUnsafeBufferPointer { t in
                            try body(PairLoop(positions: x, start: s, index: j, image: m, shifts: t))
                        }
                    }
                }
            }
        }
    }
}
