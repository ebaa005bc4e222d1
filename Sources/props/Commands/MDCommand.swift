import Analysis
import Atoms
import Dispatch
import Dynamics
import Foundation
import Neighbors
import Potentials
import Thermodynamics

/// `props md POT STRUCT`: molecular dynamics in NVE, NVT or NPT, writing thermo.csv, a
/// trajectory, final.extxyz and a checkpoint as it goes.
enum MDCommand {
    static let spec = CommandSpec(
        name: "md",
        summary: "Molecular dynamics (NVE, NVT, NPT): thermo.csv, trajectory, final structure, checkpoint.",
        positionals: [("POT", "potential file or spec (not with --resume)", false),
                      ("STRUCT", "structure file (velocities are kept when it has them) or LATTICE:ELEMENT:A", false)],
        options: [
            .labelMap,
            OptionSpec(name: "ensemble", value: "KIND", help: "nve (default), nvt or npt"),
            OptionSpec(name: "temperature", value: "K", help: "target temperature; initial Maxwell-Boltzmann temperature when the structure has no velocities"),
            OptionSpec(name: "pressure", value: "GPA", help: "target pressure for npt (default 0)"),
            OptionSpec(name: "steps", value: "N", help: "number of time steps (with --resume: the new total)"),
            OptionSpec(name: "dt", value: "FS", help: "time step in fs (default 1)"),
            OptionSpec(name: "thermostat", value: "NAME", help: "csvr (default; nose-hoover with mtk), langevin, nose-hoover, berendsen"),
            OptionSpec(name: "barostat", value: "NAME", help: "c-rescale (default), mtk, berendsen"),
            OptionSpec(name: "cell", value: "iso|aniso|tri", help: "barostat moves the volume only (default), x, y, z independently, or the whole cell (lengths and angles)"),
            OptionSpec(name: "tdamp", value: "FS", help: "thermostat time constant in fs (default 100)"),
            OptionSpec(name: "pdamp", value: "FS", help: "barostat time constant in fs (default 1000)"),
            OptionSpec(name: "supercell", value: "N|NxMxK", help: "repeat the structure first"),
            OptionSpec(name: "thermo-every", value: "K", help: "thermo.csv row and safety checks every K steps (default 10)"),
            OptionSpec(name: "dump-every", value: "K", help: "trajectory frame every K steps, 0 for none (default 100)"),
            OptionSpec(name: "checkpoint-every", value: "K", help: "checkpoint every K steps (default 1000, and at the end)"),
            OptionSpec(name: "resume", value: "DIR", help: "continue the run in DIR from its checkpoint"),
            OptionSpec(name: "rdf", value: nil, help: "accumulate g(r) during the run (rdf.csv)"),
            OptionSpec(name: "msd", value: nil, help: "accumulate the MSD and diffusion during the run (msd.csv)"),
            OptionSpec(name: "sample-every", value: "K", help: "steps between samples for --rdf/--msd (default 10)"),
            OptionSpec(name: "rmax", value: "A", help: "--rdf range in Å (default: 10 or half the cell)"),
            OptionSpec(name: "dr", value: "A", help: "--rdf bin width in Å (default 0.02)"),
        ] + EngineOption.specs,
        details: """
        Outputs in --out DIR (default md/), written as the run goes:
          thermo.csv        step,time_ps,T_K,Epot_eV,Ekin_eV,Etot_eV,P_GPa,V_A3,H_eV,conserved_eV,
                            a_A,b_A,c_A,alpha_deg,beta_deg,gamma_deg (P includes the kinetic part;
                            H = Etot + P V with the target P under a barostat)
          trajectory.extxyz unwrapped positions and velocities (Å/ps) every --dump-every steps
          final.extxyz      last positions, velocities and cell: 'props md POT DIR/final.extxyz ...'
                            continues with these velocities
          checkpoint.txt    'props md --resume DIR' continues bit for bit (same binary and --threads)
          summary.json      settings (with the seed) and averages
          thermo.svg        T, energies, P and V against time (the whole run)
          rdf.csv, rdf.svg  with --rdf: g(r); msd.csv, msd.svg with --msd (msd-frames.txt
                            keeps the sampled frames for a resume)
        Ensembles: NVT and NPT with csvr, langevin or nose-hoover sample the canonical /
        isothermal-isobaric ensembles (c-rescale: stochastic cell rescaling; mtk: Martyna-
        Tobias-Klein with Nose-Hoover chains, as LAMMPS fix npt); berendsen (thermostat or
        barostat) only relaxes T and P and does not sample them. The conserved quantity of
        each is in conserved_eV. --cell tri keeps the cell lower triangular (a along x, b in
        the xy plane): a cell in another orientation is rotated to it first.
        Refused before the run: --tdamp or --pdamp shorter than 5 time steps (both are in fs). A
        warning when the fastest atoms (4 √(kT/m)) move more than a tenth of the nearest-neighbour
        distance per step at the target temperature. The run stops, naming the step, at
        non-finite forces, atoms closer than 0.5 Å, a temperature above 10 T + 1000 K, or a cell
        volume changed by more than a factor 2 (checked every step). After --resume, rdf.csv,
        msd.csv, thermo.svg and summary.json's averages cover the whole run (the g(r) sums are in
        the checkpoint; --rdf/--msd cannot be added to a resumed run); a thermo.csv,
        trajectory or msd-frames.txt cut or missing since the checkpoint stops the resume.
        A neural-network potential's extrapolation (atom-evaluations out of the training range,
        worst excess and its descriptor) is reported on stderr and in summary.json.
        """)

