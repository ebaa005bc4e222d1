import Atoms
import Foundation
import Potentials
import Training
import Validation

/// `props train --model gap`: a SOAP GAP fitted by sparse GP regression (`GAPFit`), written in
/// QUIP's form (`X.xml` + `X.xml.sparseX.*`; QUIP/quippy and props read them), with
/// `X-training/summary.json` (data checksums, settings, seed, split, sparse points, metrics, time).
enum GAPTraining {
    static func run(_ args: ParsedArguments, recipe: TrainingRecipe?, data: [(path: String, frames: [Frame])],
                    species: [Element], testPath: String?, keys: ExtendedXYZ.Keys, out: String, seed: UInt64,
                    validationFraction: Double, console: Console) throws {
        var settings = try recipe?.gapSettings(species: species) ?? GAPFitSettings(species: species)
        try apply(args, to: &settings)
        let frames = try TrainCommand.checkedFrames(data, keys)
        let test = try testPath.map { path in (path, try StructureInput.readFrames(path: path, keys: keys)) }
        let base = [".xml", ".pot"].reduce(out) { $0.hasSuffix($1) ? String($0.dropLast($1.count)) : $0 }
        let name = args.string("name") ?? recipe?.name ?? "props train \((data[0].path as NSString).lastPathComponent)"
        console.note("GAP: soap l_max \(settings.lMax), n_max \(settings.nMax), cutoff \(settings.cutoff) Å, ζ \(settings.zeta), "
                     + "δ \(settings.delta) eV, \(settings.sparseCount) sparse points per element (\(settings.sparseMethod.rawValue)); "
                     + "\(frames.count) structures")
        let started = Date()
        let fit = try GAPFit(frames: frames, test: test?.1 ?? [], settings: settings, validationFraction: validationFraction,
                             seed: seed, name: name) { console.progress($0) }
        console.endProgress()
        let seconds = Date().timeIntervalSince(started)
        let xml = base + ".xml"
        try FileManager.default.createDirectory(atPath: (xml as NSString).deletingLastPathComponent.isEmpty ? "."
                                                    : (xml as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let written = try GAPWriter.write(fit.terms, e0: fit.e0, label: "GAP_props", comment: "\(name): props train --model gap, seed \(seed)",
                                          to: xml)
        let directory = base + "-training"
        let summary = PotJSON.object([
            ("trained_by", .string("props train --model gap")),
            ("recipe", recipe.map { .string($0.path) } ?? PotJSON(.null)),
            ("data", .array(try TrainingResult.dataFiles(data, test: test.map { (path: $0.0, frames: $0.1) }))),
            ("seed", .number(Double(seed))), ("threads", .number(Double(Parallel.threads))),
            ("split", .object([("training", .numbers(fit.training.map(Double.init))),
                               ("validation", .numbers(fit.validation.map(Double.init)))])),
            ("settings", settings.json), ("rows", .number(Double(fit.rowCount))),
            ("sparse_points", .numbers(fit.terms.map { Double($0.alpha.count) })),
            ("e0_eV", .object(fit.e0.map { ($0.0.symbol, .number($0.1)) })),
            ("seconds", .number(seconds)), ("metrics", TrainingResult.metricsPot(fit.metrics)),
        ])
        try writeFile(summary.text, to: directory + "/summary.json")
        console.note("wrote \(written.joined(separator: ", ")) and \(directory)/summary.json in \(fmt(seconds, 1)) s")
        if args.flag("json") {
            console.emit(.object([("output", .string(xml)), ("seconds", .number(seconds)),
                                  ("metrics", JSON(TrainingResult.metricsPot(fit.metrics)))]))
        } else {
            console.print(SNAPTraining.table(fit.metrics))
        }
    }

    /// The GAP options of the command line over the recipe's.
    static func apply(_ args: ParsedArguments, to s: inout GAPFitSettings) throws {
        s.cutoff = try args.double("cutoff", default: s.cutoff, range: 0.5...20)
        s.sparseCount = try args.int("n-sparse", default: s.sparseCount, range: 1...100_000)
        if let text = args.string("sigma") {
            let values = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard values.count == 3, values.allSatisfy({ ($0 ?? -1) >= 0 }) else {
                throw UsageError("--sigma needs σ_E,σ_F,σ_V (eV/atom, eV/Å, eV/atom; ≥ 0) like 0.001,0.1,0.05, got '\(text)'", command: "train")
            }
            (s.sigmaEnergy, s.sigmaForce, s.sigmaVirial) = (values[0]!, values[1]!, values[2]!)
        }
        do { try s.check() } catch let e as InputError { throw UsageError(e.message, command: "train") }
    }
}
