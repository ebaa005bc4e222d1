import Foundation

/// A 3×3 real matrix stored as three rows. Used for cells (rows are lattice vectors),
/// strains, stresses and rotations.
public struct Matrix3: Equatable, Sendable, CustomStringConvertible {
    public var rows: (SIMD3<Double>, SIMD3<Double>, SIMD3<Double>)

    @inlinable
    public init(_ r0: SIMD3<Double>, _ r1: SIMD3<Double>, _ r2: SIMD3<Double>) {
        rows = (r0, r1, r2)
    }

    /// Builds a matrix from nine numbers in row-major order.
    public init(rowMajor v: [Double]) {
        precondition(v.count == 9, "Matrix3 needs 9 numbers")
        self.init(SIMD3(v[0], v[1], v[2]), SIMD3(v[3], v[4], v[5]), SIMD3(v[6], v[7], v[8]))
    }

    /// A diagonal matrix.
    public init(diagonal d: SIMD3<Double>) {
        self.init(SIMD3(d.x, 0, 0), SIMD3(0, d.y, 0), SIMD3(0, 0, d.z))
    }

    public static let zero = Matrix3(.zero, .zero, .zero)
    public static let identity = Matrix3(diagonal: SIMD3(1, 1, 1))

    @inlinable
    public subscript(i: Int) -> SIMD3<Double> {
        get {
            switch i {
            case 0: return rows.0
            case 1: return rows.1
            default: return rows.2
            }
        }
        set {
            switch i {
            case 0: rows.0 = newValue
            case 1: rows.1 = newValue
            default: rows.2 = newValue
            }
        }
    }

    @inlinable
    public subscript(i: Int, j: Int) -> Double {
        get { self[i][j] }
        set { self[i][j] = newValue }
    }

    /// Row-major list of the nine elements.
    public var rowMajor: [Double] {
        [rows.0.x, rows.0.y, rows.0.z, rows.1.x, rows.1.y, rows.1.z, rows.2.x, rows.2.y, rows.2.z]
    }

    @inlinable
    public var transpose: Matrix3 {
        Matrix3(SIMD3(rows.0.x, rows.1.x, rows.2.x),
                SIMD3(rows.0.y, rows.1.y, rows.2.y),
                SIMD3(rows.0.z, rows.1.z, rows.2.z))
    }

    @inlinable
    public var determinant: Double { dot(rows.0, cross(rows.1, rows.2)) }

    @inlinable
    public var trace: Double { rows.0.x + rows.1.y + rows.2.z }

    /// The inverse; the caller guarantees a non-zero determinant.
    @inlinable
    public var inverse: Matrix3 {
        let det = determinant
        let c0 = cross(rows.1, rows.2), c1 = cross(rows.2, rows.0), c2 = cross(rows.0, rows.1)
        // Columns of the inverse are the cross products over the determinant.
        return Matrix3(c0 / det, c1 / det, c2 / det).transpose
    }

    /// √(Σ aᵢⱼ²), an upper bound of the largest singular value.
    @inlinable
    public var frobeniusNorm: Double {
        (lengthSquared(rows.0) + lengthSquared(rows.1) + lengthSquared(rows.2)).squareRoot()
    }

    /// Largest absolute element.
    public var maxAbs: Double {
        rowMajor.reduce(0) { max($0, abs($1)) }
    }

    @inlinable
    public static func + (a: Matrix3, b: Matrix3) -> Matrix3 {
        Matrix3(a.rows.0 + b.rows.0, a.rows.1 + b.rows.1, a.rows.2 + b.rows.2)
    }

    @inlinable
    public static func - (a: Matrix3, b: Matrix3) -> Matrix3 {
        Matrix3(a.rows.0 - b.rows.0, a.rows.1 - b.rows.1, a.rows.2 - b.rows.2)
    }

    @inlinable
    public static func * (s: Double, a: Matrix3) -> Matrix3 {
        Matrix3(s * a.rows.0, s * a.rows.1, s * a.rows.2)
    }

    @inlinable
    public static func += (a: inout Matrix3, b: Matrix3) { a = a + b }

    /// Matrix product.
    @inlinable
    public static func * (a: Matrix3, b: Matrix3) -> Matrix3 {
        Matrix3(a.rows.0 * b, a.rows.1 * b, a.rows.2 * b)
    }

    /// Matrix times column vector.
    @inlinable
    public static func * (a: Matrix3, v: SIMD3<Double>) -> SIMD3<Double> {
        SIMD3(dot(a.rows.0, v), dot(a.rows.1, v), dot(a.rows.2, v))
    }

    /// Row vector times matrix: `v.x·row0 + v.y·row1 + v.z·row2`.
    @inlinable
    public static func * (v: SIMD3<Double>, a: Matrix3) -> SIMD3<Double> {
        v.x * a.rows.0 + v.y * a.rows.1 + v.z * a.rows.2
    }

    /// Outer product u ⊗ v (element ij = u_i v_j).
    @inlinable
    public static func outer(_ u: SIMD3<Double>, _ v: SIMD3<Double>) -> Matrix3 {
        Matrix3(u.x * v, u.y * v, u.z * v)
    }

    /// Symmetric part (A + Aᵀ)/2.
    @inlinable
    public var symmetrized: Matrix3 { 0.5 * (self + transpose) }

    /// Rotation by `angle` radians about the unit vector `axis` (Rodrigues).
    public static func rotation(axis: SIMD3<Double>, angle: Double) -> Matrix3 {
        let k = axis / length(axis)
        let c = cos(angle), s = sin(angle), t = 1 - c
        return Matrix3(SIMD3(t * k.x * k.x + c, t * k.x * k.y - s * k.z, t * k.x * k.z + s * k.y),
                       SIMD3(t * k.x * k.y + s * k.z, t * k.y * k.y + c, t * k.y * k.z - s * k.x),
                       SIMD3(t * k.x * k.z - s * k.y, t * k.y * k.z + s * k.x, t * k.z * k.z + c))
    }

    public var description: String {
        "[[\(rows.0.x), \(rows.0.y), \(rows.0.z)], [\(rows.1.x), \(rows.1.y), \(rows.1.z)], [\(rows.2.x), \(rows.2.y), \(rows.2.z)]]"
    }

    @inlinable
    public static func == (a: Matrix3, b: Matrix3) -> Bool {
        a.rows.0 == b.rows.0 && a.rows.1 == b.rows.1 && a.rows.2 == b.rows.2
    }
}
