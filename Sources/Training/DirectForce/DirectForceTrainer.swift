import Atoms
import Dynamics
import Potentials
import Validation

/// One row of a direct-force learning curve.
public struct DirectForceEpoch: Sendable {
    /// 1-based.
    public let epoch: Int
    /// Mean training loss over the epoch's batches, (eV/Å)².
    public let loss: Double
    /// Force-component MAE on the training and validation atoms, eV/Å (validation nil without one).
    public let trainingMAE: Double
    public let validationMAE: Double?
}

/// What a direct-force run produced.
public struct DirectForceOutcome: Sendable {
    /// The parameters of the epoch with the lowest validation loss (training loss without validation).
    public let theta: [Double]
    public let bestEpoch: Int
    public let epochsRun: Int
    public let training: ErrorMetrics
    public let validation: ErrorMetrics?
}

/// Trains a direct-force network on the forces of labelled structures with Adam on
/// mini-batches of atoms (`settings.batchSize` atoms per step), the step size falling as
/// `settings.stepSize`; the structures are split into training and validation as for
/// Behler–Parrinello training (`validationFraction`, `seed`); hidden layers and activation
/// from the settings; early stopping by `patience`.
public struct DirectForceTrainer {
    public let settings: TrainingSettings
    public let element: Element
    public let objective: DirectForceObjective
    public let trainingAtoms: [Int]
    public let validationAtoms: [Int]
    public let initial: [Double]

    public init(frames: [Frame], environment: LocalEnvironment, settings: TrainingSettings) throws {
        try settings.check()
        guard let element = frames.first?.structure.elements.first else { throw InputError("no training structures") }
        self.settings = settings
        self.element = element
        let data = try DirectForceData(frames: frames, environment: environment, element: element)
        var random = RandomSource(seed: settings.seed)
        let (train, validation) = TrainingProblem.split(frames.count, fraction: settings.validationFraction, &random)
        trainingAtoms = data.atoms(of: train)
        validationAtoms = data.atoms(of: validation)
        let layout = ParameterLayout(inputs: Array(repeating: environment.inputCount, count: 3),
                                     hidden: settings.hidden, activation: settings.activation)
        objective = DirectForceObjective(data: data, layout: layout, forceScale: max(data.forceRMS(trainingAtoms), 1e-3))
        initial = TrainingProblem.initialParameters(layout, &random)
    }

    public func run(report: (DirectForceEpoch) -> Void) -> DirectForceOutcome {
        var theta = initial
        var adam = Adam(count: theta.count)
        var random = RandomSource(seed: settings.seed &+ 1)
        let watched = validationAtoms.isEmpty ? trainingAtoms : validationAtoms
        var best = (theta: theta, loss: Double.infinity, epoch: 0)
        var epoch = 0
        while epoch < settings.epochs {
            let rate = settings.stepSize(epoch: epoch)
            var loss = 0.0
            let order = shuffled(trainingAtoms, &random)
            for start in stride(from: 0, to: order.count, by: settings.batchSize) {
                let batch = Array(order[start..<min(start + settings.batchSize, order.count)])
                let r = objective.evaluate(theta, atoms: batch)
                adam.step(&theta, gradient: r.gradient, learningRate: rate)
                loss += r.loss * Double(batch.count)
            }
            epoch += 1
            let watchedLoss = objective.evaluate(theta, atoms: watched, gradient: false).loss
            if watchedLoss < best.loss { best = (theta, watchedLoss, epoch) }
            let stop = settings.patience.map { epoch - best.epoch >= $0 } ?? false
            if epoch % settings.reportEvery == 0 || epoch == settings.epochs || epoch == 1 || stop {
                report(DirectForceEpoch(epoch: epoch, loss: loss / Double(max(order.count, 1)),
                                        trainingMAE: objective.errors(theta, atoms: trainingAtoms).mae,
                                        validationMAE: validationAtoms.isEmpty ? nil : objective.errors(theta, atoms: validationAtoms).mae))
            }
            if stop { break }
        }
        return DirectForceOutcome(theta: best.theta, bestEpoch: best.epoch, epochsRun: epoch,
                                  training: objective.errors(best.theta, atoms: trainingAtoms),
                                  validation: validationAtoms.isEmpty ? nil : objective.errors(best.theta, atoms: validationAtoms))
    }

    /// The potential of parameters `theta`.
    public func potential(_ theta: [Double], name: String, provenance: PotJSON = .object([])) throws -> DirectForceNetwork {
        try DirectForceNetwork(name: name, element: element, environment: objective.data.environment,
                               networks: objective.layout.networks(theta), forceScale: objective.forceScale,
                               provenance: provenance)
    }

    /// Force-component errors of `potential` on the labelled `frames` (lab frame, eV/Å).
    public static func errors(_ potential: Potential, frames: [Frame]) throws -> ErrorMetrics {
        var predicted: [Double] = [], reference: [Double] = []
        for frame in frames {
            guard let ref = frame.forces else { continue }
            let f = try potential.evaluate(frame.structure, wanted: .forces).forces!
            for (p, r) in zip(f, ref) {
                predicted += [p.x, p.y, p.z]
                reference += [r.x, r.y, r.z]
            }
        }
        return ErrorMetrics(predicted: predicted, reference: reference)
    }
}
