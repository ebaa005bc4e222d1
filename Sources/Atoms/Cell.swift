import Foundation

/// A periodic cell: the rows of `matrix` are the lattice vectors a1, a2, a3 in Å (as in
/// POSCAR and ASE). The one place that knows about periodicity: fractional ↔ Cartesian,
/// wrapping, face distances.
public struct Cell: Equatable, Sendable {
    /// Rows are lattice vectors, Å.
    public var matrix: Matrix3

    public init(_ matrix: Matrix3) { self.matrix = matrix }

    /// A cell from three lattice vectors in Å.
    public init(_ a1: SIMD3<Double>, _ a2: SIMD3<Double>, _ a3: SIMD3<Double>) {
        matrix = Matrix3(a1, a2, a3)
    }

    /// An orthorhombic cell with edges `lengths` (Å).
    public static func orthorhombic(_ lengths: SIMD3<Double>) -> Cell {
        Cell(Matrix3(diagonal: lengths))
    }

    /// The lattice vector i (0, 1 or 2), Å.
    public subscript(i: Int) -> SIMD3<Double> { matrix[i] }

    /// Volume in Å³ (positive for a right-handed cell).
    public var volume: Double { abs(matrix.determinant) }

    /// Lengths |a1|, |a2|, |a3| in Å.
    public var lengths: SIMD3<Double> { SIMD3(length(self[0]), length(self[1]), length(self[2])) }

    /// Angles α (a2,a3), β (a1,a3), γ (a1,a2) in degrees.
    public var anglesDegrees: SIMD3<Double> {
        func angle(_ u: SIMD3<Double>, _ v: SIMD3<Double>) -> Double {
            acos(max(-1, min(1, dot(u, v) / (length(u) * length(v))))) * 180 / Double.pi
        }
        return SIMD3(angle(self[1], self[2]), angle(self[0], self[2]), angle(self[0], self[1]))
    }

    /// Distances between opposite faces (Å): the perpendicular heights V/|a_j × a_k|.
    /// A sphere of radius r fits in the cell without touching its own images when
    /// 2r < min(heights).
    public var faceDistances: SIMD3<Double> {
        let v = volume
        return SIMD3(v / length(cross(self[1], self[2])),
                     v / length(cross(self[2], self[0])),
                     v / length(cross(self[0], self[1])))
    }

    /// Reciprocal lattice vectors as rows, without the factor 2π: b_i · a_j = δ_ij.
    public var reciprocal: Matrix3 { matrix.inverse.transpose }

    /// Fractional coordinates of a Cartesian position.
    @inlinable public func fractional(_ r: SIMD3<Double>) -> SIMD3<Double> {
        r * matrix.inverse
    }

    /// Cartesian position of fractional coordinates.
    @inlinable public func cartesian(_ f: SIMD3<Double>) -> SIMD3<Double> { f * matrix }

    /// The position mapped into the cell (fractional coordinates in [0, 1)).
    public func wrap(_ r: SIMD3<Double>) -> SIMD3<Double> {
        var f = fractional(r)
        f -= f.rounded(.down)
        // Round-off can leave exactly 1.0 after subtracting floor of a tiny negative.
        for k in 0..<3 where f[k] >= 1 { f[k] -= 1 }
        return cartesian(f)
    }

    /// The shortest periodic image of a displacement (exact for cells whose angles are
    /// not very oblique; used for analysis, not for neighbor search).
    public func minimumImage(_ d: SIMD3<Double>) -> SIMD3<Double> {
        var f = fractional(d)
        f -= f.rounded(.toNearestOrEven)
        return cartesian(f)
    }

    /// The cell deformed by the strain ε: each lattice vector a → (1 + ε) a.
    public func strained(_ strain: Matrix3) -> Cell {
        let deformation = Matrix3.identity + strain
        return Cell(matrix * deformation.transpose)
    }
}
