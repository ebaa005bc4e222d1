import Analysis
import Atoms
import Dynamics
import Foundation
import Potentials

/// The settings of a solid–liquid coexistence run.
public struct CoexistenceSettings: Sendable {
    /// Thermostat and (anisotropic) barostat of the NPT phases, time step, pressure; the
    /// isenthalpic phase keeps the barostat only.
    public var ensemble: EnsembleSettings
    /// Temperature both phases start at, K (within ~150 K of the melting point).
    public var guessK: Double
    /// Steps at constant enthalpy; the preparation takes a tenth (crystal), a fifth
    /// (melting the upper half) and a tenth (both phases at the guess) of this more.
    public var steps: Int
    public var seed: UInt64

    public init(ensemble: EnsembleSettings, guessK: Double, steps: Int, seed: UInt64) {
        self.ensemble = ensemble
        self.guessK = guessK
        self.steps = steps
        self.seed = seed
    }

    /// Steps of the preparation phases.
    public var preparation: (crystal: Int, melt: Int, relax: Int) { (steps / 10, steps / 5, steps / 10) }
}

/// The outcome of a coexistence run.
public struct CoexistenceResult: Sendable {
    /// Mean temperature over the second half of the isenthalpic run and its 5-block error, K.
    public let temperatureK: Double
    public let errorK: Double
    /// Solid fraction at the start and the end of the isenthalpic run.
    public let startFraction: Double
    public let endFraction: Double
    /// Atoms in the doubled cell.
    public let atoms: Int
    /// The final state (positions and velocities).
    public let final: MDState
    /// Neural-network extrapolations over all phases.
    public let extrapolation: ExtrapolationTally

    /// Whether both phases were still there at the end (else the temperature is not a
    /// coexistence temperature).
    public var bothPhases: Bool { endFraction > 0.1 && endFraction < 0.9 }
}

/// Melting point from solid–liquid coexistence (Morris, Wang, Ho & Chan, Phys. Rev. B 49,
/// 3109 (1994)): the crystal doubled along its third cell vector; NPT at the guess; the
/// upper half melted in NPT while the lower half is held on its sites; both brought to the
/// guess in NPT (cooling the liquid against a held crystal would template its freezing);
/// then constant enthalpy and pressure (no thermostat): latent heat moves between the
/// phases as the interface moves until the temperature is the one at which the interface
/// stays put. The solid fraction follows the crystalline order of slabs along the third
/// vector.
public enum Coexistence {
    /// Columns of the isenthalpic table.
    public static let header = "step,T_K,H_eV,V_A3,c_A,solid_fraction"

    /// Runs the protocol from the crystal `initial`. Rows of the isenthalpic phase go to
    /// `table` when given (every 10 steps); `log` gets a line per phase.
    public static func run(_ settings: CoexistenceSettings, potential: Potential, initial: Structure, table: OutputFile?,
                           log: (String) -> Void = { _ in }) throws -> CoexistenceResult {
        try settings.ensemble.validate()
        let guess = settings.guessK
        let doubled = try Supercell.make(initial, repeats: SIMD3(1, 1, 2))
        let d = LatticeDisplacement(reference: doubled).nearestNeighbourDistance
        let slabs = max(4, min(40, doubled.count / 100))
        guard let order = SlabOrder(reference: doubled, nearestNeighbourDistance: d, slabs: slabs) else {
            throw InputError("the structure has no reciprocal vector with a full structure factor: coexistence needs a simple crystal")
        }
        var rng = RandomSource(seed: settings.seed)
        let state = MDState(structure: doubled, velocities: MDState.maxwellBoltzmann(masses: doubled.masses, temperatureK: guess, rng: &rng))
        let hot = max(2 * guess, guess + 1000)
        var sim = Simulation(state: state, integrator: settings.ensemble.integrator(masses: doubled.masses, temperatureK: guess),
                             engine: ForceEngine(potential), rng: rng, safety: SafetyCheck(targetTemperatureK: hot))
        let steps = settings.preparation
        log(String(format: "coexistence: %d atoms (the cell doubled along c), %d slabs; NPT at %.0f K for %d steps",
                   doubled.count, slabs, guess, steps.crystal))
        try phase(&sim, settings.ensemble.integrator(masses: doubled.masses, temperatureK: guess), steps: steps.crystal)
        let lower = sim.state.structure.positions.indices.filter {
            let f = sim.state.structure.cell.fractional(sim.state.structure.positions[$0]).z
            return f - f.rounded(.down) < 0.5
        }
        let free = Double(doubled.count - lower.count) / Double(doubled.count)
        log(String(format: "coexistence: melting the upper half at %.0f K for %d steps in NPT, lower half held on its sites", hot, steps.melt))
        // The thermostat sees all atoms; the held half has no kinetic energy.
        sim.pinned = PinnedSites(lower, in: sim.state)
        try phase(&sim, settings.ensemble.integrator(masses: doubled.masses, temperatureK: hot * free), steps: steps.melt)
        sim.pinned = nil
        log(String(format: "coexistence: solid fraction %.2f, free atoms at %.0f K", order.solidFraction(sim.state.structure),
                   sim.state.temperature(degreesOfFreedom: 3 * doubled.count - 3) / free))
        log(String(format: "coexistence: both phases in NPT at %.0f K for %d steps, then %d steps at constant enthalpy", guess, steps.relax, settings.steps))
        try phase(&sim, settings.ensemble.integrator(masses: doubled.masses, temperatureK: guess), steps: steps.relax)
        let startFraction = order.solidFraction(sim.state.structure)
        try table?.write(header + "\n")
        let nph = ClosureObserver(Cadence(every: 10, from: sim.state.step), needsStress: true) { s, integrator in
            let sample = ThermoSample(s, integrator: integrator)
            try table?.write("\(s.step)," + [sample.temperatureK, sample.enthalpy, sample.volume, sample.lengths.z, order.solidFraction(s.structure)]
                .map { String(format: "%.10g", $0) }.joined(separator: ",") + "\n")
        }
        let temperatures = ThermoRecorder(nph.cadence, output: nil)
        try phase(&sim, settings.ensemble.withoutThermostat.integrator(masses: doubled.masses, temperatureK: nil), steps: settings.steps,
                  observers: [nph, temperatures])
        let endFraction = order.solidFraction(sim.state.structure)
        let series = temperatures.samples.map(\.temperatureK)
        let tm = BlockAverage(Array(series[(series.count / 2)...]), blocks: 5)
        return CoexistenceResult(temperatureK: tm.mean, errorK: tm.error, startFraction: startFraction, endFraction: endFraction,
                                 atoms: doubled.count, final: sim.state, extrapolation: sim.engine.extrapolation)
    }

    /// Runs `steps` steps of `integrator` (forces re-evaluated first), safety checks every
    /// 10 steps.
    private static func phase(_ sim: inout Simulation, _ integrator: Integrator, steps: Int, observers: [any StepObserver] = []) throws {
        sim.integrator = integrator
        try sim.prepare()
        sim.safetyCadence = Cadence(every: 10, from: sim.state.step)
        sim.observers = observers
        try sim.run(steps: steps)
    }
}
