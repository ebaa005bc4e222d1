import Atoms
import Dynamics
import Foundation
import Potentials
import TestSupport
import XCTest

/// The `Simulation` driver: cadences, checks before and during the run.
final class DriverTests: XCTestCase {
    func testCadence() {
        let c = Cadence(every: 5, from: 10, includesLast: true)
        XCTAssertEqual((1...27).filter { c.isDue(step: $0, last: 27) }, [15, 20, 25, 27])
        XCTAssertEqual((1...12).filter { Cadence(every: 4).isDue(step: $0, last: 12) }, [4, 8, 12])
    }

    /// A time constant shorter than five steps is refused before the run, naming the unit.
    func testShortTimeConstantIsRefused() {
        let e = EnsembleSettings(timestepPs: 0.002, thermostat: .csvr(dampingPs: 0.0001))
        XCTAssertThrowsError(try e.validate()) { XCTAssertTrue("\($0)".contains("--tdamp is in fs"), "\($0)") }
        let b = EnsembleSettings(timestepPs: 0.002, thermostat: .csvr(dampingPs: 0.1), barostat: .mtk(dampingPs: 0.005, coupling: .isotropic))
        XCTAssertThrowsError(try b.validate()) { XCTAssertTrue("\($0)".contains("--pdamp is in fs"), "\($0)") }
        XCTAssertNoThrow(try EnsembleSettings(timestepPs: 0.002, thermostat: .csvr(dampingPs: 0.01)).validate())
    }

    /// Argon at 40 K: a 1 fs step is fine; a 200 fs step moves the fastest atoms (4 × 0.91
    /// Å/ps) 0.73 Å, more than a tenth of the 3.7 Å neighbour distance.
    func testLongTimeStepWarns() throws {
        let (_, s) = try ModelSystems.argon(cutoff: 5.9)
        XCTAssertNil(EnsembleSettings(timestepPs: 0.001).timestepWarning(s, temperatureK: 40))
        XCTAssertNotNil(EnsembleSettings(timestepPs: 0.2).timestepWarning(s, temperatureK: 40))
        XCTAssertNil(EnsembleSettings(timestepPs: 0.08).timestepWarning(s, temperatureK: 40))
    }

    /// A cell whose volume differs by more than a factor two from the run's start stops the
    /// run at the first step (the volume is checked every step).
    func testVolumeBlowUpStopsTheRun() throws {
        let (lj, s) = try ModelSystems.argon(cutoff: 5.9)
        var rng = RandomSource(seed: 4)
        let state = MDState(structure: s, velocities: MDState.maxwellBoltzmann(masses: s.masses, temperatureK: 30, rng: &rng))
        var sim = Simulation(state: state, integrator: EnsembleSettings(timestepPs: 0.002).integrator(masses: s.masses, temperatureK: nil),
                             engine: ForceEngine(lj), rng: rng, safetyEvery: 5)
        try sim.prepare()
        sim.safety.referenceVolume = s.cell.volume / 2.5
        XCTAssertThrowsError(try sim.run(until: 20)) { error in
            guard let f = error as? RunFailure else { return XCTFail("\(error)") }
            XCTAssertEqual(f.step, 1)
            XCTAssertTrue(f.reason.contains("volume"), f.reason)
        }
    }
}
