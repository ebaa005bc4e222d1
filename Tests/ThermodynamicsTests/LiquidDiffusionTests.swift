import Analysis
import Dynamics
import TestSupport
import Thermodynamics
import XCTest

/// `LiquidDiffusion` on Lennard-Jones argon (32 atoms, a liquid at 150 K and 0 GPa).
final class LiquidDiffusionTests: XCTestCase {
    func settings() -> LiquidSettings {
        let ensemble = EnsembleSettings(timestepPs: 0.005, thermostat: .csvr(dampingPs: 0.1),
                                        barostat: .cellRescaling(dampingPs: 1, coupling: .isotropic))
        var s = LiquidSettings(ensemble: ensemble, premeltK: 250, premeltSteps: 300, temperatureK: 150, steps: 2000, seed: 3)
        s.equilibrateSteps = 200
        s.sampleEvery = 5
        s.fitRange = 0.05...0.1
        return s
    }

    /// With an error target, sampling stops at the first tenth of `steps` (from three tenths
    /// on) where D's relative error is within it from at least 10 blocks (here blocks of
    /// 0.2 ps: 14 in the 2.975 ps spanned by the 120 frames, one per 5 steps, of 600 steps);
    /// the result's D then meets the target and equals that of a run cut at the same step
    /// without a target (same trajectory). A target out of reach samples all `steps`.
    func testErrorTargetStopsSamplingEarly() throws {
        let (lj, crystal) = try ModelSystems.argon(cutoff: 5.9)
        var loose = settings()
        loose.errorTarget = 0.5
        let early = try LiquidDiffusion.run(loose, potential: lj, structure: crystal)
        XCTAssertEqual(early.sampledSteps, 600)
        let d = try XCTUnwrap(early.diffusion.first)
        XCTAssertLessThanOrEqual(d.error, 0.5 * d.coefficient)
        XCTAssertEqual(d.blocks, 14)
        XCTAssertGreaterThan(d.coefficient, 0.1, "a liquid: D of argon near its triple point is ~0.2 Å²/ps")

        var cut = settings()
        cut.steps = 600
        let same = try XCTUnwrap(try LiquidDiffusion.run(cut, potential: lj, structure: crystal).diffusion.first)
        XCTAssertEqual(same.coefficient, d.coefficient)
        XCTAssertEqual(same.error, d.error)

        var strict = settings()
        strict.errorTarget = 1e-4
        XCTAssertEqual(try LiquidDiffusion.run(strict, potential: lj, structure: crystal).sampledSteps, 2000)
    }

    /// A lag window narrower than two sampling intervals, or ending past the run, is refused
    /// before any MD (it could only fail after the whole run).
    func testFitWindowIsCheckedBeforeTheRun() throws {
        let (lj, crystal) = try ModelSystems.argon(cutoff: 5.9)
        var narrow = settings()
        narrow.sampleEvery = 10
        XCTAssertThrowsError(try LiquidDiffusion.run(narrow, potential: lj, structure: crystal)) {
            XCTAssertTrue("\($0)".contains("two sampling intervals (0.05 ps)"), "\($0)")
        }
        var long = settings()
        long.fitRange = 1...20
        XCTAssertThrowsError(try LiquidDiffusion.run(long, potential: lj, structure: crystal)) {
            XCTAssertTrue("\($0)".contains("within the 10 ps production run"), "\($0)")
        }
    }
}
