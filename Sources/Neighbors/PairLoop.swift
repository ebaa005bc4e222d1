import Atoms

/// Raw views of wrapped positions and a neighbor list, for a potential's hot loop; valid
/// only inside `NeighborList.withLoop`. The displacement of entry k from atom i is
/// `displacement(k, from: positions[i])`.
public struct PairLoop {
    /// Positions plus their wrap translations, Å.
    public let positions: UnsafeBufferPointer<SIMD3<Double>>
    public let start: UnsafeBufferPointer<Int>
    /// The list's entries: neighbor << imageBits | image.
    public let entries: UnsafeBufferPointer<UInt32>
    public let imageBits: UInt32
    public let imageMask: UInt32
    public let shifts: UnsafeBufferPointer<SIMD3<Double>>

    /// Entry range of atom i.
    @inlinable @inline(__always)
    public func range(of i: Int) -> Range<Int> { start[i]..<start[i + 1] }

    /// Neighbor atom of entry k.
    @inlinable @inline(__always)
    public func neighbor(_ k: Int) -> Int { neighbor(of: entries[k]) }

    /// Vector from an atom at `xi` (its entry in `positions`) to the neighbor image of entry k, Å.
    @inlinable @inline(__always)
    public func displacement(_ k: Int, from xi: SIMD3<Double>) -> SIMD3<Double> {
        displacement(of: entries[k], from: xi)
    }

    /// Neighbor atom of an entry word (`entries[k]`, or a copy a potential kept).
    @inlinable @inline(__always)
    public func neighbor(of entry: UInt32) -> Int { Int(entry &>> imageBits) }

    /// Vector from an atom at `xi` to the neighbor image of an entry word, Å.
    @inlinable @inline(__always)
    public func displacement(of entry: UInt32, from xi: SIMD3<Double>) -> SIMD3<Double> {
        positions[Int(entry &>> imageBits)] + shifts[Int(entry & imageMask)] - xi
    }
}

public extension NeighborList {
    /// Calls `body` with raw views of `positions` (wrapped as at build time) and the list.
    func withLoop<R>(_ positions: [SIMD3<Double>], _ body: (PairLoop) throws -> R) rethrows -> R {
        let y = wrapped(positions)
        return try y.withUnsafeBufferPointer { x in
            try start.withUnsafeBufferPointer { s in
                try entries.withUnsafeBufferPointer { e in
                    try shifts.withUnsafeBufferPointer { t in
                        try body(PairLoop(positions: x, start: s, entries: e, imageBits: imageBits,
                                          imageMask: imageMask, shifts: t))
                    }
                }
            }
        }
    }
}
