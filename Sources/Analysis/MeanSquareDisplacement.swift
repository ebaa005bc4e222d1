import Atoms
import FFT

/// Mean-square displacement averaged over all time origins, computed with FFTs in
/// O(T log T) per atom (Kneller et al., Comput. Phys. Commun. 91, 191 (1995); the
/// nMOLDYN algorithm): for a series r(0..<T),
///
///     MSD(m) = S1(m) − 2 S2(m),  S2(m) = (1/(T−m)) Σ_t r(t)·r(t+m)  (an autocorrelation),
///     S1(m) = (1/(T−m)) Σ_{t=0}^{T−m−1} [r(t)² + r(t+m)²]  (by a running sum).
public enum MeanSquareDisplacement {
    /// MSD(m) in Å² for lags m = 0..<T, averaged over `atoms`, from continuous positions
    /// (frame-major: `positions[t][i]`, Å). Atoms are shared between the cores.
    public static func compute(_ positions: [[SIMD3<Double>]], atoms: [Int]) -> [Double] {
        let frames = positions.count
        guard frames > 0, !atoms.isEmpty else { return [] }
        let chunks = max(1, min(Parallel.threads, atoms.count))
        var partial = [[Double]](repeating: [Double](repeating: 0, count: frames), count: chunks)
        partial.withUnsafeMutableBufferPointer { out in
            Parallel.forEachChunk(atoms.count, chunks: chunks) { c, range in
                var sum = [Double](repeating: 0, count: frames)
                var series = [Double](repeating: 0, count: frames)
                var squares = [Double](repeating: 0, count: frames)
                for a in range {
                    let i = atoms[a]
                    for t in 0..<frames { squares[t] = 0 }
                    for k in 0..<3 {
                        for t in 0..<frames {
                            series[t] = positions[t][i][k]
                            squares[t] += series[t] * series[t]
                        }
                        let s2 = autocorrelation(series)
                        for m in 0..<frames { sum[m] -= 2 * s2[m] / Double(frames - m) }
                    }
                    // S1 by the running sum Q(m) = Q(m−1) − r²(m−1) − r²(T−m).
                    var q = 2 * squares.reduce(0, +)
                    for m in 0..<frames {
                        if m > 0 { q -= squares[m - 1] + squares[frames - m] }
                        sum[m] += q / Double(frames - m)
                    }
                }
                out[c] = sum
            }
        }
        var msd = [Double](repeating: 0, count: frames)
        for p in partial { for m in 0..<frames { msd[m] += p[m] } }
        return msd.map { max(0, $0 / Double(atoms.count)) }
    }

    /// Positions with the centre of mass of every frame moved to that of the first frame
    /// (removes drift of the whole system, e.g. from a thermostat's noise).
    public static func removingCentreOfMassDrift(_ positions: [[SIMD3<Double>]], masses: [Double]) -> [[SIMD3<Double>]] {
        let total = masses.reduce(0, +)
        func centre(_ r: [SIMD3<Double>]) -> SIMD3<Double> {
            zip(masses, r).reduce(SIMD3<Double>.zero) { $0 + $1.0 * $1.1 } / total
        }
        guard let first = positions.first else { return [] }
        let origin = centre(first)
        return positions.map { frame in
            let shift = origin - centre(frame)
            return frame.map { $0 + shift }
        }
    }
}

/// Self-diffusion coefficient of one species from the Einstein relation MSD = 6 D t,
/// fitted over the diffusive range, with a block-average error.
///
/// The run's estimate and its error come from the same lag window: the MSD averaged over
/// all time origins of the whole run is fitted over the window that each of the blocks
/// (consecutive pieces of the run) is fitted over, so that the error of the mean of the
/// block estimates is also the error of D. (Fitting the whole run over a window that grows
/// with the run, as 10–50 % of it, gives an estimate whose relative error does not shrink
/// with the run's length, about √blocks times the block error.)
public struct Diffusion: Sendable {
    public let element: Element
    /// Time lags, ps, and the MSD (Å²) at each.
    public let lags: [Double]
    public let msd: [Double]
    /// D in Å²/ps and its statistical error (NaN with fewer than two blocks).
    public let coefficient: Double
    public let error: Double
    /// The fitted lag range, ps.
    public let fitRange: ClosedRange<Double>
    /// D of each consecutive block (fitted over the same range), in order, Å²/ps.
    public let blockCoefficients: [Double]

