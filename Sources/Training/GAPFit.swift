import Atoms
import Dynamics
import Foundation
import LinearAlgebra
import Potentials
import Validation

/// A GAP fitted by sparse Gaussian-process regression (projected process / subset of
/// regressors, as gap_fit): with K_mm the covariance of the sparse points, K_nm that of every
/// datum (energies, forces, virials as sums and derivatives of the local-energy covariance)
/// with them and Σ the diagonal of the data's σ², the weights are
///
///     α = argmin ‖Σ^{-1/2}(K_nm α − y)‖² + αᵀ K_mm α,
///
/// solved as the least-squares problem of the stacked matrix [Σ^{-1/2} K_nm; L_mmᵀ]
/// (K_mm + jitter·1 = L_mm L_mmᵀ) by a QR factorisation folded frame by frame — never the
/// normal equations. y is the energy less Σ e0, the forces and the virials −V σ (eV). Energy
/// and virial σ are per atom, scaled by √N of the structure; a σ of 0 leaves the quantity out.
public struct GAPFit: Sendable {
    public let settings: GAPFitSettings
    /// Indices of the frames fitted and held out.
    public let training: [Int], validation: [Int]
    /// The isolated-atom energy per element (eV), in species order.
    public let e0: [(Element, Double)]
    /// One fitted SOAP term per centre element.
    public let terms: [FittedSOAPTerm]
    public let potential: GAP
    /// Rows of the data (without the K_mm rows).
    public let rowCount: Int
    /// Errors on training, validation (if any) and test (if given) frames.
    public let metrics: [(name: String, quantities: ValidationSummary.Quantities)]

    /// Fits `frames` (a share `validationFraction` held out by `seed`); `test` frames are only
    /// evaluated. `sparse`, when given, fixes the sparse points of each centre element (in
    /// species order; `count × dimension` each) instead of choosing them.
    public init(frames: [Frame], test: [Frame] = [], settings: GAPFitSettings, validationFraction: Double, seed: UInt64,
                name: String, sparse: [[Double]]? = nil, progress: (String) -> Void = { _ in }) throws {
        try settings.check()
        guard !frames.isEmpty else { throw InputError("no training structures") }
        self.settings = settings
        var random = RandomSource(seed: seed)
        (training, validation) = TrainingProblem.split(frames.count, fraction: validationFraction, &random)
        let fitted = training.map { frames[$0] }
        let species = settings.species
        let labelled = fitted.filter { $0.energy != nil }
        let mean = labelled.isEmpty ? 0 : labelled.reduce(0) { $0 + $1.energy! / Double($1.structure.count) } / Double(labelled.count)
        let e0 = species.map { ($0, settings.e0[$0] ?? mean) }
        self.e0 = e0
        let designs = try species.map { e in
            try SOAPKernelDesign(descriptor: settings.descriptorText(centre: e), delta: settings.delta, zeta: settings.zeta)
        }
        // Sparse points per centre element.
        var points: [[Double]] = []
        for (k, design) in designs.enumerated() {
            if let sparse {
                guard sparse.count == designs.count, sparse[k].count % design.dimension == 0, !sparse[k].isEmpty else {
                    throw InputError("given sparse points need a non-empty count × \(design.dimension) block per element")
                }
                points.append(sparse[k])
                continue
            }
            let all = try Self.parallelMap(fitted) { try design.descriptors($0.structure).values }.flatMap { $0 }
            let rows = all.count / design.dimension
            guard rows > 0 else { throw InputError("no \(species[k].symbol) atom in the training structures") }
            let chosen = try SparseSelection.select(all, rows: rows, dimension: design.dimension, count: settings.sparseCount,
                                                    method: settings.sparseMethod, seed: seed &+ UInt64(k))
            points.append(chosen.flatMap { all[($0 * design.dimension)..<(($0 + 1) * design.dimension)] })
            progress("\(species[k].symbol): \(chosen.count) sparse points of \(rows) environments (\(settings.sparseMethod.rawValue))")
        }
        let sparsePoints = points
        let counts = zip(designs, points).map { $1.count / $0.dimension }
        let offsets = counts.reduce(into: [0]) { $0.append($0.last! + $1) }
        let columns = offsets.last!
        // Data rows, folded into R a batch of frames at a time.
        var fold = QRFold(columns: columns + 1)
        var block: [Double] = [], blockRows = 0, rows = 0
        let batch = max(2, 2 * Parallel.threads)
        for first in stride(from: 0, to: fitted.count, by: batch) {
            let chunk = Array(fitted[first..<min(first + batch, fitted.count)])
            let built = try Self.parallelMap(chunk) { frame in
                try Self.rows(frame, designs: designs, points: sparsePoints, offsets: offsets, settings: settings, e0: e0)
            }
            for (values, count) in built {
                block += values
                blockRows += count
            }
            if blockRows >= 2 * columns || first + batch >= fitted.count {
                try fold.fold(rows: block, count: blockRows)
                rows += blockRows
                block = []
                blockRows = 0
            }
            progress("covariances of \(min(first + batch, fitted.count)) of \(fitted.count) structures folded")
        }
        guard rows > 0 else { throw InputError("no labelled datum to fit (every σ is 0 or every label missing)") }
        rowCount = rows
        // The prior rows L_mmᵀ, block-diagonal over the terms.
        var prior = [Double](repeating: 0, count: columns * (columns + 1))
        for (k, design) in designs.enumerated() {
            let m = counts[k], d = design.dimension, x = points[k]
            var kmm = [Double](repeating: 0, count: m * m)
            for s in 0..<m {
                for t in 0...s {
                    var dot = 0.0
                    for a in 0..<d { dot += x[s * d + a] * x[t * d + a] }
                    let value = design.delta * design.delta * pow(dot, design.zeta)
                    kmm[s * m + t] = value
                    kmm[t * m + s] = value
                }
                kmm[s * m + s] += settings.jitter
            }
            guard let l = choleskyLower(kmm, n: m) else {
                throw InputError("the covariance of the \(species[k].symbol) sparse points is not positive definite: "
                                 + "raise gap.jitter or choose fewer sparse points")
            }
            // Row s of Lᵀ: L[t][s] for t ≥ s.
            for s in 0..<m { for t in s..<m { prior[(offsets[k] + s) * (columns + 1) + offsets[k] + t] = l[t * m + s] } }
        }
        try fold.fold(rows: prior, count: columns)
        let alpha = try Self.backSubstitute(fold.r, columns: columns)
        terms = designs.indices.map { k in
            FittedSOAPTerm(design: designs[k], sparse: points[k], alpha: Array(alpha[offsets[k]..<offsets[k + 1]]))
        }
        potential = GAP(name: name, terms: terms, e0: e0)
        let sets: [(String, [Frame])] = [("training", fitted)] + (validation.isEmpty ? [] : [("validation", validation.map { frames[$0] })])
            + (test.isEmpty ? [] : [("test", test)])
        let model = potential
        metrics = try sets.map { set, list in
            (set, ValidationSummary(try DatasetEvaluation(model, frames: list, dataName: set, alignment: .none)).overall)
        }
    }

