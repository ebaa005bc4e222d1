import Analysis
import Atoms

/// The analysis of one finished heating ramp: both melting criteria and the curves for
/// figures.
public struct RampResult: Sendable {
    /// Heating rate, K per step, and the seed of the run.
    public let rate: Double
    public let seed: UInt64
    /// Criterion A (dH/dT, per atom) and B (d²L/dT²).
    public let cp: RampPeak?
    public let lindemann: RampPeak?
    /// Lindemann ratio at the end of the ramp (a liquid is far above 0.3).
    public let finalRatio: Double
    /// The melting event: the target temperature (K) at which the Lindemann ratio first
    /// reached the liquid value; nil when it never did (not melted).
    public let event: Double?
    /// Target temperature (K), enthalpy per atom (eV) and Lindemann ratio of the ramp rows.
    public let target: [Double]
    public let enthalpy: [Double]
    public let ratio: [Double]

    /// Analyses `series` (the rows after the hold) of a ramp of `atoms` atoms with
    /// smoothing windows around `smoothK` K.
    public init(rate: Double, seed: UInt64, series: RampSeries, atoms: Int, smoothK: Double) throws {
        guard series.target.count >= 10 else { throw InputError("the ramp has too few rows to analyse (\(series.target.count))") }
        self.rate = rate
        self.seed = seed
        let t = series.target, h = series.enthalpy.map { $0 / Double(atoms) }, l = series.lindemann
        target = t
        enthalpy = h
        ratio = l
        let widths = MeltingCriteria.widths(reference: smoothK)
        event = MeltingCriteria.meltingEvent(temperatures: t, ratio: l)
        let window = event.map { MeltingCriteria.window(around: $0) }
        // A potential without energy (forces only) leaves the enthalpy NaN: no criterion A.
        cp = h.allSatisfy(\.isFinite)
            ? window.flatMap { MeltingCriteria.heatCapacityPeak(temperatures: t, enthalpy: h, widths: widths, window: $0) } : nil
        lindemann = window.flatMap { MeltingCriteria.lindemannPeak(temperatures: t, ratio: l, widths: widths, window: $0) }
        finalRatio = l.last ?? 0
    }

    /// Whether the crystal melted during the ramp: the Lindemann ratio reached the liquid
    /// value at some row.
    public var melted: Bool { event != nil }
    public var tmCp: Double? { melted ? cp?.temperatureK : nil }
    public var tmLindemann: Double? { melted ? lindemann?.temperatureK : nil }
}

/// Tm = a + b·rate fitted over the rates up to a threshold, with standard errors (from 3
/// rates on).
public struct RateFit: Sendable {
    public let fit: LinearFit
    public let rates: [Double]

    public init?(_ points: [(rate: Double, tm: Double?)], below: Double) {
        let used = points.compactMap { p in p.tm.map { (p.rate, $0) } }.filter { $0.0 <= below }
        guard used.count >= 2, Set(used.map(\.0)).count >= 2 else { return nil }
        fit = LinearFit(x: used.map(\.0), y: used.map(\.1))
        rates = used.map(\.0)
    }

    public var hasErrors: Bool { rates.count >= 3 }
    public var interceptError: Double? { hasErrors ? fit.interceptError : nil }
    public var slopeError: Double? { hasErrors ? fit.slopeError : nil }
}
