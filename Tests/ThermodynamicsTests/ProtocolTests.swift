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

    /// CSVR + stochastic cell rescaling with argon's compressibility, 20 fs steps (argon at a few K).
    static let harmonicArgonNPT = EnsembleSettings(timestepPs: 0.02, thermostat: .csvr(dampingPs: 0.1),
                                                   barostat: .cellRescaling(dampingPs: 0.1, coupling: .isotropic, compressibilityPerGPa: 0.3))

    /// The heat-capacity protocol on a nearly harmonic crystal (argon at 4 K, CSVR + stochastic
    /// cell rescaling with argon's compressibility): the classical harmonic values with the
    /// centre of mass fixed (3N − 3 kinetic and 3N − 3 vibrational quadratic terms, plus one
    /// for the volume in NPT): Cv = (3N − 3)/N, Cp = (6N − 5)/(2N) k_B/atom, within three
    /// standard errors plus 0.1.
    func testHarmonicCrystalHeatCapacityThroughTheProtocol() throws {
        let (lj, s) = try ModelSystems.argon(cutoff: 5.9)
        let settings = HeatCapacitySettings(ensemble: Self.harmonicArgonNPT, steps: 6000, equilibrate: 300, sampleEvery: 1, blocks: 10, nvt: true)
        try settings.validate()
        let p = try HeatCapacityProtocol.measure(settings, temperatureK: 4, seed: 2, structure: s, potential: lj, outputDirectory: nil)
        let n = Double(s.count)
        let cv = try XCTUnwrap(p.cv)
        print("argon 4 K through the protocol: Cp = \(p.cp.value / n) ± \(p.cp.error / n), Cv = \(cv.value / n) ± \(cv.error / n) k_B/atom")
        XCTAssertEqual(p.cp.value / n, (6 * n - 5) / (2 * n), accuracy: 3 * p.cp.error / n + 0.1)
        XCTAssertEqual(cv.value / n, (3 * n - 3) / n, accuracy: 3 * cv.error / n + 0.1)
        XCTAssertEqual(p.nptSamples.count, 6000)
        XCTAssertFalse(p.extrapolation.tracked)
    }

    /// dH/dT from the mean enthalpies at 3, 4 and 5 K (argon, the ensemble above, 4000
    /// steps each, one seed per temperature) through the weighted line of `enthalpyFit`: the
    /// same classical harmonic Cp = (6N − 5)/(2N) k_B/atom, within three of its standard
    /// errors plus 0.03 (1 %, for the anharmonicity at 4 K), and that error is below 5 % of
    /// Cp from 12,000 steps, where the fluctuation formula's at 4 K alone is larger.
    func testHarmonicCrystalEnthalpySlopeThroughTheProtocol() throws {
        let (lj, s) = try ModelSystems.argon(cutoff: 5.9)
        let settings = HeatCapacitySettings(ensemble: Self.harmonicArgonNPT, steps: 4000, equilibrate: 300, sampleEvery: 2, blocks: 10, nvt: false)
        try settings.validate()
        let points = try [3.0, 4, 5].enumerated().map { k, t in
            try HeatCapacityProtocol.measure(settings, temperatureK: t, seed: 10 + UInt64(k), structure: s, potential: lj, outputDirectory: nil)
        }
        let n = Double(s.count), expected = (6 * n - 5) / (2 * n)
        let fit = try XCTUnwrap(HeatCapacityProtocol.enthalpyFit(points))
        print("argon dH/dT at 3/4/5 K: Cp = \(fit.slope) ± \(fit.error) k_B/atom (harmonic \(expected)); fluctuation at 4 K: \(points[1].cp.value / n) ± \(points[1].cp.error / n)")
        XCTAssertEqual(fit.temperatureK, 4, accuracy: 1e-12)
        XCTAssertEqual(fit.slope, expected, accuracy: 3 * fit.error + 0.03)
        XCTAssertLessThan(fit.error, 0.05 * expected)
        XCTAssertLessThan(fit.error, points[1].cp.error / n)
    }
}
