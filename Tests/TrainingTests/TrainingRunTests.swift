import Atoms
import Potentials
import Training
import Validation
import XCTest

/// Short training runs on Cu EAM data: the network recovers the potential it was trained
/// on, and a run is reproducible from its seed.
final class TrainingRunTests: XCTestCase {
    static func settings(seed: UInt64) -> TrainingSettings {
        var s = TrainingSettings()
        s.descriptors = .automatic(AutomaticDescriptors(cutoff: 4.6, radialCount: 5, angularEtas: [0.05], zetas: [1, 4]))
        s.hidden = [8]
        s.method = .lbfgs
        s.epochs = 120
        s.loss = LossWeights(energy: 1, force: 0.1, stress: 0)
        s.forceWeightEnd = 0.1
        s.validationFraction = 0.2
        s.reportEvery = 1000
        s.seed = seed
        return s
    }

    func train(seed: UInt64) throws -> (TrainingProblem, TrainingOutcome) {
        let problem = try TrainingProblem(frames: try CopperData.frames(12, seed: 3), settings: Self.settings(seed: seed))
        return (problem, try Trainer(problem: problem, settings: Self.settings(seed: seed)).run { _ in })
    }

    func testRecoversTheEAMPotentialOnNewStructures() throws {
        let (problem, outcome) = try train(seed: 1)
        let potential = try problem.model.potential(outcome.theta, name: "trained")
        let unseen = try CopperData.frames(6, seed: 99)
        let q = ValidationSummary(try DatasetEvaluation(potential, frames: unseen, dataName: "unseen", alignment: .none)).overall
        print("unseen: energy RMSE \(q.energy!.rmse) meV/atom, force RMSE \(q.forces!.rmse) eV/Å, cc \(q.forces!.cc)")
        XCTAssertLessThan(q.energy!.rmse, 10)
        XCTAssertLessThan(q.forces!.rmse, 0.15)
        XCTAssertGreaterThan(q.forces!.cc, 0.95)
    }

    func testSameSeedSameResultOtherSeedSimilar() throws {
        let a = try train(seed: 5), b = try train(seed: 5), c = try train(seed: 6)
        XCTAssertEqual(a.1.theta, b.1.theta)
        XCTAssertEqual(a.0.validation, b.0.validation)
        XCTAssertNotEqual(a.0.validation, c.0.validation)
        func forceRMSE(_ r: (TrainingProblem, TrainingOutcome)) throws -> Double {
            let potential = try r.0.model.potential(r.1.theta, name: "trained")
            let frames = r.0.examples.map(\.frame)
            return ValidationSummary(try DatasetEvaluation(potential, frames: frames, dataName: "all", alignment: .none)).overall.forces!.rmse
        }
        let (fa, fc) = (try forceRMSE(a), try forceRMSE(c))
        print("force RMSE seed 5: \(fa), seed 6: \(fc) eV/Å")
        XCTAssertLessThan(abs(fa - fc), 0.5 * max(fa, fc))
    }

    /// The force weight and step size go geometrically from start to end, also when the end
    /// over the start overflows (a start of 1e-320 gave ∞ from the second epoch: fuzzing).
    func testSchedulesAreGeometricEvenForSubnormalStarts() {
        var s = TrainingSettings()
        s.epochs = 3
        (s.loss.force, s.forceWeightEnd) = (1e-4, 1)
        XCTAssertEqual(s.forceWeight(epoch: 0), 1e-4, accuracy: 1e-18)
        XCTAssertEqual(s.forceWeight(epoch: 1), 1e-2, accuracy: 1e-15)
        XCTAssertEqual(s.forceWeight(epoch: 2), 1, accuracy: 1e-15)
        (s.loss.force, s.forceWeightEnd) = (1e-320, 1)
        XCTAssertEqual(s.forceWeight(epoch: 0), 1e-320, accuracy: 1e-323)
        // √(1e-320 · 1); the subnormal 1e-320 is held to 4 digits only (9.99989e-321)
        XCTAssertEqual(s.forceWeight(epoch: 1), 1e-160, accuracy: 1e-165)
        XCTAssertEqual(s.forceWeight(epoch: 2), 1, accuracy: 1e-12)
        (s.loss.force, s.forceWeightEnd) = (0, 1)  // linear when a weight is zero
        XCTAssertEqual(s.forceWeight(epoch: 1), 0.5)
    }
}