    /// The weighted rows [Σ^{-1/2} K_nm | Σ^{-1/2} y] of one frame, row-major, and their count.
    static func rows(_ frame: Frame, designs: [SOAPKernelDesign], points: [[Double]], offsets: [Int],
                     settings: GAPFitSettings, e0: [(Element, Double)]) throws -> ([Double], Int) {
        let s = frame.structure, n = s.count, columns = offsets.last!, width = columns + 1
        let sigma = settings.sigmas(frame.configType)
        let root = Double(n).squareRoot()
        let useEnergy = frame.energy != nil && sigma.energy > 0
        let useForces = frame.forces != nil && sigma.force > 0
        let useVirial = frame.stress != nil && sigma.virial > 0
        let count = (useEnergy ? 1 : 0) + (useForces ? 3 * n : 0) + (useVirial ? 6 : 0)
        var out = [Double](repeating: 0, count: count * width)
        guard count > 0 else { return (out, 0) }
        let virialRow = (useEnergy ? 1 : 0) + (useForces ? 3 * n : 0)
        for (k, design) in designs.enumerated() {
            let c = try design.covariances(s, sparse: points[k], gradients: useForces || useVirial)
            let m = c.count, offset = offsets[k]
            for t in 0..<m {
                if useEnergy { out[offset + t] = c.energy[t] / (sigma.energy * root) }
                if useForces {
                    let first = useEnergy ? 1 : 0
                    for r in 0..<(3 * n) { out[(first + r) * width + offset + t] = c.forces[r * m + t] / sigma.force }
                }
                if useVirial {
                    for r in 0..<6 { out[(virialRow + r) * width + offset + t] = c.strain[r * m + t] / (sigma.virial * root) }
                }
            }
        }
        var row = 0
        if let energy = frame.energy, useEnergy {
            var reference = 0.0
            for e in s.elements { reference += e0.first { $0.0 == e }?.1 ?? 0 }
            out[columns] = (energy - reference) / (sigma.energy * root)
            row = 1
        }
        if let forces = frame.forces, useForces {
            for i in 0..<n { for a in 0..<3 { out[(row + 3 * i + a) * width + columns] = forces[i][a] / sigma.force } }
        }
        if let stress = frame.stress, useVirial {
            let volume = s.cell.volume
            for (r, (a, b)) in KernelRows.strainPairs.enumerated() {
                out[(virialRow + r) * width + columns] = stress[a, b] * volume / (sigma.virial * root)
            }
        }
        return (out, count)
    }

    /// `body` of every item, on the cores; results in order.
    static func parallelMap<T: Sendable>(_ items: [Frame], _ body: @Sendable (Frame) throws -> T) throws -> [T] {
        var results = [Result<T, Error>?](repeating: nil, count: items.count)
        results.withUnsafeMutableBufferPointer { out in
            Parallel.forEachChunk(items.count, chunks: items.count) { _, range in
                for k in range { out[k] = Result { try body(items[k]) } }
            }
        }
        return try results.map { try $0!.get() }
    }

    /// α with R₁₁ α = Qᵀy from the folded factor R of [A | y] (column-major, `columns + 1` square).
    static func backSubstitute(_ r: [Double], columns: Int) throws -> [Double] {
        let n = columns + 1
        var alpha = [Double](repeating: 0, count: columns)
        for i in stride(from: columns - 1, through: 0, by: -1) {
            var sum = r[columns * n + i]
            for j in (i + 1)..<columns { sum -= r[j * n + i] * alpha[j] }
            let diagonal = r[i * n + i]
            guard diagonal != 0, diagonal.isFinite else { throw InputError("the GAP least-squares problem is singular") }
            alpha[i] = sum / diagonal
        }
        return alpha
    }
}
