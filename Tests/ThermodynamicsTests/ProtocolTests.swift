import Analysis
import Atoms
import Dynamics
import Foundation
import Potentials
import TestSupport
import Thermodynamics
import XCTest

/// The protocols of the Thermodynamics library on solid Lennard-Jones argon (32 atoms).
final class ProtocolTests: XCTestCase {
    /// A heating ramp interrupted at a checkpoint and resumed writes the same table, byte
    /// for byte, as the uninterrupted ramp (Nosé–Hoover + MTK: chain and barostat state
    /// go through the checkpoint; the target follows the schedule from the step count).
    func testHeatingRampResumesBitForBit() throws {
        let (lj, s) = try ModelSystems.argon(cutoff: 5.9)
        let ensemble = EnsembleSettings(timestepPs: 0.005, thermostat: .noseHoover(dampingPs: 0.1),
                                        barostat: .mtk(dampingPs: 0.5, coupling: .isotropic))
        let settings = RampSettings(ensemble: ensemble, startK: 20, stopK: 60, rateKPerStep: 0.2, holdSteps: 50, sampleEvery: 3,
                                    checkpointEvery: 70)
        let dir = Fixtures.temporaryDirectory().path
        func ramp(_ name: String) -> HeatingRamp {
            HeatingRamp(settings: settings, seed: 9, csvPath: "\(dir)/\(name).csv", checkpointPath: "\(dir)/\(name).txt", label: "0.2")
        }
        let sites = LatticeDisplacement(reference: s)
        try ramp("whole").run(potential: lj, initial: s, sites: sites, resume: false)
        try ramp("parts").run(potential: lj, initial: s, sites: sites, resume: false, stopAfter: 140)
        XCTAssertFalse(ramp("parts").isFinished)
        // Rows written after the checkpoint are dropped on resume (here: none after 140).
        try ramp("parts").run(potential: lj, initial: s, sites: sites, resume: true)
        XCTAssertTrue(ramp("parts").isFinished)
        let whole = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/whole.csv"))
        let parts = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/parts.csv"))
        XCTAssertEqual(whole.count, parts.count)
        XCTAssertEqual(whole, parts)
        let series = try ramp("whole").readSeries()
        XCTAssertEqual(series.target.first!, 20.2, accuracy: 1e-9)
        XCTAssertEqual(series.target.last!, 60, accuracy: 1e-9)
    }

    /// A ramp table cut below its size at the checkpoint is refused on resume.
    func testShortTableIsRefusedOnResume() throws {
        let (lj, s) = try ModelSystems.argon(cutoff: 5.9)
        let settings = RampSettings(ensemble: EnsembleSettings(timestepPs: 0.005, thermostat: .csvr(dampingPs: 0.1)),
                                    startK: 20, stopK: 30, rateKPerStep: 0.2, holdSteps: 0, sampleEvery: 5, checkpointEvery: 20)
        let dir = Fixtures.temporaryDirectory().path
        let ramp = HeatingRamp(settings: settings, seed: 1, csvPath: "\(dir)/r.csv", checkpointPath: "\(dir)/r.txt", label: "0.2")
        try ramp.run(potential: lj, initial: s, sites: LatticeDisplacement(reference: s), resume: false, stopAfter: 20)
        try Data("step\n".utf8).write(to: URL(fileURLWithPath: "\(dir)/r.csv"))
        XCTAssertThrowsError(try ramp.run(potential: lj, initial: s, sites: LatticeDisplacement(reference: s), resume: true)) {
            XCTAssertTrue("\($0)".contains("shorter"), "\($0)")
        }
    }
}
