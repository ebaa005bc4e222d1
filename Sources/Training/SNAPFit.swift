import Atoms
import Dynamics
import Foundation
import LinearAlgebra
import Potentials
import Validation

/// A SNAP or quadratic SNAP fit by weighted linear least squares, as FitSNAP does: the design
/// rows of every training frame (`SNAPDesign`) are folded into one QR factor (never the normal
/// equations), then each ridge parameter is a small solve; the kept one has the lowest
/// validation loss. Frames held out for validation by the same seeded split as
/// Behler–Parrinello training.
public struct SNAPFit: Sendable {
    /// One ridge parameter's solution and its errors.
    public struct Solution: Sendable {
        public let ridge: Double
        /// Coefficients of each element, in `.snapcoeff` order.
        public let coefficients: [[Double]]
        public let potential: BispectrumPotential
        /// Errors on training, validation (if any) and test (if given) frames.
        public let metrics: [(name: String, quantities: ValidationSummary.Quantities)]
        /// The validation loss (training loss when nothing is held out) with the default weights.
        public let selectionLoss: Double
    }

    public let settings: SNAPFitSettings
    /// Indices of the frames fitted and held out.
    public let training: [Int], validation: [Int]
    /// Weighted rows folded.
    public let rowCount: Int
    /// The weighted least-squares residual ‖W(Aβ − y)‖ at λ = 0 (eV-based units of the loss).
    public let residual: Double
    /// One per ridge parameter, in the settings' order.
    public let solutions: [Solution]
    /// Index of the kept solution.
    public let best: Int

    /// Fits `frames` (a share `validationFraction` held out by `seed`); `test` frames are only evaluated.
    public init(frames: [Frame], test: [Frame] = [], settings: SNAPFitSettings, validationFraction: Double, seed: UInt64,
                name: String, progress: (String) -> Void = { _ in }) throws {
        try settings.check()
        guard !frames.isEmpty else { throw InputError("no training structures") }
        self.settings = settings
        let p = settings.parameters
        var random = RandomSource(seed: seed)
        (training, validation) = TrainingProblem.split(frames.count, fraction: validationFraction, &random)
        let basis = try p.potential(coefficients: p.species.map { _ in Array(repeating: 0, count: p.coefficientCount) },
                                    name: "basis")
        let columns = p.coefficientCount * p.species.count
        var fold = QRFold(columns: columns + 1)
        var rows = 0
        let batch = max(2, 2 * Parallel.threads)
        for first in stride(from: 0, to: training.count, by: batch) {
            let chunk = Array(training[first..<min(first + batch, training.count)])
            var designs = [Result<SNAPDesign, Error>?](repeating: nil, count: chunk.count)
            designs.withUnsafeMutableBufferPointer { out in
                Parallel.forEachChunk(chunk.count, chunks: chunk.count) { _, range in
                    for k in range {
                        out[k] = Result { try SNAPDesign(frame: frames[chunk[k]], basis: basis, settings: settings) }
                    }
                }
            }
            var block: [Double] = [], count = 0
            for (k, d) in designs.enumerated() {
                do {
                    let design = try d!.get()
                    block += design.weightedRows
                    count += design.rowCount
                } catch let e as InputError {
                    throw InputError("training structure \(chunk[k] + 1): \(e.message)")
                }
            }
            try fold.fold(rows: block, count: count)
            rows += count
            progress("bispectrum rows of \(min(first + batch, training.count)) of \(training.count) structures folded")
        }
        guard rows >= columns else {
            throw InputError("\(rows) weighted rows cannot determine \(columns) SNAP coefficients: add data or lower twojmax")
        }
        rowCount = rows
        let r = fold.r, n = columns + 1
        residual = abs(r[columns * n + columns])
        let sets: [(String, [Frame])] = [("training", training.map { frames[$0] })]
            + (validation.isEmpty ? [] : [("validation", validation.map { frames[$0] })])
            + (test.isEmpty ? [] : [("test", test)])
        let held = !validation.isEmpty
        let found: [Solution] = try settings.ridge.map { lambda in
            let beta = try Self.solve(r, columns: columns, ridge: lambda, constants: p.coefficientCount)
            let coefficients = (0..<p.species.count).map { e in Array(beta[(e * p.coefficientCount)..<((e + 1) * p.coefficientCount)]) }
            let potential = try p.potential(coefficients: coefficients, name: name)
            let metrics: [(name: String, quantities: ValidationSummary.Quantities)] = try sets.map { set, list in
                (set, ValidationSummary(try DatasetEvaluation(potential, frames: list, dataName: set, alignment: .none)).overall)
            }
            let selected = metrics[held ? 1 : 0].quantities
            progress("ridge \(lambda): \(Self.describe(selected)) \(held ? "validation" : "training")")
            return Solution(ridge: lambda, coefficients: coefficients, potential: potential, metrics: metrics,
                            selectionLoss: Self.loss(selected, settings))
        }
        solutions = found
        best = found.indices.min { found[$0].selectionLoss < found[$1].selectionLoss }!
    }

    /// min ‖R₁₁β − Qᵀy‖² + λ Σ β² over all but each element's constant (every `constants`-th
    /// coefficient), from the QR factor R of [WA | Wy].
    static func solve(_ r: [Double], columns: Int, ridge: Double, constants: Int) throws -> [Double] {
        let n = columns + 1
        let penalised = (0..<columns).filter { ridge > 0 && $0 % constants != 0 }
        let rowCount = columns + penalised.count
        var a = [Double](repeating: 0, count: rowCount * columns), b = [Double](repeating: 0, count: rowCount)
        for i in 0..<columns {
            for c in i..<columns { a[i * columns + c] = r[c * n + i] }
            b[i] = r[columns * n + i]
        }
        for (k, c) in penalised.enumerated() { a[(columns + k) * columns + c] = ridge.squareRoot() }
        return try leastSquares(a, rows: rowCount, columns: columns, b: b)
    }

    /// p_E (ΔE/atom)² + 3 p_F (ΔF component)² + 6 p_S (Δσ in GPa)² from RMSEs (the loss per frame).
    static func loss(_ q: ValidationSummary.Quantities, _ s: SNAPFitSettings) -> Double {
        func square(_ x: Double?) -> Double { (x ?? 0) * (x ?? 0) }
        return s.energyWeight * square(q.energy.map { $0.rmse / 1000 }) + 3 * s.forceWeight * square(q.forces?.rmse)
            + 6 * s.stressWeight * square(q.stress?.rmse)
    }

    /// Energy and force RMSE as a phrase.
    static func describe(_ q: ValidationSummary.Quantities) -> String {
        "energy \(q.energy.map { String(format: "%.3f", $0.rmse) } ?? "n/a") meV/atom, forces \(q.forces.map { String(format: "%.4f", $0.rmse) } ?? "n/a") eV/Å"
    }

    /// The kept solution.
    public var result: Solution { solutions[best] }
}
