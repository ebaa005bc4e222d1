import Analysis
import Atoms
import Dynamics
import Foundation
import Potentials
import Thermodynamics

/// `LiquidDiffusion` with LAMMPS as the engine: the same premelt (Maxwell–Boltzmann
/// velocities from the seed) and production run (thermostat seed + 1), in
/// `directory/premelt` and `directory/liquid`; g(r), the MSD and the averages come from
/// props' samplers replayed on LAMMPS's snapshots (`LiquidDiffusion.result`).
public enum LAMMPSLiquidDiffusion {
    public static func run(_ settings: LiquidSettings, spec: String, potential: Potential, structure: Structure, directory: String,
                           installation: LAMMPSInstallation, ranks: Int) throws -> (result: LiquidResult, version: String) {
        try settings.ensemble.validate()
        try settings.validate()
        var rng = RandomSource(seed: settings.seed)
        let velocities = MDState.maxwellBoltzmann(masses: structure.masses, temperatureK: settings.premeltK, rng: &rng)
        // An unsampled run of `steps` at `t` from `frame`, in directory/`name`; its last frame.
        func stage(_ name: String, from frame: Frame, temperatureK t: Double, seed: UInt64, steps: Int) throws -> Frame {
            let plan = LAMMPSRunPlan(structure: frame.structure, velocities: frame.velocities ?? velocities, potential: spec,
                                     ensemble: settings.ensemble, temperatureK: t, seed: seed, steps: steps,
                                     thermoEvery: max(1, steps / 20), dumpEvery: 0, restartEvery: max(1, steps), ranks: ranks)
            return try LAMMPSEngine(plan, potential: potential, directory: directory + "/" + name, installation: installation).run().finalFrame
        }
        var melted = try stage("premelt", from: Frame(structure: structure, velocities: velocities), temperatureK: settings.premeltK,
                               seed: settings.seed, steps: settings.premeltSteps)
        if settings.equilibrateSteps > 0 {
            melted = try stage("equilibrate", from: melted, temperatureK: settings.temperatureK, seed: settings.seed + 2,
                               steps: settings.equilibrateSteps)
        }
        let plan = LAMMPSRunPlan(structure: melted.structure, velocities: melted.velocities ?? velocities, potential: spec,
                                 ensemble: settings.ensemble, temperatureK: settings.temperatureK, seed: settings.seed + 1,
                                 steps: settings.steps, thermoEvery: settings.sampleEvery, dumpEvery: settings.sampleEvery,
                                 restartEvery: max(1, settings.steps), ranks: ranks)
        let liquid = try LAMMPSEngine(plan, potential: potential, directory: directory + "/liquid", installation: installation).run()
        let half = 0.5 * melted.structure.cell.faceDistances.min()
        let rdf = RDFSampler(elements: structure.elements, rmax: min(10, half), binWidth: settings.binWidth, every: settings.sampleEvery)
        let msd = MSDSampler(every: settings.sampleEvery)
        try liquid.replay([rdf, msd], integrator: settings.ensemble.integrator(masses: structure.masses, temperatureK: settings.temperatureK),
                          last: settings.steps)
        let result = try LiquidDiffusion.result(rdf: rdf, msd: msd, thermo: liquid.samples.filter { $0.step > 0 }, structure: structure,
                                                fitRange: settings.fitRange, sampledSteps: settings.steps)
        return (result, liquid.version)
    }
}
