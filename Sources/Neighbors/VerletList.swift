import Atoms

/// A neighbor list built with a skin beyond the potential's cutoff, reused across MD or
/// relaxation steps until some atom has moved more than half the skin (then a pair
/// outside the list could have come within the cutoff).
public struct VerletList: Sendable {
    /// The underlying list, radius `cutoff + skin`.
    public private(set) var list: NeighborList
    /// The potential's cutoff, Å.
    public let cutoff: Double
    /// Extra radius, Å.
    public let skin: Double
    /// Number of builds so far (for reporting).
    public private(set) var builds = 0
    private var reference: [SIMD3<Double>]
    /// The cell at the last build (for the rebuild check).
    private var referenceCell: Cell
    /// The cell the list's shifts are currently expressed for.
    private var shiftCell: Cell

    public init(_ structure: Structure, cutoff: Double, skin: Double = 1.0, kind: NeighborList.Kind = .full) throws {
        self.cutoff = cutoff
        self.skin = skin
        list = try NeighborList(structure, cutoff: cutoff + skin, kind: kind)
        reference = structure.positions
        referenceCell = structure.cell
        shiftCell = structure.cell
        builds = 1
    }

    /// True when the list may miss a pair within `cutoff` for this structure. A changed
    /// cell counts through the displacement it causes at the list's radius.
    public func needsRebuild(_ structure: Structure) -> Bool {
        guard structure.count == reference.count else { return true }
        var maxMove2 = 0.0
        for i in 0..<reference.count {
            maxMove2 = max(maxMove2, lengthSquared(structure.positions[i] - reference[i]))
        }
        var cellMove = 0.0
        if structure.cell != referenceCell {
            // Largest change of a lattice translation within the list's radius.
            let strain = referenceCell.matrix.inverse * structure.cell.matrix - Matrix3.identity
            cellMove = strain.maxAbs * 3 * (cutoff + skin)
        }
        return 2 * (maxMove2.squareRoot() + cellMove) > skin
    }

    /// The list for `structure`: rebuilt when needed, otherwise with shifts updated to
    /// the structure's cell.
    public mutating func update(_ structure: Structure) throws -> NeighborList {
        if needsRebuild(structure) {
            list = try NeighborList(structure, cutoff: cutoff + skin, kind: list.kind)
            reference = structure.positions
            referenceCell = structure.cell
            shiftCell = structure.cell
            builds += 1
        } else if structure.cell != shiftCell {
            list.changeCell(to: structure.cell)
            shiftCell = structure.cell
        }
        return list
    }
}
