/// Error statistics of predictions against reference values: mean absolute error,
/// root-mean-square error, largest absolute error and Pearson correlation coefficient.
public struct ErrorMetrics: Sendable, Equatable {
    public let count: Int
    public let mae: Double
    public let rmse: Double
    public let max: Double
    /// Pearson correlation coefficient of predictions and references (NaN when either
    /// has no spread).
    public let cc: Double

    public init(predicted: [Double], reference: [Double]) {
        precondition(predicted.count == reference.count, "one prediction per reference value")
        let n = predicted.count
        count = n
        guard n > 0 else {
            mae = .nan; rmse = .nan; max = .nan; cc = .nan
            return
        }
        var abs = 0.0, sq = 0.0, worst = 0.0
        for (p, r) in zip(predicted, reference) {
            let e = p - r
            abs += Swift.abs(e)
            sq += e * e
            worst = Swift.max(worst, Swift.abs(e))
        }
        mae = abs / Double(n)
        rmse = (sq / Double(n)).squareRoot()
        max = worst
        let mp = predicted.reduce(0, +) / Double(n), mr = reference.reduce(0, +) / Double(n)
        var spp = 0.0, srr = 0.0, spr = 0.0
        for (p, r) in zip(predicted, reference) {
            spp += (p - mp) * (p - mp)
            srr += (r - mr) * (r - mr)
            spr += (p - mp) * (r - mr)
        }
        cc = spp > 0 && srr > 0 ? spr / (spp * srr).squareRoot() : .nan
    }
}
