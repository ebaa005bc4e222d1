/// A straight line y = intercept + slope·x fitted by least squares, with the standard
/// errors of both from the residuals (n − 2 degrees of freedom).
public struct LinearFit: Sendable {
    public let slope: Double
    public let intercept: Double
    public let slopeError: Double
    public let interceptError: Double

    /// Fits `y` against `x` (at least two points with distinct x).
    public init(x: [Double], y: [Double]) {
        precondition(x.count == y.count && x.count >= 2, "a line needs two points")
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxx = 0.0, sxy = 0.0
        for (a, b) in zip(x, y) {
            sxx += (a - mx) * (a - mx)
            sxy += (a - mx) * (b - my)
        }
        slope = sxy / sxx
        intercept = my - slope * mx
        var rss = 0.0
        for (a, b) in zip(x, y) {
            let r = b - intercept - slope * a
            rss += r * r
        }
        let s2 = x.count > 2 ? rss / (n - 2) : 0
        slopeError = (s2 / sxx).squareRoot()
        interceptError = (s2 * (1 / n + mx * mx / sxx)).squareRoot()
    }
}

/// The least-squares parabola through points (x, y): returns the x and y of its vertex,
/// or nil when the points are collinear.
func parabolaVertex(x: [Double], y: [Double]) -> (x: Double, y: Double)? {
    // Fit y = c0 + c1 t + c2 t² in t = x − x̄ (normal equations, 3×3 by Cramer's rule).
    let mx = x.reduce(0, +) / Double(x.count)
    var s = [Double](repeating: 0, count: 5), b = [Double](repeating: 0, count: 3)
    for (xv, yv) in zip(x, y) {
        let t = xv - mx
        var p = 1.0
        for k in 0..<5 {
            s[k] += p
            if k < 3 { b[k] += p * yv }
            p *= t
        }
    }
    func det(_ m: [[Double]]) -> Double {
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    }
    let a = [[s[0], s[1], s[2]], [s[1], s[2], s[3]], [s[2], s[3], s[4]]]
    let d = det(a)
    guard abs(d) > 1e-300 else { return nil }
    var c = [Double](repeating: 0, count: 3)
    for k in 0..<3 {
        var m = a
        for row in 0..<3 { m[row][k] = b[row] }
        c[k] = det(m) / d
    }
    guard c[2] != 0 else { return nil }
    let t = -c[1] / (2 * c[2])
    return (mx + t, c[0] + c[1] * t + c[2] * t * t)
}