    /// Number of consecutive blocks the error comes from.
    public var blocks: Int { blockCoefficients.count }

    /// D in cm²/s (1 Å²/ps = 1e-4 cm²/s).
    public var coefficientCm2PerS: Double { coefficient * 1e-4 }

    /// Blocks of the default analysis.
    public static let defaultBlocks = 5

    /// The default fit range for blocks `blockSpan` ps long: from 10 % to 50 % of a block
    /// (past the ballistic start, with many time origins in every block).
    public static func defaultFitRange(blockSpan: Double) -> ClosedRange<Double> { (0.1 * blockSpan)...(0.5 * blockSpan) }

    /// Diffusion of every species of `trajectory` (positions unwrapped and centre-of-mass
    /// drift removed here). Frames must be evenly spaced. Without `fitRange`, the run is cut
    /// into `blocks` (default 5; fewer when a block would have under 10 frames) and fitted
    /// over 10–50 % of one block; with it, into as many blocks (at most `blocks`, default 100)
    /// as are at least twice the window's end long.
    public static func analyse(_ trajectory: Trajectory, fitRange: ClosedRange<Double>? = nil,
                               blocks: Int? = nil) throws -> [Diffusion] {
        let n = trajectory.count
        guard n >= 10 else { throw InputError("the MSD needs at least 10 frames, the trajectory has \(n)") }
        let dt = (trajectory.times[n - 1] - trajectory.times[0]) / Double(n - 1)
        for k in 1..<n where abs(trajectory.times[k] - trajectory.times[k - 1] - dt) > 1e-6 * dt + 1e-9 {
            throw InputError("frames are not evenly spaced in time (frame \(k + 1)); the MSD needs a constant interval")
        }
        if let blocks, blocks < 1 { throw InputError("the number of blocks must be at least 1, not \(blocks)") }
        let span = dt * Double(n - 1)
        let count: Int
        let range: ClosedRange<Double>
        if let fitRange {
            range = fitRange
            let fitting = fitRange.upperBound > 0 ? Int(min(1e6, span / (2 * fitRange.upperBound))) : n
            count = min(blocks ?? 100, fitting)
        } else {
            // Blocks of at least 10 frames; a short trajectory is fitted whole, without an error.
            count = max(1, min(blocks ?? defaultBlocks, n / 10))
            range = defaultFitRange(blockSpan: dt * Double(n / count - 1))
        }
        guard range.lowerBound >= 0, range.upperBound <= span, range.upperBound - range.lowerBound >= 2 * dt else {
            throw InputError(String(format: "the fit range %.4g–%.4g ps must lie within the trajectory's %.4g ps and span at least two frames",
                                    range.lowerBound, range.upperBound, span))
        }
        let positions = MeanSquareDisplacement.removingCentreOfMassDrift(trajectory.unwrappedPositions(),
                                                                         masses: trajectory.masses)
        let lags = (0..<n).map { Double($0) * dt }
        let blockLength = count >= 2 ? n / count : 0
        return trajectory.atomsBySpecies.map { element, atoms in
            let msd = MeanSquareDisplacement.compute(positions, atoms: atoms)
            let d = slope(msd, dt: dt, range: range) / 6
            var estimates: [Double] = []
            if blockLength >= 4, Double(blockLength - 1) * dt >= range.upperBound {
                for b in 0..<count {
                    let part = Array(positions[(b * blockLength)..<((b + 1) * blockLength)])
                    let m = MeanSquareDisplacement.compute(part, atoms: atoms)
                    estimates.append(slope(m, dt: dt, range: range) / 6)
                }
            }
            let error = estimates.count >= 2 ? BlockAverage(estimates: estimates).error : .nan
            return Diffusion(element: element, lags: lags, msd: msd, coefficient: d, error: error, fitRange: range,
                             blockCoefficients: estimates)
        }
    }

    /// Least-squares slope of msd(m·dt) over lags within `range` (at least two points).
    private static func slope(_ msd: [Double], dt: Double, range: ClosedRange<Double>) -> Double {
        var first = Int((range.lowerBound / dt).rounded(.up)), last = Int((range.upperBound / dt).rounded(.down))
        last = min(last, msd.count - 1)
        first = min(first, last - 1)
        let idx = Array(max(0, first)...last)
        return LinearFit(x: idx.map { Double($0) * dt }, y: idx.map { msd[$0] }).slope
    }
}
