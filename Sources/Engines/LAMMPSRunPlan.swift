import Atoms
import Dynamics

/// One MD segment for the LAMMPS engine: the starting state, the potential, the typed
/// equations of motion and schedule, and what to record. The same settings drive props'
/// own `Simulation`.
public struct LAMMPSRunPlan: Sendable {
    /// Starting structure and velocities (Å/ps).
    public var structure: Structure
    public var velocities: [SIMD3<Double>]
    /// The potential as `PotentialLoader.load` takes it (path or spec).
    public var potential: String
    /// Time step, thermostat, barostat and target pressure.
    public var ensemble: EnsembleSettings
    /// The thermostat's target, K (nil without a thermostat).
    public var temperatureK: Double?
    /// A target that changes with the step (replaces `temperatureK`); nil for none.
    public var schedule: TemperatureRamp?
    /// Seed of the run; LAMMPS's random fixes get `lammpsSeed`.
    public var seed: UInt64
    /// The run ends at this step.
    public var steps: Int
    /// Steps between thermo rows.
    public var thermoEvery: Int
    /// Steps between position/velocity snapshots; 0 for none.
    public var dumpEvery: Int
    /// Steps between LAMMPS restart files (a final one is always written).
    public var restartEvery: Int
    /// MPI ranks.
    public var ranks: Int
    /// Atoms (indices) held on their sites: not integrated, at zero velocity, moved only with
    /// the cell; the thermostat and integrator act on the others. Empty for none.
    public var heldAtoms: [Int] = []

    public init(structure: Structure, velocities: [SIMD3<Double>], potential: String, ensemble: EnsembleSettings,
                temperatureK: Double?, schedule: TemperatureRamp? = nil, seed: UInt64, steps: Int, thermoEvery: Int,
                dumpEvery: Int, restartEvery: Int, ranks: Int) {
        self.structure = structure
        self.velocities = velocities
        self.potential = potential
        self.ensemble = ensemble
        self.temperatureK = temperatureK
        self.schedule = schedule
        self.seed = seed
        self.steps = steps
        self.thermoEvery = thermoEvery
        self.dumpEvery = dumpEvery
        self.restartEvery = restartEvery
        self.ranks = ranks
    }

    /// The seed LAMMPS's random fixes take (1 … 900,000,000), derived from `seed`.
    public var lammpsSeed: UInt64 { seed % 899_999_999 + 1 }

    /// Whether the barostat moves the cell's angles (LAMMPS needs a triclinic box).
    var needsTriclinicBox: Bool {
        if case .mtk(_, .triclinic)? = ensemble.barostat { return true }
        return false
    }

    /// Degrees of freedom of the temperature, as props' integrator counts them (3N under
    /// Langevin, which does not keep the momentum; 3N − 3 otherwise).
    public var degreesOfFreedom: Int {
        ensemble.integrator(masses: structure.masses, temperatureK: temperatureK ?? 0).degreesOfFreedom
    }
}

extension Cell {
    /// Whether the lattice vectors are along x, y and z (an orthogonal LAMMPS box).
    var isOrthogonal: Bool {
        let h = matrix
        let scale = max(abs(h[0, 0]), abs(h[1, 1]), abs(h[2, 2]))
        return [h[0, 1], h[0, 2], h[1, 0], h[1, 2], h[2, 0], h[2, 1]].allSatisfy { abs($0) <= 1e-12 * scale }
    }
}
