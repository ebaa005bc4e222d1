import Analysis
import Atoms
import Dynamics
import Foundation
import Potentials

/// The settings of a heating ramp: NPT at `startK` for `holdSteps`, then the thermostat's
/// target raised by `rateKPerStep` per step to `stopK`.
public struct RampSettings: Sendable {
    /// Thermostat, barostat, time step and pressure.
    public var ensemble: EnsembleSettings
    public var startK: Double
    public var stopK: Double
    /// K per MD step.
    public var rateKPerStep: Double
    /// Steps at `startK` before the ramp.
    public var holdSteps: Int
    /// Steps between rows of the ramp table.
    public var sampleEvery: Int
    /// Steps between checkpoints.
    public var checkpointEvery: Int

    public init(ensemble: EnsembleSettings, startK: Double, stopK: Double, rateKPerStep: Double, holdSteps: Int,
                sampleEvery: Int, checkpointEvery: Int) {
        self.ensemble = ensemble
        self.startK = startK
        self.stopK = stopK
        self.rateKPerStep = rateKPerStep
        self.holdSteps = holdSteps
        self.sampleEvery = sampleEvery
        self.checkpointEvery = checkpointEvery
    }

    /// The target temperature against the step.
    public var ramp: TemperatureRamp {
        TemperatureRamp(startK: startK, stopK: stopK, rateKPerStep: rateKPerStep, holdSteps: holdSteps)
    }
}

/// The rows of a ramp table after the hold: target temperature (K), enthalpy (eV, whole
/// cell), Lindemann ratio.
public struct RampSeries: Sendable {
    public var target: [Double] = []
    public var enthalpy: [Double] = []
    public var lindemann: [Double] = []
}

/// One heating ramp, run through the `Simulation` driver. Rows go to `csvPath` as the run
/// goes (step, T_target_K, T_K, H_eV, V_A3, u2_A2, d_A, lindemann, Epot_eV, P_GPa) and a
/// checkpoint to `checkpointPath`, so an interrupted ramp continues bit for bit.
public struct HeatingRamp: Sendable {
    public let settings: RampSettings
    public let seed: UInt64
    public let csvPath: String
    public let checkpointPath: String
    /// The rate as it appears in file names and checkpoints.
    public let label: String

    /// Columns of the ramp table.
    public static let header = "step,T_target_K,T_K,H_eV,V_A3,u2_A2,d_A,lindemann,Epot_eV,P_GPa"

    public init(settings: RampSettings, seed: UInt64, csvPath: String, checkpointPath: String, label: String) {
        self.settings = settings
        self.seed = seed
        self.csvPath = csvPath
        self.checkpointPath = checkpointPath
        self.label = label
    }

    /// Whether the checkpoint says the ramp has reached its last step.
    public var isFinished: Bool {
        guard let c = try? Checkpoint.read(path: checkpointPath) else { return false }
        return c.state.step >= settings.ramp.lastStep
    }

