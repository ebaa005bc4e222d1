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

    /// Criterion A: the temperature of the maximum of dH/dT. `temperatures` are the
    /// thermostat targets (K, increasing), `enthalpy` in any energy unit.
    public static func heatCapacityPeak(temperatures: [Double], enthalpy: [Double], widths: [Double]) -> RampPeak? {
        peak(temperatures, enthalpy, widths: widths) { $0.slope }
    }

    /// Criterion B: the temperature of the maximum of d²L/dT², L the Lindemann ratio.
    public static func lindemannPeak(temperatures: [Double], ratio: [Double], widths: [Double]) -> RampPeak? {
        peak(temperatures, ratio, widths: widths) { $0.curvature }
    }

    /// The peak of `derivative` of the local fits for each width; nil when the reference
    /// width finds no interior maximum (the ramp too short, or no transition in it).
    static func peak(_ x: [Double], _ y: [Double], widths: [Double],
                     derivative: (LocalQuadratic) -> [Double]) -> RampPeak? {
        precondition(!widths.isEmpty, "at least one width")
        let reference = widths.count / 2
        var estimates: [Double?] = []
        var curve: (x: [Double], y: [Double], prominence: Double)?
        for (k, w) in widths.enumerated() {
            let fit = LocalQuadratic(x: x, y: y, width: w)
            let d = derivative(fit)
            let located = maximum(x: fit.x, y: d)
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
