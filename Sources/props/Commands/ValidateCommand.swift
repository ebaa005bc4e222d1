import Atoms
import Foundation
import Potentials
import Validation

/// `props validate POT [POT2 ...] --data DFT.extxyz`: errors against labelled data.
enum ValidateCommand {
    static let spec = CommandSpec(
        name: "validate",
        summary: "Energy, force and stress errors of potentials against labelled (DFT) data, with parity plots.",
        positionals: [("POT", "potential file or spec; several for a side-by-side comparison", true)],
        options: [.labelMap, OptionSpec(name: "data", value: "FILE", help: "extended XYZ with energy/forces/stress labels (repeatable)", repeatable: true),
                  OptionSpec(name: "energy-reference", value: "MODE", help: "auto (default), none, shift (per-element constant fitted), or a labelled structure file"),
                  OptionSpec(name: "energy-key", value: "KEY", help: "comment key of the energy label (default energy)"),
                  OptionSpec(name: "forces-key", value: "KEY", help: "column of the force labels (default forces)"),
                  OptionSpec(name: "stress-key", value: "KEY", help: "comment key of the stress label (default stress)"),
                  OptionSpec(name: "worst", value: "N", help: "list the N worst structures by each measure (default 5)")],
        details: """
        Units: energy meV/atom, force components eV/Å, stress components and pressure GPa. Per data set
        and config_type group: MAE, RMSE, max error, correlation coefficient; force errors by element and
        by reference force magnitude; the worst structures. A quantity a potential cannot supply is n/a.
        Energy scales: "auto" compares energies as they are unless the mean offset exceeds 0.1 eV/atom
        (e.g. cohesive vs DFT total energies), then a constant per element is fitted first (so only energy
        differences are compared); the choice is printed. Writes validation.json, validation.md and
        SVG parity plots and histograms into --out DIR (default validation).
        --json: {"results": [{"potential", "data", "energy": {"mae","rmse","max","cc","unit"}, "forces": {...}, "stress": {...}}]}
        """,
        variadic: true)

    static func run(_ args: ParsedArguments) throws {
        let inputs = try Inputs(args)
        let console = inputs.console
        let dataFiles = args.strings("data")
        guard !dataFiles.isEmpty else { throw UsageError("give the labelled data with --data FILE", command: "validate") }
        let worst = try args.int("worst", default: 5, range: 0...1000)
        var keys = ExtendedXYZ.Keys()
        if let k = args.string("energy-key") { keys.energy = k }
        if let k = args.string("forces-key") { keys.forces = k }
        if let k = args.string("stress-key") { keys.stress = k }
        let request: DatasetEvaluation.AlignmentRequest
        switch args.string("energy-reference") ?? "auto" {
        case "auto": request = .auto
        case "none": request = .none
        case "shift": request = .perElementShift
        case let path:
            guard let frame = try StructureInput.readFrames(path: path, keys: keys).first else {
                throw InputError("no structure in \(path)")
            }
            request = .referenceStructure(frame, name: path)
        }
        let map = try args.labelMap()
        let potentials = try args.positionals.map { try PotentialLoader.load($0, map: map) }
        let datasets = try dataFiles.map { path -> (String, [Frame]) in
            let frames = try StructureInput.readFrames(path: path, keys: keys)
            guard frames.contains(where: { $0.energy != nil || $0.forces != nil || $0.stress != nil }) else {
                throw InputError("\(path) has no energy, force or stress labels (keys \(keys.energy), \(keys.forces), \(keys.stress))")
            }
            return (path, frames)
        }
        var results: [ValidationResult] = []
        for (path, frames) in datasets {
            for (k, p) in potentials.enumerated() {
                console.progress("evaluating \(args.positionals[k]) on \(path)")
                let evaluation = try DatasetEvaluation(p, frames: frames, dataName: path, alignment: request)
                ExtrapolationOutput.warn(evaluation.extrapolation, console: console, what: "\(args.positionals[k]) on \(path)")
                results.append(ValidationResult(potentialLabel: args.positionals[k], evaluation: evaluation,
                                                summary: ValidationSummary(evaluation, worst: worst)))
            }
        }
        console.endProgress()
        let report = ValidationReport(results: results)
        let out = args.string("out") ?? "validation"
        try report.write(to: out)
        if args.flag("json") {
            console.emit(report.json)
        } else {
            console.print(report.markdown)
            console.print("files in \(out)/: validation.json validation.md and SVG parity plots and histograms")
        }
    }
}
