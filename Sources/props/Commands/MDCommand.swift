import Analysis
import Atoms
import Dispatch
import Dynamics
import Foundation
import Neighbors
import Potentials

/// `props md POT STRUCT`: molecular dynamics in NVE, NVT or NPT, writing thermo.csv, a
/// trajectory, final.extxyz and a checkpoint as it goes.
enum MDCommand {
    static let spec = CommandSpec(
        name: "md",
        summary: "Molecular dynamics (NVE, NVT, NPT): thermo.csv, trajectory, final structure, checkpoint.",
        positionals: [("POT", "potential file or spec (not with --resume)", false),
                      ("STRUCT", "structure file (velocities are kept when it has them) or LATTICE:ELEMENT:A", false)],
        options: [
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
        ],
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
        Ensembles: NVT and NPT with csvr, langevin or nose-hoover sample the canonical /
        isothermal-isobaric ensembles (c-rescale: stochastic cell rescaling; mtk: Martyna-
        Tobias-Klein with Nose-Hoover chains, as LAMMPS fix npt); berendsen (thermostat or
        barostat) only relaxes T and P and does not sample them. The conserved quantity of
        each is in conserved_eV. --cell tri keeps the cell lower triangular (a along x, b in
        the xy plane): a cell in another orientation is rotated to it first.
        The run stops, naming the step, at non-finite forces, atoms closer than 0.5 Å, or a
        temperature above 10 T + 1000 K. --rdf/--msd cover the steps of this invocation.
        """)

    static func run(_ args: ParsedArguments) throws {
        let inputs = try Inputs(args)
        let console = inputs.console
        var values = args.values
        var checkpoint: Checkpoint?
        let outDir: String
        if let dir = args.string("resume") {
            guard args.positionals.isEmpty else { throw UsageError("--resume takes no POT or STRUCT: the checkpoint names them", command: "md") }
            if let other = values.keys.first(where: { !["resume", "steps", "threads", "rmax", "dr"].contains($0) }) {
                throw UsageError("--\(other) cannot change a resumed run (its settings are in the checkpoint); only --steps can", command: "md")
            }
            let c = try Checkpoint.read(path: dir + "/checkpoint.txt")
            var stored = Dictionary(c.settings.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
            if let s = values["steps"] { stored["steps"] = s }
            values = stored
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
        let settings = try MDSettings(values)
        let potential = try PotentialLoader.load(settings.potential)
        try potential.require([.energy, .forces, .stress], for: "md")

        var state: MDState
        var rng: RandomSource
        var integrator: Integrator
        if let c = checkpoint {
            state = c.state
            rng = c.rng
            integrator = settings.integrator(masses: state.structure.masses)
            integrator.thermostat?.checkpointValues = c.thermostat
            integrator.barostat?.checkpointValues = c.barostat
            console.note("resuming \(outDir) at step \(state.step) of \(settings.steps)")
        } else {
            let frames = try StructureInput.frames(args.positionals[1], supercell: args.string("supercell"))
            let frame = frames.last!
            try frame.structure.checkOverlaps()
            _ = try potential.typeIndices(frame.structure)
            rng = RandomSource(seed: settings.seed)
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
            state = MDState(structure: frame.structure, velocities: velocities)
            let h = state.structure.cell.matrix
            if settings.ensemble == .npt, settings.cell == .triclinic, h[0, 1] != 0 || h[0, 2] != 0 || h[1, 2] != 0 {
                state.rotateToLowerTriangularCell()
                console.note("--cell tri: structure rotated so that a lies along x and b in the xy plane")
            }
            integrator = settings.integrator(masses: state.structure.masses)
        }
        var engine = ForceEngine(potential)
        try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
        let sizes = Dictionary((checkpoint?.fileSizes ?? []).map { ($0.name, $0.bytes) }, uniquingKeysWith: { a, _ in a })
        let thermo = try OutputFile(path: outDir + "/thermo.csv", keep: checkpoint == nil ? nil : sizes["thermo.csv"] ?? 0)
        let trajectory = settings.dumpEvery > 0
            ? try OutputFile(path: outDir + "/trajectory.extxyz", keep: checkpoint == nil ? nil : sizes["trajectory.extxyz"] ?? 0) : nil
        var run = Run(settings: settings, outDir: outDir, console: console, thermo: thermo, trajectory: trajectory)
        if checkpoint == nil {
            try integrator.prepare(&state, engine: &engine)
            try thermo.write(ThermoSample.header + "\n")
            try run.record(state, integrator)
            try trajectory?.write(ExtendedXYZ.write(run.frame(state, integrator)))
        }
        console.note("md: \(state.structure.formula), \(potential.name); \(settings.description)")

        var rdf: RadialDistribution?
        if args.flag("rdf") {
            let half = 0.5 * state.structure.cell.faceDistances.min()
            let rmax = try args.double("rmax", default: min(10, half), range: 0.1...1000)
            rdf = RadialDistribution(elements: state.structure.elements, rmax: rmax,
                                     binWidth: try args.double("dr", default: 0.02, range: 1e-4...10))
        }
        var msdFrames: [(Cell, [SIMD3<Double>], Double)] = []
        let wantMSD = args.flag("msd")
        let safety = SafetyCheck(targetTemperatureK: settings.temperatureK ?? integrator.temperature(state))

        let startStep = state.step
        let clock = DispatchTime.now().uptimeNanoseconds
        var lastProgress = clock
        do {
            while state.step < settings.steps {
                let next = state.step + 1
                let thermoStep = next % settings.thermoEvery == 0 || next == settings.steps
                try integrator.step(&state, engine: &engine, rng: &rng, stress: thermoStep)
                if thermoStep {
                    try safety.check(state, temperatureK: integrator.temperature(state))
                    try run.record(state, integrator)
                }
                if let trajectory, state.step % settings.dumpEvery == 0 {
                    try trajectory.write(ExtendedXYZ.write(run.frame(state, integrator)))
                }
                if state.step % settings.sampleEvery == 0 {
                    try rdf?.add(state.structure)
                    if wantMSD { msdFrames.append((state.structure.cell, state.structure.positions, run.time(state))) }
                }
                if state.step % settings.checkpointEvery == 0 || state.step == settings.steps {
                    try run.checkpoint(state, integrator, rng)
                    engine.invalidate()
                }
                let now = DispatchTime.now().uptimeNanoseconds
                if now - lastProgress > 500_000_000 {
                    lastProgress = now
                    let seconds = Double(now - clock) * 1e-9
                    let psDone = Double(state.step - startStep) * settings.timestepFs * 1e-3
                    let left = Double(settings.steps - state.step) / Double(state.step - startStep) * seconds
                    console.progress(String(format: "step %d/%d  %.3f ps  %.3g ns/day  %.0f s left  T = %.1f K",
                                            state.step, settings.steps, run.time(state), psDone / seconds * 86.4, left,
                                            integrator.temperature(state)))
                }
            }
        } catch let failure as RunFailure {
            console.endProgress()
            let failed = outDir + "/failed.extxyz"
            try? writeFile(ExtendedXYZ.write(run.frame(state, integrator)), to: failed)
            throw CommandFailure("\(failure); thermo.csv\(trajectory == nil ? "" : " and trajectory.extxyz") in \(outDir) hold the run up to the last good step, the failing state is in \(failed)")
        }
        console.endProgress()
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - clock) * 1e-9
        try writeFile(ExtendedXYZ.write(run.frame(state, integrator)), to: outDir + "/final.extxyz")

        var extra: [(String, JSON)] = []
        var lines: [String] = []
        if let rdf, rdf.frames > 0 {
            let result = rdf.result()
            try writeFile(AnalysisOutput.rdfTable(result), to: outDir + "/rdf.csv")
            extra.append(("rdf", AnalysisOutput.rdfJSON(result)))
            lines += AnalysisOutput.rdfSummary(result) + ["  table: \(outDir)/rdf.csv"]
        }
        if wantMSD {
            if msdFrames.count >= 10 {
                let t = Trajectory(elements: state.structure.elements, masses: state.structure.masses,
                                   cells: msdFrames.map(\.0), positions: msdFrames.map(\.1), times: msdFrames.map(\.2))
                let results = try Diffusion.analyse(t)
                try writeFile(AnalysisOutput.msdTable(results), to: outDir + "/msd.csv")
                extra.append(("msd", AnalysisOutput.msdJSON(results)))
                lines += AnalysisOutput.msdSummary(results) + ["  table: \(outDir)/msd.csv"]
            } else {
                console.warn("--msd needs at least 10 samples (got \(msdFrames.count)); lower --sample-every")
            }
        }
        let summary = run.summary(steps: state.step - startStep, seconds: elapsed, atoms: state.count,
                                  extra: [("neighbor_list_builds", .int(engine.listBuilds))] + extra)
        try writeFile(summary.text + "\n", to: outDir + "/summary.json")
        if args.flag("json") {
            console.emit(summary)
            return
        }
        console.print(run.report(atoms: state.count, steps: state.step - startStep, seconds: elapsed))
        for l in lines { console.print(l) }
    }
}

/// The bookkeeping of one `props md` invocation: outputs, averages, checkpoints.
private struct Run {
    let settings: MDSettings
    let outDir: String
    let console: Console
    let thermo: OutputFile
    let trajectory: OutputFile?
    var samples: [ThermoSample] = []

    init(settings: MDSettings, outDir: String, console: Console, thermo: OutputFile, trajectory: OutputFile?) {
        self.settings = settings
        self.outDir = outDir
        self.console = console
        self.thermo = thermo
        self.trajectory = trajectory
    }

    func time(_ s: MDState) -> Double { Double(s.step) * settings.timestepFs * Units.fsInPs }

    mutating func record(_ s: MDState, _ integrator: Integrator) throws {
        let sample = ThermoSample(s, integrator: integrator)
        samples.append(sample)
        try thermo.write(sample.csvRow + "\n")
    }

    /// The state as an extended-XYZ frame: unwrapped positions, velocities, potential energy.
    func frame(_ s: MDState, _ integrator: Integrator) -> Frame {
        var f = Frame(structure: s.structure, energy: s.potentialEnergy, stress: s.stress, velocities: s.velocities)
        f.info = [("step", "\(s.step)"), ("time_ps", "\(time(s))"), ("temperature_K", String(format: "%.4f", integrator.temperature(s))),
                  ("seed", "\(settings.seed)")]
        return f
    }

    func checkpoint(_ s: MDState, _ integrator: Integrator, _ rng: RandomSource) throws {
        var sizes = [(name: "thermo.csv", bytes: try thermo.size())]
        if let trajectory { sizes.append((name: "trajectory.extxyz", bytes: try trajectory.size())) }
        try Checkpoint(settings: settings.pairs, state: s, rng: rng,
                       thermostat: integrator.thermostat?.checkpointValues ?? [],
                       barostat: integrator.barostat?.checkpointValues ?? [], fileSizes: sizes)
            .write(to: outDir + "/checkpoint.txt")
    }

    private func mean(_ key: KeyPath<ThermoSample, Double>) -> Double {
        samples.reduce(0) { $0 + $1[keyPath: key] } / Double(max(1, samples.count))
    }

    /// Drift of the conserved quantity, eV/atom/ps, from a straight-line fit.
    private func drift(atoms: Int) -> Double? {
        guard samples.count >= 3 else { return nil }
        return LinearFit(x: samples.map(\.timePs), y: samples.map(\.conserved)).slope / Double(atoms)
    }

    func summary(steps: Int, seconds: Double, atoms: Int, extra: [(String, JSON)]) -> JSON {
        .object([
            ("settings", .object(settings.pairs.map { ($0.key, .string($0.value)) })),
            ("atoms", .int(atoms)), ("steps", .int(steps)),
            ("time_ps", .number(samples.last?.timePs ?? 0)),
            ("averages", .object([("T_K", .number(mean(\.temperatureK))), ("P_GPa", .number(mean(\.pressureGPa))),
                                  ("V_A3", .number(mean(\.volume))), ("Epot_eV", .number(mean(\.potentialEnergy))),
                                  ("Etot_eV", .number(mean(\.totalEnergy)))])),
            ("conserved_drift_eV_per_atom_per_ps", drift(atoms: atoms).map { .number($0) } ?? .null),
            ("us_per_atom_step", .number(seconds / Double(max(1, steps)) / Double(atoms) * 1e6)),
        ] + extra)
    }

    func report(atoms: Int, steps: Int, seconds: Double) -> String {
        var out = "md: \(steps) steps (\(fmt(Double(steps) * settings.timestepFs * 1e-3, 3)) ps) in \(fmt(seconds, 1)) s, "
        out += "\(fmt(seconds / Double(max(1, steps)) / Double(atoms) * 1e6, 3)) µs/atom-step\n"
        out += "averages over \(samples.count) thermo rows: T = \(fmt(mean(\.temperatureK), 2)) K, P = \(fmt(mean(\.pressureGPa), 4)) GPa, "
        out += "V = \(fmt(mean(\.volume) / Double(atoms), 4)) Å³/atom, Epot = \(fmt(mean(\.potentialEnergy) / Double(atoms), 5)) eV/atom\n"
        if let d = drift(atoms: atoms) { out += "conserved quantity drift: \(String(format: "%.3e", d)) eV/atom/ps\n" }
        out += "outputs in \(outDir)/: thermo.csv\(trajectory == nil ? "" : ", trajectory.extxyz"), final.extxyz, checkpoint.txt, summary.json"
        return out
    }
}
