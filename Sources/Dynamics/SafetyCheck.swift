import Atoms
import Neighbors

/// Checks that stop a run that has gone wrong, with a message naming the step (non-finite
/// forces are caught at every force evaluation by `ForceEngine`).
public struct SafetyCheck: Sendable {
    /// Atoms closer than this (Å) stop the run.
    public var minimumDistance = 0.5
    /// A temperature above this (K) stops the run.
    public var maximumTemperature: Double

    /// The limit on the temperature is ten times the target plus 1000 K.
    public init(targetTemperatureK: Double) {
        maximumTemperature = 10 * targetTemperatureK + 1000
    }

    /// Throws `RunFailure` for a runaway temperature or atoms closer than `minimumDistance`.
    public func check(_ s: MDState, temperatureK: Double) throws {
        guard temperatureK.isFinite, temperatureK <= maximumTemperature else {
            throw RunFailure(step: s.step, String(format: "the temperature ran away to %.0f K (limit %.0f K); try a smaller --dt",
                                                  temperatureK, maximumTemperature))
        }
        do {
            try s.structure.checkOverlaps(minimumDistance: minimumDistance)
        } catch let e as InputError {
            throw RunFailure(step: s.step, e.message)
        }
    }
}
