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

    /// Fits `y` against `x` by weighted least squares, weights 1/σ² from the errors of the
    /// points (`errors`, all positive and finite; at least two distinct x), with the errors
    /// of slope and intercept propagated from those errors (not from the residuals):
    /// σ_slope = 1/√(Σ wᵢ (xᵢ − x̄)²), x̄ the weighted mean.
    public init(x: [Double], y: [Double], errors: [Double]) {
        precondition(x.count == y.count && x.count == errors.count && x.count >= 2, "a line needs two points")
        let w = errors.map { 1 / ($0 * $0) }
        let total = w.reduce(0, +)
        let mx = zip(w, x).reduce(0) { $0 + $1.0 * $1.1 } / total
        let my = zip(w, y).reduce(0) { $0 + $1.0 * $1.1 } / total
        var sxx = 0.0, sxy = 0.0
        for ((wi, a), b) in zip(zip(w, x), y) {
            sxx += wi * (a - mx) * (a - mx)
            sxy += wi * (a - mx) * (b - my)
        }
        slope = sxy / sxx
        intercept = my - slope * mx
        slopeError = 1 / sxx.squareRoot()
        interceptError = (1 / total + mx * mx / sxx).squareRoot()
    }
}
