/// The linear map from descriptor values G to network inputs, x_n = a_n (G_n − b_n) + c_n,
/// which covers n2p2's scaling types (min/max, centring, centring with min/max or σ) and
/// aenet's (G − mean)/σ; and the range of each descriptor seen in training.
public struct InputScaling: Equatable, Sendable {
    /// a_n (1/descriptor unit).
    public var factor: [Double]
    /// b_n.
    public var shift: [Double]
    /// c_n.
    public var offset: [Double]

    public init(factor: [Double], shift: [Double], offset: [Double]) {
        precondition(factor.count == shift.count && shift.count == offset.count, "scaling arrays differ in length")
        self.factor = factor
        self.shift = shift
        self.offset = offset
    }

    /// The identity for `count` descriptors.
    public static func identity(_ count: Int) -> InputScaling {
        InputScaling(factor: Array(repeating: 1, count: count), shift: Array(repeating: 0, count: count),
                     offset: Array(repeating: 0, count: count))
    }
}

/// Smallest and largest value of each descriptor over the training set: evaluations outside
/// are extrapolations (counted as n2p2 does: one per descriptor value out of range).
public struct TrainingRange: Equatable, Sendable {
    public var minimum: [Double]
    public var maximum: [Double]

    public init(minimum: [Double], maximum: [Double]) {
        precondition(minimum.count == maximum.count, "range arrays differ in length")
        self.minimum = minimum
        self.maximum = maximum
    }
}
