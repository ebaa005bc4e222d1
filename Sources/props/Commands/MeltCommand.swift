import Analysis
import Atoms
import Dispatch
import Dynamics
import Engines
import Foundation
import Potentials
import Thermodynamics

/// `props melt POT [STRUCT] --rate R | --rates R1,R2,...`: melting temperature from NPT
/// heating ramps by two criteria, extrapolated to zero rate; or from a solid–liquid
/// coexistence run (`--start coexistence`).
enum MeltCommand {
    static let spec = CommandSpec(
        name: "melt",
        summary: "Melting point: NPT heating ramps (max dH/dT, Lindemann), fit to zero rate; or solid-liquid coexistence; or free energies (--method free-energy).",
        positionals: [("POT", "potential file or spec (not with --resume)", false),
                      ("STRUCT", "unit cell (default: the element's ground state, relaxed with the potential)", false)],
        options: [
            .labelMap,
            OptionSpec(name: "rate", value: "R", help: "heating rate in K per MD step"),
            OptionSpec(name: "rates", value: "R1,R2,...", help: "several rates, one independent run each"),
            OptionSpec(name: "tstart", value: "K", help: "start temperature (default 100)"),
            OptionSpec(name: "tstop", value: "K", help: "end of the ramp (default 2500)"),
            OptionSpec(name: "equilibrate", value: "N", help: "steps at --tstart before the ramp (default 2000)"),
            OptionSpec(name: "supercell", value: "N|NxMxK", help: "MD cell (default: the smallest N×N×N with ≥ 500 atoms: fcc 5×5×5)"),
            OptionSpec(name: "dt", value: "FS", help: "time step in fs (default 10; 2 for coexistence)"),
            OptionSpec(name: "pressure", value: "GPA", help: "target pressure (default 0.0001 = 1 bar)"),
            OptionSpec(name: "thermostat", value: "NAME", help: "berendsen (default, as the paper), csvr, langevin, nose-hoover"),
            OptionSpec(name: "barostat", value: "NAME", help: "berendsen (default, as the paper), c-rescale"),
            OptionSpec(name: "tdamp", value: "FS", help: "thermostat time constant in fs (default 500)"),
            OptionSpec(name: "pdamp", value: "FS", help: "barostat time constant in fs (default 1000)"),
            OptionSpec(name: "cell", value: "iso|aniso", help: "barostat cell coupling (default iso; aniso for surface and coexistence)"),
            OptionSpec(name: "sample-every", value: "K", help: "steps between rows of ramp-<rate>.csv (default: about one row per kelvin)"),
            OptionSpec(name: "checkpoint-every", value: "K", help: "checkpoint every K steps (default 1000)"),
            OptionSpec(name: "smooth", value: "K", help: "smoothing window of the criteria in K (default 50; also half and double for the spread)"),
            OptionSpec(name: "fit-below", value: "R", help: "fit Tm = a + b·rate over rates up to R (default: all)"),
            OptionSpec(name: "jobs", value: "J", help: "rates run at once (default: one per core, at most one per rate)"),
            OptionSpec(name: "start", value: "KIND", help: "crystal (default), void, surface or coexistence"),
            OptionSpec(name: "void-radius", value: "X", help: "void start: radius in nearest-neighbour distances (default 1.5)"),
            OptionSpec(name: "vacuum", value: "A", help: "surface start: vacuum added along the third cell vector, Å (default 15)"),
            OptionSpec(name: "tguess", value: "K", help: "coexistence start: initial temperature of both phases (required)"),
            OptionSpec(name: "tmelt", value: "K", help: "coexistence start: temperature the upper half is melted at (default max(2 × tguess, tguess + 1000); lower for a liquid that boils soon above Tm, e.g. Lennard-Jones at zero pressure)"),
            OptionSpec(name: "melt-cell", value: "npt|fixed", help: "coexistence start: melt the upper half in NPT (default) or in the crystal's cell (a liquid that boils at the pressure, e.g. Lennard-Jones at 0 GPa)"),
            OptionSpec(name: "coexistence-steps", value: "N", help: "coexistence start: isenthalpic steps (default 25000; the preparation takes half as many more)"),
            OptionSpec(name: "resume", value: "DIR", help: "continue the unfinished rates (or coexistence run) in DIR"),
            OptionSpec(name: "method", value: "NAME", help: "ramp (default; --start chooses the start) or free-energy (Frenkel-Ladd, Uhlenbeck-Ford, reversible scaling)"),
            OptionSpec(name: "trange", value: "T1,T2", help: "free-energy: G(T) range in K, containing --tguess (default 0.85-1.15 × tguess)"),
            OptionSpec(name: "seeds", value: "N", help: "free-energy: independent calculations of both phases, for the error (default 2)"),
            OptionSpec(name: "switch-steps", value: "N", help: "free-energy: steps of each switch to the reference and back (default 15 ps)"),
            OptionSpec(name: "sweep-steps", value: "N", help: "free-energy: steps of each reversible-scaling sweep (default 25 ps)"),
        ] + EngineOption.specs,
        details: """
        Defaults follow the paper's settings and are printed: fcc 5×5×5 (500 atoms), dt 10 fs,
        Berendsen thermostat (500 fs) and barostat (1000 fs) at 1 bar; 100 K for --equilibrate steps,
        then the target temperature rises by RATE K per step to --tstop. Each rate is an independent
        run (seed S + k for the k-th rate) writing ramp-<rate>.csv as it goes: step, T_target_K, T_K,
        H_eV, V_A3, u2_A2 (from the initial lattice sites following the cell, centre-of-mass drift
        removed), d_A (nearest-neighbour distance), lindemann = sqrt(u2)/d, Epot_eV, P_GPa.
        Tm by (A) the maximum of dH/dT and (B) the maximum of d²L/dT², both against the target
        temperature, from local quadratic fits over --smooth K; the ± is the spread over half and
        double that window. Tm = a + b·rate is fitted over the rates up to --fit-below (errors of a
        and b from three rates on).
        Honest label: a ramp of a perfect crystal measures its superheating limit, typically 20-30 %
        above the melting point, and the zero-rate extrapolation does not remove it. --start void
        (a spherical void) or surface (a slab with two free surfaces) give melting a place to
        start; --start coexistence melts half of the cell (doubled along the third vector) while the
        other half is held, brings both to --tguess in NPT, then runs at constant enthalpy
        (NPH): the temperature settles where the interface stays put, which is the melting point.
        Outputs in --out DIR (default melt-<formula>): settings.txt, initial.extxyz, ramp-<rate>.csv,
        checkpoint-<rate>.txt, melt.json, melt.svg (coexistence: coexistence.csv, checkpoint-coexistence.txt,
        melt.json). 'props melt --resume DIR' continues unfinished rates or an unfinished coexistence run
        (with the same binary; bit for bit) and reanalyses.
        --engine lammps [--ranks N] runs the ramps and the coexistence phases in LAMMPS (coexistence:
        lammps-coexistence/<phase>/, barostat default mtk; --resume continues the interrupted phase).
        --method free-energy --tguess T0 [--trange T1,T2]: Gibbs energies of both phases at zero pressure
        as calphy computes them: the solid by Frenkel-Ladd switching to an Einstein crystal (springs
        k = 3kT/<u²> relative to the centre of mass, classical, with the centre-of-mass correction), the
        liquid (melted at 1.5 T0) by switching to the Uhlenbeck-Ford fluid (p = 50, σ = 1.5 Å) at its
        density, each at T0, then G(T) over T1-T2 by reversible scaling (forward and backward switches);
        Tm where G_s = G_l, ± the standard error over --seeds independent calculations, ΔH_m, ΔS_m.
        Defaults: dt 2 fs, Langevin (--tdamp 100 fs) + c-rescale (--pdamp 1000 fs), --equilibrate 10 ps
        per equilibration. Writes freeenergy.csv, freeenergy.svg, freeenergy-summary.txt, freeenergy.json
        and lists melt.json's ramp or coexistence Tm of the same --out beside it.
        With --engine lammps [--ranks N] every stage runs in LAMMPS (fix ti/spring, pair_style
        hybrid/scaled with ufm, MTK barostat in place of c-rescale; runs in DIR/lammps/) and props
        integrates the work LAMMPS prints each step with the same analysis.
        --json (free-energy): {"method": "free-energy", "Tm", "Tm_error", "dH_m_eV_per_atom", "dS_m_kB_per_atom", ...}.
        A potential with forces only (AGNI) is heated at constant volume (NVT at STRUCT's volume,
        STRUCT required) with criterion B only; melt.json gives criterion A as null and the reason.
        --json: {"runs": [{"rate", "Tm_cp", "Tm_lindemann"}], "extrapolated": {"Tm_cp", "Tm_cp_error",
        "Tm_lindemann", "Tm_lindemann_error"}, ...}.
        """)

