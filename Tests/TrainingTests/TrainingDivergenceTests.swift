import Atoms
import Training
import XCTest

/// A training whose loss overflows stops with an error instead of writing a potential that
/// props then refuses (issue 19).
final class TrainingDivergenceTests: XCTestCase {
    func testNonFiniteLossStopsTheTraining() throws {
        var frames = try CopperData.frames(3, seed: 5)
        frames[0].energy = 1e200  // squared: infinite loss
        var settings = TrainingRunTests.settings(seed: 1)
        settings.epochs = 3
        settings.validationFraction = 0
        let problem = try TrainingProblem(frames: frames, settings: settings)
        XCTAssertThrowsError(try Trainer(problem: problem, settings: settings).run { _ in }) { error in
            XCTAssertTrue((error as? InputError)?.message.contains("diverged") ?? false, "\(error)")
        }
    }
}
