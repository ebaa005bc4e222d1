import Analysis
import Atoms
import Dynamics
import Foundation
import Phonons
import Potentials

/// How `HeatCapacityProtocol` runs each temperature.
public struct HeatCapacitySettings: Sendable {
    /// Thermostat and barostat (both must sample their ensembles), time step, pressure.
    public var ensemble: EnsembleSettings
    /// Production steps per run and equilibration steps before each.
    public var steps: Int
    public var equilibrate: Int
    /// Steps between samples.
    public var sampleEvery: Int
    /// Blocks for the statistical errors.
    public var blocks: Int
    /// Also run NVT at the mean NPT volume for C_v.
    public var nvt: Bool

    public init(ensemble: EnsembleSettings, steps: Int, equilibrate: Int, sampleEvery: Int, blocks: Int, nvt: Bool) {
        self.ensemble = ensemble
        self.steps = steps
        self.equilibrate = equilibrate
        self.sampleEvery = sampleEvery
        self.blocks = blocks
        self.nvt = nvt
    }

    /// Throws when the settings cannot give a heat capacity: a coupling that does not
    /// sample its ensemble (Berendsen), too few samples per block, a time constant
    /// shorter than five steps.
    public func validate() throws {
        guard ensemble.samplesEnsemble, ensemble.thermostat != nil, ensemble.barostat != nil else {
            throw InputError("fluctuation heat capacities need a thermostat and a barostat that sample their ensembles (not Berendsen: its energy and volume fluctuations are too small)")
        }
        guard steps / sampleEvery >= 2 * blocks else {
            throw InputError("the production run gives fewer than two samples per block (\(steps / sampleEvery) samples, \(blocks) blocks)")
        }
        try ensemble.validate()
    }
}

/// The heat capacity at one temperature.
public struct HeatCapacityPoint: Sendable {
    public let temperatureK: Double
    public let atoms: Int
    /// From H in NPT, and from E in NVT (whole system, k_B).
    public let cp: FluctuationHeatCapacity
    public let cv: FluctuationHeatCapacity?
    /// Mean volume in NPT, Å³.
    public let volume: Double
    /// The thermo samples of the NPT and NVT production runs.
    public let nptSamples: [ThermoSample]
    public let nvtSamples: [ThermoSample]
    /// Neural-network extrapolations over both runs.
    public let extrapolation: ExtrapolationTally
}

/// Heat capacity from enthalpy fluctuations in NPT and energy fluctuations in NVT at the
/// mean NPT volume (Allen & Tildesley §2.5), dH/dT between temperatures, and the harmonic
/// quantum C_v from phonons.
public enum HeatCapacityProtocol {
    /// How a temperature appears in file names (`npt-<label>K.csv`): whole kelvins without
    /// decimals, else two decimals.
    public static func temperatureLabel(_ t: Double) -> String {
        String(format: "%.*f", t.rounded() == t ? 0 : 2, t)
    }

    /// NPT, then (optionally) NVT at the mean NPT volume, from Maxwell–Boltzmann velocities
    /// drawn with `seed`. When `outputDirectory` is given the samples also go to
    /// `npt-<T>K.csv` / `nvt-<T>K.csv` there (thermo.csv columns) as the runs go. With
    /// `checkpoint` the runs checkpoint (with the samples so far, exact bits) and a resumed
    /// measurement gives the uninterrupted one's result bit for bit. `progress` gets
    /// "NPT 40 %"-like statuses.
    public static func measure(_ settings: HeatCapacitySettings, temperatureK t: Double, seed: UInt64, structure: Structure,
                               potential: Potential, outputDirectory: String?, checkpoint: ProtocolCheckpoint? = nil,
                               progress: @escaping (String) -> Void = { _ in }) throws -> HeatCapacityPoint {
        let label = temperatureLabel(t)
        let identity = "heat-capacity \(label) K seed \(seed)"
        let saved = try checkpoint?.saved(identity: identity)
        let sizes = Dictionary((saved?.fileSizes ?? []).map { ($0.name, $0.bytes) }, uniquingKeysWith: { a, _ in a })
        func file(_ name: String) throws -> OutputFile? {
            try outputDirectory.map { try OutputFile(path: "\($0)/\(name)-\(label)K.csv", keep: saved == nil ? nil : sizes[name] ?? 0) }
        }
        let phase = settings.equilibrate + settings.steps
        let npt = ThermoRecorder(Cadence(every: settings.sampleEvery, from: settings.equilibrate), output: try file("npt"), keptAs: "npt")
        let nvtOutput = settings.nvt ? try file("nvt") : nil
        var files: [(name: String, file: OutputFile)] = []
        if let f = npt.output { files.append(("npt", f)) }
        if let f = nvtOutput { files.append(("nvt", f)) }
        try saved?.observer("npt").map { try npt.restore($0) }
        let nptIntegrator = settings.ensemble.integrator(masses: structure.masses, temperatureK: t)
        var sim: Simulation
        if let saved, saved.state.step > phase {
            sim = Simulation.resume(saved, integrator: settings.ensemble.withoutBarostat.integrator(masses: structure.masses, temperatureK: t),
                                    engine: ForceEngine(potential))
        } else {
            if let saved {
                sim = Simulation.resume(saved, integrator: nptIntegrator, engine: ForceEngine(potential))
            } else {
                var rng = RandomSource(seed: seed)
                let state = MDState(structure: structure,
                                    velocities: MDState.maxwellBoltzmann(masses: structure.masses, temperatureK: t, rng: &rng))
                sim = Simulation(state: state, integrator: nptIntegrator, engine: ForceEngine(potential), rng: rng)
            }
            try run(&sim, settings, recorder: npt, start: 0, temperatureK: t, checkpoint: checkpoint, identity: identity, files: files) {
                progress("NPT \($0) %")
            }
        }
        let volume = meanVolume(npt.samples)
        var nvt: [ThermoSample] = []
        if settings.nvt {
            let recorder = ThermoRecorder(Cadence(every: settings.sampleEvery, from: phase + settings.equilibrate), output: nvtOutput,
                                          keptAs: "nvt")
            try saved?.observer("nvt").map { try recorder.restore($0) }
            if sim.state.step == phase {
                var state = sim.state
                state.structure = atVolume(state.structure, volume)
                sim = Simulation(state: state, integrator: settings.ensemble.withoutBarostat.integrator(masses: structure.masses, temperatureK: t),
                                 engine: sim.engine, rng: sim.rng)
            }
            try run(&sim, settings, recorder: recorder, start: phase, temperatureK: t, checkpoint: checkpoint,
                    identity: identity, files: files, kept: [npt]) {
                progress("NVT \($0) %")
            }
            nvt = recorder.samples
        }
        progress("done")
        return point(settings, temperatureK: t, atoms: structure.count, npt: npt.samples, nvt: nvt, extrapolation: sim.engine.extrapolation)
    }

