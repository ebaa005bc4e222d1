import Atoms
import Foundation
import Potentials

/// Every choice of a training run. Written into the `.pot` it produces (`json`) and read
/// from the `settings` object of a recipe (`init(json:)`, see `docs/training.md`).
public struct TrainingSettings: Sendable {
    public enum Descriptors: Sendable {
        case automatic(AutomaticDescriptors)
        /// The same list for every central element (neighbours named by element).
        case explicit([Descriptor])
    }

    public enum Method: String, Sendable, CaseIterable {
        /// Adam on shuffled mini-batches of structures.
        case adam
        /// L-BFGS on the full training set, one iteration per epoch.
        case lbfgs
    }

    public var descriptors: Descriptors = .automatic(AutomaticDescriptors(cutoff: 5.5))
    /// Nodes of each hidden layer.
    public var hidden: [Int] = [25, 25]
    /// Hidden-layer activation (smooth ones only); the output node is linear.
    public var activation: Activation = .tanh
    /// p_E, p_F at the start, p_P (see `LossWeights`).
    public var loss = LossWeights(energy: 1, force: 1, stress: 0)
    /// p_F at the last epoch: p_F falls geometrically from `loss.force` to it (linearly when either is 0).
    public var forceWeightEnd = 1.0
    /// Weight each structure's force term by w = 0.2/(0.2 + F̄²) (`Example.forceWeight`).
    public var forceWeighting = true
    public var method = Method.adam
    public var epochs = 500
    /// Structures per Adam step.
    public var batchSize = 8
    /// Adam step size at the first and last epoch (geometric in between).
    public var learningRate = (start: 1e-3, end: 1e-5)
    public var lbfgsMemory = 10
    /// Share of the data held out for validation.
    public var validationFraction = 0.1
    /// Stop when the validation loss has not improved for this many epochs (nil: never).
    public var patience: Int? = nil
    /// Metrics every this many epochs.
    public var reportEvery = 10
    public var seed: UInt64 = 1

    public init() {}

    /// p_F at `epoch` (0-based).
    public func forceWeight(epoch: Int) -> Double {
        interpolate(loss.force, forceWeightEnd, epoch)
    }

    /// Adam's step size at `epoch`.
    public func stepSize(epoch: Int) -> Double {
        interpolate(learningRate.start, learningRate.end, epoch)
    }

    /// The loss weights of `epoch`.
    public func weights(epoch: Int) -> LossWeights {
        var w = loss
        w.force = forceWeight(epoch: epoch)
        return w
    }

    /// From `a` at the first epoch to `b` at the last: geometric when both are positive (in
    /// logarithms where b/a over- or underflows, e.g. a weight of 1e-320), else linear.
    func interpolate(_ a: Double, _ b: Double, _ epoch: Int) -> Double {
        let x = epochs > 1 ? Double(min(epoch, epochs - 1)) / Double(epochs - 1) : 1
        guard a > 0 && b > 0 else { return a + (b - a) * x }
        let ratio = b / a
        return ratio.isNormal ? a * pow(ratio, x) : exp(log(a) + (log(b) - log(a)) * x)
    }

    /// Throws for settings that cannot train.
    public func check() throws {
        guard !hidden.isEmpty, hidden.allSatisfy({ $0 >= 1 }) else { throw InputError("hidden layers need at least one node each") }
        guard activation.isSmooth, activation != .linear else {
            throw InputError("activation \(activation.rawValue) cannot be trained for forces: use a smooth non-linear one "
                             + "(tanh, scaled_tanh, twisted_tanh, sigmoid, softplus, shifted_softplus, gaussian)")
        }
        guard epochs >= 1, batchSize >= 1, lbfgsMemory >= 1, reportEvery >= 1 else {
            throw InputError("epochs, batch, lbfgs_memory and report_every must be at least 1")
        }
        guard validationFraction >= 0, validationFraction < 1 else { throw InputError("validation_fraction must be in [0, 1)") }
        let weights = [loss.energy, loss.force, forceWeightEnd, loss.stress]
        guard weights.allSatisfy({ $0 >= 0 && $0.isFinite }), weights.contains(where: { $0 > 0 }) else {
            throw InputError("loss weights must be ≥ 0 and not all zero")
        }
        guard learningRate.start > 0, learningRate.end > 0 else { throw InputError("learning rates must be positive") }
        if let patience, patience < 1 { throw InputError("patience must be at least 1") }
    }
}
