import Analysis

/// Whether a liquid run stayed one stationary liquid. Below a potential's melting point the
/// liquid is supercooled and may crystallise, or open voids and expand without bound under
/// a barostat at zero pressure; its D and g(r) then describe no equilibrium state. The run
/// is compared with itself: its first and last fifths.
public struct LiquidDrift: Sendable {
    /// Relative change of the mean volume from the first to the last fifth of the samples.
    public let volumeChange: Double
    /// Mean D of the last fifth of the diffusion blocks over that of the first fifth; nil
    /// with fewer than 5 blocks.
    public let diffusionRatio: Double?

    /// Largest volume change (relative) and D ratio range a stationary liquid shows: a few
    /// times the noise of fifths of runs of a few hundred atoms over tens of ps.
    public static let volumeTolerance = 0.03
    public static let diffusionRatioRange = 0.5...2.0

    /// From the volumes (Å³) of the run's thermo samples, in order, and its D block estimates.
    public init(volumes: [Double], diffusionBlocks: [Double]) {
        func fifths(_ x: [Double]) -> (first: Double, last: Double)? {
            let k = x.count / 5
            guard k >= 1 else { return nil }
            return (x[..<k].reduce(0, +) / Double(k), x[(x.count - k)...].reduce(0, +) / Double(k))
        }
        volumeChange = fifths(volumes).map { $0.last / $0.first - 1 } ?? 0
        diffusionRatio = fifths(diffusionBlocks).flatMap { $0.first > 0 ? $0.last / $0.first : nil }
    }

    /// True when neither the volume nor D drifted beyond the tolerances.
    public var isStationary: Bool {
        abs(volumeChange) <= Self.volumeTolerance && (diffusionRatio.map { Self.diffusionRatioRange.contains($0) } ?? true)
    }

    /// What drifted, for a note (empty when stationary).
    public var description: String {
        var parts: [String] = []
        if abs(volumeChange) > Self.volumeTolerance {
            parts.append("volume \(volumeChange > 0 ? "+" : "")\(Int((100 * volumeChange).rounded())) %")
        }
        if let r = diffusionRatio, !Self.diffusionRatioRange.contains(r) {
            parts.append("D × \((100 * r).rounded() / 100)")
        }
        return parts.isEmpty ? "" : parts.joined(separator: ", ") + " from the first to the last fifth of the run"
    }
}
