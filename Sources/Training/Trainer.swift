import Atoms
import Dynamics
import Validation

/// One row of the learning curves.
public struct EpochRecord: Sendable {
    /// 1-based.
    public let epoch: Int
    /// Mean training loss over the epoch's batches, with that epoch's weights.
    public let loss: Double
    /// Validation loss with the final loss weights (what early stopping watches; the
    /// training loss with them when there is no validation set).
    public let validationLoss: Double
    /// p_F and the Adam step size of the epoch.
    public let forceWeight: Double
    public let learningRate: Double
    public let training: ValidationSummary.Quantities
    public let validation: ValidationSummary.Quantities?
}

/// What a run produced.
public struct TrainingOutcome: Sendable {
    /// The parameters of the epoch with the lowest validation loss.
    public let theta: [Double]
    public let bestEpoch: Int
    public let epochsRun: Int
    public let stoppedEarly: Bool
}

/// Runs the optimiser of the settings on a `TrainingProblem`: Adam on mini-batches
/// shuffled each epoch, or L-BFGS on the whole training set; the force weight and step
/// size follow their schedules; metrics every `reportEvery` epochs (and at the last) go to
/// `report`; early stopping keeps the best parameters.
public struct Trainer {
    public let problem: TrainingProblem
    public let settings: TrainingSettings

    public init(problem: TrainingProblem, settings: TrainingSettings) {
        self.problem = problem
        self.settings = settings
    }

    /// Throws `InputError` when the loss stops being finite (the training diverged: a
    /// learning rate too large, or labels far out of scale); nothing is written then.
    public func run(report: (EpochRecord) -> Void) throws -> TrainingOutcome {
        let objective = Objective(model: problem.model, examples: problem.examples)
        let finalWeights = settings.weights(epoch: settings.epochs - 1)
        let watched = problem.validation.isEmpty ? problem.training : problem.validation
        var theta = problem.initial
        var best = (theta: theta, loss: Double.infinity, epoch: 0)
        var random = RandomSource(seed: settings.seed &+ 1)
        var adam = Adam(count: theta.count)
        var lbfgs = LBFGS(memory: settings.lbfgsMemory)
        var epoch = 0
        var stopped = false
        while epoch < settings.epochs && !stopped {
            let weights = settings.weights(epoch: epoch)
            let rate = settings.stepSize(epoch: epoch)
            var loss = 0.0
            switch settings.method {
            case .adam:
                let order = shuffled(problem.training, &random)
                for start in stride(from: 0, to: order.count, by: settings.batchSize) {
                    let batch = Array(order[start..<min(start + settings.batchSize, order.count)])
                    let r = objective.evaluate(theta, batch: batch, weights: weights)
                    adam.step(&theta, gradient: r.gradient, learningRate: rate)
                    loss += r.loss * Double(batch.count)
                }
                loss /= Double(order.count)
            case .lbfgs:
                let current = objective.evaluate(theta, batch: problem.training, weights: weights)
                loss = lbfgs.step(&theta, current: current) {
                    objective.evaluate($0, batch: problem.training, weights: weights)
                }.loss
            }
            epoch += 1
            let watchedLoss = objective.evaluate(theta, batch: watched, weights: finalWeights, gradient: false).loss
            guard loss.isFinite, watchedLoss.isFinite, theta.allSatisfy(\.isFinite) else {
                throw InputError("the training diverged at epoch \(epoch): the loss is \(loss.isFinite ? watchedLoss : loss); "
                                 + "lower optimizer.learning_rate_start (now \(settings.learningRate.start)) or check the labels")
            }
            if watchedLoss < best.loss { best = (theta, watchedLoss, epoch) }
            if let patience = settings.patience, epoch - best.epoch >= patience { stopped = true }
            if epoch % settings.reportEvery == 0 || epoch == settings.epochs || stopped || epoch == 1 {
                report(EpochRecord(
                    epoch: epoch, loss: loss, validationLoss: watchedLoss, forceWeight: weights.force, learningRate: rate,
                    training: metrics(objective, theta, problem.training),
                    validation: problem.validation.isEmpty ? nil : metrics(objective, theta, problem.validation)))
            }
        }
        return TrainingOutcome(theta: best.theta, bestEpoch: best.epoch, epochsRun: epoch, stoppedEarly: stopped)
    }

    func metrics(_ objective: Objective, _ theta: [Double], _ indices: [Int]) -> ValidationSummary.Quantities {
        ValidationSummary.Quantities(objective.predictions(theta, indices), indices.map { problem.examples[$0] })
    }

}
