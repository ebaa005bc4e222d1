/// Mean of a correlated series and its statistical error from block averages: the series
/// is cut into `blocks` equal consecutive blocks and the error is the standard deviation of
/// the block means over √blocks (Flyvbjerg & Petersen, J. Chem. Phys. 91, 461 (1989)).
/// Blocks must be longer than the correlation time for the error to be honest.
public struct BlockAverage: Sendable {
    public let mean: Double
    public let error: Double
    /// The block means.
    public let blockMeans: [Double]

    public init(_ series: [Double], blocks: Int = 5) {
        precondition(blocks >= 2 && series.count >= blocks, "block averaging needs at least as many points as blocks")
        let n = series.count / blocks
        let means = (0..<blocks).map { b in series[(b * n)..<((b + 1) * n)].reduce(0, +) / Double(n) }
        self.init(estimates: means)
    }

    /// From independent estimates (one per block) of the same quantity.
    public init(estimates: [Double]) {
        let n = Double(estimates.count)
        let m = estimates.reduce(0, +) / n
        let variance = estimates.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)
        mean = m
        error = (variance / n).squareRoot()
        blockMeans = estimates
    }
}
