import Atoms
import Potentials

/// The training loss over a set of examples and its gradient, computed on all cores:
/// the examples are split into `Parallel.threads` fixed chunks whose sums are added in
/// order, so the result depends only on θ, the examples and the thread count.
public struct Objective: Sendable {
    public let model: TrainableModel
    public let examples: [Example]

    public init(model: TrainableModel, examples: [Example]) {
        self.model = model
        self.examples = examples
    }

    /// Mean loss over the examples `batch` (indices into `examples`) and, when asked, its gradient.
    public func evaluate(_ theta: [Double], batch: [Int], weights: LossWeights,
                         gradient wantGradient: Bool = true) -> (loss: Double, gradient: [Double]) {
        let count = model.layout.count
        let chunks = max(1, min(Parallel.threads, batch.count))
        var partial = [Double](repeating: 0, count: wantGradient ? chunks * count : 0)
        var losses = [Double](repeating: 0, count: chunks)
        let factor = 1 / Double(max(batch.count, 1))
        theta.withUnsafeBufferPointer { t in
            partial.withUnsafeMutableBufferPointer { g in
                losses.withUnsafeMutableBufferPointer { l in
                    Parallel.forEachChunk(batch.count, chunks: chunks) { c, range in
                        let w = LossWorkspace(model.layout)
                        let target = wantGradient ? g.baseAddress! + c * count : nil
                        for k in range {
                            let e = examples[batch[k]]
                            l[c] += e.weight * StructureLoss.lossAndGradient(e, model, t.baseAddress!, weights,
                                                                             factor: factor * e.weight, w, gradient: target)
                        }
                    }
                }
            }
        }
        var gradient = [Double](repeating: 0, count: wantGradient ? count : 0)
        if wantGradient {
            for c in 0..<chunks { for k in 0..<count { gradient[k] += partial[c * count + k] } }
        }
        return (losses.reduce(0, +) * factor, gradient)
    }

    /// Predictions for the examples `indices`, in that order.
    public func predictions(_ theta: [Double], _ indices: [Int]) -> [Prediction] {
        var out = [Prediction?](repeating: nil, count: indices.count)
        theta.withUnsafeBufferPointer { t in
            out.withUnsafeMutableBufferPointer { o in
                Parallel.forEachChunk(indices.count) { _, range in
                    let w = LossWorkspace(model.layout)
                    for k in range { o[k] = StructureLoss.predict(examples[indices[k]], model, t.baseAddress!, w) }
                }
            }
        }
        return out.map { $0! }
    }
}
