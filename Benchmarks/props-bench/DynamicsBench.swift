// MD throughput: NVE velocity Verlet through the Simulation driver, with the Verlet list (1 Å skin, rebuilt when needed),
// energy and forces every step, no output. Reported as MD steps per second and µs per
// atom-step, beside LAMMPS's `fix nve` runs of the same systems when their timings were
// given (`--lammps FILE.json` from `bench/lammps_bench.py --md --json`, systems named "MD ...").
import Atoms
import Dispatch
import Dynamics
import Foundation
import Potentials

/// Times `steps` NVE steps after 10 warm-up steps, fastest of `repeats`; µs per atom-step.
private func timeMD(_ potential: Potential, _ structure: Structure, steps: Int) throws -> Double {
    var rng = RandomSource(seed: 1)
    let state = MDState(structure: structure,
                        velocities: MDState.maxwellBoltzmann(masses: structure.masses, temperatureK: 300, rng: &rng))
    var sim = Simulation(state: state, integrator: EnsembleSettings(timestepPs: 0.002).integrator(masses: structure.masses, temperatureK: nil),
                         engine: ForceEngine(potential, skin: 1.0), rng: rng, safety: SafetyCheck(targetTemperatureK: 300),
                         safetyEvery: Int.max)
    try sim.prepare()
    try sim.run(steps: 10)
    var best = Double.infinity
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        try sim.run(steps: steps)
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
    }
    return best / Double(steps) / Double(structure.count) * 1e6
}

func benchmarkDynamics() throws {
    print("")
    print("MD (NVE, dt 2 fs, 300 K start, Verlet list with 1 Å skin): µs per atom-step and steps/s")
    printHeader { "   props \($0)T  steps/s  LAMMPS \($0)T   ratio" }
    for sys in selected(systems) {
        let (potential, structure) = try sys.load()
        var line = rowStart(sys.name, structure.count)
        for t in threadCounts {
            Parallel.threads = t
            let us = try timeMD(potential, structure, steps: max(10, 1_000_000 / structure.count))
            let stepsPerSecond = 1e6 / (us * Double(structure.count))
            record("md \(sys.name)", unit: "us/atom-step", us)
            if let ref = lammps["MD \(sys.name)|\(t)"] {
                line += String(format: "   %8.3f  %7.1f    %8.3f   %5.2f", us, stepsPerSecond, ref, us / ref)
            } else {
                line += String(format: "   %8.3f  %7.1f         n/a     n/a", us, stepsPerSecond)
            }
        }
        print(line)
    }
}
