/// A target temperature that holds at `startK` for the first `holdSteps` steps and then
/// rises (or falls) linearly by `rateKPerStep` per step until `stopK`, where it stays.
public struct TemperatureRamp: Sendable, Equatable {
    /// Temperature during the hold and at the start of the ramp, K.
    public let startK: Double
    /// Temperature at the end of the ramp, K.
    public let stopK: Double
    /// Heating rate, K per MD step (negative for cooling).
    public let rateKPerStep: Double
    /// Steps at `startK` before the ramp begins.
    public let holdSteps: Int

    public init(startK: Double, stopK: Double, rateKPerStep: Double, holdSteps: Int) {
        precondition(rateKPerStep != 0 && (stopK - startK) / rateKPerStep >= 0, "the rate must lead from start to stop")
        self.startK = startK
        self.stopK = stopK
        self.rateKPerStep = rateKPerStep
        self.holdSteps = holdSteps
    }

    /// The step at which the ramp reaches `stopK`.
    public var lastStep: Int { holdSteps + Int(((stopK - startK) / rateKPerStep).rounded(.up)) }

    /// Target temperature after `step` steps, K.
    public func temperature(atStep step: Int) -> Double {
        let t = startK + rateKPerStep * Double(max(0, step - holdSteps))
        return rateKPerStep > 0 ? min(t, stopK) : max(t, stopK)
    }
}

/// A thermostat whose target temperature follows a `TemperatureRamp` through the step
/// count of the state it acts on (as LAMMPS's `fix nvt temp Tstart Tstop`). Before each
/// application the wrapped thermostat is rebuilt at the ramp's temperature with its
/// internal state (heat exchanged, chain variables) carried over, so checkpoints and the
/// conserved quantity work as for a fixed target. The barostat, which asks the thermostat
/// for its temperature, sees the current target.
public struct RampedThermostat: Thermostat {
    public let ramp: TemperatureRamp
    /// Builds the thermostat for a target temperature in K.
    private let make: @Sendable (Double) -> any Thermostat
    private var base: any Thermostat

    /// - Parameters:
    ///   - ramp: the target temperature against the step.
    ///   - step: the step the run starts (or resumes) at.
    ///   - make: the thermostat at a given target temperature (K).
    public init(ramp: TemperatureRamp, step: Int, make: @escaping @Sendable (Double) -> any Thermostat) {
        self.ramp = ramp
        self.make = make
        base = make(ramp.temperature(atStep: step))
    }

    public var temperatureK: Double { base.temperatureK }
    public var conservesMomentum: Bool { base.conservesMomentum }
    public var conservedEnergy: Double { base.conservedEnergy }

    public var checkpointValues: [Double] {
        get { base.checkpointValues }
        set { base.checkpointValues = newValue }
    }

    public mutating func outerHalfStep(_ s: inout MDState, duration: Double, dof: Int, rng: inout RandomSource) {
        retarget(s.step)
        base.outerHalfStep(&s, duration: duration, dof: dof, rng: &rng)
    }

    public mutating func middleStep(_ s: inout MDState, duration: Double, dof: Int, rng: inout RandomSource) {
        retarget(s.step)
        base.middleStep(&s, duration: duration, dof: dof, rng: &rng)
    }

    private mutating func retarget(_ step: Int) {
        let t = ramp.temperature(atStep: step)
        guard t != base.temperatureK else { return }
        var next = make(t)
        next.checkpointValues = base.checkpointValues
        base = next
    }
}
