import Analysis
import Atoms
import Dynamics
import Foundation
import Potentials

/// One heating ramp of `props melt`: NPT at the start temperature for the equilibration
/// steps, then the thermostat's target raised by `rate` K per step up to the stop
/// temperature. Rows go to `ramp-<rate>.csv` as the run goes and a checkpoint to
/// `checkpoint-<rate>.txt` every `checkpointEvery` steps, so an interrupted ramp continues
/// where it stopped.
struct MeltRamp {
    let rate: Double
    let settings: MeltSettings
    let seed: UInt64
    let outDir: String

    /// Columns of ramp-<rate>.csv.
    static let header = "step,T_target_K,T_K,H_eV,V_A3,u2_A2,d_A,lindemann,Epot_eV,P_GPa"

    var label: String { MeltSettings.label(rate) }
    var csvPath: String { "\(outDir)/ramp-\(label).csv" }
    var checkpointPath: String { "\(outDir)/checkpoint-\(label).txt" }
    var ramp: TemperatureRamp {
        TemperatureRamp(startK: settings.tstartK, stopK: settings.tstopK, rateKPerStep: rate, holdSteps: settings.equilibrate)
    }

    /// Whether the checkpoint says the ramp has reached its last step.
    var isFinished: Bool {
        guard let c = try? Checkpoint.read(path: checkpointPath) else { return false }
        return c.state.step >= ramp.lastStep
    }

    /// Runs the ramp from `initial`, or continues it from its checkpoint when `resume` is
    /// set and one exists. `progress` gets a short status now and then.
    func run(potential: Potential, initial: Structure, sites: LatticeDisplacement, resume: Bool,
             progress: (String) -> Void) throws {
        let md = settings.md
        var state: MDState, rng: RandomSource
        var checkpoint: Checkpoint?
        if resume, FileManager.default.fileExists(atPath: checkpointPath) {
            let c = try Checkpoint.read(path: checkpointPath)
            guard c.setting("rate") == label else { throw InputError("the checkpoint is for another rate", file: checkpointPath) }
            state = c.state
            rng = c.rng
            checkpoint = c
        } else {
            rng = RandomSource(seed: seed)
            state = MDState(structure: initial, velocities: MDState.maxwellBoltzmann(masses: initial.masses, temperatureK: settings.tstartK, rng: &rng))
        }
        let ramp = self.ramp
        let thermostat = RampedThermostat(ramp: ramp, step: state.step) { md.thermostat(at: $0)! }
        var integrator = Integrator(timestep: md.timestepFs * Units.fsInPs, masses: initial.masses, thermostat: thermostat,
                                    barostat: md.integrator(masses: []).barostat)
        var engine = ForceEngine(potential)
        let output = try OutputFile(path: csvPath, keep: checkpoint?.fileSizes.first { $0.name == "csv" }?.bytes)
        if let c = checkpoint {
            integrator.thermostat?.checkpointValues = c.thermostat
            integrator.barostat?.checkpointValues = c.barostat
        } else {
            try integrator.prepare(&state, engine: &engine)
            try output.write(MeltRamp.header + "\n" + row(state, integrator, sites) + "\n")
        }
        let every = settings.sampleEvery(rate: rate)
        let safety = SafetyCheck(targetTemperatureK: settings.tstopK)
        let last = ramp.lastStep
        while state.step < last {
            let next = state.step + 1
            let sampled = next % every == 0 || next == last
            try integrator.step(&state, engine: &engine, rng: &rng, stress: sampled)
            if sampled {
                try safety.check(state, temperatureK: integrator.temperature(state))
                try output.write(row(state, integrator, sites) + "\n")
            }
            if state.step % settings.checkpointEvery == 0 || state.step == last {
                try Checkpoint(settings: [("rate", label)], state: state, rng: rng,
                               thermostat: integrator.thermostat?.checkpointValues ?? [],
                               barostat: integrator.barostat?.checkpointValues ?? [],
                               fileSizes: [("csv", try output.size())]).write(to: checkpointPath)
                engine.invalidate()
            }
            if state.step % 200 == 0 {
                progress("\(fmt(ramp.temperature(atStep: state.step), 0)) K \(100 * state.step / last) %")
            }
        }
        progress("done")
    }

    /// A CSV row of the state: target and actual temperature, enthalpy, volume, ⟨u²⟩, d, L.
    private func row(_ s: MDState, _ integrator: Integrator, _ sites: LatticeDisplacement) -> String {
        let sample = ThermoSample(s, integrator: integrator)
        let u = sites.measure(cell: s.structure.cell, positions: s.structure.positions)
        let values = [ramp.temperature(atStep: s.step), sample.temperatureK, sample.enthalpy, sample.volume, u.meanSquare,
                      u.distance, u.ratio, sample.potentialEnergy, sample.pressureGPa]
        return "\(s.step)," + values.map { String(format: "%.10g", $0) }.joined(separator: ",")
    }

    /// The ramp part (after the equilibration) of ramp-<rate>.csv: target temperature (K),
    /// enthalpy (eV) and Lindemann ratio per row.
    func readRamp() throws -> (target: [Double], enthalpy: [Double], lindemann: [Double]) {
        let file = try TextFile(path: csvPath)
        guard file.lines.first.map(String.init) == MeltRamp.header else {
            throw file.error("expected the header '\(MeltRamp.header)'", line: 1)
        }
        var out: (target: [Double], enthalpy: [Double], lindemann: [Double]) = ([], [], [])
        for (k, line) in file.lines.enumerated().dropFirst() where !line.isEmpty {
            let v = line.split(separator: ",").map { Double($0) }
            guard v.count == 10, v.allSatisfy({ $0 != nil }) else { throw file.error("expected 10 numbers", line: k + 1) }
            guard Int(v[0]!) > settings.equilibrate else { continue }
            out.target.append(v[1]!)
            out.enthalpy.append(v[3]!)
            out.lindemann.append(v[7]!)
        }
        return out
    }
}