    /// The heat capacity at `t` from the production samples of the NPT and NVT runs (by
    /// either engine): C_p from the enthalpy, C_v from the total energy (nil without NVT).
    public static func point(_ settings: HeatCapacitySettings, temperatureK t: Double, atoms: Int, npt: [ThermoSample],
                             nvt: [ThermoSample], extrapolation: ExtrapolationTally = ExtrapolationTally()) -> HeatCapacityPoint {
        let cp = FluctuationHeatCapacity(series: npt.map(\.enthalpy), temperatureK: t, blocks: settings.blocks)
        let cv = nvt.isEmpty ? nil : FluctuationHeatCapacity(series: nvt.map(\.totalEnergy), temperatureK: t, blocks: settings.blocks)
        return HeatCapacityPoint(temperatureK: t, atoms: atoms, cp: cp, cv: cv, volume: meanVolume(npt), nptSamples: npt,
                                 nvtSamples: nvt, extrapolation: extrapolation)
    }

    /// Mean volume of samples, Å³.
    public static func meanVolume(_ samples: [ThermoSample]) -> Double {
        samples.reduce(0) { $0 + $1.volume } / Double(max(1, samples.count))
    }

    /// `structure` scaled uniformly to `volume` Å³ (the NVT run at the mean NPT volume).
    public static func atVolume(_ structure: Structure, _ volume: Double) -> Structure {
        let f = cbrt(volume / structure.cell.volume)
        return structure.withCell(Cell(f * structure.cell.matrix))
    }

    /// Equilibrates, then runs the production steps of the phase that starts at step
    /// `start`, keeping (and writing) a sample every `sampleEvery` steps; a phase resumed
    /// from a checkpoint inside it continues where it was.
    private static func run(_ sim: inout Simulation, _ settings: HeatCapacitySettings, recorder: ThermoRecorder, start: Int,
                            temperatureK: Double, checkpoint: ProtocolCheckpoint?, identity: String,
                            files: [(name: String, file: OutputFile)], kept: [any CheckpointedObserver] = [],
                            progress: @escaping (Int) -> Void) throws {
        let output = recorder.output
        if sim.state.step == start {
            try sim.prepare()
            try output?.write(ThermoSample.header + "\n")
        }
        let total = settings.equilibrate + settings.steps
        sim.safety = SafetyCheck(targetTemperatureK: temperatureK)
        sim.safetyCadence = recorder.cadence
        sim.observers = [recorder, ClosureObserver(Cadence(every: 100, from: start)) { s, _ in progress(100 * (s.step - start) / total) }]
        checkpoint?.attach(to: &sim, identity: identity, files: files, kept: kept)
        try sim.runPhase(until: start + total)
    }

    /// dH/dT per atom (k_B) between neighbouring temperatures, from the mean enthalpies.
    public static func enthalpySlopes(_ points: [HeatCapacityPoint]) -> [EnthalpySlope] {
        EnthalpySlope.between(meanEnthalpies(points))
    }

    /// dH/dT per atom (k_B) from one weighted straight line through the mean enthalpies of
    /// all `points` (at the middle of their range); nil with fewer than two temperatures.
    public static func enthalpyFit(_ points: [HeatCapacityPoint]) -> EnthalpySlope? {
        EnthalpySlope.fitted(meanEnthalpies(points))
    }

    /// (T K, ⟨H⟩ and its error) per atom in units of k_B·K.
    private static func meanEnthalpies(_ points: [HeatCapacityPoint]) -> [(temperatureK: Double, mean: Double, error: Double)] {
        points.map {
            let perAtom = Double($0.atoms) * Units.boltzmann
            return ($0.temperatureK, $0.cp.mean / perAtom, $0.cp.meanError / perAtom)
        }
    }

    /// The harmonic quantum C_v (k_B/atom) at `temperatures` from frozen-phonon force
    /// constants of `unit` (default supercell, 20³ mesh); nil when the unit cell has more
    /// than 64 atoms (too slow to be a side result).
    public static func harmonicHeatCapacity(_ potential: Potential, unit: Structure, temperatures: [Double]) throws -> [Double]? {
        guard unit.count <= 64 else { return nil }
        let (n, _) = PhononCalculation.defaultSupercell(unit, cutoff: potential.cutoff)
        let calc = try PhononCalculation.compute(potential, unit: unit, supercellMatrix: [[n, 0, 0], [0, n, 0], [0, 0, n]])
        let mesh = try PhononMesh(calc.dynamicalMatrix, size: SIMD3(repeating: 20))
        return ThermalProperties(mesh, temperatures: temperatures).rows.map(\.heatCapacity)
    }
}
