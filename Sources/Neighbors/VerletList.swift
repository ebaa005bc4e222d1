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
        list = try NeighborList(structure, cutoff: cutoff + skin, kind: kind, inner: cutoff)
        reference = structure.positions
        referenceCell = structure.cell
        shiftCell = structure.cell
        builds = 1
    }

    /// True when the list may miss a pair within `cutoff` for this structure.
    ///
    /// With the cell unchanged: when some atom has moved more than half the skin. With a
    /// changed cell h (h₀ at the build), the list's pairs are those of the build mapped by
    /// A = h₀⁻¹h, so each atom's move is measured in the build's frame, u = x h⁻¹h₀ − x₀
    /// (a uniform expansion moves no atom), and a pair vector that was longer than r_c + skin
    /// is now at least σ_min(A)(r_c + skin − 2 max|u|), with σ_min(A) ≥ 1 − ‖A − 1‖_F.
    public func needsRebuild(_ structure: Structure) -> Bool {
        guard structure.count == reference.count else { return true }
        let radius = cutoff + skin
        if structure.cell == referenceCell {
            return 2 * largestMoveSquared(structure, frame: nil).squareRoot() > skin
        }
        let toBuildFrame = structure.cell.matrix.inverse * referenceCell.matrix
        let strain = referenceCell.matrix.inverse * structure.cell.matrix - Matrix3.identity
        let shrink = 1 - strain.frobeniusNorm
        guard shrink > 0 else { return true }
        return shrink * (radius - 2 * largestMoveSquared(structure, frame: toBuildFrame).squareRoot()) < cutoff
    }

    /// max_i |x_i M − x₀_i|² (Å²) over the atoms, M = `frame` (the identity when nil), x₀
    /// the positions at the build; a streaming loop over the threads.
    private func largestMoveSquared(_ structure: Structure, frame: Matrix3?) -> Double {
        var maxima = [Double](repeating: 0, count: Parallel.streamingChunks(reference.count))
        structure.positions.withUnsafeBufferPointer { x in
            reference.withUnsafeBufferPointer { x0 in
                maxima.withUnsafeMutableBufferPointer { top in
                    Parallel.forEachChunk(x0.count, chunks: top.count) { c, range in
                        var m2 = 0.0
                        if let frame {
                            for i in range { m2 = max(m2, lengthSquared(x[i] * frame - x0[i])) }
                        } else {
                            for i in range { m2 = max(m2, lengthSquared(x[i] - x0[i])) }
                        }
                        top[c] = m2
                    }
                }
            }
        }
        return maxima.max() ?? 0
    }

    /// The list for `structure`: rebuilt when needed, otherwise with shifts updated to
    /// the structure's cell.
    public mutating func update(_ structure: Structure) throws -> NeighborList {
        if needsRebuild(structure) {
            list = try NeighborList(structure, cutoff: cutoff + skin, kind: list.kind, inner: cutoff)
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