    /// Runs the ramp from `initial` (Maxwell–Boltzmann velocities at the start
    /// temperature), or continues it from its checkpoint when `resume` is set and one
    /// exists. `sites` measure the Lindemann ratio. `progress` gets a short status now and
    /// then. Returns the neural-network extrapolations of the steps run.
    /// `stopAfter` ends the run early at that step, as an interruption would (for tests of
    /// the resume).
    @discardableResult
    public func run(potential: Potential, initial: Structure, sites: LatticeDisplacement, resume: Bool,
                    stopAfter: Int? = nil, progress: @escaping (String) -> Void = { _ in }) throws -> ExtrapolationTally {
        let ramp = settings.ramp
        var integrator = settings.ensemble.integrator(masses: initial.masses, temperatureK: ramp.temperature(atStep: 0))
        integrator.temperatureSchedule = ramp
        let safety = SafetyCheck(targetTemperatureK: settings.stopK)
        var sim: Simulation
        var keep: UInt64?
        if resume, FileManager.default.fileExists(atPath: checkpointPath) {
            let c = try Checkpoint.read(path: checkpointPath)
            guard c.setting("rate") == label else { throw InputError("the checkpoint is for another rate", file: checkpointPath) }
            integrator.thermostat?.temperatureK = ramp.temperature(atStep: c.state.step)
            sim = Simulation.resume(c, integrator: integrator, engine: ForceEngine(potential), safety: safety)
            keep = c.fileSizes.first { $0.name == "csv" }?.bytes ?? 0
        } else {
            var rng = RandomSource(seed: seed)
            let state = MDState(structure: initial, velocities: MDState.maxwellBoltzmann(masses: initial.masses, temperatureK: settings.startK, rng: &rng))
            sim = Simulation(state: state, integrator: integrator, engine: ForceEngine(potential), rng: rng, safety: safety)
        }
        let output = try OutputFile(path: csvPath, keep: keep)
        let sampler = RampSampler(Cadence(every: settings.sampleEvery, includesLast: true), ramp: ramp, sites: sites, output: output)
        if keep == nil {
            try sim.prepare()
            try output.write(Self.header + "\n")
            try sampler.observe(sim.state, sim.integrator)
        }
        sim.safetyCadence = sampler.cadence
        let last = ramp.lastStep
        sim.observers = [sampler, ClosureObserver(Cadence(every: 200)) { s, _ in
            progress(String(format: "%.0f K %d %%", ramp.temperature(atStep: s.step), 100 * s.step / last))
        }]
        sim.checkpoints = CheckpointPlan(path: checkpointPath, every: settings.checkpointEvery, settings: [("rate", label)],
                                         files: [("csv", output)])
        if let stop = stopAfter { sim.stopCondition = { $0.step >= stop } }
        try sim.run(until: last)
        progress("done")
        return sim.engine.extrapolation
    }

    /// The ramp part (after the hold) of the table.
    public func readSeries() throws -> RampSeries {
        let file = try TextFile(path: csvPath)
        guard file.lines.first.map(String.init) == Self.header else {
            throw file.error("expected the header '\(Self.header)'", line: 1)
        }
        var out = RampSeries()
        for (k, line) in file.lines.enumerated().dropFirst() where !line.isEmpty {
            let v = line.split(separator: ",").map { Double($0) }
            guard v.count == 10, v.allSatisfy({ $0 != nil }) else { throw file.error("expected 10 numbers", line: k + 1) }
            guard Int(v[0]!) > settings.holdSteps else { continue }
            out.target.append(v[1]!)
            out.enthalpy.append(v[3]!)
            out.lindemann.append(v[7]!)
        }
        return out
    }
}

/// Writes a row of the ramp table at its cadence: target and actual temperature,
/// enthalpy, volume, ⟨u²⟩, d, Lindemann ratio, potential energy, pressure.
public final class RampSampler: StepObserver {
    public let cadence: Cadence
    public var needsStress: Bool { true }
    private let ramp: TemperatureRamp
    private let sites: LatticeDisplacement
    private let output: OutputFile

    public init(_ cadence: Cadence, ramp: TemperatureRamp, sites: LatticeDisplacement, output: OutputFile) {
        self.cadence = cadence
        self.ramp = ramp
        self.sites = sites
        self.output = output
    }

    public func observe(_ s: MDState, _ integrator: Integrator) throws {
        let sample = ThermoSample(s, integrator: integrator)
        let u = sites.measure(cell: s.structure.cell, positions: s.structure.positions)
        let values = [ramp.temperature(atStep: s.step), sample.temperatureK, sample.enthalpy, sample.volume, u.meanSquare,
                      u.distance, u.ratio, sample.potentialEnergy, sample.pressureGPa]
        try output.write("\(s.step)," + values.map { String(format: "%.10g", $0) }.joined(separator: ",") + "\n")
    }
}
