import Atoms
import Potentials
import Training
import XCTest

/// The analytic gradient of each loss term against central finite differences of the loss.
final class LossGradientTests: XCTestCase {
    static let problem: TrainingProblem = {
        var s = TrainingSettings()
        s.descriptors = .automatic(AutomaticDescriptors(cutoff: 4.2, radialCount: 3, angularEtas: [0.05], zetas: [1, 2]))
        s.hidden = [5, 4]
        s.validationFraction = 0
        return try! TrainingProblem(frames: try! CopperData.frames(3), settings: s)
    }()

    /// Largest |analytic − numeric| / (|numeric| + scale) over all parameters.
    func gradientError(_ weights: LossWeights) -> (error: Double, scale: Double) {
        let p = Self.problem
        let objective = Objective(model: p.model, examples: p.examples)
        let batch = Array(p.examples.indices)
        // Move θ off its initial value so every bias matters.
        let theta = p.initial.enumerated().map { $1 + 0.05 * sin(Double($0)) }
        let analytic = objective.evaluate(theta, batch: batch, weights: weights).gradient
        let scale = analytic.map(abs).max()!
        var worst = 0.0
        let h = 1e-6
        for k in theta.indices {
            var plus = theta, minus = theta
            plus[k] += h
            minus[k] -= h
            let numeric = (objective.evaluate(plus, batch: batch, weights: weights, gradient: false).loss
                - objective.evaluate(minus, batch: batch, weights: weights, gradient: false).loss) / (2 * h)
            worst = max(worst, abs(analytic[k] - numeric) / scale)
        }
        return (worst, scale)
    }

    func testEnergyTerm() {
        let r = gradientError(LossWeights(energy: 1, force: 0, stress: 0))
        print("energy term: max |analytic - numeric| / max|gradient| = \(r.error), max|gradient| = \(r.scale)")
        XCTAssertLessThan(r.error, 1e-6)
    }

    func testForceTerm() {
        let r = gradientError(LossWeights(energy: 0, force: 1, stress: 0))
        print("force term: max |analytic - numeric| / max|gradient| = \(r.error), max|gradient| = \(r.scale)")
        XCTAssertLessThan(r.error, 1e-6)
    }

    func testStressTerm() {
        for term in LossWeights.StressTerm.allCases {
            let r = gradientError(LossWeights(energy: 0, force: 0, stress: 1, stressTerm: term))
            print("\(term) term: max |analytic - numeric| / max|gradient| = \(r.error), max|gradient| = \(r.scale)")
            XCTAssertLessThan(r.error, 1e-6)
        }
    }
}
