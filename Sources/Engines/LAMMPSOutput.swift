import Atoms
import Dynamics
import Foundation

/// What a LAMMPS-engine run wrote, read back into props' types: the thermo rows as
/// `ThermoSample`s and the snapshots with their steps. A step written twice (an interrupted
/// run's rows after its last restart, written again by the resumed run) keeps its last
/// version.
public struct LAMMPSOutput {
    public var samples: [ThermoSample]
    /// Snapshots: unwrapped positions (Å) in LAMMPS's orientation of the cell, velocities (Å/ps).
    public var frames: [(step: Int, frame: Frame)]
    /// The state at the end of the run (positions, velocities).
    public var finalFrame: Frame
    /// The step this invocation started from (0, or the restart's step).
    public var startStep: Int
    /// The LAMMPS version that ran.
    public var version: String

    /// Reads the thermo table of `plan` in `dir` (`fix print` rows: step temp pe ke press
    /// vol econserve a b c α β γ; pressure in bar).
    static func thermo(_ plan: LAMMPSRunPlan, in dir: String) throws -> [ThermoSample] {
        let file = try TextFile(path: dir + "/" + LAMMPSInput.thermoFile)
        var byStep: [Int: ThermoSample] = [:]
        for (k, line) in file.lines.enumerated() where !line.hasPrefix("#") && !line.allSatisfy(\.isWhitespace) {
            let v = line.split(whereSeparator: \.isWhitespace).map { Double($0) }
            guard v.count == 13, v.allSatisfy({ $0 != nil }), let step = Int(exactly: v[0]!) else {
                throw file.error("expected 13 numbers (step temp pe ke press vol econserve a b c alpha beta gamma)", line: k + 1)
            }
            let x = v.map { $0! }
            let pGPa = x[4] / LAMMPSInput.barPerGPa
            let pressure = plan.ensemble.barostat == nil ? pGPa : plan.ensemble.pressureGPa
            byStep[step] = ThermoSample(step: step, timePs: Double(step) * plan.ensemble.timestepPs, temperatureK: x[1],
                                        potentialEnergy: x[2], kineticEnergy: x[3], pressureGPa: pGPa, volume: x[5],
                                        enthalpy: x[2] + x[3] + pressure / Units.eVPerA3InGPa * x[5], conserved: x[6],
                                        lengths: SIMD3(x[7], x[8], x[9]), angles: SIMD3(x[10], x[11], x[12]))
        }
        return byStep.keys.sorted().map { byStep[$0]! }
    }

    /// Reads the snapshots of `plan` in `dir` (none when it dumps nothing).
    static func frames(_ plan: LAMMPSRunPlan, species: [Element], in dir: String) throws -> [(step: Int, frame: Frame)] {
        let path = dir + "/" + LAMMPSInput.dumpFile
        guard plan.dumpEvery > 0, FileManager.default.fileExists(atPath: path) else { return [] }
        return try snapshots(path, species: species)
    }

    /// The snapshots of the dump at `path` with their steps, LAMMPS type k read as
    /// `species[k - 1]`, sorted by step.
    static func snapshots(_ path: String, species: [Element]) throws -> [(step: Int, frame: Frame)] {
        let file = try TextFile(path: path)
        var types: [Int: Element] = [:]
        for (k, e) in species.enumerated() { types[k + 1] = e }
        let frames = try LAMMPSDump.read(file, types: AtomTypes(types))
        var steps: [Int] = []
        for (k, line) in file.lines.enumerated() where line.hasPrefix("ITEM: TIMESTEP") && k + 1 < file.lines.count {
            guard let s = Int(file.lines[k + 1].trimmingCharacters(in: .whitespaces)) else {
                throw file.error("the timestep is not an integer", line: k + 2)
            }
            steps.append(s)
        }
        var byStep: [Int: Frame] = [:]
        for (s, f) in zip(steps, frames) { byStep[s] = f }
        return byStep.keys.sorted().map { ($0, byStep[$0]!) }
    }

    /// Calls `observers` on the snapshots as props' driver would on its states, at their
    /// own cadence (each cadence must fall on snapshot steps), and on the snapshot at step 0
    /// too when `initial` is set: the same samplers and analyses run on LAMMPS's trajectory.
    /// States carry positions, velocities and the step, and where a thermo row has the same
    /// step its potential energy and pressure (as an isotropic stress); no forces.
    public func replay(_ observers: [any StepObserver], integrator: Integrator, last: Int, initial: Bool = false) throws {
        let rows = Dictionary(samples.map { ($0.step, $0) }, uniquingKeysWith: { _, b in b })
        for (step, frame) in frames {
            var state = MDState(structure: frame.structure,
                                velocities: frame.velocities ?? Array(repeating: .zero, count: frame.structure.count))
            state.step = step
            if let row = rows[step] {
                state.potentialEnergy = row.potentialEnergy
                let kinetic = state.kineticTensor.trace / (3 * state.structure.cell.volume)
                state.stress = (kinetic - row.pressureGPa / Units.eVPerA3InGPa) * Matrix3.identity
            }
            for o in observers where o.cadence.isDue(step: step, last: last) || (initial && step == 0) {
                try o.observe(state, integrator)
            }
        }
    }
}
