import Analysis
import Atoms
import Dynamics
import Foundation
import Potentials
import TestSupport
import Thermodynamics
import XCTest

/// The heat-capacity and coexistence protocols interrupted (stopped between checkpoints, as
/// a killed run would be) and resumed give the uninterrupted run's results, samples and
/// tables bit for bit.
final class ResumeTests: XCTestCase {
    private func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// NPT (CSVR + stochastic cell rescaling) then NVT on 32 argon atoms; stopped in the NPT
    /// production (30 steps after a checkpoint, whose rows are dropped on resume) and again
    /// in the NVT phase.
    func testHeatCapacityResumesBitForBit() throws {
        let (lj, s) = try ModelSystems.argon(cutoff: 5.9)
        let ensemble = EnsembleSettings(timestepPs: 0.01, thermostat: .csvr(dampingPs: 0.1),
                                        barostat: .cellRescaling(dampingPs: 0.2, coupling: .isotropic, compressibilityPerGPa: 0.3))
        let settings = HeatCapacitySettings(ensemble: ensemble, steps: 200, equilibrate: 40, sampleEvery: 2, blocks: 5, nvt: true)
        let whole = Fixtures.temporaryDirectory().path, parts = Fixtures.temporaryDirectory().path
        func measure(_ dir: String, resume: Bool, stopAfter: Int?) throws -> HeatCapacityPoint {
            try HeatCapacityProtocol.measure(settings, temperatureK: 40, seed: 5, structure: s, potential: lj, outputDirectory: dir,
                                             checkpoint: ProtocolCheckpoint(path: dir + "/checkpoint.txt", every: 50, resume: resume,
                                                                            stopAfter: stopAfter))
        }
        let a = try measure(whole, resume: false, stopAfter: nil)
        for stop in [130, 390] {
            XCTAssertThrowsError(try measure(parts, resume: stop != 130, stopAfter: stop)) {
                XCTAssertEqual(($0 as? ProtocolInterrupted)?.step, stop)
            }
        }
        let b = try measure(parts, resume: true, stopAfter: nil)
        XCTAssertEqual(a.cp.value.bitPattern, b.cp.value.bitPattern)
        XCTAssertEqual(a.cp.error.bitPattern, b.cp.error.bitPattern)
        XCTAssertEqual(try XCTUnwrap(a.cv).value.bitPattern, try XCTUnwrap(b.cv).value.bitPattern)
        XCTAssertEqual(a.volume.bitPattern, b.volume.bitPattern)
        XCTAssertEqual(a.nptSamples.count, 100)
        XCTAssertEqual(a.nptSamples.map(\.values), b.nptSamples.map(\.values))
        XCTAssertEqual(a.nvtSamples.map(\.values), b.nvtSamples.map(\.values))
        for name in ["npt-40K.csv", "nvt-40K.csv"] {
            XCTAssertEqual(try bytes("\(whole)/\(name)"), try bytes("\(parts)/\(name)"), name)
        }
    }

    /// The coexistence protocol on 64 argon atoms, stopped in the melting phase (held atoms
    /// go through the checkpoint) and in the isenthalpic phase (its samples and table size do).
    func testCoexistenceResumesBitForBit() throws {
        let (lj, s) = try ModelSystems.argon(cutoff: 5.9)
        let ensemble = EnsembleSettings(timestepPs: 0.005, thermostat: .csvr(dampingPs: 0.1),
                                        barostat: .cellRescaling(dampingPs: 0.5, coupling: .anisotropic, compressibilityPerGPa: 0.3))
        let settings = CoexistenceSettings(ensemble: ensemble, guessK: 80, steps: 200, seed: 3, meltK: 120)
        let whole = Fixtures.temporaryDirectory().path, parts = Fixtures.temporaryDirectory().path
        func run(_ dir: String, resume: Bool, stopAfter: Int?) throws -> CoexistenceResult {
            try Coexistence.run(settings, potential: lj, initial: s, tablePath: dir + "/coexistence.csv",
                                checkpoint: ProtocolCheckpoint(path: dir + "/checkpoint.txt", every: 25, resume: resume, stopAfter: stopAfter))
        }
        let a = try run(whole, resume: false, stopAfter: nil)
        // Phases end at steps 20, 60, 80 and 280.
        for stop in [45, 60, 190] {
            XCTAssertThrowsError(try run(parts, resume: stop != 45, stopAfter: stop)) {
                XCTAssertEqual(($0 as? ProtocolInterrupted)?.step, stop == 60 ? 61 : stop)
            }
        }
        let b = try run(parts, resume: true, stopAfter: nil)
        XCTAssertEqual(a.temperatureK.bitPattern, b.temperatureK.bitPattern)
        XCTAssertEqual(a.errorK.bitPattern, b.errorK.bitPattern)
        XCTAssertEqual(a.startFraction.bitPattern, b.startFraction.bitPattern)
        XCTAssertEqual(a.final.structure.positions, b.final.structure.positions)
        XCTAssertEqual(a.final.velocities, b.final.velocities)
        XCTAssertEqual(try bytes("\(whole)/coexistence.csv"), try bytes("\(parts)/coexistence.csv"))
        XCTAssertEqual(try String(contentsOfFile: "\(whole)/coexistence.csv", encoding: .utf8).split(separator: "\n").count, 1 + 20)
    }
}
