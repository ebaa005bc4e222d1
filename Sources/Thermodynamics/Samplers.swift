import Analysis
import Atoms
import Dynamics

/// Accumulates g(r) during a run.
public final class RDFSampler: StepObserver {
    public let cadence: Cadence
    public private(set) var rdf: RadialDistribution

    /// - Parameters: rmax and binWidth in Å.
    public init(elements: [Element], rmax: Double, binWidth: Double, every: Int) {
        cadence = Cadence(every: every)
        rdf = RadialDistribution(elements: elements, rmax: rmax, binWidth: binWidth)
    }

    public func observe(_ state: MDState, _ integrator: Integrator) throws { try rdf.add(state.structure) }
}

/// Keeps frames (cell, unwrapped positions, time) for the mean square displacement.
public final class MSDSampler: StepObserver {
    public let cadence: Cadence
    public private(set) var cells: [Cell] = []
    public private(set) var positions: [[SIMD3<Double>]] = []
    /// Times of the frames, ps.
    public private(set) var times: [Double] = []

    public init(every: Int) { cadence = Cadence(every: every) }

    public func observe(_ state: MDState, _ integrator: Integrator) throws {
        cells.append(state.structure.cell)
        positions.append(state.structure.positions)
        times.append(Double(state.step) * integrator.timestep)
    }

    /// Number of frames kept.
    public var count: Int { times.count }

    /// The frames as a trajectory of atoms like `structure`.
    public func trajectory(of structure: Structure) -> Trajectory {
        Trajectory(elements: structure.elements, masses: structure.masses, cells: cells, positions: positions, times: times)
    }
}

/// Collects thermo samples (and optionally writes each as a CSV row) at a cadence.
public final class ThermoRecorder: StepObserver {
    public let cadence: Cadence
    public var needsStress: Bool { true }
    public private(set) var samples: [ThermoSample] = []
    private let output: OutputFile?

    /// - Parameter earlier: samples of the run before a resume (they are kept, not written).
    public init(_ cadence: Cadence, output: OutputFile?, earlier: [ThermoSample] = []) {
        self.cadence = cadence
        self.output = output
        samples = earlier
    }

    public func observe(_ state: MDState, _ integrator: Integrator) throws {
        try record(state, integrator)
    }

    /// Records `state` now (also used for the row of the initial state).
    public func record(_ state: MDState, _ integrator: Integrator) throws {
        let s = ThermoSample(state, integrator: integrator)
        samples.append(s)
        try output?.write(s.csvRow + "\n")
    }
}
