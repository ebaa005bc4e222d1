import Atoms
import Dynamics
import Potentials
import XCTest

/// Detailed-balance checks: each canonical thermostat gives the kinetic-energy distribution
/// of the canonical ensemble, K ~ Gamma(N_f/2, kT): mean N_f kT/2 and variance N_f (kT)²/2.
/// Berendsen does not (its fluctuations are too small), and the test says so.
final class EnsembleTests: XCTestCase {
    let temperature = 50.0

    /// Kinetic energies (in units of kT) sampled every 5 steps of solid LJ argon.
    func kineticSamples(_ thermostat: any Thermostat, steps: Int = 7000) throws -> (samples: [Double], dof: Int) {
        let (lj, s) = try Toy.argon()
        var engine = ForceEngine(lj)
        var (state, rng) = try Toy.start(s, &engine, temperatureK: temperature, seed: 21)
        var integrator = Integrator(timestep: 0.005, masses: s.masses, thermostat: thermostat)
        let kT = Units.boltzmann * temperature
        var samples: [Double] = []
        for k in 0..<(steps + 1000) {
            try integrator.step(&state, engine: &engine, rng: &rng, stress: false)
            if k >= 1000 && k % 5 == 0 { samples.append(state.kineticEnergy / kT) }
        }
        return (samples, integrator.degreesOfFreedom)
    }

    func assertCanonical(_ thermostat: any Thermostat, file: StaticString = #filePath, line: UInt = #line) throws {
        let (k, dof) = try kineticSamples(thermostat)
        let stats = blockStatistics(k)
        let mean = Double(dof) / 2
        print("\(type(of: thermostat)): ⟨K⟩/kT = \(stats.mean) ± \(stats.meanError), var = \(stats.variance) ± \(stats.varianceError), canonical \(mean)")
        XCTAssertEqual(stats.mean, mean, accuracy: 4 * stats.meanError + 0.005 * mean,
                       "⟨K⟩/kT for \(type(of: thermostat))", file: file, line: line)
        XCTAssertEqual(stats.variance, mean, accuracy: 4 * stats.varianceError + 0.05 * mean,
                       "var(K)/(kT)² for \(type(of: thermostat))", file: file, line: line)
    }

    func testCSVRSamplesCanonicalKineticEnergy() throws {
        try assertCanonical(VelocityRescaling(temperatureK: temperature, damping: 0.05, stochastic: true))
    }

    func testLangevinSamplesCanonicalKineticEnergy() throws {
        try assertCanonical(Langevin(temperatureK: temperature, damping: 0.1))
    }

    func testNoseHooverChainSamplesCanonicalKineticEnergy() throws {
        try assertCanonical(NoseHooverChain(temperatureK: temperature, damping: 0.1))
    }

    /// Berendsen relaxes to the right mean but with too small fluctuations.
    func testBerendsenDoesNotSampleCanonicalFluctuations() throws {
        let (k, dof) = try kineticSamples(VelocityRescaling(temperatureK: temperature, damping: 0.05, stochastic: false))
        let stats = blockStatistics(k)
        print("Berendsen: var(K)/(kT)² = \(stats.variance) ± \(stats.varianceError), canonical \(Double(dof) / 2)")
        XCTAssertLessThan(stats.variance, 0.75 * Double(dof) / 2)
    }

    /// Ideal gas under stochastic cell rescaling + CSVR: V follows the isothermal–isobaric
    /// distribution V^N exp(−P₀V/kT), mean (N+1) kT/P₀ and relative variance 1/(N+1).
    func testStochasticCellRescalingIdealGasVolume() throws {
        try assertIdealGasVolume(CellRescaling(pressureGPa: 0.05, damping: 0.2, coupling: .isotropic,
                                               stochastic: true, compressibilityPerGPa: 20))
    }
}
