import Analysis
import Atoms
import Dynamics
import Engines
import Foundation
import Phonons
import Potentials
import Thermodynamics

/// `props cp POT [STRUCT] --temperature T[,T2,...]`: heat capacity from enthalpy
/// fluctuations in NPT and energy fluctuations in NVT, dH/dT between temperatures, and the
/// harmonic quantum C_v from phonons beside the classical values.
enum CpCommand {
    static let spec = CommandSpec(
        name: "cp",
        summary: "Heat capacity from NPT enthalpy / NVT energy fluctuations, dH/dT cross-check, harmonic quantum Cv.",
        positionals: [("POT", "potential file or spec (not with --resume)", false),
                      ("STRUCT", "unit cell (default: the element's ground state, relaxed with the potential)", false)],
        options: [
            .labelMap, .atomTypes,
            OptionSpec(name: "temperature", value: "K[,K2,...]", help: "temperatures (required)"),
            OptionSpec(name: "pressure", value: "GPA", help: "target pressure (default 0)"),
            OptionSpec(name: "supercell", value: "N|NxMxK", help: "MD cell (default: the smallest N×N×N with ≥ 500 atoms)"),
            OptionSpec(name: "steps", value: "N", help: "production steps per run (default 20000)"),
            OptionSpec(name: "equilibrate", value: "M", help: "equilibration steps before each production run (default 5000)"),
            OptionSpec(name: "dt", value: "FS", help: "time step in fs (default 2)"),
            OptionSpec(name: "thermostat", value: "NAME", help: "csvr (default), langevin, nose-hoover (berendsen is refused)"),
            OptionSpec(name: "barostat", value: "NAME", help: "c-rescale (default; berendsen is refused)"),
            OptionSpec(name: "tdamp", value: "FS", help: "thermostat time constant in fs (default 100)"),
            OptionSpec(name: "pdamp", value: "FS", help: "barostat time constant in fs (default 1000)"),
            OptionSpec(name: "sample-every", value: "K", help: "steps between samples (default 5)"),
            OptionSpec(name: "blocks", value: "B", help: "blocks for the statistical errors (default 10)"),
            OptionSpec(name: "jobs", value: "J", help: "temperatures run at once (default: one per core, at most one per temperature)"),
            OptionSpec(name: "no-cv", value: nil, help: "skip the NVT runs (Cv)"),
            OptionSpec(name: "no-phonons", value: nil, help: "skip the harmonic quantum Cv from phonons"),
            OptionSpec(name: "checkpoint-every", value: "K", help: "checkpoint every K steps (default 5000)"),
            OptionSpec(name: "resume", value: "DIR", help: "continue the run in DIR (its settings.txt) from its checkpoints"),
        ] + EngineOption.specs,
        details: """
        Per temperature: NPT (canonical thermostat + stochastic cell rescaling) for --equilibrate then
        --steps steps, Cp = (<H²> − <H>²)/(kB T²) with H = E_tot + P₀V; then NVT at the mean NPT
        volume, Cv = (<E²> − <E>²)/(kB T²). Errors: block averages of the squared fluctuations
        (a warning when the blocks are not much longer than the correlation time). With several
        temperatures, dH/dT between neighbours is the cross-check, and one weighted straight line
        through all mean enthalpies gives dH/dT with an error that needs far fewer steps for a
        crystal (e.g. 200,300,400 for Cp at 300 K). Berendsen coupling does not
        sample these ensembles (its fluctuations are too small) and is refused.
        Classical MD gives the classical heat capacity (3 kB/atom for a harmonic solid plus
        anharmonic terms); the harmonic quantum Cv from phonons (0 K structure, 20³ mesh) is shown
        beside it. Outputs in --out DIR (default cp-<formula>): settings.txt, npt-<T>K.csv, nvt-<T>K.csv
        (thermo.csv columns), checkpoint-<T>K.txt, cp.json. 'props cp --resume DIR' continues an
        interrupted run from its checkpoints with the settings in DIR/settings.txt (bit for bit, on the
        run's thread count unless --threads is given; props engine only); finished temperatures are read
        back, not run again. --json: {"temperatures": [{"T", "Cp_kB_per_atom", "error_kB_per_atom",
        "Cp_J_per_mol_K", ...}], "dH_dT": [...], "dH_dT_fit": {"T", "Cp_kB_per_atom", "error_kB_per_atom", ...} or null}.
        """)

    /// k_B per atom in J/(mol K) (the gas constant R).
    static let kBInJPerMolK = Units.boltzmann * Units.eVInJPerMol

