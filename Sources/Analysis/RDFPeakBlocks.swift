import Atoms

/// The first peak of the total g(r) in consecutive blocks of a trajectory's frames: the
/// statistical error of the peak's position and height from the scatter of the block
/// values (`BlockAverage(estimates:)`), as for any time average of a correlated run.
public struct RDFPeakBlocks: Sendable {
    /// Peak position, Å, and height over the blocks (mean and standard error).
    public let position: BlockAverage
    public let height: BlockAverage

    /// - Parameters:
    ///   - trajectory: evenly sampled frames of an equilibrated run (positions may be unwrapped).
    ///   - rmax: g(r) range, Å; binWidth: bin width, Å (as the full g(r) was computed).
    ///   - blocks: consecutive blocks of frames (at least 2, each with at least one frame).
    /// - Returns: nil when a block's g(r) has no peak.
    public init?(_ trajectory: Trajectory, rmax: Double, binWidth: Double, blocks: Int = 5) throws {
        precondition(blocks >= 2, "block errors need at least two blocks")
        let length = trajectory.count / blocks
        guard length >= 1 else {
            throw InputError("g(r) blocks need at least \(blocks) frames, the trajectory has \(trajectory.count)")
        }
        var r: [Double] = [], g: [Double] = []
        for b in 0..<blocks {
            var rdf = RadialDistribution(elements: trajectory.elements, rmax: rmax, binWidth: binWidth)
            for k in (b * length)..<((b + 1) * length) {
                let cell = trajectory.cells[k]
                let frame = Structure(cell: cell, positions: trajectory.positions[k].map { cell.wrap($0) },
                                      elements: trajectory.elements, masses: trajectory.masses)
                try rdf.add(frame)
            }
            guard let peak = rdf.result().total.firstPeak else { return nil }
            r.append(peak.r)
            g.append(peak.g)
        }
        position = BlockAverage(estimates: r)
        height = BlockAverage(estimates: g)
    }
}
