import Atoms
import Foundation
import Potentials
import Training
import Validation

/// `props train --model snap|qsnap`: a (quadratic) SNAP fitted by weighted linear least squares,
/// written as `X.snapcoeff` + `X.snapparam` (LAMMPS `pair_style snap` and props read them), with
/// `X-training/ridge.csv` (errors against the ridge parameter, the linear fit's learning curve)
/// and `X-training/summary.json` (data checksums, settings, seed, split, metrics, time).
enum SNAPTraining {
    static func run(_ args: ParsedArguments, recipe: TrainingRecipe?, quadratic: Bool, data: [(path: String, frames: [Frame])],
                    species: [Element], testPath: String?, keys: ExtendedXYZ.Keys, out: String, seed: UInt64,
                    validationFraction: Double, console: Console) throws {
        var settings = try recipe?.snapSettings(species: species, quadratic: quadratic)
            ?? SNAPFitSettings(species: species, quadratic: quadratic)
        try apply(args, to: &settings)
        let frames = try TrainCommand.checkedFrames(data, keys)
        let test = try testPath.map { path in (path, try StructureInput.readFrames(path: path, keys: keys)) }
        let base = [".snapcoeff", ".snapparam", ".pot"].reduce(out) { $0.hasSuffix($1) ? String($0.dropLast($1.count)) : $0 }
        let name = args.string("name") ?? recipe?.name ?? "props train \((data[0].path as NSString).lastPathComponent)"
        let p = settings.parameters
        console.note("\(quadratic ? "quadratic " : "")SNAP, twojmax \(p.twojmax) (\(p.descriptorCount) bispectrum components, "
                     + "\(p.coefficientCount) coefficients per element), rcutfac \(p.rcutfac); \(frames.count) structures")
        let started = Date()
        let fit = try SNAPFit(frames: frames, test: test?.1 ?? [], settings: settings, validationFraction: validationFraction,
                              seed: seed, name: name) { console.progress($0) }
        console.endProgress()
        let seconds = Date().timeIntervalSince(started)
        let best = fit.result
        let comments = ["\(name): \(quadratic ? "quadratic " : "")SNAP fitted by props train (seed \(seed), ridge \(best.ridge))",
                        "data: " + data.map(\.path).joined(separator: ", ")]
        try writeFile(p.coefficientFile(best.coefficients, comments: comments), to: base + ".snapcoeff")
        try writeFile(p.parameterFile(comments: comments), to: base + ".snapparam")
        let directory = base + "-training"
        try writeFile(ridgeTable(fit), to: directory + "/ridge.csv")
        let summary = PotJSON.object([
            ("trained_by", .string("props train --model \(quadratic ? "qsnap" : "snap")")),
            ("recipe", recipe.map { .string($0.path) } ?? PotJSON(.null)),
            ("data", .array(try TrainingResult.dataFiles(data, test: test.map { (path: $0.0, frames: $0.1) }))),
            ("seed", .number(Double(seed))), ("threads", .number(Double(Parallel.threads))),
            ("split", .object([("training", .numbers(fit.training.map(Double.init))),
                               ("validation", .numbers(fit.validation.map(Double.init)))])),
            ("settings", settings.json), ("weighted_rows", .number(Double(fit.rowCount))),
            ("ridge", .number(best.ridge)), ("seconds", .number(seconds)),
            ("metrics", TrainingResult.metricsPot(best.metrics)),
        ])
        try writeFile(summary.text, to: directory + "/summary.json")
        console.note("wrote \(base).snapcoeff, \(base).snapparam and \(directory)/ (ridge.csv, summary.json) in \(fmt(seconds, 1)) s; "
                     + "ridge \(best.ridge) kept")
        if args.flag("json") {
            console.emit(.object([("output", .string(base + ".snapcoeff")), ("ridge", .number(best.ridge)),
                                  ("seconds", .number(seconds)), ("metrics", JSON(TrainingResult.metricsPot(best.metrics)))]))
        } else {
            console.print(table(best.metrics))
        }
    }

    /// The SNAP options of the command line over the recipe's.
    static func apply(_ args: ParsedArguments, to s: inout SNAPFitSettings) throws {
        s.parameters.twojmax = try args.int("twojmax", default: s.parameters.twojmax, range: 0...24)
        s.parameters.rcutfac = try args.double("rcutfac", default: s.parameters.rcutfac, range: 0.01...100)
        s.energyWeight = try args.double("energy-weight", default: s.energyWeight, range: 0...1e12)
        s.stressWeight = try args.double("stress-weight", default: s.stressWeight, range: 0...1e12)
        if let f = args.string("force-weight") {
            guard let v = Double(f), v >= 0 else { throw UsageError("--force-weight for SNAP takes one number ≥ 0, got '\(f)'", command: "train") }
            s.forceWeight = v
        }
        if let text = args.string("ridge") {
            let values = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard !values.isEmpty, values.allSatisfy({ ($0 ?? -1) >= 0 }) else {
                throw UsageError("--ridge needs numbers ≥ 0 like 0,1e-6, got '\(text)'", command: "train")
            }
            s.ridge = values.map { $0! }
        }
        do { try s.check() } catch let e as InputError { throw UsageError(e.message, command: "train") }
    }

    /// One row per ridge parameter: the errors of every set (energies meV/atom, forces eV/Å, stress GPa).
    static func ridgeTable(_ fit: SNAPFit) -> String {
        let names = fit.solutions[0].metrics.map(\.name)
        let columns = ValidationSummary.Quantities.csvColumns
        var text = "# props train SNAP: errors against the ridge parameter; kept: \(fit.result.ridge)\n"
        text += (["ridge"] + names.flatMap { n in columns.map { "\(n)_\($0)" } }).joined(separator: ",") + "\n"
        for s in fit.solutions {
            let values = s.metrics.flatMap(\.quantities.csvValues)
            text += "\(s.ridge)," + values.map { $0.isFinite ? "\($0)" : "" }.joined(separator: ",") + "\n"
        }
        return text
    }

    static func table(_ metrics: [(name: String, quantities: ValidationSummary.Quantities)]) -> String {
        func cell(_ e: ErrorMetrics?, _ decimals: Int) -> String { e.map { fmt($0.rmse, decimals) } ?? "n/a" }
        var out = "| data | structures | energy RMSE (meV/atom) | force RMSE (eV/Å) | stress RMSE (GPa) |\n| --- | --- | --- | --- | --- |\n"
        for (name, q) in metrics {
            out += "| \(name) | \(q.structures) | \(cell(q.energy, 3)) | \(cell(q.forces, 4)) | \(cell(q.stress, 3)) |\n"
        }
        return out
    }
}
