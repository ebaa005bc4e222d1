/// Functions tabulated on one uniform grid x_m = m·Δ (m = 0..<count), interpolated with
/// the piecewise cubic LAMMPS's EAM styles use (`PairEAM::interpolate`): node slopes from
/// five-point differences (one-sided at the ends), Hermite cubics between nodes, and the
/// same index and clamping arithmetic, so values agree with LAMMPS to round-off.
///
/// All functions share the grid, so a caller locates x once and evaluates several of them
/// there, as LAMMPS does for ρ(r) and r·φ(r).
public struct CubicTables: Sendable {
    /// Number of nodes of each function.
    public let count: Int
    /// Grid spacing Δ.
    public let spacing: Double
    /// Number of functions.
    public let functions: Int
    /// Seven coefficients per node, LAMMPS's order ([0..2] derivative cubic, [3..6] value
    /// cubic); function f starts at f·count·7.
    @usableFromInline let coefficients: [Double]

    /// Builds the splines through each list of values (all of the same length ≥ 5).
    public init(_ values: [[Double]], spacing delta: Double) {
        let n = values.first?.count ?? 0
        precondition(n >= 5 && values.allSatisfy { $0.count == n }, "cubic tables need five or more nodes each")
        count = n
        spacing = delta
        functions = values.count
        coefficients = values.flatMap { Self.spline($0, delta) }
    }

    /// LAMMPS's seven coefficients per node for one function.
    static func spline(_ f: [Double], _ delta: Double) -> [Double] {
        let n = f.count
        // Work 1-based as the formulas are written: node m ↔ index m-1.
        var s = [[Double]](repeating: [Double](repeating: 0, count: 7), count: n + 1)
        for m in 1...n { s[m][6] = f[m - 1] }
        s[1][5] = s[2][6] - s[1][6]
        s[2][5] = 0.5 * (s[3][6] - s[1][6])
        s[n - 1][5] = 0.5 * (s[n][6] - s[n - 2][6])
        s[n][5] = s[n][6] - s[n - 1][6]
        for m in 3...(n - 2) {
            s[m][5] = ((s[m - 2][6] - s[m + 2][6]) + 8.0 * (s[m + 1][6] - s[m - 1][6])) / 12.0
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
        return (1...n).flatMap { s[$0] }
    }

    /// Calls `body` with a raw view of the tables for use in hot loops.
    @inlinable
    public func withView<R>(_ body: (View) throws -> R) rethrows -> R {
        try coefficients.withUnsafeBufferPointer { c in
            try body(View(base: c.baseAddress!, count: count, inverseSpacing: 1.0 / spacing))
        }
    }

    /// A position on the grid: node offset (in coefficients) and fraction p ∈ [0, 1].
    public struct Location {
        @usableFromInline let offset: Int
        @usableFromInline let p: Double
        @usableFromInline init(offset: Int, p: Double) {
            self.offset = offset
            self.p = p
        }
    }

    /// Unretained access to the coefficients; valid only inside `withView`.
    public struct View {
        @usableFromInline let base: UnsafePointer<Double>
        @usableFromInline let count: Int
        @usableFromInline let inverseSpacing: Double

        @usableFromInline init(base: UnsafePointer<Double>, count: Int, inverseSpacing: Double) {
            self.base = base
            self.count = count
            self.inverseSpacing = inverseSpacing
        }

        /// Locates x as LAMMPS does: p = x/Δ + 1, m = ⌊p⌋ clamped to [1, count−1] (1-based),
        /// fraction p − m clamped to ≤ 1.
        @inlinable @inline(__always)
        public func locate(_ x: Double) -> Location {
            var p = x * inverseSpacing + 1.0
            // Guard the conversion (NaN or huge arguments would trap); the clamps give
            // LAMMPS's behaviour for every finite argument in range.
            let bounded = p.isNaN ? 1.0 : min(max(p, -1.0), Double(count))
            var m = Int(bounded)
            m = max(1, min(m, count - 1))
            p -= Double(m)
            p = min(p, 1.0)
            return Location(offset: (m - 1) * 7, p: p)
        }

        /// Locates a distance known to be finite, non-negative and inside the table's
        /// range (r < cutoff): the same arithmetic as `locate` without its guards.
        @inlinable @inline(__always)
        public func locateDistance(_ r: Double) -> Location {
            var p = r * inverseSpacing + 1.0
            let m = min(Int(p), count &- 1)
            p -= Double(m)
            p = min(p, 1.0)
            return Location(offset: (m &- 1) &* 7, p: p)
        }

        /// Start of function f's coefficients, for loops that evaluate it many times.
        @inlinable @inline(__always)
        public func function(_ f: Int) -> UnsafePointer<Double> { base + f &* count &* 7 }

        /// Value of the function starting at `c` (from `function`) at a located point.
        @inlinable @inline(__always)
        public static func value(_ c: UnsafePointer<Double>, _ at: Location) -> Double {
            let c = c + at.offset
            let p = at.p
            return ((c[3] * p + c[4]) * p + c[5]) * p + c[6]
        }

        /// Derivative of the function starting at `c` at a located point.
        @inlinable @inline(__always)
        public static func derivative(_ c: UnsafePointer<Double>, _ at: Location) -> Double {
            let c = c + at.offset
            let p = at.p
            return (c[0] * p + c[1]) * p + c[2]
        }

        /// Value of function f at a located point.
        @inlinable @inline(__always)
        public func value(_ f: Int, _ at: Location) -> Double { View.value(function(f), at) }

        /// Derivative of function f at a located point.
        @inlinable @inline(__always)
        public func derivative(_ f: Int, _ at: Location) -> Double { View.derivative(function(f), at) }
    }
}
