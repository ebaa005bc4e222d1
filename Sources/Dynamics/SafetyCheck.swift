import Atoms
import Neighbors

/// Checks that stop a run that has gone wrong, with a message naming the step (non-finite
/// forces are caught at every force evaluation by `ForceEngine`).
public struct SafetyCheck: Sendable {
    /// Atoms closer than this (Å) stop the run.
    public var minimumDistance = 0.5
    /// A temperature above this (K) stops the run.
    public var maximumTemperature: Double
    /// Volume the cell is compared with, Å³ (a `Simulation` sets it to the volume at the
    /// start of its run); nil for no volume check.
    public var referenceVolume: Double?
    /// A volume more than this factor above or below `referenceVolume` stops the run.
    public var maximumVolumeFactor = 2.0

    /// The limit on the temperature is ten times the target plus 1000 K.
    public init(targetTemperatureK: Double) {
        maximumTemperature = 10 * targetTemperatureK + 1000
    }

    /// Throws `RunFailure` for a runaway temperature, a cell volume that has changed by
    /// more than `maximumVolumeFactor`, or atoms closer than `minimumDistance`.
    public func check(_ s: MDState, temperatureK: Double) throws {
        guard temperatureK.isFinite, temperatureK <= maximumTemperature else {
            throw RunFailure(step: s.step, String(format: "the temperature ran away to %.0f K (limit %.0f K); try a smaller --dt",
                                                  temperatureK, maximumTemperature))
        }
        try checkVolume(s)
        do {
            try s.structure.checkOverlaps(minimumDistance: minimumDistance)
        } catch let e as InputError {
            throw RunFailure(step: s.step, e.message)
        }
    }

    /// Throws `RunFailure` when the cell volume differs from `referenceVolume` by more
    /// than `maximumVolumeFactor` (cheap: a `Simulation` checks it every step).
    public func checkVolume(_ s: MDState) throws {
        guard let v0 = referenceVolume else { return }
        let v = s.structure.cell.volume
        let factor = max(v / v0, v0 / v)
        guard v.isFinite, factor <= maximumVolumeFactor else {
            throw RunFailure(step: s.step, String(format: "the cell volume went from %.6g to %.6g Å³ (a factor %.3g; limit %g) since the start of the run: the barostat is unstable (a --pdamp too short for --dt, both in fs) or the structure came apart",
                                                  v0, v, factor, maximumVolumeFactor))
        }
    }
}