    /// A bad setting read back from a checkpoint, as an error naming the checkpoint and the
    /// `setting` line of the option the message names (`--dt must be ...`).
    static func checkpointSettingError(_ message: String, path: String, key named: String? = nil) -> InputError {
        let key = named ?? message.firstMatch(of: #/--([a-z-]+)/#).map { String($0.1) }
        let lines = (try? TextFile(path: path).lines) ?? []
        let line = key.flatMap { k in lines.firstIndex { $0.hasPrefix("setting \(k) ") }.map { $0 + 1 } }
        return InputError("checkpoint setting: " + message, file: path, line: line)
    }

    static func run(_ args: ParsedArguments) throws {
        let inputs = try Inputs(args)
        let console = inputs.console
        if let dir = args.string("resume"), MDLAMMPS.isLAMMPSRun(dir) {
            return try MDLAMMPS.resume(dir, args: args, console: console)
        }
        let engine = try EngineOption(args.values, command: "md")
        var values = args.values
        var checkpoint: Checkpoint?
        var stored: [String: String]?
        let outDir: String
        if let dir = args.string("resume") {
            guard args.positionals.isEmpty else { throw UsageError("--resume takes no POT or STRUCT: the checkpoint names them", command: "md") }
            if let other = values.keys.first(where: { !["resume", "steps", "threads"].contains($0) }) {
                throw UsageError("--\(other) cannot change a resumed run (its settings are in the checkpoint); only --steps can", command: "md")
            }
            let c = try Checkpoint.read(path: dir + "/checkpoint.txt")
            do { try c.state.structure.checkUsable() } catch let e as InputError { throw e.at(file: dir + "/checkpoint.txt") }
            var saved = Dictionary(c.settings.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
            if let s = values["steps"] { saved["steps"] = s }
            values = saved
            stored = saved
            checkpoint = c
            outDir = dir
        } else {
            guard args.positionals.count == 2 else { throw UsageError("md needs POT and STRUCT (or --resume DIR)", command: "md") }
            guard values["steps"] != nil else { throw UsageError("--steps N is required", command: "md") }
            let pot = args.positionals[0]
            values["potential"] = FileManager.default.fileExists(atPath: pot)
                ? URL(fileURLWithPath: pot).standardizedFileURL.path : pot
            outDir = args.string("out") ?? "md"
        }
        if checkpoint != nil, (values["potential"] ?? "").isEmpty {
            throw InputError("checkpoint setting: no 'setting potential FILE' line", file: outDir + "/checkpoint.txt")
        }
        let settings: MDSettings
        do {
            settings = try MDSettings(values)
            try settings.ensembleSettings.validate()
        } catch let e as UsageError where checkpoint != nil {
            throw checkpointSettingError(e.message, path: outDir + "/checkpoint.txt")
        } catch let e as InputError where checkpoint != nil && e.file == nil {
            throw checkpointSettingError(e.message, path: outDir + "/checkpoint.txt")
        }
        let potential: Potential
        do {
            potential = try PotentialLoader.load(settings.potential, map: settings.labelMap())
        } catch let e as InputError where checkpoint != nil && e.line == nil && (e.file ?? settings.potential) == settings.potential {
            // The potential the checkpoint names is gone (moved, deleted, or the line damaged):
            // name the checkpoint's line, and the path only clipped. Errors inside the potential
            // or in a file it names (a line, another path) name their own file instead.
            throw checkpointSettingError("the potential '\(settings.potential)' it names cannot be read: \(e.message)",
                                         path: outDir + "/checkpoint.txt", key: "potential")
        }
        if let warning = try ForceEngine.check(potential, barostat: settings.ensemble == .npt) { console.warn(warning) }

        var sim: Simulation
        if let c = checkpoint {
            sim = Simulation.resume(c, integrator: settings.integrator(masses: c.state.structure.masses), engine: ForceEngine(potential),
                                    safetyEvery: settings.thermoEvery)
            console.note("resuming \(outDir) at step \(sim.state.step) of \(settings.steps)")
        } else {
            // A molecule or slab (pbc with F) in NVE/NVT: vacuum gaps 5 Å wider than the cutoff.
            let frames = try StructureInput.frames(args.positionals[1], supercell: args.string("supercell"),
                                                   isolatedRange: settings.ensemble == .npt ? nil : potential.cutoff + 5)
            let frame = frames.last!
            do { try frame.structure.checkUsable() } catch let e as InputError { throw e.at(file: args.positionals[1]) }
            try frame.structure.checkOverlaps()
            _ = try potential.typeIndices(frame.structure)
            var rng = RandomSource(seed: settings.seed)
            let velocities: [SIMD3<Double>]
            if let v = frame.velocities {
                velocities = v
                console.note("starting from the velocities in \(args.positionals[1])")
            } else {
                guard let t = settings.temperatureK else {
                    throw UsageError("the structure has no velocities: give --temperature K for the initial Maxwell-Boltzmann velocities", command: "md")
                }
                velocities = MDState.maxwellBoltzmann(masses: frame.structure.masses, temperatureK: t, rng: &rng)
            }
            var state = MDState(structure: frame.structure, velocities: velocities)
            let h = state.structure.cell.matrix
            if settings.ensemble == .npt, settings.cell == .triclinic, h[0, 1] != 0 || h[0, 2] != 0 || h[1, 2] != 0 {
                state.rotateToLowerTriangularCell()
                console.note("--cell tri: structure rotated so that a lies along x and b in the xy plane")
            }
            let integrator = settings.integrator(masses: state.structure.masses)
            sim = Simulation(state: state, integrator: integrator, engine: ForceEngine(potential), rng: rng,
                             safety: SafetyCheck(targetTemperatureK: settings.temperatureK ?? integrator.temperature(state)),
                             safetyEvery: settings.thermoEvery)
        }
        if let t = settings.temperatureK, let w = settings.ensembleSettings.timestepWarning(sim.state.structure, temperatureK: t) {
            console.warn(w)
        }
        if settings.ensemble != .nve, sim.integrator.degreesOfFreedom < 3 {
            console.warn("\(sim.state.count) atom with its centre of mass fixed has no degree of freedom to thermostat: the temperature is not controlled")
        }
        if engine.kind == .lammps {
            guard checkpoint == nil else { throw UsageError("\(outDir) holds a props-engine run: resume it without --engine", command: "md") }
            return try MDLAMMPS.run(settings: settings, engine: engine, state: sim.state, potential: potential, outDir: outDir,
                                    args: args, console: console)
        }
        try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
        let sizes = Dictionary((checkpoint?.fileSizes ?? []).map { ($0.name, $0.bytes) }, uniquingKeysWith: { a, _ in a })
        let thermo = try OutputFile(path: outDir + "/thermo.csv", keep: checkpoint == nil ? nil : sizes["thermo.csv"] ?? 0)
        let trajectory = settings.dumpEvery > 0
            ? try OutputFile(path: outDir + "/trajectory.extxyz", keep: checkpoint == nil ? nil : sizes["trajectory.extxyz"] ?? 0) : nil
        let run = Run(settings: settings, outDir: outDir, console: console, trajectory: trajectory)
        // After a resume the summary covers the whole run: the rows up to the checkpoint are read back.
        let earlier = checkpoint == nil ? [] : try TextFile(path: outDir + "/thermo.csv").lines.dropFirst().compactMap { ThermoSample(csvRow: $0) }
        let recorder = ThermoRecorder(Cadence(every: settings.thermoEvery, includesLast: true), output: thermo, earlier: earlier)
        if checkpoint == nil {
            try sim.prepare()
            try thermo.write(ThermoSample.header + "\n")
            try recorder.record(sim.state, sim.integrator)
            try trajectory?.write(ExtendedXYZ.write(run.frame(sim.state, sim.integrator)))
        }
        console.note("md: \(sim.state.structure.formula), \(potential.name); \(settings.description)")
        sim.observers.append(recorder)
        if let trajectory {
            sim.observers.append(ClosureObserver(Cadence(every: settings.dumpEvery)) { s, integrator in
                try trajectory.write(ExtendedXYZ.write(run.frame(s, integrator)))
            })
        }
        let samplers = try MDSamplers(args, stored: stored, checkpoint: checkpoint, structure: sim.state.structure,
                                      sampleEvery: settings.sampleEvery, outDir: outDir)
        sim.observers += samplers.observers
        var files = [(name: "thermo.csv", file: thermo)]
        if let trajectory { files.append((name: "trajectory.extxyz", file: trajectory)) }
        sim.checkpoints = CheckpointPlan(path: outDir + "/checkpoint.txt", every: settings.checkpointEvery,
                                         settings: settings.pairs + samplers.pairs, files: files + samplers.files)
        let startStep = sim.state.step
        let clock = DispatchTime.now().uptimeNanoseconds
        sim.observers.append(RunProgress(console: console, label: "md", total: settings.steps, startStep: startStep,
                                         timestepFs: settings.timestepFs))
        do {
            try sim.run(until: settings.steps)
        } catch let failure as RunFailure {
            console.endProgress()
            let failed = outDir + "/failed.extxyz"
            try? writeFile(ExtendedXYZ.write(run.frame(sim.state, sim.integrator)), to: failed)
            let input = checkpoint != nil ? outDir + "/checkpoint.txt" : args.positionals[1]
            throw CommandFailure("\(failure) (md of \(input)); thermo.csv\(trajectory == nil ? "" : " and trajectory.extxyz") in \(outDir) hold the run up to the last good step, the failing state is in \(failed)")
        }
        let state = sim.state
        console.endProgress()
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - clock) * 1e-9
        try writeFile(ExtendedXYZ.write(run.frame(state, sim.integrator)), to: outDir + "/final.extxyz")

        try writeFile(AnalysisFigures.thermo(recorder.samples), to: outDir + "/thermo.svg")
        let (extra, lines) = try samplers.finish(outDir: outDir, structure: state.structure, console: console)
        let summary = run.summary(recorder.samples, steps: state.step - startStep, seconds: elapsed, atoms: state.count,
                                  extra: [("steps_total", .int(state.step)), ("neighbor_list_builds", .int(sim.engine.listBuilds)),
                                         ("extrapolation", ExtrapolationOutput.json(sim.engine.extrapolation))] + extra
                                      + engine.json(lammpsVersion: nil))
        ExtrapolationOutput.warn(sim.engine.extrapolation, console: console)
        try writeFile(summary.text + "\n", to: outDir + "/summary.json")
        if args.flag("json") {
            console.emit(summary)
            return
        }
        console.print(run.report(recorder.samples, atoms: state.count, steps: state.step - startStep, seconds: elapsed))
        for l in lines { console.print(l) }
    }
}

/// The bookkeeping of one `props md` invocation: outputs, averages, checkpoints.
struct Run {
    let settings: MDSettings
    let outDir: String
    let console: Console
    let trajectory: OutputFile?

