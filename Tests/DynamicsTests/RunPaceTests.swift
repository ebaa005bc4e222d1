import Dynamics
import XCTest

/// Speed and time left of a run count from the step the invocation started at.
final class RunPaceTests: XCTestCase {
    func testAResumedRunCountsFromItsStartStep() {
        // 100 steps of 2 fs in 1 s after resuming at step 500 of 1000: 0.2 ps/s = 17.28 ns/day, 4 s left.
        let resumed = RunPace(startStep: 500, total: 1000, timestepFs: 2)
        XCTAssertEqual(resumed.nsPerDay(step: 600, seconds: 1), 17.28, accuracy: 1e-12)
        XCTAssertEqual(resumed.secondsLeft(step: 600, seconds: 1), 4, accuracy: 1e-12)
        // Counted from step 0 the same second would claim six times the speed.
        let fresh = RunPace(startStep: 0, total: 1000, timestepFs: 2)
        XCTAssertEqual(fresh.nsPerDay(step: 600, seconds: 1), 6 * 17.28, accuracy: 1e-12)
        XCTAssertEqual(fresh.secondsLeft(step: 600, seconds: 1), 400.0 / 600, accuracy: 1e-12)
        // At the start step itself: one step counted, no division by zero.
        XCTAssertTrue(resumed.secondsLeft(step: 500, seconds: 0).isFinite)
    }
}
