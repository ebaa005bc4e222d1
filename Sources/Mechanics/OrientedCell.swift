import Atoms
import Foundation

/// A crystal re-cut so that its third lattice vector is normal to a lattice plane and the
/// first two lie in it: the cell for slabs and stacking faults.
public struct OrientedCell: Sendable {
    /// Plane label: "100", "110", "111" (cubic, Miller indices of the conventional cell) or
    /// "0001" (hexagonal).
    public let plane: String
    /// One period along the normal (a supercell of the conventional cell).
    public let structure: Structure
    /// Rows of the supercell matrix, in units of the conventional cell's vectors.
    public let matrix: [[Int]]

    /// Area of the plane in the cell, Å².
    public var area: Double { length(cross(structure.cell[0], structure.cell[1])) }
    /// Period along the normal, Å.
    public var period: Double { structure.cell.volume / area }

    /// The planes that apply to `conventional`: (100), (110), (111) for a cubic conventional
    /// cell (equal orthogonal edges), (0001) for a hexagonal cell (a = b, γ = 120° or 60°,
    /// c normal to both); none otherwise.
    public static func planes(of conventional: Structure) throws -> [OrientedCell] {
        let l = conventional.cell.lengths, angles = conventional.cell.anglesDegrees
        let tol = 1e-4 * l.max()
        let right = abs(angles.x - 90) < 1e-3 && abs(angles.y - 90) < 1e-3
        let table: [(String, [[Int]])]
        if right && abs(angles.z - 90) < 1e-3 && abs(l.x - l.y) < tol && abs(l.x - l.z) < tol {
            table = [("100", [[1, 0, 0], [0, 1, 0], [0, 0, 1]]),
                     ("110", [[0, 0, 1], [1, -1, 0], [1, 1, 0]]),
                     ("111", [[1, -1, 0], [1, 1, -2], [1, 1, 1]])]
        } else if right && abs(l.x - l.y) < tol && (abs(angles.z - 120) < 1e-3 || abs(angles.z - 60) < 1e-3) {
            table = [("0001", [[1, 0, 0], [0, 1, 0], [0, 0, 1]])]
        } else {
            return []
        }
        return try table.map { plane, m in
            OrientedCell(plane: plane, structure: try Supercell.make(conventional, matrix: m), matrix: m)
        }
    }

    /// `repeats` periods along the normal, with positions wrapped so that the widest gap
    /// between atomic layers lies at the cell boundary (a slab cut there breaks the fewest
    /// bonds: the shuffle plane of diamond (111)).
    public func stacked(_ repeats: Int) throws -> Structure {
        var s = try Supercell.make(structure, matrix: [[1, 0, 0], [0, 1, 0], [0, 0, repeats]])
        var f = s.positions.map { s.cell.fractional($0) }
        let heights = f.map { $0.z - ($0.z + 1e-9).rounded(.down) }.sorted()
        var cut = 0.0, widest = -1.0
        for (k, h) in heights.enumerated() {
            let next = k + 1 < heights.count ? heights[k + 1] : heights[0] + 1
            if next - h > widest + 1e-9 { widest = next - h; cut = (h + next) / 2 }
        }
        for i in f.indices {
            f[i] -= (f[i] + SIMD3(repeating: 1e-9)).rounded(.down)
            f[i].z -= cut
            f[i].z -= f[i].z.rounded(.down)
            s.positions[i] = s.cell.cartesian(f[i])
        }
        return s
    }
}