    func time(_ s: MDState) -> Double { Double(s.step) * settings.timestepFs * Units.fsInPs }

    /// The state as an extended-XYZ frame: unwrapped positions, velocities, potential energy.
    func frame(_ s: MDState, _ integrator: Integrator) -> Frame {
        var f = Frame(structure: s.structure, energy: s.potentialEnergy, stress: s.stress, velocities: s.velocities)
        f.info = [("step", "\(s.step)"), ("time_ps", "\(time(s))"), ("temperature_K", String(format: "%.4f", integrator.temperature(s))),
                  ("seed", "\(settings.seed)")]
        return f
    }

    private func mean(_ samples: [ThermoSample], _ key: KeyPath<ThermoSample, Double>) -> Double {
        samples.reduce(0) { $0 + $1[keyPath: key] } / Double(max(1, samples.count))
    }

    /// Drift of the conserved quantity, eV/atom/ps, from a straight-line fit.
    private func drift(_ samples: [ThermoSample], atoms: Int) -> Double? {
        guard samples.count >= 3 else { return nil }
        return LinearFit(x: samples.map(\.timePs), y: samples.map(\.conserved)).slope / Double(atoms)
    }

    func summary(_ samples: [ThermoSample], steps: Int, seconds: Double, atoms: Int, extra: [(String, JSON)]) -> JSON {
        .object([
            ("settings", .object(settings.pairs.map { ($0.key, .string($0.value)) })),
            ("atoms", .int(atoms)), ("steps", .int(steps)),
            ("time_ps", .number(samples.last?.timePs ?? 0)),
            ("averages", .object([("T_K", .number(mean(samples, \.temperatureK))), ("P_GPa", .number(mean(samples, \.pressureGPa))),
                                  ("V_A3", .number(mean(samples, \.volume))), ("Epot_eV", .number(mean(samples, \.potentialEnergy))),
                                  ("Etot_eV", .number(mean(samples, \.totalEnergy)))])),
            ("conserved_drift_eV_per_atom_per_ps", drift(samples, atoms: atoms).map { .number($0) } ?? .null),
            ("us_per_atom_step", .number(seconds / Double(max(1, steps)) / Double(atoms) * 1e6)),
        ] + extra)
    }

    func report(_ samples: [ThermoSample], atoms: Int, steps: Int, seconds: Double) -> String {
        var out = "md: \(steps) steps (\(fmt(Double(steps) * settings.timestepFs * 1e-3, 3)) ps) in \(fmt(seconds, 1)) s, "
        out += "\(fmt(seconds / Double(max(1, steps)) / Double(atoms) * 1e6, 3)) µs/atom-step\n"
        out += "averages over \(samples.count) thermo rows: T = \(fmt(mean(samples, \.temperatureK), 2)) K, P = \(fmt(mean(samples, \.pressureGPa), 4)) GPa, "
        out += "V = \(fmt(mean(samples, \.volume) / Double(atoms), 4)) Å³/atom, Epot = \(fmt(mean(samples, \.potentialEnergy) / Double(atoms), 5)) eV/atom\n"
        if let d = drift(samples, atoms: atoms) { out += "conserved quantity drift: \(String(format: "%.3e", d)) eV/atom/ps\n" }
        out += "outputs in \(outDir)/: thermo.csv, thermo.svg\(trajectory == nil ? "" : ", trajectory.extxyz"), final.extxyz, checkpoint.txt, summary.json"
        return out
    }
}
