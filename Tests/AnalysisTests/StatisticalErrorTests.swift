import Analysis
import Atoms
import Foundation
import TestSupport
import XCTest

/// The error bars of the report's MD numbers: the weighted dH/dT line and the block error
/// of the g(r) peak.
final class StatisticalErrorTests: XCTestCase {
    /// Normal deviates by Box–Muller from the seeded generator.
    private func gaussian(_ rng: inout SeededGenerator) -> Double {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &rng), v = Double.random(in: 0..<1, using: &rng)
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    /// Points on an exact line give its slope; the error is 1/√(Σ wᵢ (Tᵢ − T̄)²), here by
    /// hand for σ = 0.5, 1, 0.5 at 250, 300, 350 K: w = 4, 1, 4, T̄ = 300, Σ w (T − T̄)² =
    /// 2·4·2500 = 20000, error 1/√20000.
    func testFitOfExactLine() throws {
        let fit = try XCTUnwrap(EnthalpySlope.fitted([(250, 1 + 3 * 250, 0.5), (300, 1 + 3 * 300, 1), (350, 1 + 3 * 350, 0.5)]))
        XCTAssertEqual(fit.slope, 3, accuracy: 1e-12)
        XCTAssertEqual(fit.temperatureK, 300, accuracy: 1e-12)
        XCTAssertEqual(fit.error, 1 / 20000.0.squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(try XCTUnwrap(EnthalpySlope.fitted([(200, 0, 0.1), (300, 1, 1), (500, 2, 2)])).temperatureK, 350,
                       "reported at the middle of the range, whatever the weights")
        XCTAssertNil(EnthalpySlope.fitted([(300, 1, 0.1), (300, 2, 0.1)]), "one temperature has no slope")
        XCTAssertNil(EnthalpySlope.fitted([(250, 1, 0.1), (300, 2, 0)]), "a zero error gives no weight")
    }

    /// A synthetic series with known slope and noise: 4000 fits to H = 5 + 3.1 T + noise
    /// (σ = 2 at every T of 250/300/350 K) scatter about 3.1 with the standard deviation the
    /// fit reports, 2/√(2·50²) = 0.02828, to within 5 % (the spread of 4000 draws is known
    /// to ±1.1 %), and the mean is within 4 standard errors of the true slope.
    func testFitErrorMatchesScatterOfNoisySeries() throws {
        var rng = SeededGenerator(seed: 7)
        let temperatures = [250.0, 300, 350], sigma = 2.0, trials = 4000
        var slopes: [Double] = []
        var reported = 0.0
        for _ in 0..<trials {
            let points = temperatures.map { t in (temperatureK: t, mean: 5 + 3.1 * t + sigma * gaussian(&rng), error: sigma) }
            let fit = try XCTUnwrap(EnthalpySlope.fitted(points))
            slopes.append(fit.slope)
            reported = fit.error
        }
        let mean = slopes.reduce(0, +) / Double(trials)
        let sd = (slopes.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(trials - 1)).squareRoot()
        XCTAssertEqual(reported, sigma / (2 * 50.0 * 50).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(sd / reported, 1, accuracy: 0.05)
        XCTAssertEqual(mean, 3.1, accuracy: 4 * reported / Double(trials).squareRoot())
    }

    /// An fcc crystal (a = 4 Å) with Gaussian displacements (0.05 Å per component) in 40
    /// frames: every block's first g(r) peak is at the nearest-neighbour distance a/√2 to
    /// within a bin-and-broadening allowance of 0.03 Å, the blocks scatter (error > 0), and
    /// by little (< 0.01 Å for 5 blocks of 8 frames of 108 atoms).
    func testRDFPeakBlocksOfVibratingCrystal() throws {
        let cu = Element(symbol: "Cu")!
        let s = try Supercell.make(Lattices.build(.fcc, elements: [cu], a: 4.0), repeats: SIMD3(repeating: 3))
        var rng = SeededGenerator(seed: 3)
        let frames = (0..<40).map { _ in
            s.positions.map { $0 + 0.05 * SIMD3(gaussian(&rng), gaussian(&rng), gaussian(&rng)) }
        }
        let trajectory = Trajectory(elements: s.elements, masses: s.masses, cells: [Cell](repeating: s.cell, count: 40),
                                    positions: frames, times: (0..<40).map { 0.01 * Double($0) })
        let blocks = try XCTUnwrap(try RDFPeakBlocks(trajectory, rmax: 5.5, binWidth: 0.02))
        XCTAssertEqual(blocks.position.blockMeans.count, 5)
        XCTAssertEqual(blocks.position.mean, 4 / 2.0.squareRoot(), accuracy: 0.03)
        XCTAssertGreaterThan(blocks.position.error, 0)
        XCTAssertLessThan(blocks.position.error, 0.01)
        XCTAssertGreaterThan(blocks.height.mean, 3)
        XCTAssertThrowsError(try RDFPeakBlocks(Trajectory(elements: s.elements, masses: s.masses, cells: [s.cell], positions: [s.positions],
                                                          times: [0]), rmax: 5.5, binWidth: 0.02))
    }
}
