import Foundation
/// A periodic arrangement of atoms: cell, Cartesian positions (Å), elements and masses
/// (amu). Positions may lie outside the cell; periodicity is the cell's business.
public struct Structure: Equatable, Sendable {
    public var cell: Cell
    /// Cartesian positions in Å, one per atom.
    public var positions: [SIMD3<Double>]
    /// Element of each atom.
    public var elements: [Element]
    /// Mass of each atom in amu (standard atomic weights unless set otherwise).
    public var masses: [Double]

    public init(cell: Cell, positions: [SIMD3<Double>], elements: [Element], masses: [Double]? = nil) {
        precondition(positions.count == elements.count, "one element per position")
        self.cell = cell
        self.positions = positions
        self.elements = elements
        self.masses = masses ?? elements.map(\.mass)
    }

    /// Number of atoms.
    public var count: Int { positions.count }

    /// The distinct elements in order of first appearance.
    public var species: [Element] {
        var seen = Set<Element>()
        return elements.filter { seen.insert($0).inserted }
    }

    /// Chemical formula in order of first appearance, e.g. "Cu108" or "Na4Cl4".
    public var formula: String {
        species.map { e in
            let n = elements.lazy.filter { $0 == e }.count
            return "\(e.symbol)\(n)"
        }.joined()
    }

    /// Volume per atom in Å³.
    public var volumePerAtom: Double { cell.volume / Double(count) }

    /// The structure with the cell and all positions deformed by the strain ε
    /// (r → (1 + ε) r), so fractional coordinates are kept.
    public func strained(_ strain: Matrix3) -> Structure {
        let deformation = Matrix3.identity + strain
        var s = self
        s.cell = cell.strained(strain)
        s.positions = positions.map { deformation * $0 }
        return s
    }

    /// The structure with a new cell and the same fractional coordinates.
    public func withCell(_ newCell: Cell) -> Structure {
        let inverse = cell.matrix.inverse
        var s = self
        s.cell = newCell
        s.positions = positions.map { ($0 * inverse) * newCell.matrix }
        return s
    }

    /// The structure with positions scaled isotropically by `factor` (cell too).
    public func scaled(by factor: Double) -> Structure {
        strained(Matrix3(diagonal: SIMD3(repeating: factor - 1)))
    }

    /// Smallest face distance of a cell over the length of the lattice vector it belongs to
    /// (1 for a rectangular cell, sin 60° for a hexagonal one): below it `validate` calls the cell degenerate.
    public static let minimumFlatness = 1e-3

    /// Checks the cell and positions: a right-handed, not degenerate cell of non-zero volume
    /// and finite coordinates. (Overlapping atoms are found with a neighbor list: `Neighbors`.)
    public func validate() throws {
        guard count > 0 else { throw InputError("the structure has no atoms") }
        let v = cell.matrix.determinant
        guard v.isFinite, abs(v) > 1e-6 else {
            throw InputError("the cell has zero volume (lattice vectors are linearly dependent)")
        }
        guard v > 0 else {
            throw InputError("the cell is left-handed (negative determinant); reorder the lattice vectors")
        }
        // A vector almost in the plane of the other two (a tilt thousands of times the cell's
        // length): the cell's planes are too close together for any neighbour search.
        let faces = cell.faceDistances, lengths = cell.lengths
        for k in 0..<3 where !(faces[k] >= Self.minimumFlatness * lengths[k]) {
            throw InputError(String(format: "the cell is degenerate: lattice vector %d (%.4g Å) lies within %.2g° of the plane of "
                                    + "the other two (a face distance of %.3g Å); give a less skewed cell of the same lattice",
                                    k + 1, lengths[k], asin(min(1, faces[k] / lengths[k])) * 180 / .pi, faces[k]))
        }
        for (i, r) in positions.enumerated() where !(r.x.isFinite && r.y.isFinite && r.z.isFinite) {
            throw InputError("atom \(i + 1) has a non-finite position")
        }
    }
}
