import Atoms
import Foundation
import Potentials
import Reports
import Training
import Validation

/// `props train --model direct-force`: a direct-force network (Kuritz, Gordon and Natan,
/// Phys. Rev. B 98, 094109 (2018)) trained on forces, for one or several numbers of neighbours;
/// with several, the force MAE against N_nb as a table, `neighbours.csv` and `neighbours.svg`.
enum TrainDirectForce {
    static func run(_ args: ParsedArguments, recipe: TrainingRecipe?, console: Console) throws {
        func usage(_ m: String) -> UsageError { UsageError(m, command: "train") }
        let dataPaths = args.strings("data").isEmpty ? recipe?.data ?? [] : args.strings("data")
        guard !dataPaths.isEmpty else { throw TrainCommand.missingSetting("data", "the training data, --data FILE", args) }
        guard let out = args.string("out") ?? recipe?.out, !out.isEmpty else { throw TrainCommand.missingSetting("out", "the potential to write, --out X.pot", args) }
        let neighbours = try (args.string("neighbours") ?? "12").split(separator: ",").map { t -> Int in
            guard let n = Int(t.trimmingCharacters(in: .whitespaces)), (1...200).contains(n) else {
                throw usage("--neighbours needs counts from 1 to 200 like 4,8,12, got '\(args.string("neighbours")!)'")
            }
            return n
        }
        let select = try args.strings("select").map { s in do { return try FrameSelection(s) } catch let e as InputError { throw usage(e.message) } }
        let testSelect = try args.strings("test-select").map { s in do { return try FrameSelection(s) } catch let e as InputError { throw usage(e.message) } }
        var settings = try recipe?.trainingSettings(species: []) ?? TrainingSettings()
        if recipe == nil { (settings.epochs, settings.batchSize, settings.hidden, settings.learningRate) = (100, 32, [24, 24], (3e-3, 1e-4)) }
        try TrainOptions.apply(args, to: &settings)
        do { try settings.check() } catch let e as InputError { throw usage(e.message) }
        let cutoff = try args.double("cutoff", default: 5.0, range: 0.5...20)
        let keys = recipe?.keys ?? ExtendedXYZ.Keys()

        func frames(_ paths: [String], _ selections: [FrameSelection], _ what: String) throws -> [Frame] {
            let all = try paths.flatMap { try StructureInput.readFrames(path: $0, keys: keys) }
            let chosen = FrameSelection.filter(all, selections).filter { $0.forces != nil }
            guard !chosen.isEmpty else {
                throw InputError("no \(what) structure with force labels matches \(selections.map(\.description).joined(separator: ", "))",
                                 file: paths.joined(separator: ", "))
            }
            return chosen
        }
        let training = try frames(dataPaths, select, "training")
        let testPaths = args.string("test").map { [$0] } ?? recipe?.test.map { [$0] } ?? (testSelect.isEmpty ? [] : dataPaths)
        let test = testPaths.isEmpty ? nil : try frames(testPaths, testSelect, "test")
        let directory = String(out.dropLast(out.hasSuffix(".pot") ? 4 : 0)) + "-training"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        console.note("direct-force network on \(training.count) structures (\(training.reduce(0) { $0 + $1.structure.count }) atoms)"
                     + (test.map { ", testing on \($0.count) structures" } ?? "") + "; neighbours \(neighbours.map(String.init).joined(separator: ","))")

        var rows: [(n: Int, outcome: DirectForceOutcome, test: ErrorMetrics?, potential: DirectForceNetwork, seconds: Double)] = []
        var curve = "neighbours,epoch,loss_eV2_per_A2,training_mae_eV_per_A,validation_mae_eV_per_A\n"
        for n in neighbours {
            let started = Date()
            let trainer = try DirectForceTrainer(frames: training, environment: LocalEnvironment(neighbours: n, cutoff: cutoff),
                                                 settings: settings)
            let outcome = trainer.run { r in
                console.progress("N_nb \(n): epoch \(r.epoch)/\(settings.epochs)")
                curve += "\(n),\(r.epoch),\(r.loss),\(r.trainingMAE),\(r.validationMAE.map { "\($0)" } ?? "")\n"
            }
            console.endProgress()
            let provenance = PotJSON.object([
                ("trained_by", .string("props train --model direct-force")),
                ("data", .array(dataPaths.map { .string($0) })), ("select", .array(select.map { .string($0.description) })),
                ("neighbours", .number(Double(n))), ("hidden", .numbers(settings.hidden.map(Double.init))),
                ("activation", .string(settings.activation.rawValue)), ("epochs", .number(Double(outcome.epochsRun))),
                ("best_epoch", .number(Double(outcome.bestEpoch))), ("seed", .number(Double(settings.seed))),
                ("training_force_mae_eV_per_A", .number(outcome.training.mae)),
            ] + (outcome.validation.map { [("validation_force_mae_eV_per_A", PotJSON.number($0.mae))] } ?? []))
            let name = args.string("name") ?? recipe?.name ?? "direct-force network, \(n) neighbours"
            let potential = try trainer.potential(outcome.theta, name: name, provenance: provenance)
            let testErrors = try test.map { try DirectForceTrainer.errors(potential, frames: $0) }
            rows.append((n, outcome, testErrors, potential, Date().timeIntervalSince(started)))
            console.note("N_nb \(n): force MAE training \(fmt(outcome.training.mae, 4)), validation \(fmt(outcome.validation?.mae ?? .nan, 4))"
                         + (testErrors.map { ", test \(fmt($0.mae, 4))" } ?? "") + " eV/Å")
        }
        // The shipped model: the lowest validation error (training error without validation).
        let best = rows.min { ($0.outcome.validation ?? $0.outcome.training).mae < ($1.outcome.validation ?? $1.outcome.training).mae }!
        try writeFile(DirectForceFormat.write(best.potential), to: out)
        try writeFile(curve, to: directory + "/training.csv")
        var table = "neighbours,training_mae_eV_per_A,validation_mae_eV_per_A,test_mae_eV_per_A,test_rmse_eV_per_A,seconds\n"
        for r in rows {
            table += "\(r.n),\(r.outcome.training.mae),\(r.outcome.validation?.mae ?? .nan),\(r.test?.mae ?? .nan),\(r.test?.rmse ?? .nan),\(r.seconds)\n"
        }
        try writeFile(table, to: directory + "/neighbours.csv")
        if rows.count > 1 {
            let x = rows.map { Double($0.n) }
            var series = [LinePlot.Series(name: "training", x: x, y: rows.map(\.outcome.training.mae), points: true, color: 0)]
            if rows[0].outcome.validation != nil {
                series.append(.init(name: "validation", x: x, y: rows.map { $0.outcome.validation!.mae }, points: true, dash: "5,3", color: 1))
            }
            if test != nil { series.append(.init(name: "test", x: x, y: rows.map { $0.test!.mae }, points: true, color: 2)) }
            var plot = LinePlot(title: "direct-force network: force MAE vs neighbours", xLabel: "neighbours N_nb",
                                yLabel: "force MAE (eV/Å)", series: series)
            plot.yFromZero = true
            try writeFile(LinePlot.figure([plot], columns: 1, panelWidth: 480, panelHeight: 360), to: directory + "/neighbours.svg")
        }
        console.note("wrote \(out) (\(best.n) neighbours) and \(directory)/ (training.csv, neighbours.csv\(rows.count > 1 ? ", neighbours.svg" : ""))")
        if args.flag("json") {
            let runs: [JSON] = rows.map { r in
                let fields: [(String, JSON)] = [
                    ("neighbours", .int(r.n)), ("epochs_run", .int(r.outcome.epochsRun)), ("best_epoch", .int(r.outcome.bestEpoch)),
                    ("training_force_mae", .number(r.outcome.training.mae)),
                    ("validation_force_mae", .number(r.outcome.validation?.mae ?? .nan)),
                    ("test_force_mae", .number(r.test?.mae ?? .nan)), ("test_force_rmse", .number(r.test?.rmse ?? .nan)),
                    ("seconds", .number(r.seconds))]
                return .object(fields)
            }
            console.emit(.object([("output", .string(out)), ("best_neighbours", .int(best.n)), ("runs", .array(runs))]))
        } else {
            console.print("neighbours  training MAE  validation MAE  test MAE  test RMSE   (eV/Å)   seconds")
            for r in rows {
                console.print("\(fmt(Double(r.n), 0, width: 10))  \(fmt(r.outcome.training.mae, 4, width: 12))  "
                              + "\(fmt(r.outcome.validation?.mae ?? .nan, 4, width: 14))  \(fmt(r.test?.mae ?? .nan, 4, width: 8))  "
                              + "\(fmt(r.test?.rmse ?? .nan, 4, width: 9))  \(fmt(r.seconds, 0, width: 17))")
            }
        }
    }
}
