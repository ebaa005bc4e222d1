import Foundation
import Reports
import Training
import Validation

/// The learning curves of a run: `training.csv` written as the epochs come (one row per
/// report), a progress note per row, and `learning_curves.svg` at the end.
final class TrainingReport {
    let directory: String
    let problem: TrainingProblem
    let settings: TrainingSettings
    let console: Console
    var records: [EpochRecord] = []
    let csv: FileHandle?

    init(directory: String, problem: TrainingProblem, settings: TrainingSettings, console: Console) throws {
        self.directory = directory
        self.problem = problem
        self.settings = settings
        self.console = console
        let path = directory + "/training.csv"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure("cannot write \(path): \(error.localizedDescription)")
        }
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CommandFailure("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        csv = FileHandle(forWritingAtPath: path)
        let columns = ValidationSummary.Quantities.csvColumns
        let header = ["epoch", "loss", "validation_loss", "force_weight", "learning_rate"]
            + columns.map { "train_" + $0 } + columns.map { "validation_" + $0 }
        write("# props train, seed \(settings.seed); energies meV/atom, forces eV/Å, stress and pressure GPa\n"
              + header.joined(separator: ",") + "\n")
    }

    func write(_ line: String) { csv?.write(line.data(using: .utf8)!) }

    func record(_ r: EpochRecord) {
        records.append(r)
        let validation = r.validation?.csvValues ?? Array(repeating: .nan, count: ValidationSummary.Quantities.csvColumns.count)
        let values = [r.loss, r.validationLoss, r.forceWeight, r.learningRate] + r.training.csvValues + validation
        write("\(r.epoch)," + values.map { $0.isFinite ? "\($0)" : "" }.joined(separator: ",") + "\n")
        let shown = r.validation ?? r.training
        console.progress("epoch \(r.epoch)/\(settings.epochs)")
        console.note("epoch \(r.epoch): loss \(String(format: "%.4g", r.loss)), \(r.validation == nil ? "training" : "validation") "
                     + "E \(fmt(shown.energy?.rmse ?? .nan, 2)) meV/atom, F \(fmt(shown.forces?.rmse ?? .nan, 4)) eV/Å, "
                     + "P \(fmt(shown.pressure?.rmse ?? .nan, 3)) GPa")
    }

    /// Closes the CSV and draws the curves.
    func finish() throws {
        try csv?.close()
        let epochs = records.map { Double($0.epoch) }
        /// A learning-curve panel (log y): training solid, validation dashed.
        func panel(_ title: String, _ training: [Double], _ validation: [Double]?, validationName: String = "validation") -> LinePlot {
            var series = [LinePlot.Series(name: "training", x: epochs, y: training, color: 0)]
            if let validation { series.append(.init(name: validationName, x: epochs, y: validation, dash: "5,3", color: 1)) }
            var p = LinePlot(title: title, xLabel: "epoch", yLabel: "", series: series)
            p.logY = true
            return p
        }
        func metric(_ value: (ValidationSummary.Quantities) -> Double?) -> ([Double], [Double]?) {
            (records.map { value($0.training) ?? .nan },
             problem.validation.isEmpty ? nil : records.map { $0.validation.flatMap(value) ?? .nan })
        }
        let (e, ev) = metric { $0.energy?.rmse }, (f, fv) = metric { $0.forces?.rmse }, (p, pv) = metric { $0.pressure?.rmse }
        let figure = LinePlot.figure([
            panel("energy RMSE (meV/atom)", e, ev), panel("force RMSE (eV/Å)", f, fv), panel("pressure RMSE (GPa)", p, pv),
            panel("loss", records.map(\.loss), records.map(\.validationLoss), validationName: "validation (final weights)"),
        ], columns: 4, panelWidth: 300, panelHeight: 300)
        try writeFile(figure, to: directory + "/learning_curves.svg")
    }
}
