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
    /// Temperature the upper half is melted at, K; nil: max(2 × guess, guess + 1000 K),
    /// right for metals. A model whose liquid boils soon above its melting point at this
    /// pressure (Lennard-Jones at zero pressure) needs a lower one (≈ 1.5 × guess).
    public var meltK: Double?
    /// Melt the upper half in the cell of the equilibrated crystal (NVT) instead of NPT: a
    /// liquid that would boil at the run's pressure and `meltK` (Lennard-Jones at zero
    /// pressure) stays dense; the next phase (NPT at the guess) brings it to the pressure.
    public var meltAtFixedCell: Bool

    public init(ensemble: EnsembleSettings, guessK: Double, steps: Int, seed: UInt64, meltK: Double? = nil,
                meltAtFixedCell: Bool = false) {
        self.ensemble = ensemble
        self.guessK = guessK
        self.steps = steps
        self.seed = seed
        self.meltK = meltK
        self.meltAtFixedCell = meltAtFixedCell
    }

    /// Steps of the preparation phases.
    public var preparation: (crystal: Int, melt: Int, relax: Int) { (steps / 10, steps / 5, steps / 10) }

    /// The temperature the upper half is melted at, K: `meltK` or the default.
    public var meltTemperatureK: Double { meltK ?? max(2 * guessK, guessK + 1000) }

    /// The last step of each phase (crystal, melt, relax, constant enthalpy); phase k runs
    /// from `phaseEnds[k - 1]` (0 for the first) to `phaseEnds[k]`.
    public var phaseEnds: [Int] {
        let p = preparation
        return [p.crystal, p.crystal + p.melt, p.crystal + p.melt + p.relax, p.crystal + p.melt + p.relax + steps]
    }
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

    public init(temperatureK: Double, errorK: Double, startFraction: Double, endFraction: Double, atoms: Int, final: MDState,
                extrapolation: ExtrapolationTally) {
        self.temperatureK = temperatureK
        self.errorK = errorK
        self.startFraction = startFraction
        self.endFraction = endFraction
        self.atoms = atoms
        self.final = final
        self.extrapolation = extrapolation
    }

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
    /// Steps between rows of the isenthalpic table (and temperature samples).
    public static let sampleEvery = 10

    /// The run's cell (`initial` doubled along its third vector) and the slab order that
    /// measures its solid fraction.
    public static func cell(_ initial: Structure) throws -> (doubled: Structure, order: SlabOrder) {
        let doubled = try Supercell.make(initial, repeats: SIMD3(1, 1, 2))
        let d = LatticeDisplacement(reference: doubled).nearestNeighbourDistance
        let slabs = max(4, min(40, doubled.count / 100))
        guard let order = SlabOrder(reference: doubled, nearestNeighbourDistance: d, slabs: slabs) else {
            throw InputError("the structure has no reciprocal vector with a full structure factor: coexistence needs a simple crystal")
        }
        return (doubled, order)
    }

    /// The atoms held while the upper half melts: wrapped fractional third coordinate below 1/2.
    public static func lowerHalf(_ structure: Structure) -> [Int] {
        structure.positions.indices.filter {
            let f = structure.cell.fractional(structure.positions[$0]).z
            return f - f.rounded(.down) < 0.5
        }
    }

    /// A row of the isenthalpic table.
    public static func row(_ sample: ThermoSample, solidFraction: Double) -> String {
        "\(sample.step)," + [sample.temperatureK, sample.enthalpy, sample.volume, sample.lengths.z, solidFraction]
            .map { String(format: "%.10g", $0) }.joined(separator: ",") + "\n"
    }

    /// The melting point from the isenthalpic run's temperatures: the mean over their second
    /// half and its 5-block error, K.
    public static func meltingPoint(_ temperatures: [Double]) -> BlockAverage {
        BlockAverage(Array(temperatures[(temperatures.count / 2)...]), blocks: 5)
    }

    /// The log line of a phase's start (0 crystal, 1 melt, 2 relax).
    public static func phaseNote(_ phase: Int, _ settings: CoexistenceSettings, atoms: Int, slabs: Int) -> String {
        let p = settings.preparation
        switch phase {
        case 0:
            return String(format: "coexistence: %d atoms (the cell doubled along c), %d slabs; NPT at %.0f K for %d steps",
                          atoms, slabs, settings.guessK, p.crystal)
        case 1:
            return String(format: "coexistence: melting the upper half at %.0f K for %d steps in %@, lower half held on its sites",
                          settings.meltTemperatureK, p.melt, settings.meltAtFixedCell ? "NVT (fixed cell)" : "NPT")
        default:
            return String(format: "coexistence: both phases in NPT at %.0f K for %d steps, then %d steps at constant enthalpy",
                          settings.guessK, p.relax, settings.steps)
        }
    }

    /// Runs the protocol from the crystal `initial`. Rows of the isenthalpic phase go to
    /// `tablePath` when given (every 10 steps); `log` gets a line per phase. With
    /// `checkpoint` every phase checkpoints (with the held atoms, the isenthalpic samples and
    /// the table's size) and a resumed run gives the uninterrupted one's result and table
    /// bit for bit.
    public static func run(_ settings: CoexistenceSettings, potential: Potential, initial: Structure, tablePath: String?,
                           checkpoint: ProtocolCheckpoint? = nil, log: (String) -> Void = { _ in }) throws -> CoexistenceResult {
        try settings.ensemble.validate()
        let guess = settings.guessK
        let (doubled, order) = try cell(initial)
        let hot = settings.meltTemperatureK
        let identity = "coexistence \(guess) K, \(settings.steps) steps, seed \(settings.seed), melt at \(hot) K\(settings.meltAtFixedCell ? " in a fixed cell" : "")"
        let saved = try checkpoint?.saved(identity: identity)
        let keep: UInt64? = saved.map { c in c.fileSizes.first { $0.name == "table" }?.bytes ?? 0 }
        let table: OutputFile? = try tablePath.map { try OutputFile(path: $0, keep: keep) }
        let ends = settings.phaseEnds
        let masses = doubled.masses
        func integrator(_ phase: Int, free: Double) -> Integrator {
            switch phase {
            case 1: (settings.meltAtFixedCell ? settings.ensemble.withoutBarostat : settings.ensemble).integrator(masses: masses, temperatureK: hot * free)
            case 3: settings.ensemble.withoutThermostat.integrator(masses: masses, temperatureK: nil)
            default: settings.ensemble.integrator(masses: masses, temperatureK: guess)
            }
        }
        let freeOf = { (held: Int) in Double(doubled.count - held) / Double(doubled.count) }
        var sim: Simulation
        var first = 0
        if let saved {
            first = ends.firstIndex { saved.state.step < $0 } ?? ends.count
            let inside = first < ends.count && saved.state.step > (first == 0 ? 0 : ends[first - 1])
            sim = Simulation.resume(saved, integrator: integrator(inside ? first : 0, free: freeOf(saved.pinned?.atoms.count ?? 0)),
                                    engine: ForceEngine(potential), safety: SafetyCheck(targetTemperatureK: hot))
        } else {
            var rng = RandomSource(seed: settings.seed)
            let state = MDState(structure: doubled, velocities: MDState.maxwellBoltzmann(masses: masses, temperatureK: guess, rng: &rng))
            sim = Simulation(state: state, integrator: integrator(0, free: 1), engine: ForceEngine(potential), rng: rng,
                             safety: SafetyCheck(targetTemperatureK: hot))
        }
        let temperatures = ThermoRecorder(Cadence(every: sampleEvery, from: ends[2]), output: nil, keptAs: "nph")
        try saved?.observer("nph").map { try temperatures.restore($0) }
        var startFraction = saved?.setting("solid-fraction-start").flatMap { UInt64($0, radix: 16) }.map(Double.init(bitPattern:)) ?? .nan
        for phase in first..<ends.count {
            let begin = phase == 0 ? 0 : ends[phase - 1]
            if sim.state.step == begin {
                switch phase {
                case 0:
                    log(phaseNote(0, settings, atoms: doubled.count, slabs: order.slabs))
                case 1:
                    log(phaseNote(1, settings, atoms: doubled.count, slabs: order.slabs))
                    // The thermostat sees all atoms; the held half has no kinetic energy.
                    sim.pinned = PinnedSites(lowerHalf(sim.state.structure), in: sim.state)
                case 2:
                    let free = freeOf(sim.pinned?.atoms.count ?? 0)
                    sim.pinned = nil
                    log(String(format: "coexistence: solid fraction %.2f, free atoms at %.0f K", order.solidFraction(sim.state.structure),
                               sim.state.temperature(degreesOfFreedom: 3 * doubled.count - 3) / free))
                    log(phaseNote(2, settings, atoms: doubled.count, slabs: order.slabs))
                default:
                    startFraction = order.solidFraction(sim.state.structure)
                    try table?.write(header + "\n")
                }
                sim.integrator = integrator(phase, free: freeOf(sim.pinned?.atoms.count ?? 0))
                try sim.prepare()
            }
            sim.safetyCadence = Cadence(every: 10, from: begin)
            sim.observers = []
            if phase == 3 {
                let nph = ClosureObserver(temperatures.cadence, needsStress: true) { s, integrator in
                    try table?.write(row(ThermoSample(s, integrator: integrator), solidFraction: order.solidFraction(s.structure)))
                }
                sim.observers = [nph, temperatures]
            }
            checkpoint?.attach(to: &sim, identity: identity, files: table.map { [("table", $0)] } ?? [],
                               settings: startFraction.isNaN ? [] : [("solid-fraction-start", String(startFraction.bitPattern, radix: 16))])
            try sim.runPhase(until: ends[phase])
        }
        let endFraction = order.solidFraction(sim.state.structure)
        let series = temperatures.samples.map(\.temperatureK)
        let tm = meltingPoint(series)
        return CoexistenceResult(temperatureK: tm.mean, errorK: tm.error, startFraction: startFraction, endFraction: endFraction,
                                 atoms: doubled.count, final: sim.state, extrapolation: sim.engine.extrapolation)
    }
}
