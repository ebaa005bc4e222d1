import Atoms
import Dynamics
import LinearAlgebra
import Potentials

/// A training run set up from labelled frames: the train/validation split, the model
/// (descriptors, input scaling and reference energies from the training part), the
/// examples with their descriptor tables, and the initial parameters; all fixed by the
/// settings' seed.
public struct TrainingProblem: Sendable {
    public let model: TrainableModel
    /// One per frame, in file order.
    public let examples: [Example]
    /// Indices into `examples`.
    public let training: [Int]
    public let validation: [Int]
    /// θ before training.
    public let initial: [Double]

    public init(frames: [Frame], settings: TrainingSettings) throws {
        try settings.check()
        guard frames.count >= 1 else { throw InputError("no training structures") }
        guard frames.contains(where: { $0.energy != nil }) else {
            throw InputError("no structure has an energy label: training needs energies")
        }
        let species = Array(Set(frames.flatMap(\.structure.elements))).sorted { $0.number < $1.number }
        var random = RandomSource(seed: settings.seed)
        (training, validation) = Self.split(frames.count, fraction: settings.validationFraction, &random)
        let list: [Descriptor]
        switch settings.descriptors {
        case .automatic(let a): list = try a.descriptors(speciesCount: species.count)
        case .explicit(let d): list = d
        }
        let sets = try species.map { _ in try DescriptorSet(list, speciesCount: species.count) }
        let types = frames.map { f in f.structure.elements.map { e in species.firstIndex(of: e)! } }
        var built = [Result<DescriptorTable, Error>?](repeating: nil, count: frames.count)
        built.withUnsafeMutableBufferPointer { out in
            Parallel.forEachChunk(frames.count) { _, range in
                for k in range { out[k] = Result { try DescriptorTable(frames[k].structure, types: types[k], sets: sets) } }
            }
        }
        let tables = try built.enumerated().map { k, r -> DescriptorTable? in
            do { return try r!.get() } catch let e as InputError { throw InputError(e.message + " (structure \(k + 1))") }
        }
        examples = try frames.indices.map { k in
            let w = settings.forceWeighting ? frames[k].forces.map(Example.forceWeight) ?? 1 : 1
            return Example(frame: frames[k], index: k, forceWeight: w, weight: try Example.configWeight(frames[k], number: k + 1),
                           table: tables[k]!)
        }
        let fitted = try Self.referenceEnergies(training.map { frames[$0] }, species: species)
        let (scaling, ranges) = Self.scaling(training.map { tables[$0]! }, widths: sets.map(\.count))
        let layout = ParameterLayout(inputs: sets.map(\.count), hidden: settings.hidden, activation: settings.activation)
        model = TrainableModel(species: species, descriptorSets: sets, scaling: scaling, trainingRanges: ranges,
                               referenceEnergies: fitted.energies, energyScale: fitted.spread, layout: layout)
        initial = Self.initialParameters(layout, &random)
    }

    /// Validation indices drawn by a seeded Fisher–Yates shuffle; the rest train.
    static func split(_ count: Int, fraction: Double, _ random: inout RandomSource) -> ([Int], [Int]) {
        let order = shuffled(Array(0..<count), &random)
        let held = fraction > 0 && count > 1 ? min(count - 1, max(1, Int((fraction * Double(count)).rounded()))) : 0
        return (order[held...].sorted(), order[..<held].sorted())
    }

    /// E_ref per species by least squares, E ≈ Σ_t n_t E_ref,t over the labelled frames, and
    /// the root-mean-square per-atom energy left over (eV; at least 0.1 eV), the network's
    /// output scale.
    static func referenceEnergies(_ frames: [Frame], species: [Element]) throws -> (energies: [Double], spread: Double) {
        let labelled = frames.filter { $0.energy != nil }
        guard !labelled.isEmpty else { throw InputError("no training structure has an energy label") }
        let counts = labelled.map { f in species.map { e in Double(f.structure.elements.lazy.filter { $0 == e }.count) } }
        let energies = try leastSquares(counts.flatMap { $0 }, rows: labelled.count, columns: species.count,
                                        b: labelled.map { $0.energy! })
        var sum = 0.0
        for (f, n) in zip(labelled, counts) {
            let residual = (f.energy! - zip(n, energies).reduce(0) { $0 + $1.0 * $1.1 }) / Double(f.structure.count)
            sum += residual * residual
        }
        return (energies, max(0.1, (sum / Double(labelled.count)).squareRoot()))
    }

    /// Input scaling x = (G − mean)/σ per species and descriptor over the training atoms, and
    /// the range of each descriptor.
    static func scaling(_ tables: [DescriptorTable], widths: [Int]) -> ([InputScaling], [TrainingRange]) {
        widths.indices.map { t in
            let w = widths[t]
            var sum = [Double](repeating: 0, count: w), square = sum
            var low = [Double](repeating: .infinity, count: w), high = [Double](repeating: -.infinity, count: w)
            var atoms = 0
            for table in tables {
                for i in 0..<table.count where table.types[i] == t {
                    atoms += 1
                    for n in 0..<w {
                        let g = table.values[table.valueStart[i] + n]
                        sum[n] += g
                        square[n] += g * g
                        low[n] = min(low[n], g)
                        high[n] = max(high[n], g)
                    }
                }
            }
            guard atoms > 0 else {
                return (InputScaling.identity(w), TrainingRange(minimum: Array(repeating: 0, count: w), maximum: Array(repeating: 0, count: w)))
            }
            let mean = sum.map { $0 / Double(atoms) }
            let factor = (0..<w).map { n -> Double in
                let variance = square[n] / Double(atoms) - mean[n] * mean[n]
                return variance > 1e-20 * max(1, mean[n] * mean[n]) ? 1 / variance.squareRoot() : 1
            }
            return (InputScaling(factor: factor, shift: mean, offset: Array(repeating: 0, count: w)),
                    TrainingRange(minimum: low, maximum: high))
        }.reduce(into: ([InputScaling](), [TrainingRange]())) { $0.0.append($1.0); $0.1.append($1.1) }
    }

    /// Weights from N(0, 1/inputs) (LeCun), biases 0.
    static func initialParameters(_ layout: ParameterLayout, _ random: inout RandomSource) -> [Double] {
        var theta = [Double](repeating: 0, count: layout.count)
        for layers in layout.networks {
            for l in layers {
                let sd = 1 / Double(l.inputs).squareRoot()
                for k in 0..<(l.inputs * l.outputs) { theta[l.offset + k] = sd * random.gaussian() }
            }
        }
        return theta
    }
}

/// `items` in an order drawn by a Fisher–Yates shuffle from `random`.
func shuffled(_ items: [Int], _ random: inout RandomSource) -> [Int] {
    var out = items
    for k in stride(from: out.count - 1, to: 0, by: -1) { out.swapAt(k, Int(random.uniform() * Double(k + 1))) }
    return out
}
