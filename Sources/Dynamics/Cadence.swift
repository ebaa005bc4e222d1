/// When something happens during a run: every `interval` steps counted from `start`
/// (the step after `start` + `interval` is the first), and optionally also at the run's
/// last step.
public struct Cadence: Sendable, Equatable {
    /// Steps between events (≥ 1).
    public var interval: Int
    /// Steps are counted from this one; nothing happens at or before it.
    public var start: Int
    /// Whether the run's last step is an event even when it is off the interval.
    public var includesLast: Bool

    public init(every interval: Int, from start: Int = 0, includesLast: Bool = false) {
        precondition(interval >= 1, "a cadence needs an interval of at least one step")
        self.interval = interval
        self.start = start
        self.includesLast = includesLast
    }

    /// Whether `step` is an event of a run that ends at `last`.
    public func isDue(step: Int, last: Int) -> Bool {
        guard step > start else { return false }
        return (step - start) % interval == 0 || (includesLast && step == last)
    }
}
