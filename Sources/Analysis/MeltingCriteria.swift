/// Melting temperature of a heating ramp (series against the thermostat's target
/// temperature), by two criteria:
///
/// - A, heat capacity: the maximum of dH/dT, where the latent heat is taken up;
/// - B, Lindemann: the maximum of d²L/dT² of the Lindemann ratio L = √⟨u²⟩/d, where L
///   turns from the slow rise of a vibrating crystal to the fast rise of a liquid whose atoms
///   leave their sites.
///
/// Derivatives come from local least-squares quadratics over a window of `width` K
/// (`LocalQuadratic`); the peak is refined by a parabola through the five estimates around
/// the largest. The result is computed for several widths: the value at the middle width is
/// reported, and half the range over all widths measures how much the smoothing matters.
///
/// Under a thermostat that exchanges energy in bursts (Nosé–Hoover in a hot liquid) dH/dT
/// has spurious maxima far from melting, so the melting event is located first from the
/// structural order parameter (`meltingEvent`: where L first reaches the liquid value) and
/// both maxima are looked for in a window around it (`eventWindow`).
public struct RampPeak: Sendable {
    /// Melting temperature at the reference width, K.
    public let temperatureK: Double
    /// Half the range of the estimates over the widths, K.
    public let spreadK: Double
    /// Window widths (K) and the estimate at each (nil where no interior peak was found).
    public let widths: [Double]
    public let estimates: [Double?]
    /// The derivative curve at the reference width (for plots): x in K, the derivative.
    public let curveX: [Double]
    public let curveY: [Double]
    /// Height of the peak relative to the median of |derivative| over the ramp: a
    /// measure of how clearly the transition stands out of the noise.
    public let prominence: Double
}

public enum MeltingCriteria {
    /// Default smoothing widths, K: the reference width (middle) with half and double.
    public static func widths(reference: Double) -> [Double] { [reference / 2, reference, 2 * reference] }

    /// The Lindemann ratio of a liquid: a ramp whose L reaches it has melted (a crystal
    /// stays below ~0.15 up to its superheating limit).
    public static let liquidRatio = 0.3

    /// K below and above the melting event searched for the maxima.
    public static let eventWindow = (below: 150.0, above: 100.0)

    /// The melting event: the first target temperature (K, linearly interpolated) at which
    /// the Lindemann ratio reaches `liquidRatio`; nil when it never does.
    public static func meltingEvent(temperatures: [Double], ratio: [Double]) -> Double? {
        guard let k = ratio.firstIndex(where: { $0 >= liquidRatio }) else { return nil }
        guard k > 0 else { return temperatures[0] }
        let f = (liquidRatio - ratio[k - 1]) / (ratio[k] - ratio[k - 1])
        return temperatures[k - 1] + f * (temperatures[k] - temperatures[k - 1])
    }

    /// The search window around a melting event at `event` K.
    public static func window(around event: Double) -> ClosedRange<Double> {
        (event - eventWindow.below)...(event + eventWindow.above)
    }

    /// Criterion A: the temperature of the maximum of dH/dT. `temperatures` are the
    /// thermostat targets (K, increasing), `enthalpy` in any energy unit; only maxima
    /// inside `window` (K) count when it is given.
    public static func heatCapacityPeak(temperatures: [Double], enthalpy: [Double], widths: [Double],
                                        window: ClosedRange<Double>? = nil) -> RampPeak? {
        peak(temperatures, enthalpy, widths: widths, window: window) { $0.slope }
    }

    /// Criterion B: the temperature of the maximum of d²L/dT², L the Lindemann ratio;
    /// only maxima inside `window` (K) count when it is given.
    public static func lindemannPeak(temperatures: [Double], ratio: [Double], widths: [Double],
                                     window: ClosedRange<Double>? = nil) -> RampPeak? {
        peak(temperatures, ratio, widths: widths, window: window) { $0.curvature }
    }

    /// The peak of `derivative` of the local fits for each width, within `window` when
    /// given; nil when the reference width finds no interior maximum (the ramp too short,
    /// or no transition in it).
    static func peak(_ x: [Double], _ y: [Double], widths: [Double], window: ClosedRange<Double>? = nil,
                     derivative: (LocalQuadratic) -> [Double]) -> RampPeak? {
        precondition(!widths.isEmpty, "at least one width")
        let reference = widths.count / 2
        var estimates: [Double?] = []
        var curve: (x: [Double], y: [Double], prominence: Double)?
        for (k, w) in widths.enumerated() {
            let fit = LocalQuadratic(x: x, y: y, width: w)
            let d = derivative(fit)
            let inside = fit.x.indices.filter { window?.contains(fit.x[$0]) ?? true }
            let located = maximum(x: inside.map { fit.x[$0] }, y: inside.map { d[$0] })
            estimates.append(located?.x)
            if k == reference {
                let sorted = d.map(abs).sorted()
                let median = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
                curve = (fit.x, d, located.map { median > 0 ? $0.y / median : .infinity } ?? 0)
            }
        }
        guard let t = estimates[reference], let curve else { return nil }
        let found = estimates.compactMap { $0 }
        return RampPeak(temperatureK: t, spreadK: 0.5 * ((found.max() ?? t) - (found.min() ?? t)), widths: widths,
                        estimates: estimates, curveX: curve.x, curveY: curve.y, prominence: curve.prominence)
    }

    /// The interior maximum of y(x), refined by a parabola through up to five points
    /// around the largest value; nil when the largest value is at either end.
    static func maximum(x: [Double], y: [Double]) -> (x: Double, y: Double)? {
        guard let k = y.indices.max(by: { y[$0] < y[$1] }), k > 0, k < y.count - 1 else { return nil }
        let lo = max(0, k - 2), hi = min(y.count - 1, k + 2)
        if let v = parabolaVertex(x: Array(x[lo...hi]), y: Array(y[lo...hi])), v.x >= x[lo], v.x <= x[hi] {
            return v
        }
        return (x[k], y[k])
    }
}
