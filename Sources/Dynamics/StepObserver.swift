/// Something a `Simulation` shows the state to during a run, at its own cadence: a thermo
/// table, a trajectory writer, an RDF or MSD sampler, a ramp sampler, a progress line.
/// Observers are classes so that the caller keeps a reference and reads what they
/// gathered after the run.
public protocol StepObserver: AnyObject {
    /// When the observer wants the state.
    var cadence: Cadence { get }
    /// Whether it needs the stress (then the step it is due at evaluates the stress).
    var needsStress: Bool { get }
    /// Whether it reads the potential energy (then the step it is due at evaluates it;
    /// otherwise the state's `potentialEnergy` may be NaN when it is called).
    var needsEnergy: Bool { get }
    /// Called after the step's forces, safety checks and constraints, in the order the
    /// observers were added.
    func observe(_ state: MDState, _ integrator: Integrator) throws
}

public extension StepObserver {
    var needsStress: Bool { false }
    var needsEnergy: Bool { true }
}

/// A closure called at a cadence (progress lines, small ad hoc samplers).
public final class ClosureObserver: StepObserver {
    public let cadence: Cadence
    public let needsStress: Bool
    public let needsEnergy: Bool
    private let body: (MDState, Integrator) throws -> Void

    public init(_ cadence: Cadence, needsStress: Bool = false, needsEnergy: Bool = true,
                _ body: @escaping (MDState, Integrator) throws -> Void) {
        self.cadence = cadence
        self.needsStress = needsStress
        self.needsEnergy = needsEnergy
        self.body = body
    }

    public func observe(_ state: MDState, _ integrator: Integrator) throws { try body(state, integrator) }
}

/// An observer whose accumulated values go into the run's checkpoints (an RDF histogram),
/// so that a resumed run continues the accumulation and its result covers the whole run.
public protocol CheckpointedObserver: StepObserver {
    /// The key of its values in the checkpoint (unique within a run); nil when this one
    /// keeps nothing there.
    var checkpointName: String? { get }
    /// What it has gathered, as numbers stored with their exact bits.
    var checkpointValues: [Double] { get }
    /// Continues from values saved by `checkpointValues`; throws when they do not fit
    /// (another binning, a corrupt checkpoint).
    func restore(_ values: [Double]) throws
}
