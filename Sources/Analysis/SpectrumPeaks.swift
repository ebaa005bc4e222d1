/// Peaks of a sampled spectrum (a DOS on a frequency grid): the local maxima, strongest
/// first, each refined by the vertex of the parabola through it and its two neighbours.
public enum SpectrumPeaks {
    /// Up to `count` peak positions (units of `x`), strongest first. A local maximum is
    /// kept only when it rises above `prominence` × the curve's maximum over the lowest
    /// point between it and every stronger peak already kept, so that noise wiggles on the
    /// side of a peak are not counted.
    public static func find(x: [Double], y: [Double], count: Int, prominence: Double = 0.1) -> [Double] {
        precondition(x.count == y.count, "one value per grid point")
        guard y.count >= 3, let top = y.max(), top > 0 else { return [] }
        let maxima = (1..<(y.count - 1)).filter { y[$0] > y[$0 - 1] && y[$0] >= y[$0 + 1] }.sorted { y[$0] > y[$1] }
        var kept: [Int] = []
        for m in maxima where kept.count < count {
            let separated = kept.allSatisfy { k in
                let valley = y[min(k, m)...max(k, m)].min()!
                return y[m] - valley > prominence * top
            }
            if separated { kept.append(m) }
        }
        return kept.map { i in
            let (a, b, c) = (y[i - 1], y[i], y[i + 1])
            let curvature = a - 2 * b + c
            let shift = curvature < 0 ? 0.5 * (a - c) / curvature : 0
            return x[i] + shift * (x[i + 1] - x[i - 1]) / 2
        }
    }
}
