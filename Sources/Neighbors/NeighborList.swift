import Atoms
import Foundation

/// Periodic neighbor list in compressed rows.
///
/// At build time every atom is wrapped into the cell by a lattice translation `wrap[i]`;
/// for atom i, entries `start[i]..<start[i+1]` give the neighbor `neighbor(k)` and the
/// image `image(k)`, an index into the small table `shifts` of lattice translations (Å).
/// The displacement from i to that neighbor image is
///
///     (x_j + wrap[j]) + shifts[image(k)] − (x_i + wrap[i])
///
/// for the positions x the list is used with (atoms may move after the build, as in a
/// Verlet list). `wrapped(_:)` gives the x + wrap once per evaluation. An entry is one
/// 32-bit word, the neighbor in its high bits and the image in its low `imageBits` bits,
/// so a potential's loop streams 4 bytes per pair (LAMMPS's lists, with ghost atoms
/// instead of images, hold the same).
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
    /// Per entry, neighbor << imageBits | image (the image an index into `shifts`).
    public internal(set) var entries: [UInt32]
    /// Low bits of an entry that hold its image (0 when there is one image).
    public internal(set) var imageBits: UInt32
    /// Cartesian lattice translations, Å, for the current cell.
    public internal(set) var shifts: [SIMD3<Double>]
    /// Cartesian translation that wrapped each atom into the cell at build time, Å.
    public internal(set) var wrap: [SIMD3<Double>]
    /// The same translations in lattice units (integers), to follow cell changes.
    var shiftLattice: [SIMD3<Double>]
    var wrapLattice: [SIMD3<Double>]
    /// Open-boundary lists (`OpenBoundaryList.swift`): the number of atoms that have rows.
    var rowLimit: Int? = nil

    /// Number of atoms.
    public var count: Int { start.count - 1 }

    /// Number of stored pairs (entries).
    public var pairCount: Int { entries.count }

    /// Neighbor atom of entry k.
    @inlinable public func neighbor(_ k: Int) -> Int { Int(entries[k] >> imageBits) }

    /// Image of entry k: its index into `shifts`.
    @inlinable public func image(_ k: Int) -> Int { Int(entries[k] & imageMask) }

    /// The bits of an entry that hold its image.
    @inlinable public var imageMask: UInt32 { ~(UInt32.max << imageBits) }

    /// The low bits an entry needs for `images` images, and the most atoms such entries can
    /// name (neighbor << bits must fit in 32 bits).
    static func packing(images: Int) -> (bits: UInt32, atoms: Int) {
        let bits = images <= 1 ? 0 : Int.bitWidth - (images - 1).leadingZeroBitCount
        return (UInt32(bits), 1 << (32 - bits))
    }

    /// Neighbor entry range of atom i.
    @inlinable public func range(of i: Int) -> Range<Int> { start[i]..<start[i + 1] }

    /// Positions shifted by their wrap translations: displacements are then
    /// `y[j] + shifts[image(k)] − y[i]`.
    public func wrapped(_ positions: [SIMD3<Double>]) -> [SIMD3<Double>] {
        precondition(positions.count == count, "positions do not match the list")
        return [SIMD3<Double>](unsafeUninitializedCapacity: count) { y, initialized in
            positions.withUnsafeBufferPointer { x in
                wrap.withUnsafeBufferPointer { w in
                    Parallel.forEachStreamingChunk(x.count) { _, range in
                        for i in range { (y.baseAddress! + i).initialize(to: x[i] + w[i]) }
                    }
                }
            }
            initialized = positions.count
        }
    }

    /// The displacement of entry k of atom i (convenience for tests and non-hot code).
    public func displacement(_ k: Int, from i: Int, _ positions: [SIMD3<Double>]) -> SIMD3<Double> {
        let j = neighbor(k)
        return positions[j] + wrap[j] + shifts[image(k)] - positions[i] - wrap[i]
    }

    /// Builds the list for `structure` with radius `cutoff` (Å). Works for any triclinic
    /// cell and any cutoff, also one larger than the cell (all periodic images are found).
    /// Linear in the number of atoms: atoms are binned in fractional coordinates with bins
    /// about half `cutoff` thick. Throws `InputError` for a cutoff that is not positive and
    /// finite, a degenerate cell, or a search too large to hold (a cutoff hundreds of times
    /// the cell's thickness, more than `BinnedSearch.maximumPairs` pairs). With `inner` (Å,
    /// a Verlet list's potential cutoff) each row lists the neighbors within it at the build
    /// first, then the skin's; without it, rows are in the order of the search.
    public init(_ structure: Structure, cutoff: Double, kind: Kind = .full, inner: Double? = nil) throws {
        self.cutoff = cutoff
        self.kind = kind
        let b = try BinnedSearch(structure, cutoff: cutoff, inner: inner, half: kind == .half).run()
        start = b.start
        entries = b.entries
        imageBits = b.imageBits
        shiftLattice = b.images
        wrapLattice = b.wraps
        let h = structure.cell.matrix
        shifts = b.images.map { $0 * h }
        wrap = b.wraps.map { $0 * h }
    }

    /// The same pairs for a deformed cell: lattice translations follow the new cell
    /// (positions are the caller's to deform). Used by variable-cell dynamics and
    /// relaxations between rebuilds.
    public mutating func changeCell(to new: Cell) {
        let h = new.matrix
        shifts = shiftLattice.map { $0 * h }
        wrap = wrapLattice.map { $0 * h }
    }
}
