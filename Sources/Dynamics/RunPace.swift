/// How fast a run goes and how long it has left, counted from the step where this
/// invocation started (0, or the step a resumed run continued from), so that steps an
/// earlier, interrupted invocation made do not count as done in this one's time.
public struct RunPace: Sendable, Equatable {
    /// The step this invocation started from.
    public var startStep: Int
    /// The run's last step.
    public var total: Int
    /// Time step, fs.
    public var timestepFs: Double

    public init(startStep: Int, total: Int, timestepFs: Double) {
        self.startStep = startStep
        self.total = total
        self.timestepFs = timestepFs
    }

    /// Simulated ns per day of wall time after `seconds` at `step`.
    public func nsPerDay(step: Int, seconds: Double) -> Double {
        Double(done(step)) * timestepFs * 1e-6 / max(1e-9, seconds) * 86_400
    }

    /// Wall seconds left after `seconds` at `step`, at this invocation's pace.
    public func secondsLeft(step: Int, seconds: Double) -> Double {
        Double(total - step) / Double(done(step)) * max(1e-9, seconds)
    }

    /// Steps made by this invocation (at least 1).
    private func done(_ step: Int) -> Int { max(1, step - startStep) }
}
