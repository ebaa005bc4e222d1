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
