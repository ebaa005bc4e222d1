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
