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

    /// A structure's config_weight multiplies its loss and its gradient, and a structure
    /// without energy (a phonon force set) contributes its force term only.
    func testConfigWeightScalesTheStructuresLoss() throws {
        let p = Self.problem
        var frames = p.examples.map(\.frame)
        frames[1].info.append(("config_weight", "7.5"))
        frames[2].energy = nil
        var s = TrainingSettings()
        s.descriptors = .automatic(AutomaticDescriptors(cutoff: 4.2, radialCount: 3, angularEtas: [0.05], zetas: [1, 2]))
        s.hidden = [5, 4]
        s.validationFraction = 0
        let weighted = try TrainingProblem(frames: frames, settings: s)
        XCTAssertEqual(weighted.examples.map(\.weight), [1, 7.5, 1])
        let theta = p.initial.enumerated().map { $1 + 0.05 * sin(Double($0)) }
        let weights = LossWeights(energy: 1, force: 1, stress: 0)
        let unweighted = weighted.examples.map { Example(frame: $0.frame, index: $0.index, forceWeight: $0.forceWeight, table: $0.table) }
        let plain = Objective(model: weighted.model, examples: unweighted).evaluate(theta, batch: [1], weights: weights)
        let scaled = Objective(model: weighted.model, examples: weighted.examples).evaluate(theta, batch: [1], weights: weights)
        XCTAssertEqual(scaled.loss, 7.5 * plain.loss, accuracy: 1e-12 * plain.loss)
        for (a, b) in zip(scaled.gradient, plain.gradient) { XCTAssertEqual(a, 7.5 * b, accuracy: 1e-12 * abs(b) + 1e-300) }
        // No energy label: the energy weight does not matter for that structure.
        let forceOnly = Objective(model: weighted.model, examples: weighted.examples)
        XCTAssertEqual(forceOnly.evaluate(theta, batch: [2], weights: LossWeights(energy: 1, force: 1, stress: 0)).loss,
                       forceOnly.evaluate(theta, batch: [2], weights: LossWeights(energy: 0, force: 1, stress: 0)).loss)
        frames[0].info.append(("config_weight", "-1"))
        XCTAssertThrowsError(try TrainingProblem(frames: frames, settings: s)) { error in
            XCTAssertTrue("\(error)".contains("structure 1: config_weight"), "\(error)")
        }
    }
}
