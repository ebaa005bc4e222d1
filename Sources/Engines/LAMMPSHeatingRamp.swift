import Analysis
import Atoms
import Dynamics
import Foundation
import Potentials
import Thermodynamics

/// A `HeatingRamp` run by LAMMPS: the same start (Maxwell–Boltzmann velocities at the start
/// temperature from the ramp's seed), thermostat and barostat fixes whose target follows the
/// ramp's schedule (an equal-style variable of the step), thermo rows and snapshots every
/// `sampleEvery` steps and restart files every `checkpointEvery`. The ramp table is then
/// written by props' `RampSampler` replayed on LAMMPS's snapshots, so `HeatingRamp.readSeries`
/// and `RampAnalysis` read it as they read props' own.
public enum LAMMPSHeatingRamp {
    /// The LAMMPS run directory of `ramp` inside `directory`.
    public static func runDirectory(_ ramp: HeatingRamp, in directory: String) -> String {
        "\(directory)/lammps-\(ramp.label)"
    }

    /// Whether the ramp's LAMMPS run reached its last step (its final state was written).
    public static func isFinished(_ ramp: HeatingRamp, in directory: String) -> Bool {
        FileManager.default.fileExists(atPath: runDirectory(ramp, in: directory) + "/" + LAMMPSInput.finalFile)
    }

    /// Runs (or, with `resume`, continues from its newest restart file) the ramp from
    /// `initial`; `sites` measure the Lindemann ratio. Returns the LAMMPS version.
    @discardableResult
    public static func run(_ ramp: HeatingRamp, spec: String, potential: Potential, initial: Structure, sites: LatticeDisplacement,
                           directory: String, resume: Bool, installation: LAMMPSInstallation, ranks: Int,
                           progress: @escaping (String) -> Void = { _ in }) throws -> String {
        let settings = ramp.settings
        let schedule = settings.ramp
        guard initial.cell.isLowerTriangular else {
            throw InputError("--engine lammps needs the melt cell with a along x and b in the xy plane (LAMMPS's orientation) so the Lindemann sites stay aligned")
        }
        var rng = RandomSource(seed: ramp.seed)
        let velocities = MDState.maxwellBoltzmann(masses: initial.masses, temperatureK: settings.startK, rng: &rng)
        let last = schedule.lastStep
        let plan = LAMMPSRunPlan(structure: initial, velocities: velocities, potential: spec, ensemble: settings.ensemble,
                                 temperatureK: settings.startK, schedule: schedule, seed: ramp.seed, steps: last,
                                 thermoEvery: settings.sampleEvery, dumpEvery: settings.sampleEvery,
                                 restartEvery: settings.checkpointEvery, ranks: ranks)
        let engine = try LAMMPSEngine(plan, potential: potential, directory: runDirectory(ramp, in: directory),
                                      installation: installation)
        let output = try engine.run(resume: resume && engine.latestRestart != nil) { step, _ in
            progress(String(format: "%.0f K %d %%", schedule.temperature(atStep: step), 100 * step / max(1, last)))
        }
        let table = try OutputFile(path: ramp.csvPath, keep: nil)
        try table.write(HeatingRamp.header + "\n")
        let sampler = RampSampler(Cadence(every: settings.sampleEvery, includesLast: true), ramp: schedule, sites: sites, output: table)
        try output.replay([sampler], integrator: settings.ensemble.integrator(masses: initial.masses, temperatureK: settings.startK),
                          last: last, initial: true)
        progress("done")
        return output.version
    }
}

extension Cell {
    /// Whether a₁ lies along x and a₂ in the xy plane.
    var isLowerTriangular: Bool {
        let h = matrix
        let scale = max(abs(h[0, 0]), abs(h[1, 1]), abs(h[2, 2]))
        return [h[0, 1], h[0, 2], h[1, 2]].allSatisfy { abs($0) <= 1e-12 * scale }
    }
}
