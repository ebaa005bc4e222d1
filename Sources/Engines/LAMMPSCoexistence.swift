import Analysis
import Atoms
import Dynamics
import Foundation
import Potentials
import Thermodynamics

/// `Coexistence` with LAMMPS as the engine: the same cell (the crystal doubled along its third
/// vector), phases, ensembles, time constants and sampling, each phase a LAMMPS run in
/// `directory/lammps-coexistence/<phase>` started from the previous one's final state:
/// crystal (NPT at the guess, Maxwell–Boltzmann velocities from the seed), melt (the lower
/// half held on its sites, `LAMMPSRunPlan.heldAtoms`, the rest at the melt temperature in NPT
/// or NVT), relax (all atoms, NPT at the guess), and the isenthalpic run (no thermostat; thermo
/// rows and snapshots every `Coexistence.sampleEvery` steps). The table, the solid fractions
/// and the melting point come from props' analysis (`Coexistence.row`, `SlabOrder`,
/// `Coexistence.meltingPoint`) on what LAMMPS wrote. LAMMPS's random fixes get the seed + the
/// phase's index. Resuming skips finished phases and continues the interrupted one from its
/// newest restart file.
public enum LAMMPSCoexistence {
    /// The phases' directory names, in order.
    public static let phases = ["crystal", "melt", "relax", "nph"]

    /// The LAMMPS run directory of phase `k` inside `directory`.
    public static func runDirectory(_ k: Int, in directory: String) -> String {
        "\(directory)/lammps-coexistence/\(phases[k])"
    }

    /// Runs (or with `resume` continues) the protocol from the crystal `initial`, with restart
    /// files every `checkpointEvery` steps; the isenthalpic table goes to `tablePath`. Returns
    /// the result and the LAMMPS version.
    public static func run(_ settings: CoexistenceSettings, spec: String, potential: Potential, initial: Structure,
                           directory: String, tablePath: String, checkpointEvery: Int, resume: Bool,
                           installation: LAMMPSInstallation, ranks: Int,
                           log: (String) -> Void = { _ in },
                           progress: (String) -> Void = { _ in }) throws -> (result: CoexistenceResult, version: String) {
        try settings.ensemble.validate()
        let (doubled, order) = try Coexistence.cell(initial)
        let ends = settings.phaseEnds
        var rng = RandomSource(seed: settings.seed)
        var frame = Frame(structure: doubled,
                          velocities: MDState.maxwellBoltzmann(masses: doubled.masses, temperatureK: settings.guessK, rng: &rng))
        var version = "unknown"
        var startFraction = Double.nan
        var held: [Int] = []
        var output: LAMMPSOutput?
        for k in phases.indices {
            let steps = ends[k] - (k == 0 ? 0 : ends[k - 1])
            var ensemble = settings.ensemble
            var target: Double? = settings.guessK
            var velocities = frame.velocities ?? Array(repeating: .zero, count: doubled.count)
            switch k {
            case 1:
                held = Coexistence.lowerHalf(frame.structure)
                for a in held { velocities[a] = .zero }
                if settings.meltAtFixedCell { ensemble = ensemble.withoutBarostat }
                target = settings.meltTemperatureK
            case 3:
                startFraction = order.solidFraction(frame.structure)
                ensemble = ensemble.withoutThermostat
                target = nil
            default:
                break
            }
            let sampled = k == 3 ? Coexistence.sampleEvery : max(1, steps / 20)
            var plan = LAMMPSRunPlan(structure: frame.structure, velocities: velocities, potential: spec, ensemble: ensemble,
                                     temperatureK: target, seed: settings.seed &+ UInt64(k), steps: steps, thermoEvery: sampled,
                                     dumpEvery: k == 3 ? sampled : 0, restartEvery: checkpointEvery,
                                     ranks: ranks)
            if k == 1 { plan.heldAtoms = held }
            let dir = runDirectory(k, in: directory)
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let engine = try LAMMPSEngine(plan, potential: potential, directory: dir, installation: installation)
            let out: LAMMPSOutput
            if resume, FileManager.default.fileExists(atPath: dir + "/" + LAMMPSInput.finalFile) {
                log("coexistence: phase \(phases[k]) finished earlier, read from \(dir)")
                out = try engine.finishedOutput()
                version = out.version
            } else {
                if k < 3 { log(Coexistence.phaseNote(k, settings, atoms: doubled.count, slabs: order.slabs)) }
                out = try engine.run(resume: resume && engine.latestRestart != nil) { step, _ in
                    progress("\(phases[k]) \(100 * step / max(1, steps)) %")
                }
                version = out.version
            }
            if k == 1, let last = out.samples.last {
                let free = Double(doubled.count - held.count) / Double(doubled.count)
                log(String(format: "coexistence: solid fraction %.2f, free atoms at %.0f K", order.solidFraction(out.finalFrame.structure),
                           last.temperatureK / free))
            }
            frame = out.finalFrame
            output = out
        }
        guard let nph = output else { throw InputError("the coexistence run has no phases") }
        let frames = Dictionary(nph.frames.map { ($0.step, $0.frame) }, uniquingKeysWith: { _, b in b })
        var text = Coexistence.header + "\n"
        var temperatures: [Double] = []
        for var sample in nph.samples where sample.step > 0 {
            guard let f = frames[sample.step] else {
                throw InputError("LAMMPS wrote no snapshot at step \(sample.step) of the isenthalpic run", file: runDirectory(3, in: directory))
            }
            temperatures.append(sample.temperatureK)
            sample.step += ends[2]
            sample.timePs += Double(ends[2]) * settings.ensemble.timestepPs
            text += Coexistence.row(sample, solidFraction: order.solidFraction(f.structure))
        }
        guard temperatures.count >= 10 else {
            throw InputError("the isenthalpic run wrote \(temperatures.count) samples; at least 10 are needed", file: runDirectory(3, in: directory))
        }
        try OutputFile(path: tablePath, keep: nil).write(text)
        let tm = Coexistence.meltingPoint(temperatures)
        var final = MDState(structure: frame.structure, velocities: frame.velocities ?? Array(repeating: .zero, count: doubled.count))
        final.step = ends[3]
        progress("done")
        return (CoexistenceResult(temperatureK: tm.mean, errorK: tm.error, startFraction: startFraction,
                                  endFraction: order.solidFraction(frame.structure), atoms: doubled.count, final: final,
                                  extrapolation: ExtrapolationTally()), version)
    }
}

extension LAMMPSEngine {
    /// What a finished run (its final state written) left in its directory, without running
    /// it again; the version from the first line of its log.
    func finishedOutput() throws -> LAMMPSOutput {
        let log = (try? String(contentsOfFile: directory + "/log.lammps", encoding: .utf8))?.split(separator: "\n").first ?? ""
        let version = log.hasPrefix("LAMMPS (") && log.hasSuffix(")") ? String(log.dropFirst(8).dropLast()) : "unknown"
        return try output(startStep: plan.steps, version: version)
    }
}
