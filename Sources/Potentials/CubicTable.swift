/// A function tabulated on a uniform grid x_m = m·Δ (m = 0..<n), interpolated with the
/// piecewise cubic LAMMPS's EAM styles use (`PairEAM::interpolate`): node slopes from
/// five-point differences (one-sided at the ends), Hermite cubics between nodes, and the
/// same index and clamping arithmetic, so values agree with LAMMPS to round-off.
public struct CubicTable: Sendable {
    /// Number of nodes.
    public let count: Int
    /// Grid spacing Δ.
    public let spacing: Double
    /// 1/Δ, as LAMMPS multiplies by it.
    public let inverseSpacing: Double
    /// Seven coefficients per node, LAMMPS's order: [0..2] derivative cubic, [3..6] value cubic.
    @usableFromInline let coefficients: [Double]

    /// Builds the spline through `values` (at least 5 nodes) with spacing `spacing`.
    public init(values f: [Double], spacing delta: Double) {
        let n = f.count
        precondition(n >= 5, "a cubic table needs at least five nodes")
        count = n
        spacing = delta
        inverseSpacing = 1.0 / delta
        // Work 1-based as the formulas are written: node m ↔ index m-1.
        var s = [[Double]](repeating: [Double](repeating: 0, count: 7), count: n + 1)
        for m in 1...n { s[m][6] = f[m - 1] }
        s[1][5] = s[2][6] - s[1][6]
        s[2][5] = 0.5 * (s[3][6] - s[1][6])
        s[n - 1][5] = 0.5 * (s[n][6] - s[n - 2][6])
        s[n][5] = s[n][6] - s[n - 1][6]
        if n >= 5 {
            for m in 3...(n - 2) {
                s[m][5] = ((s[m - 2][6] - s[m + 2][6]) + 8.0 * (s[m + 1][6] - s[m - 1][6])) / 12.0
            }
        }
        for m in 1...(n - 1) {
            s[m][4] = 3.0 * (s[m + 1][6] - s[m][6]) - 2.0 * s[m][5] - s[m + 1][5]
            s[m][3] = s[m][5] + s[m + 1][5] - 2.0 * (s[m + 1][6] - s[m][6])
        }
        s[n][4] = 0.0
        s[n][3] = 0.0
        for m in 1...n {
            s[m][2] = s[m][5] / delta
            s[m][1] = 2.0 * s[m][4] / delta
            s[m][0] = 3.0 * s[m][3] / delta
        }
        coefficients = (1...n).flatMap { s[$0] }
    }

    /// Locates x as LAMMPS does: p = x/Δ + 1, m = ⌊p⌋ clamped to [1, count−1] (1-based),
    /// fraction p − m clamped to ≤ 1. Returns the coefficient offset and the fraction.
    @inlinable @inline(__always)
    func locate(_ x: Double) -> (Int, Double) {
        var p = x * inverseSpacing + 1.0
        // Guard the conversion (NaN or huge arguments would trap); the clamps below
        // give LAMMPS's behaviour for every finite argument in range.
        let bounded = p.isNaN ? 1.0 : min(max(p, -1.0), Double(count))
        var m = Int(bounded)
        m = max(1, min(m, count - 1))
        p -= Double(m)
        p = min(p, 1.0)
        return ((m - 1) * 7, p)
    }

    /// Value and derivative at x.
    @inlinable @inline(__always)
    public func valueAndDerivative(_ x: Double) -> (value: Double, derivative: Double) {
        let (o, p) = locate(x)
        return coefficients.withUnsafeBufferPointer { c in
            let d = (c[o] * p + c[o + 1]) * p + c[o + 2]
            let v = ((c[o + 3] * p + c[o + 4]) * p + c[o + 5]) * p + c[o + 6]
            return (v, d)
        }
    }

    /// Value at x.
    @inlinable @inline(__always)
    public func value(_ x: Double) -> Double {
        let (o, p) = locate(x)
        return coefficients.withUnsafeBufferPointer { c in
            ((c[o + 3] * p + c[o + 4]) * p + c[o + 5]) * p + c[o + 6]
        }
    }

    /// Derivative at x.
    @inlinable @inline(__always)
    public func derivative(_ x: Double) -> Double {
        let (o, p) = locate(x)
        return coefficients.withUnsafeBufferPointer { c in
            (c[o] * p + c[o + 1]) * p + c[o + 2]
        }
    }
}
