import Analysis
import Atoms
import Dynamics
import Foundation
import Potentials
import TestSupport
import XCTest

/// Physics checks of the fluctuation heat capacity and the temperature ramp on solid
/// Lennard-Jones argon (32 atoms).
final class HeatCapacityTests: XCTestCase {
    /// Energies (eV) sampled every `every` steps after `equilibrate` steps.
    func sample(_ integrator: inout Integrator, steps: Int, equilibrate: Int, every: Int = 2,
                temperatureK: Double, seed: UInt64, _ quantity: (MDState, Integrator) -> Double) throws -> [Double] {
        // Two neighbour shells (5.9 Å cutoff, midway to the third) keep the debug-build test fast.
        let (lj, s) = try ModelSystems.argon(cutoff: 5.9)
        var engine = ForceEngine(lj)
        var rng = RandomSource(seed: seed)
        var state = MDState(structure: s, velocities: MDState.maxwellBoltzmann(masses: s.masses, temperatureK: temperatureK, rng: &rng))
        try integrator.prepare(&state, engine: &engine)
        var out: [Double] = []
        for k in 0..<(equilibrate + steps) {
            try integrator.step(&state, engine: &engine, rng: &rng, stress: false)
            if k >= equilibrate && k % every == 0 { out.append(quantity(state, integrator)) }
        }
        return out
    }

    /// A nearly harmonic crystal (argon at 4 K, 5 % of its melting point) has the classical
    /// harmonic heat capacity. Under Langevin (total momentum not kept) N atoms have 3N
    /// kinetic and 3N − 3 vibrational quadratic terms: C_v = (6N − 3) k_B/2 from E in NVT;
    /// in NPT the volume adds one more, C_p = (6N − 2) k_B/2 from H = E + P₀V.
    func testHarmonicCrystalHasClassicalHeatCapacity() throws {
        let t = 4.0, n = 32.0
        let masses = [Double](repeating: 39.948, count: 32)
        var nvt = Integrator(timestep: 0.02, masses: masses, thermostat: Langevin(temperatureK: t, damping: 0.05))
        let e = try sample(&nvt, steps: 10_000, equilibrate: 500, every: 1, temperatureK: t, seed: 1) { s, _ in s.totalEnergy }
        let cv = FluctuationHeatCapacity(series: e, temperatureK: t)
        print("harmonic argon NVT: Cv = \(cv.value / n) ± \(cv.error / n) k_B/atom (g = \(cv.inefficiency)), expected \((6 * n - 3) / (2 * n))")
        XCTAssertEqual(cv.value / n, (6 * n - 3) / (2 * n), accuracy: 3 * cv.error / n + 0.02)
        XCTAssertTrue(cv.blocksAreLongEnough())

        var npt = Integrator(timestep: 0.02, masses: masses, thermostat: Langevin(temperatureK: t, damping: 0.05),
                             barostat: CellRescaling(pressureGPa: 0, damping: 0.1, coupling: .isotropic, stochastic: true,
                                                     compressibilityPerGPa: 0.3))
        let h = try sample(&npt, steps: 10_000, equilibrate: 500, every: 1, temperatureK: t, seed: 2) { s, i in
            s.totalEnergy + i.barostat!.pressure * s.structure.cell.volume
        }
        let cp = FluctuationHeatCapacity(series: h, temperatureK: t)
        print("harmonic argon NPT: Cp = \(cp.value / n) ± \(cp.error / n) k_B/atom (g = \(cp.inefficiency)), expected \((6 * n - 2) / (2 * n))")
        XCTAssertEqual(cp.value / n, (6 * n - 2) / (2 * n), accuracy: 3 * cp.error / n + 0.02)
    }

    /// The V–H cross-fluctuation gives α_V = cov(V, H)/(k_B T² ⟨V⟩): synthetic series with
    /// V = V₀ + a x + noise and H = b x + noise (x, noise independent unit Gaussians) have
    /// cov = a b; the estimate must agree within three block errors and the error must be
    /// within a factor 2 of the analytic standard error √((a²b² + (a²+c²)(b²+c²))/n).
    func testFluctuationExpansionOfCorrelatedSeries() {
        var rng = SeededGenerator(seed: 7)
        func gaussian() -> Double {
            let u = Double.random(in: Double.ulpOfOne..<1, using: &rng), w = Double.random(in: 0..<1, using: &rng)
            return (-2 * log(u)).squareRoot() * cos(2 * .pi * w)
        }
        let (v0, a, b, c, t, n) = (1000.0, 2.0, 0.05, 0.5, 500.0, 40_000)
        var volume: [Double] = [], enthalpy: [Double] = []
        for _ in 0..<n {
            let x = gaussian()
            volume.append(v0 + a * x + c * gaussian())
            enthalpy.append(b * x + c * 0.1 * gaussian())
        }
        let e = FluctuationExpansion(volume: volume, enthalpy: enthalpy, temperatureK: t, blocks: 20)
        let scale = 1 / (Units.boltzmann * t * t * v0)
        let expected = a * b * scale
        let sd = ((a * b) * (a * b) + (a * a + c * c) * (b * b + 0.01 * c * c)).squareRoot() / Double(n).squareRoot() * scale
        XCTAssertEqual(e.volumetric, expected, accuracy: 3 * e.volumetricError)
        XCTAssertEqual(e.volumetricError / sd, 1, accuracy: 0.5)
        XCTAssertEqual(e.linear * 3, e.volumetric, accuracy: 1e-18)
        XCTAssertEqual(e.meanVolume, v0, accuracy: 4 * e.meanVolumeError)
    }

    /// A thermostat under a temperature schedule has its target moved step by step (not
    /// rebuilt: its state, the heat exchanged, is kept), and the system follows the target.
    func testScheduledThermostatFollowsTheRamp() throws {
        let ramp = TemperatureRamp(startK: 10, stopK: 40, rateKPerStep: 0.01, holdSteps: 500)
        XCTAssertEqual(ramp.temperature(atStep: 300), 10)
        XCTAssertEqual(ramp.temperature(atStep: 1500), 20, accuracy: 1e-12)
        XCTAssertEqual(ramp.temperature(atStep: 10_000), 40)
        XCTAssertEqual(ramp.lastStep, 3500)
        var integrator = Integrator(timestep: 0.01, masses: [Double](repeating: 39.948, count: 32),
                                    thermostat: VelocityRescaling(temperatureK: 10, damping: 0.05, stochastic: true))
        integrator.temperatureSchedule = ramp
        var targets: [Double] = [], temperatures: [Double] = []
        _ = try sample(&integrator, steps: 3500, equilibrate: 0, every: 1, temperatureK: 10, seed: 3) { s, i in
            targets.append(i.thermostat!.temperatureK)
            temperatures.append(i.temperature(s))
            return 0
        }
        XCTAssertEqual(targets[100], 10)
        XCTAssertEqual(targets[2500], ramp.temperature(atStep: 2501), accuracy: 1e-12)
        let late = temperatures[3000...].reduce(0, +) / 500
        XCTAssertEqual(late, 37.5, accuracy: 3)
        XCTAssertNotEqual(integrator.thermostat!.checkpointValues, [0])
    }
}
