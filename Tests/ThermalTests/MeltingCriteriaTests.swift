import Analysis
import Atoms
import Foundation
import TestSupport
import XCTest

/// Criteria A and B on synthetic ramps with a known transition and known noise, the
/// local-quadratic derivatives on polynomials, and the fluctuation formula on series of
/// known variance.
final class MeltingCriteriaTests: XCTestCase {
    /// Gaussian noise of standard deviation `sigma` from a seeded generator.
    func noise(_ n: Int, sigma: Double, seed: UInt64) -> [Double] {
        var rng = SeededGenerator(seed: seed)
        return (0..<n).map { _ in
            let u1 = Double.random(in: Double.ulpOfOne..<1, using: &rng), u2 = Double.random(in: 0..<1, using: &rng)
            return sigma * (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
        }
    }

    func testLocalQuadraticIsExactOnParabolas() {
        let x = (0..<200).map { 100 + 3.7 * Double($0) + 0.3 * sin(Double($0)) }
        let y = x.map { 2 - 0.5 * $0 + 0.003 * $0 * $0 }
        let fit = LocalQuadratic(x: x, y: y, width: 40)
        XCTAssertFalse(fit.x.isEmpty)
        XCTAssertGreaterThanOrEqual(fit.x.first!, x.first! + 20)
        XCTAssertLessThanOrEqual(fit.x.last!, x.last! - 20)
        for k in fit.x.indices {
            XCTAssertEqual(fit.value[k], 2 - 0.5 * fit.x[k] + 0.003 * fit.x[k] * fit.x[k], accuracy: 1e-8)
            XCTAssertEqual(fit.slope[k], -0.5 + 0.006 * fit.x[k], accuracy: 1e-9)
            XCTAssertEqual(fit.curvature[k], 0.006, accuracy: 1e-9)
        }
    }

    /// H(T): Cp = 3.2 k_B/atom background plus a latent heat of 0.12 eV/atom taken up over
    /// ~10 K at 1600 K, noise 5 meV/atom: the maximum of dH/dT is at 1600 K.
    func testHeatCapacityPeakFindsKnownStep() throws {
        let t = stride(from: 100.0, through: 2400, by: 0.8).map { $0 }
        let e = noise(t.count, sigma: 0.005, seed: 7)
        let h = t.indices.map { i in 3.2 * Units.boltzmann * t[i] + 0.12 / (1 + exp(-(t[i] - 1600) / 4)) + e[i] }
        let peak = try XCTUnwrap(MeltingCriteria.heatCapacityPeak(temperatures: t, enthalpy: h, widths: MeltingCriteria.widths(reference: 50)))
        XCTAssertEqual(peak.temperatureK, 1600, accuracy: 3)
        XCTAssertLessThan(peak.spreadK, 5)
        XCTAssertEqual(peak.estimates.count, 3)
        XCTAssertGreaterThan(peak.prominence, 5)
    }

    /// L(T): a crystal's slow linear rise, then from 1450 K a liquid's rise ∝ √(T − Tm)
    /// (atoms diffusing away), noise 0.002: the maximum of d²L/dT² is at the kink.
    func testLindemannPeakFindsKnownKink() throws {
        let t = stride(from: 100.0, through: 2200, by: 0.5).map { $0 }
        let e = noise(t.count, sigma: 0.002, seed: 11)
        let tm = 1450.0
        let l = t.indices.map { i -> Double in
            let solid = 0.02 + 0.00007 * t[i]
            let x = t[i] - tm
            return solid + (x > 0 ? 0.6 * (1 - exp(-x / 60)) + 0.02 * (x / 60).squareRoot() : 0) + e[i]
        }
        let peak = try XCTUnwrap(MeltingCriteria.lindemannPeak(temperatures: t, ratio: l, widths: MeltingCriteria.widths(reference: 40)))
        XCTAssertEqual(peak.temperatureK, tm, accuracy: 15)
        XCTAssertLessThan(peak.spreadK, 15)
    }

    /// No transition inside the ramp: no interior peak, nil.
    func testNoTransitionGivesNoPeak() {
        let t = stride(from: 100.0, through: 900, by: 1).map { $0 }
        let h = t.map { 3 * Units.boltzmann * $0 + 1e-7 * $0 * $0 }
        XCTAssertNil(MeltingCriteria.heatCapacityPeak(temperatures: t, enthalpy: h, widths: [50]))
    }

    /// Uncorrelated Gaussian X of variance σ²: C = σ²/(k_B T)² within its error, the error
    /// is about σ² √(2/n)/(k_B T)², and the inefficiency is about 1.
    func testFluctuationFormulaOnKnownVariance() {
        let temperature = 500.0, kT = Units.boltzmann * temperature
        let sigma = 3 * kT
        let x = noise(40_000, sigma: sigma, seed: 5).map { $0 + 17 }
        let c = FluctuationHeatCapacity(series: x, temperatureK: temperature, blocks: 10)
        XCTAssertEqual(c.value, 9, accuracy: 4 * c.error)
        XCTAssertEqual(c.error, 9 * (2.0 / 40_000).squareRoot(), accuracy: 0.5 * 9 * (2.0 / 40_000).squareRoot())
        XCTAssertEqual(c.mean, 17, accuracy: 4 * c.meanError)
        XCTAssertLessThan(c.inefficiency, 3)
        XCTAssertTrue(c.blocksAreLongEnough())
        let slopes = EnthalpySlope.between([(400, 10, 0.3), (300, 6, 0.4), (500, 15, 0.0)])
        XCTAssertEqual(slopes.map(\.temperatureK), [350, 450])
        XCTAssertEqual(slopes[0].slope, 0.04, accuracy: 1e-12)
        XCTAssertEqual(slopes[0].error, 0.005, accuracy: 1e-12)
        XCTAssertEqual(slopes[1].slope, 0.05, accuracy: 1e-12)
    }
}

/// The criteria under a thermostat whose energy exchange makes spurious maxima of dH/dT in
/// the liquid (Nosé–Hoover): the event from the Lindemann ratio first, both maxima near it.
final class MeltingEventTests: XCTestCase {
    /// H(T) with Cp = 3.3 k_B/atom, a latent heat of 0.13 eV/atom taken up over ~10 K at
    /// 1830 K, noise 3 meV/atom, and after the step an oscillation of growing amplitude
    /// (period 150 K, 0.15 eV/atom at 2500 K) whose slopes beat the melting peak; L(T)
    /// rising slowly in the crystal and like a liquid's diffusion after 1830 K. Both
    /// criteria land within 15 K of 1830 K; without the event window criterion A would
    /// find the oscillation.
    func testNoseHooverLikeOscillationIsIgnored() throws {
        let tm = 1830.0
        let t = stride(from: 100.0, through: 2600, by: 1).map { $0 }
        var rng = SeededGenerator(seed: 3)
        func gauss() -> Double {
            let u1 = Double.random(in: Double.ulpOfOne..<1, using: &rng), u2 = Double.random(in: 0..<1, using: &rng)
            return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
        }
        let h = t.map { x -> Double in
            let hot = max(0, x - tm - 30)
            return 3.3 * Units.boltzmann * x + 0.13 / (1 + exp(-(x - tm) / 4)) + 0.15 * (hot / 640) * sin(2 * .pi * hot / 150) + 0.003 * gauss()
        }
        let l = t.map { x -> Double in
            let solid = 0.02 + 0.00005 * x
            let over = x - tm
            return solid + (over > 0 ? 0.25 * (1 - exp(-over / 8)) + 0.004 * over : 0) + 0.002 * gauss()
        }
        let widths = MeltingCriteria.widths(reference: 50)
        let unrestricted = try XCTUnwrap(MeltingCriteria.heatCapacityPeak(temperatures: t, enthalpy: h, widths: widths))
        XCTAssertGreaterThan(abs(unrestricted.temperatureK - tm), 100, "the oscillation should beat the melting peak without a window")
        let event = try XCTUnwrap(MeltingCriteria.meltingEvent(temperatures: t, ratio: l))
        XCTAssertEqual(event, tm, accuracy: 40)
        let window = MeltingCriteria.window(around: event)
        let a = try XCTUnwrap(MeltingCriteria.heatCapacityPeak(temperatures: t, enthalpy: h, widths: widths, window: window))
        let b = try XCTUnwrap(MeltingCriteria.lindemannPeak(temperatures: t, ratio: l, widths: widths, window: window))
        XCTAssertEqual(a.temperatureK, tm, accuracy: 15)
        XCTAssertEqual(b.temperatureK, tm, accuracy: 15)
        XCTAssertLessThan(a.spreadK, 15)
    }

    /// A ratio that never reaches the liquid value: no event.
    func testNoEventBelowTheLiquidValue() {
        let t = stride(from: 100.0, through: 1000, by: 1).map { $0 }
        XCTAssertNil(MeltingCriteria.meltingEvent(temperatures: t, ratio: t.map { 0.02 + 0.0001 * $0 }))
        XCTAssertEqual(MeltingCriteria.meltingEvent(temperatures: [1, 2, 3], ratio: [0.1, 0.2, 0.4])!, 2.5, accuracy: 1e-12)
    }
}