    static func run(_ args: ParsedArguments) throws {
        let inputs = try Inputs(args)
        let console = inputs.console
        var values: [String: String] = [:]
        let outDir: String
        let resume = args.string("resume") != nil
        if let dir = args.string("resume") {
            guard args.positionals.isEmpty else { throw UsageError("--resume takes no POT or STRUCT: settings.txt names them", command: "melt") }
            if let other = args.values.keys.first(where: { !["resume", "jobs", "threads"].contains($0) }) {
                throw UsageError("--\(other) cannot change a resumed run (its settings are in settings.txt)", command: "melt")
            }
            values = try MeltSettings.read(directory: dir)
            outDir = dir
        } else {
            guard args.positional(0) != nil else { throw UsageError("missing POT (or --resume DIR)", command: "melt") }
            for key in MeltSettings.keys where args.string(key) != nil { values[key] = args.string(key) }
            if let r = args.string("rate") {
                guard values["rates"] == nil else { throw UsageError("give --rate or --rates, not both", command: "melt") }
                values["rates"] = r
            }
            values["potential"] = inputs.potentialIdentity().path
            outDir = args.string("out") ?? ""
        }
        var settings = try MeltSettings(values)
        let jobs = try args.int("jobs", default: max(1, min(settings.rates.count, Parallel.threads)), range: 1...1024)
        let potential = try PotentialLoader.load(values["potential"]!, map: settings.labelMap())
        if !potential.supplies.isSuperset(of: [.energy, .stress]) {
            try potential.require([.forces], for: "melt")
            guard settings.method == .ramp else {
                throw UsageError("--method free-energy needs energies, and \(potential.name) supplies forces only", command: "melt")
            }
            if !settings.constantVolume {
                values["ensemble"] = "nvt"
                settings = try MeltSettings(values)
            }
            console.warn(MeltReport.forceOnlyNote(potential.name))
            guard resume || args.positional(1) != nil else {
                throw UsageError("give STRUCT, the cell whose volume the run keeps: \(potential.name) has no energy to relax the ground state with", command: "melt")
            }
        }
        let engine = try EngineOption(settings.values, command: "melt")
        let lammps = engine.kind == .lammps ? try LAMMPSInstallation.locate() : nil

        let initial: Structure
        let directory: String
        if resume {
            directory = outDir
            initial = try StructureInput.structure(outDir + "/initial.extxyz")
        } else {
            let (unit, cell, name) = try inputs.unitAndSupercell(potential)
            _ = try potential.typeIndices(cell)
            directory = outDir.isEmpty ? "melt-\(unit.formula)" : outDir
            initial = try MeltStart.build(settings, cell: cell, console: console)
            settings.values["structure"] = name
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try writeFile(settings.text, to: directory + "/settings.txt")
            try writeFile(ExtendedXYZ.write(Frame(structure: initial)), to: directory + "/initial.extxyz")
        }
        let identity = (potential.name, values["potential"]!, potentialChecksum(values["potential"]!))
        console.note("melt: \(initial.count) atoms, start \(settings.start.rawValue), \(potential.name)")
        console.note("settings: \(settings.description)")
        if settings.method == .freeEnergy {
            guard !resume else { throw UsageError("--method free-energy runs cannot be resumed; start it again", command: "melt") }
            try MeltFreeEnergy(settings: settings, potential: potential, crystal: initial, outDir: directory, console: console,
                               identity: identity, engine: engine, lammps: lammps).run(json: args.flag("json"))
            return
        }
        if settings.start == .coexistence {
            try MeltCoexistence(settings: settings, potential: potential, initial: initial, outDir: directory, console: console,
                                identity: identity, engine: engine, lammps: lammps, resume: resume).run(json: args.flag("json"))
            return
        }
        let sites = LatticeDisplacement(reference: initial)
        try settings.md.ensembleSettings.validate()
        if let w = settings.md.ensembleSettings.timestepWarning(initial, temperatureK: settings.tstopK) { console.warn(w) }
        let ramps = settings.rates.enumerated().map { settings.ramp(rate: $1, seed: settings.md.seed &+ UInt64($0), outDir: directory) }
        let pending = ramps.filter { ramp in
            !(resume && (lammps == nil ? ramp.isFinished : LAMMPSHeatingRamp.isFinished(ramp, in: directory)))
        }
        let lammpsVersion = LockedValue<String?>(nil)
        if resume { console.note("resuming \(directory): \(pending.count) of \(ramps.count) rates unfinished") }
        let progress = JobProgress(console: console, labels: pending.map { "\($0.label) K/step" })
        let clock = DispatchTime.now().uptimeNanoseconds
        let outcomes = runJobs(pending.count, jobs: jobs) { k -> (Double, ExtrapolationTally) in
            let begin = DispatchTime.now().uptimeNanoseconds
            var tally = ExtrapolationTally()
            if let lammps {
                lammpsVersion.set(try LAMMPSHeatingRamp.run(pending[k], spec: values["potential"]!, potential: potential, initial: initial,
                                                            sites: sites, directory: directory, resume: resume, installation: lammps,
                                                            ranks: engine.ranks) { progress.update(k, $0) })
            } else {
                tally = try pending[k].run(potential: potential, initial: initial, sites: sites, resume: resume) { progress.update(k, $0) }
            }
            let now = DispatchTime.now().uptimeNanoseconds
            console.note(String(format: "rate %@ K/step finished after %.0f s", pending[k].label, Double(now - clock) * 1e-9))
            return (Double(now - begin) * 1e-9, tally)
        }
        progress.end()
        var failures: [(rate: Double, message: String)] = []
        var seconds: [Double: Double] = [:]
        var extrapolation = ExtrapolationTally()
        for (ramp, outcome) in zip(pending, outcomes) {
            switch outcome {
            case .success(let (t, tally)):
                seconds[ramp.settings.rateKPerStep] = t
                extrapolation.add(tally)
            case .failure(let e): failures.append((ramp.settings.rateKPerStep, "\(e)"))
            }
        }
        let failed = Set(failures.map(\.rate))
        let results = try ramps.filter { !failed.contains($0.settings.rateKPerStep) }.map { ramp in
            do {
                return try RampResult(rate: ramp.settings.rateKPerStep, seed: ramp.seed, series: ramp.readSeries(), atoms: initial.count,
                                      smoothK: settings.smoothK)
            } catch let e as InputError {
                throw e.at(file: ramp.csvPath)
            }
        }
        for r in results where !r.melted {
            console.warn("rate \(MeltSettings.label(r.rate)) K/step: no melting up to \(fmt(settings.tstopK, 0)) K (Lindemann ratio \(fmt(r.finalRatio, 3)) at the end); raise --tstop")
        }
        ExtrapolationOutput.warn(extrapolation, console: console)
        let report = MeltReport(results: results, failures: failures, seconds: seconds, settings: settings, atoms: initial.count,
                                structure: settings.values["structure"] ?? "", potential: identity, extrapolation: extrapolation)
        let json = report.json.appending(engine.json(lammpsVersion: lammpsVersion.get()))
        try writeFile(json.text + "\n", to: directory + "/melt.json")
        try writeFile(report.svg, to: directory + "/melt.svg")
        if args.flag("json") {
            console.emit(json)
        } else {
            for line in report.table { console.print(line) }
            console.print("files in \(directory)/: settings.txt, initial.extxyz, ramp-<rate>.csv, checkpoint-<rate>.txt, melt.json, melt.svg")
        }
        if !failures.isEmpty {
            throw CommandFailure("\(failures.count) of \(ramps.count) rates failed: " + failures.map { "\(MeltSettings.label($0.rate)) K/step: \($0.message)" }.joined(separator: "; "))
        }
    }
}
