import Analysis
import Atoms
import Dispatch
import Dynamics
import Engines
import Foundation
import Potentials
import Thermodynamics

/// `props md --engine lammps`: the run `props md` describes, integrated by LAMMPS (in
/// DIR/lammps), written as the same outputs (thermo.csv, trajectory.extxyz, final.extxyz,
/// summary.json, rdf.csv/msd.csv from props' samplers replayed on LAMMPS's snapshots).
/// `--resume DIR` continues from LAMMPS's newest restart file to the (new) final step.
enum MDLAMMPS {
    /// The settings file of a LAMMPS-engine run (one `key value` per line).
    static let settingsFile = "lammps/settings.txt"

    /// Whether DIR holds a LAMMPS-engine run.
    static func isLAMMPSRun(_ dir: String) -> Bool {
        FileManager.default.fileExists(atPath: dir + "/" + settingsFile)
    }

    /// Continues the LAMMPS-engine run in `dir`.
    static func resume(_ dir: String, args: ParsedArguments, console: Console) throws {
        if let other = args.values.keys.first(where: { !["resume", "steps", "ranks", "rmax", "dr", "threads"].contains($0) }) {
            throw UsageError("--\(other) cannot change a resumed run (its settings are in \(dir)/\(settingsFile)); only --steps and --ranks can", command: "md")
        }
        let file = try TextFile(path: dir + "/" + settingsFile)
        var values: [String: String] = [:]
        for line in file.lines where !line.isEmpty {
            let parts = line.split(separator: " ", maxSplits: 1)
            values[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        for key in ["steps", "ranks"] { if let v = args.values[key] { values[key] = v } }
        let settings = try MDSettings(values)
        let engine = try EngineOption(values, command: "md")
        let potential = try PotentialLoader.load(settings.potential)
        let data = try LAMMPSData.read(try TextFile(path: dir + "/lammps/" + LAMMPSInput.dataFile), types: AtomTypes(
            Dictionary(uniqueKeysWithValues: potential.species.enumerated().map { ($0.offset + 1, $0.element) })))
        let state = MDState(structure: data.structure, velocities: data.velocities ?? Array(repeating: .zero, count: data.structure.count))
        console.note("resuming the LAMMPS run in \(dir) to step \(settings.steps)")
        try run(settings: settings, engine: engine, state: state, potential: potential, outDir: dir, args: args, console: console,
                resume: true)
    }

    /// Runs `settings` from `state` in LAMMPS and writes props md's outputs into `outDir`.
    static func run(settings: MDSettings, engine: EngineOption, state: MDState, potential: Potential, outDir: String,
                    args: ParsedArguments, console: Console, resume: Bool = false) throws {
        let installation = try LAMMPSInstallation.locate()
        let wantsSamples = args.flag("rdf") || args.flag("msd")
        // LAMMPS dumps at the cadence every consumer of snapshots can use.
        var dumpEvery = settings.dumpEvery
        if wantsSamples { dumpEvery = dumpEvery > 0 ? gcd(dumpEvery, settings.sampleEvery) : settings.sampleEvery }
        let plan = LAMMPSRunPlan(structure: state.structure, velocities: state.velocities, potential: settings.potential,
                                 ensemble: settings.ensembleSettings, temperatureK: settings.temperatureK, seed: settings.seed,
                                 steps: settings.steps, thermoEvery: settings.thermoEvery, dumpEvery: dumpEvery,
                                 restartEvery: settings.checkpointEvery, ranks: engine.ranks)
        var lammps = try LAMMPSEngine(plan, potential: potential, directory: outDir + "/lammps", installation: installation)
        try writeFile((settings.pairs + engine.pairs).map { "\($0.key) \($0.value)" }.joined(separator: "\n") + "\n",
                      to: outDir + "/" + settingsFile)
        console.note("md: \(state.structure.formula), \(potential.name) in LAMMPS (pair_style \(lammps.pairStyle), \(engine.ranks) rank\(engine.ranks == 1 ? "" : "s")); \(settings.description)")
        let integrator = settings.integrator(masses: state.structure.masses)
        let progress = RunProgress(console: console, label: "md (lammps)", total: settings.steps, startStep: 0,
                                   timestepFs: settings.timestepFs)
        let clock = DispatchTime.now().uptimeNanoseconds
        lammps.started = { progress.restart(from: $0) }
        let output = try lammps.run(resume: resume) { step, t in progress.report(step: step, temperatureK: t) }
        console.endProgress()
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - clock) * 1e-9

        let out = Run(settings: settings, outDir: outDir, console: console, trajectory: nil)
        try writeFile(ThermoSample.header + "\n" + output.samples.map { $0.csvRow + "\n" }.joined(), to: outDir + "/thermo.csv")
        var finalState = MDState(structure: output.finalFrame.structure, velocities: output.finalFrame.velocities ?? state.velocities)
        finalState.step = output.samples.last?.step ?? settings.steps
        finalState.potentialEnergy = output.samples.last?.potentialEnergy ?? .nan
        if settings.dumpEvery > 0 {
            let frames = output.frames.filter { $0.step % settings.dumpEvery == 0 }.map { step, frame -> String in
                var s = MDState(structure: frame.structure, velocities: frame.velocities ?? state.velocities)
                s.step = step
                s.potentialEnergy = output.samples.first { $0.step == step }?.potentialEnergy ?? .nan
                return ExtendedXYZ.write(out.frame(s, integrator))
            }
            try writeFile(frames.joined(), to: outDir + "/trajectory.extxyz")
        }
        try writeFile(ExtendedXYZ.write(out.frame(finalState, integrator)), to: outDir + "/final.extxyz")

        var rdf: RDFSampler?
        var observers: [any StepObserver] = []
        if args.flag("rdf") {
            let half = 0.5 * state.structure.cell.faceDistances.min()
            let rmax = try args.double("rmax", default: min(10, half), range: 0.1...1000)
            rdf = RDFSampler(elements: state.structure.elements, rmax: rmax,
                             binWidth: try args.double("dr", default: 0.02, range: 1e-4...10), every: settings.sampleEvery)
            observers.append(rdf!)
        }
        let msd = args.flag("msd") ? MSDSampler(every: settings.sampleEvery) : nil
        if let msd { observers.append(msd) }
        try output.replay(observers, integrator: integrator, last: settings.steps)
        let analysis = try MDSamplers.write(rdf: rdf, msd: msd, structure: finalState.structure, outDir: outDir, console: console)
        let steps = settings.steps - output.startStep
        let summary = out.summary(output.samples, steps: steps, seconds: elapsed, atoms: state.count,
                                  extra: [("steps_total", .int(finalState.step))] + engine.json(lammpsVersion: output.version)
                                      + [("pair_style", .string(lammps.pairStyle))] + analysis.json)
        try writeFile(summary.text + "\n", to: outDir + "/summary.json")
        if args.flag("json") {
            console.emit(summary)
            return
        }
        console.print(out.report(output.samples, atoms: state.count, steps: steps, seconds: elapsed)
            .replacingOccurrences(of: "checkpoint.txt", with: "lammps/ (LAMMPS input, log, restart files)"))
        console.print("engine: LAMMPS \(output.version), \(engine.ranks) rank\(engine.ranks == 1 ? "" : "s"), pair_style \(lammps.pairStyle)")
        for l in analysis.lines { console.print(l) }
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}
