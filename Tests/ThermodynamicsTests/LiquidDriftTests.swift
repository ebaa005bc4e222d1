import Thermodynamics
import XCTest

/// `LiquidDrift`: a liquid run compared with itself, first fifth against last.
final class LiquidDriftTests: XCTestCase {
    /// Volumes fluctuating by 1.5 % about a constant mean (the size of a 216-atom Si SW liquid's
    /// fluctuations at 1700 K) and D blocks scattering by 15 % are stationary; a volume growing by
    /// 24 % over the run (Tersoff Si at 1700 K, 25000 steps, `recipes/Si.recipe`) or D falling to
    /// a third (a liquid crystallising) is not, and the description says which.
    func testStationaryAndDriftingRuns() {
        var state: UInt64 = 7
        func noise() -> Double {  // uniform in [-1, 1)
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 52) - 1
        }
        let n = 2500
        let steady = (0..<n).map { _ in 4100 * (1 + 0.015 * 1.7 * noise()) }
        let blocks = (0..<25).map { _ in 0.66 * (1 + 0.15 * 1.7 * noise()) }
        let liquid = LiquidDrift(volumes: steady, diffusionBlocks: blocks)
        XCTAssertTrue(liquid.isStationary, liquid.description)
        XCTAssertLessThan(abs(liquid.volumeChange), 0.01)
        XCTAssertEqual(try XCTUnwrap(liquid.diffusionRatio), 1, accuracy: 0.2)
        XCTAssertEqual(liquid.description, "")

        let growing = (0..<n).map { k in steady[k] * (1 + 0.27 * Double(k) / Double(n)) }
        let voids = LiquidDrift(volumes: growing, diffusionBlocks: blocks)
        XCTAssertFalse(voids.isStationary)
        XCTAssertEqual(voids.volumeChange, 0.27 * 0.8 / 1.027, accuracy: 0.01)
        XCTAssertTrue(voids.description.hasPrefix("volume +21 %"), voids.description)

        let freezing = LiquidDrift(volumes: steady, diffusionBlocks: (0..<25).map { 0.66 * (1 - 0.03 * Double($0)) })
        XCTAssertFalse(freezing.isStationary)
        XCTAssertEqual(try XCTUnwrap(freezing.diffusionRatio), (1 - 0.03 * 22) / (1 - 0.03 * 2), accuracy: 1e-12)
        XCTAssertTrue(freezing.description.hasPrefix("D × 0.36"), freezing.description)

        // Too few blocks for fifths: D is not judged, the volume still is.
        XCTAssertNil(LiquidDrift(volumes: steady, diffusionBlocks: [1, 2, 3]).diffusionRatio)
    }
}
