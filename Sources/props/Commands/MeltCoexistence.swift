import Analysis
import Atoms
import Dynamics
import Engines
import Foundation
import Potentials
import Thermodynamics

/// `props melt --start coexistence`: runs the library's `Coexistence` protocol (or, with
/// `--engine lammps`, `LAMMPSCoexistence`) and writes coexistence.csv,
/// coexistence-final.extxyz and melt.json; both resume (`props melt --resume DIR`): props'
/// engine from checkpoint-coexistence.txt bit for bit, LAMMPS from its restart files.
struct MeltCoexistence {
    let settings: MeltSettings
    let potential: Potential
    let initial: Structure
    let outDir: String
    let console: Console
    let identity: (name: String, path: String, sha256: String?)
    let engine: EngineOption
    /// The LAMMPS that runs the phases (`--engine lammps`), nil for props' engine.
    let lammps: LAMMPSInstallation?
    /// Continue from the checkpoint (props) or the restart files (LAMMPS) in `outDir`.
    let resume: Bool

    func run(json: Bool) throws {
        guard let guess = settings.guessK else {
            throw UsageError("--start coexistence needs --tguess K, the temperature both phases start at (within ~150 K of the melting point, e.g. 0.8 × a ramp's Tm)", command: "melt")
        }
        let run = CoexistenceSettings(ensemble: settings.md.ensembleSettings, guessK: guess, steps: settings.coexistenceSteps,
                                           seed: settings.md.seed, meltK: settings.meltK, meltAtFixedCell: settings.meltAtFixedCell)
        let table = outDir + "/coexistence.csv"
        let r: CoexistenceResult
        var lammpsVersion: String?
        if let lammps {
            let progress = JobProgress(console: console, labels: ["coexistence"])
            (r, lammpsVersion) = try LAMMPSCoexistence.run(run, spec: identity.path, potential: potential, initial: initial,
                                                           directory: outDir, tablePath: table, checkpointEvery: settings.checkpointEvery,
                                                           resume: resume, installation: lammps, ranks: engine.ranks,
                                                           log: { console.note($0) }) { progress.update(0, $0) }
            progress.end()
        } else {
            r = try Coexistence.run(run, potential: potential, initial: initial, tablePath: table,
                                    checkpoint: ProtocolCheckpoint(path: outDir + "/checkpoint-coexistence.txt", every: settings.checkpointEvery,
                                                                   resume: resume)) { console.note($0) }
        }
        let state = r.final, startFraction = r.startFraction, endFraction = r.endFraction, coexisting = r.bothPhases
        ExtrapolationOutput.warn(r.extrapolation, console: console)
        if !coexisting {
            console.warn(String(format: "the %@ took over (solid fraction %.2f at the end): the temperature is not a coexistence temperature; start with --tguess %@ than %.0f K",
                                endFraction <= 0.1 ? "liquid" : "crystal", endFraction, endFraction <= 0.1 ? "lower" : "higher", guess))
        }
        try writeFile(ExtendedXYZ.write(Frame(structure: state.structure, velocities: state.velocities)), to: outDir + "/coexistence-final.extxyz")
        let result: JSON = .object([
            ("runs", .array([])),
            ("extrapolated", .object([("Tm_cp", .null), ("Tm_cp_error", .null), ("Tm_lindemann", .null), ("Tm_lindemann_error", .null)])),
            ("coexistence", .object([("Tm", .number(r.temperatureK)), ("error", .number(r.errorK)), ("both_phases", .bool(coexisting)),
                                     ("solid_fraction_start", .number(startFraction)), ("solid_fraction_end", .number(endFraction)),
                                     ("guess_K", .number(guess)), ("atoms", .int(r.atoms)),
                                     ("nph_steps", .int(settings.coexistenceSteps)), ("averaged_steps", .int(settings.coexistenceSteps / 2))])),
            ("start", .string("coexistence")),
            ("extrapolation", ExtrapolationOutput.json(r.extrapolation)),
            ("potential", .object([("name", .string(identity.name)), ("path", .string(identity.path)),
                                   ("sha256", identity.sha256.map { .string($0) } ?? .null)])),
            ("settings", .object(MeltSettings.keys.compactMap { k in settings.values[k].map { (k, .string($0)) } })),
        ] + engine.json(lammpsVersion: lammpsVersion))
        try writeFile(result.text + "\n", to: outDir + "/melt.json")
        if json {
            console.emit(result)
            return
        }
        console.print(String(format: "Solid-liquid coexistence at constant enthalpy, %d atoms: Tm = %.1f ± %.1f K (mean T over the last %d steps, 5-block error)",
                             r.atoms, r.temperatureK, r.errorK, settings.coexistenceSteps / 2))
        console.print(String(format: "solid fraction %.2f at the start, %.2f at the end%@", startFraction, endFraction,
                             coexisting ? " (both phases present: the interface stayed)" : " (one phase took over: not a melting point)"))
        console.print("files in \(outDir)/: coexistence.csv (step, T, H, V, c, solid fraction), coexistence-final.extxyz, checkpoint-coexistence.txt, melt.json")
    }
}
