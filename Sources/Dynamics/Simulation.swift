import Atoms
import Foundation

/// The one MD driver: owns the state, the integrator, the force engine and the random
/// source, and runs the step loop — integrator step, held atoms, safety checks, observers
/// at their own cadence, checkpoints, stop conditions. Every MD run of the project goes
/// through `run(until:)`; a run continued from a checkpoint (`resume`) repeats the
/// uninterrupted run bit for bit.
public struct Simulation {
    public var state: MDState
    public var integrator: Integrator
    public var engine: ForceEngine
    public var rng: RandomSource
    /// Checks that stop a run gone wrong, and when they run.
    public var safety: SafetyCheck
    public var safetyCadence: Cadence
    /// Called in order at their cadence.
    public var observers: [any StepObserver] = []
    /// Atoms held on their sites after every step.
    public var pinned: PinnedSites?
    /// Where and how often to checkpoint; nil for none.
    public var checkpoints: CheckpointPlan?
    /// Checked after every step (after the observers): true ends the run early.
    public var stopCondition: ((MDState) -> Bool)?

    /// - Parameters:
    ///   - safety: defaults to the limits for the thermostat's target (or the initial
    ///     temperature), checked every `safetyEvery` steps and at the last step.
    public init(state: MDState, integrator: Integrator, engine: ForceEngine, rng: RandomSource,
                safety: SafetyCheck? = nil, safetyEvery: Int = 10) {
        self.state = state
        self.integrator = integrator
        self.engine = engine
        self.rng = rng
        self.safety = safety ?? SafetyCheck(targetTemperatureK: integrator.thermostat?.temperatureK ?? integrator.temperature(state))
        safetyCadence = Cadence(every: safetyEvery, includesLast: true)
    }

    /// Continues the run saved in `checkpoint`: its state, random source and thermostat
    /// and barostat variables and held atoms (the integrator must be built with the same
    /// settings).
    public static func resume(_ checkpoint: Checkpoint, integrator: Integrator, engine: ForceEngine,
                              safety: SafetyCheck? = nil, safetyEvery: Int = 10) -> Simulation {
        var integrator = integrator
        integrator.thermostat?.checkpointValues = checkpoint.thermostat
        integrator.barostat?.checkpointValues = checkpoint.barostat
        var sim = Simulation(state: checkpoint.state, integrator: integrator, engine: engine, rng: checkpoint.rng,
                             safety: safety, safetyEvery: safetyEvery)
        sim.pinned = checkpoint.pinned
        return sim
    }

    /// Temperature of the state, K, over the integrator's degrees of freedom.
    public var temperature: Double { integrator.temperature(state) }

    /// Forces, energy and stress at the current positions (before the first step of a
    /// fresh run, or after the state was changed by hand).
    public mutating func prepare() throws {
        try integrator.prepare(&state, engine: &engine)
    }

    /// Runs until the state's step count reaches `last` (or the stop condition holds).
    /// Throws `RunFailure` naming the step when a safety check fails.
    public mutating func run(until last: Int) throws {
        if safety.referenceVolume == nil { safety.referenceVolume = state.structure.cell.volume }
        while state.step < last {
            let next = state.step + 1
            let stress = observers.contains { $0.needsStress && $0.cadence.isDue(step: next, last: last) }
            try integrator.step(&state, engine: &engine, rng: &rng, stress: stress, energy: needsEnergy(atStep: next, last: last))
            pinned?.apply(&state)
            try safety.checkVolume(state)
            if safetyCadence.isDue(step: state.step, last: last) {
                try safety.check(state, temperatureK: integrator.temperature(state))
            }
            for o in observers where o.cadence.isDue(step: state.step, last: last) {
                try o.observe(state, integrator)
            }
            if let plan = checkpoints, plan.cadence.isDue(step: state.step, last: last) {
                try plan.write(state: state, integrator: integrator, rng: rng, observers: observers, pinned: pinned)
                engine.invalidate()
            }
            if let stop = stopCondition, stop(state) { return }
        }
    }

    /// Whether the potential energy is read after `step` of a run ending at `last`: at the
    /// last step, by an observer or checkpoint due then, and at every step with a stop
    /// condition (which may read it). Elsewhere the evaluation skips it, as LAMMPS computes
    /// energies only on its output steps.
    private func needsEnergy(atStep step: Int, last: Int) -> Bool {
        step == last || stopCondition != nil
            || observers.contains { $0.needsEnergy && $0.cadence.isDue(step: step, last: last) }
            || (checkpoints?.cadence.isDue(step: step, last: last) ?? false)
    }

    /// Runs `steps` more steps.
    public mutating func run(steps: Int) throws {
        try run(until: state.step + steps)
    }
}

/// Where a `Simulation` writes its checkpoints, how often, and what it records with them:
/// the run's settings and the sizes of its output files (cut back to those sizes on
/// resume, so each holds exactly the rows of the steps done).
public struct CheckpointPlan {
    public var path: String
    public var cadence: Cadence
    public var settings: [(key: String, value: String)]
    public var files: [(name: String, file: OutputFile)]
    /// Values saved with every checkpoint besides those of the run's observers (samples of
    /// an earlier phase of a protocol).
    public var kept: [any CheckpointedObserver] = []

    public init(path: String, every: Int, settings: [(key: String, value: String)], files: [(name: String, file: OutputFile)]) {
        self.path = path
        cadence = Cadence(every: every, includesLast: true)
        self.settings = settings
        self.files = files
    }

    /// Writes the checkpoint of `state`, with the values of the `observers` (and `kept`)
    /// that keep theirs in checkpoints, and the held atoms.
    public func write(state: MDState, integrator: Integrator, rng: RandomSource, observers: [any StepObserver] = [],
                      pinned: PinnedSites? = nil) throws {
        let saved = observers.compactMap { $0 as? any CheckpointedObserver } + kept
        try Checkpoint(settings: settings, state: state, rng: rng,
                       thermostat: integrator.thermostat?.checkpointValues ?? [],
                       barostat: integrator.barostat?.checkpointValues ?? [],
                       fileSizes: try files.map { ($0.name, try $0.file.size()) },
                       observers: saved.compactMap { o in o.checkpointName.map { ($0, o.checkpointValues) } }, pinned: pinned)
            .write(to: path)
    }
}
