import Atoms
import Dynamics
import Foundation
import Potentials
import Thermodynamics

/// `HeatCapacityProtocol` with LAMMPS as the engine: the same NPT run (equilibration, then
/// production sampled every `sampleEvery` steps) and NVT run at the mean NPT volume, from the
/// same Maxwell–Boltzmann velocities, each run by LAMMPS in `directory/npt` and
/// `directory/nvt`; the samples go through `HeatCapacityProtocol.point`, props' analysis.
public enum LAMMPSHeatCapacity {
    /// The heat capacity at `t` and the LAMMPS version that ran. `potential` is the loaded
    /// `spec`. Samples also go to `npt-<T>K.csv` / `nvt-<T>K.csv` in `outputDirectory`.
    public static func measure(_ settings: HeatCapacitySettings, temperatureK t: Double, seed: UInt64, structure: Structure,
                               spec: String, potential: Potential, directory: String, outputDirectory: String?,
                               installation: LAMMPSInstallation, ranks: Int,
                               progress: @escaping (String) -> Void = { _ in }) throws -> (point: HeatCapacityPoint, version: String) {
        var rng = RandomSource(seed: seed)
        let velocities = MDState.maxwellBoltzmann(masses: structure.masses, temperatureK: t, rng: &rng)
        let label = String(format: "%.*f", t.rounded() == t ? 0 : 2, t)
        func segment(_ name: String, _ s: Structure, _ v: [SIMD3<Double>], _ ensemble: EnsembleSettings) throws -> LAMMPSOutput {
            let total = settings.equilibrate + settings.steps
            let plan = LAMMPSRunPlan(structure: s, velocities: v, potential: spec, ensemble: ensemble, temperatureK: t,
                                     seed: seed, steps: total, thermoEvery: settings.sampleEvery, dumpEvery: 0,
                                     restartEvery: max(total, 1), ranks: ranks)
            let engine = try LAMMPSEngine(plan, potential: potential, directory: directory + "/" + name, installation: installation)
            return try engine.run { step, _ in progress("\(name.uppercased()) \(100 * step / max(1, total)) %") }
        }
        func production(_ output: LAMMPSOutput, file: String) throws -> [ThermoSample] {
            let rows = output.samples.filter { $0.step > settings.equilibrate }
            if let dir = outputDirectory {
                let text = ThermoSample.header + "\n" + rows.map { $0.csvRow + "\n" }.joined()
                try text.write(toFile: "\(dir)/\(file)-\(label)K.csv", atomically: true, encoding: .utf8)
            }
            return rows
        }
        let nptRun = try segment("npt", structure, velocities, settings.ensemble)
        let npt = try production(nptRun, file: "npt")
        var nvt: [ThermoSample] = []
        if settings.nvt {
            let final = nptRun.finalFrame
            let start = HeatCapacityProtocol.atVolume(final.structure, HeatCapacityProtocol.meanVolume(npt))
            nvt = try production(try segment("nvt", start, final.velocities ?? velocities, settings.ensemble.withoutBarostat), file: "nvt")
        }
        progress("done")
        return (HeatCapacityProtocol.point(settings, temperatureK: t, atoms: structure.count, npt: npt, nvt: nvt), nptRun.version)
    }
}
