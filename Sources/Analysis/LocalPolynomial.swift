/// Smoothing and differentiation of a noisy series y(x) by local least-squares quadratics
/// (a Savitzky–Golay filter on irregular x): at each point x_i a parabola is fitted to the
/// points with |x − x_i| ≤ width/2, and its value, slope and curvature at x_i are the
/// smoothed y, dy/dx and d²y/dx². Only points whose window lies wholly inside the data
/// are returned, so no estimate comes from a one-sided fit.
public struct LocalQuadratic: Sendable {
    /// x of each estimate.
    public let x: [Double]
    /// Smoothed value, first and second derivative at each x.
    public let value: [Double]
    public let slope: [Double]
    public let curvature: [Double]
    /// Window width, in the units of x.
    public let width: Double

    /// - Parameters:
    ///   - x: increasing abscissae.
    ///   - y: values, one per x.
    ///   - width: full window width in the units of x (at least 4 points should fall in it).
    public init(x: [Double], y: [Double], width: Double) {
        precondition(x.count == y.count, "one y per x")
        self.width = width
        var xs: [Double] = [], v: [Double] = [], d1: [Double] = [], d2: [Double] = []
        let h = width / 2
        var lo = 0, hi = 0
        if let first = x.first, let last = x.last {
            for i in x.indices where x[i] - h >= first && x[i] + h <= last {
                while x[lo] < x[i] - h { lo += 1 }
                while hi + 1 < x.count && x[hi + 1] <= x[i] + h { hi += 1 }
                guard hi - lo >= 3, let c = quadraticFit(x: x, y: y, range: lo..<(hi + 1), centre: x[i], scale: h) else { continue }
                xs.append(x[i])
                v.append(c.0)
                d1.append(c.1 / h)
                d2.append(2 * c.2 / (h * h))
            }
        }
        self.x = xs
        value = v
        slope = d1
        curvature = d2
    }
}

/// Least-squares c0 + c1 t + c2 t² with t = (x − centre)/scale over the points in
/// `range` (normal equations); nil when they do not fix a parabola.
func quadraticFit(x: [Double], y: [Double], range: Range<Int>, centre: Double, scale: Double) -> (Double, Double, Double)? {
    var s = [Double](repeating: 0, count: 5), b = [Double](repeating: 0, count: 3)
    for k in range {
        let t = (x[k] - centre) / scale
        var p = 1.0
        for j in 0..<5 {
            s[j] += p
            if j < 3 { b[j] += p * y[k] }
            p *= t
        }
    }
    let a = [[s[0], s[1], s[2]], [s[1], s[2], s[3]], [s[2], s[3], s[4]]]
    guard let c = solve3(a, b) else { return nil }
    return (c[0], c[1], c[2])
}

/// Solves a 3×3 system by Cramer's rule; nil when it is singular.
func solve3(_ a: [[Double]], _ b: [Double]) -> [Double]? {
    func det(_ m: [[Double]]) -> Double {
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    }
    let d = det(a)
    let norm = a.flatMap { $0 }.map(abs).max() ?? 0
    guard abs(d) > 1e-13 * norm * norm * norm else { return nil }
    return (0..<3).map { k in
        var m = a
        for row in 0..<3 { m[row][k] = b[row] }
        return det(m) / d
    }
}

/// The least-squares parabola through points (x, y): returns the x and y of its vertex,
/// or nil when the points are collinear.
func parabolaVertex(x: [Double], y: [Double]) -> (x: Double, y: Double)? {
    let mx = x.reduce(0, +) / Double(x.count)
    let scale = x.map { abs($0 - mx) }.max() ?? 0
    guard scale > 0, let c = quadraticFit(x: x, y: y, range: x.indices, centre: mx, scale: scale), c.2 != 0 else { return nil }
    let t = -c.1 / (2 * c.2)
    return (mx + t * scale, c.0 + c.1 * t + c.2 * t * t)
}
