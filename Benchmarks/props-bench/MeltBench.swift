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

/// Seconds for the whole ramp with `threads` threads.
private func timeRamp(_ potential: Potential, _ crystal: Structure) throws -> Double {
    let ramp = TemperatureRamp(startK: 100, stopK: 2500, rateKPerStep: 0.8, holdSteps: 0)
    var rng = RandomSource(seed: 1)
    var state = MDState(structure: crystal, velocities: MDState.maxwellBoltzmann(masses: crystal.masses, temperatureK: 100, rng: &rng))
    let thermostat = RampedThermostat(ramp: ramp, step: 0) { VelocityRescaling(temperatureK: $0, damping: 0.5, stochastic: false) }
    var integrator = Integrator(timestep: 0.01, masses: crystal.masses, thermostat: thermostat,
                                barostat: CellRescaling(pressureGPa: 1e-4, damping: 1.0, coupling: .isotropic, stochastic: false))
    var engine = ForceEngine(potential)
    let sites = LatticeDisplacement(reference: crystal)
    let start = DispatchTime.now().uptimeNanoseconds
    try integrator.prepare(&state, engine: &engine)
    var ratio = 0.0
    while state.step < ramp.lastStep {
        try integrator.step(&state, engine: &engine, rng: &rng, stress: true)
        ratio = sites.measure(cell: state.structure.cell, positions: state.structure.positions).ratio
    }
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
        // LAMMPS reports µs per atom-step; the ramp is 3000 steps of 500 atoms.
        if let ref = lammps["MELT Cu EAM 500|\(t)"].map({ $0 * 1e-6 * Double(crystal.count) * 3000 }) {
            line += String(format: "   props %dT %6.2f s   LAMMPS %6.2f s   ratio %5.2f", t, seconds, ref, seconds / ref)
        } else {
            line += String(format: "   props %dT %6.2f s   LAMMPS n/a", t, seconds)
        }
    }
    print(line)
}