    static func run(_ given: ParsedArguments) throws {
        let resume = given.string("resume") != nil
        let args = try given.string("resume").map { try CommandRecord.resumed(given, directory: $0) } ?? given
        guard args.positional(0) != nil else { throw UsageError("missing POT (or --resume DIR)", command: "cp") }
        let inputs = try Inputs(args)
        let console = inputs.console
        guard let text = args.string("temperature") else { throw UsageError("--temperature K[,K2,...] is required", command: "cp") }
        let temperatures = try text.split(separator: ",").map { part -> Double in
            guard let t = Double(part.trimmingCharacters(in: .whitespaces)), t > 0, t < 1e5 else {
                throw UsageError("--temperature must be positive numbers separated by commas, got '\(text)'", command: "cp")
            }
            return t
        }
        guard Set(temperatures).count == temperatures.count else { throw UsageError("--temperature lists a value twice", command: "cp") }
        var values = ["ensemble": "npt", "temperature": "\(temperatures[0])", "dt": "2"]
        for key in ["pressure", "dt", "thermostat", "barostat", "tdamp", "pdamp", "seed"] { if let v = args.string(key) { values[key] = v } }
        let engine = try EngineOption(args.values, command: "cp")
        // LAMMPS has no stochastic cell rescaling: its engine defaults to MTK (fix npt).
        if engine.kind == .lammps, values["barostat"] == nil { values["barostat"] = "mtk" }
        if resume, engine.kind == .lammps {
            throw UsageError("--resume continues props-engine runs only: start the --engine lammps run again", command: "cp")
        }
        let lammps = engine.kind == .lammps ? try LAMMPSInstallation.locate() : nil
        let lammpsVersion = LockedValue<String?>(nil)
        let settings = try MDSettings(values, command: "cp")
        guard settings.ensembleSettings.samplesEnsemble else {
            throw UsageError("Berendsen coupling does not sample the canonical or isothermal-isobaric ensemble (its energy and volume fluctuations are too small), so fluctuation heat capacities from it are wrong: use --thermostat csvr, langevin or nose-hoover and --barostat c-rescale", command: "cp")
        }
        let run = CpRun(settings: settings, steps: try args.int("steps", default: 20000, range: 10...Int(Int32.max)),
                        equilibrate: try args.int("equilibrate", default: 5000, range: 0...Int(Int32.max)),
                        sampleEvery: try args.int("sample-every", default: 5, range: 1...100_000),
                        blocks: try args.int("blocks", default: 10, range: 2...1000), nvt: !args.flag("no-cv"))
        guard run.steps / run.sampleEvery >= 2 * run.blocks else {
            throw UsageError("--steps/--sample-every gives fewer than two samples per block (--blocks \(run.blocks))", command: "cp")
        }
        try run.protocolSettings.validate()
        let checkpointEvery = try args.int("checkpoint-every", default: 5000, range: 1...Int(Int32.max))
        let jobs = try args.int("jobs", default: min(temperatures.count, Parallel.threads), range: 1...1024)
        let potential = try inputs.potential()
        try potential.require([.energy, .forces, .stress], for: "cp")
        let (unit, cell, name) = try inputs.unitAndSupercell(potential)
        _ = try potential.typeIndices(cell)
        let out = args.string("out") ?? "cp-\(unit.formula)"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        if !resume { try writeFile(CommandRecord.text(args), to: out + "/settings.txt") }
        console.note("cp: \(cell.count) atoms of \(name), \(potential.name); \(settings.description)")

        let progress = JobProgress(console: console, labels: temperatures.map { "\(fmt($0, 0)) K" })
        if let w = settings.ensembleSettings.timestepWarning(cell, temperatureK: temperatures.max()!) { console.warn(w) }
        let protocolSettings = run.protocolSettings
        let results = runJobs(temperatures.count, jobs: jobs) { k in
            if let lammps {
                let r = try LAMMPSHeatCapacity.measure(protocolSettings, temperatureK: temperatures[k], seed: settings.seed &+ UInt64(k),
                                                       structure: cell, spec: args.positionals[0], potential: potential,
                                                       directory: "\(out)/lammps-\(fmt(temperatures[k], 0))K", outputDirectory: out,
                                                       installation: lammps, ranks: engine.ranks) { progress.update(k, $0) }
                lammpsVersion.set(r.version)
                return r.point
            }
            let checkpoint = ProtocolCheckpoint(path: "\(out)/checkpoint-\(HeatCapacityProtocol.temperatureLabel(temperatures[k]))K.txt",
                                                every: checkpointEvery, resume: resume)
            return try HeatCapacityProtocol.measure(protocolSettings, temperatureK: temperatures[k], seed: settings.seed &+ UInt64(k),
                                             structure: cell, potential: potential, outputDirectory: out,
                                             checkpoint: checkpoint) { progress.update(k, $0) }
        }
        progress.end()
        var points: [HeatCapacityPoint] = []
        for (t, r) in zip(temperatures, results) {
            switch r {
            case .success(let p): points.append(p)
            case .failure(let e): throw CommandFailure("the run at \(fmt(t, 1)) K failed: \(e)")
            }
        }
        var harmonic: [Double]?
        if !args.flag("no-phonons") {
            harmonic = try HeatCapacityProtocol.harmonicHeatCapacity(potential, unit: unit, temperatures: temperatures)
            if harmonic == nil { console.note("no harmonic Cv: give the unit cell as STRUCT (with --supercell) for phonons") }
        }
        let report = CpReport(points: points, harmonic: harmonic, run: run, atoms: cell.count, structure: name,
                              potential: potential.name, identity: inputs.potentialIdentity())
        for p in points where !p.cp.blocksAreLongEnough() || !(p.cv?.blocksAreLongEnough() ?? true) {
            console.warn("at \(fmt(p.temperatureK, 1)) K the blocks are shorter than 5 correlation times: the errors are underestimated; run more --steps")
        }
        ExtrapolationOutput.warn(report.extrapolation, console: console)
        let json = report.json.appending(engine.json(lammpsVersion: lammpsVersion.get()))
        try writeFile(json.text + "\n", to: out + "/cp.json")
        if args.flag("json") {
            console.emit(json)
            return
        }
        for line in report.table { console.print(line) }
        console.print("files in \(out)/: settings.txt, npt-<T>K.csv\(run.nvt ? ", nvt-<T>K.csv" : ""), checkpoint-<T>K.txt, cp.json")
    }
}

/// How each temperature is run: the command's settings (for the outputs) and the
/// library's typed settings.
struct CpRun {
    let settings: MDSettings
    let steps: Int
    let equilibrate: Int
    let sampleEvery: Int
    let blocks: Int
    let nvt: Bool

    var protocolSettings: HeatCapacitySettings {
        HeatCapacitySettings(ensemble: settings.ensembleSettings, steps: steps, equilibrate: equilibrate, sampleEvery: sampleEvery,
                             blocks: blocks, nvt: nvt)
    }
}
