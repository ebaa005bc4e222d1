// Heating-ramp throughput: the run `props melt Cu.eam.alloy --rate 0.8` makes (fcc Cu
// 5×5×5 = 500 atoms, dt 10 fs, Berendsen thermostat 500 fs and barostat 1000 fs at 1 bar,
// target 100 → 2500 K at 0.8 K/step = 3000 steps, the Lindemann ratio every step), without
// file output, beside LAMMPS's `fix temp/berendsen` + `fix press/berendsen` ramp when its
// timing was given (`bench/lammps_bench.py --melt --json`, system "MELT Cu EAM 500").
import Analysis
import Atoms
import Dispatch
import Dynamics
import Foundation
import Potentials

/// Seconds for the whole ramp with `threads` threads, run through the `Simulation` driver.
private func timeRamp(_ potential: Potential, _ crystal: Structure) throws -> Double {
    let ramp = TemperatureRamp(startK: 100, stopK: 2500, rateKPerStep: 0.8, holdSteps: 0)
    let ensemble = EnsembleSettings(timestepPs: 0.01, thermostat: .berendsen(dampingPs: 0.5),
                                    barostat: .berendsen(dampingPs: 1.0, coupling: .isotropic), pressureGPa: 1e-4)
    var rng = RandomSource(seed: 1)
    let state = MDState(structure: crystal, velocities: MDState.maxwellBoltzmann(masses: crystal.masses, temperatureK: 100, rng: &rng))
    var integrator = ensemble.integrator(masses: crystal.masses, temperatureK: 100)
    integrator.temperatureSchedule = ramp
    var sim = Simulation(state: state, integrator: integrator, engine: ForceEngine(potential), rng: rng,
                         safety: SafetyCheck(targetTemperatureK: 2500))
    let sites = LatticeDisplacement(reference: crystal)
    var ratio = 0.0
    sim.observers = [ClosureObserver(Cadence(every: 1), needsStress: true) { s, _ in
        ratio = sites.measure(cell: s.structure.cell, positions: s.structure.positions).ratio
    }]
    let start = DispatchTime.now().uptimeNanoseconds
    try sim.prepare()
    try sim.run(until: ramp.lastStep)
    precondition(ratio > 0.3, "the ramp should end in the liquid")
    return Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
}

func benchmarkMelt() throws {
    let potential = try PotentialLoader.load(potentialsDir + "/Cu_mishin1.eam.alloy")
    let crystal = try Supercell.make(Lattices.build(.fcc, elements: [Element(symbol: "Cu")!], a: 3.615), repeats: SIMD3(repeating: 5))
    print("")
    print("Heating ramp (props melt --rate 0.8): Cu EAM 500 atoms, dt 10 fs, Berendsen 500/1000 fs, 100 → 2500 K in 3000 steps")
    var line = rowStart("ramp 0.8 K/step", crystal.count)
    for t in threadCounts {
        Parallel.threads = t
        let seconds = try timeRamp(potential, crystal)
        record("ramp Cu EAM 500", unit: "s", seconds)
        // LAMMPS reports µs per atom-step; the ramp is 3000 steps of 500 atoms.
        if let ref = lammps["MELT Cu EAM 500|\(t)"].map({ $0 * 1e-6 * Double(crystal.count) * 3000 }) {
            line += String(format: "   props %dT %6.2f s   LAMMPS %6.2f s   ratio %5.2f", t, seconds, ref, seconds / ref)
        } else {
            line += String(format: "   props %dT %6.2f s   LAMMPS n/a", t, seconds)
        }
    }
    print(line)
}
