import Atoms
import Dynamics
import Potentials
import TestSupport
import XCTest

final class IntegratorTests: XCTestCase {
    /// NVE velocity Verlet with Cu EAM: no drift of the total energy, and fluctuations
    /// that scale as Δt² (halving the step quarters them).
    func testNVEConservesEnergyWithErrorsScalingAsDtSquared() throws {
        let cu = try PotentialLoader.load(Fixtures.classicalPotential("Cu_mishin1.eam.alloy"))
        let s = try Supercell.make(Lattices.build(.fcc, elements: [Element(symbol: "Cu")!], a: 3.615),
                                   repeats: SIMD3(repeating: 3))
        func run(dtFs: Double, steps: Int) throws -> [Double] {
            var engine = ForceEngine(cu)
            var (state, rng) = try Toy.start(s, &engine, temperatureK: 1200, seed: 3)
            var integrator = Integrator(timestep: dtFs * Units.fsInPs, masses: s.masses)
            var energies: [Double] = []
            for _ in 0..<steps {
                try integrator.step(&state, engine: &engine, rng: &rng, stress: false)
                energies.append(state.totalEnergy / Double(s.count))
            }
            XCTAssertLessThan(length(state.momentum), 1e-9)
            return energies
        }
        let coarse = try run(dtFs: 2, steps: 200)
        let fine = try run(dtFs: 1, steps: 400)
        func spread(_ e: [Double]) -> Double {
            let m = e.reduce(0, +) / Double(e.count)
            return (e.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(e.count)).squareRoot()
        }
        let ratio = spread(coarse) / spread(fine)
        XCTAssertGreaterThan(ratio, 3.0, "fluctuation ratio \(ratio)")
        XCTAssertLessThan(ratio, 5.5, "fluctuation ratio \(ratio)")
        // Drift over 0.4 ps: first and last 0.1 ps averages.
        let head = coarse.prefix(50).reduce(0, +) / 50, tail = coarse.suffix(50).reduce(0, +) / 50
        XCTAssertLessThan(abs(tail - head) / 0.3, 1e-4, "drift eV/atom/ps")
        XCTAssertLessThan(spread(coarse), 2e-4)
    }

    /// Maxwell–Boltzmann start: exact temperature over 3N − 3 dof, zero momentum, and the
    /// same velocities for the same seed.
    func testMaxwellBoltzmannStart() {
        let masses = [Double](repeating: 63.546, count: 50) + [Double](repeating: 28.085, count: 50)
        var a = RandomSource(seed: 11), b = RandomSource(seed: 11)
        let v = MDState.maxwellBoltzmann(masses: masses, temperatureK: 500, rng: &a)
        XCTAssertEqual(v, MDState.maxwellBoltzmann(masses: masses, temperatureK: 500, rng: &b))
        let s = MDState(structure: Structure(cell: .orthorhombic(SIMD3(repeating: 20)),
                                             positions: [SIMD3<Double>](repeating: .zero, count: 100),
                                             elements: [Element](repeating: Element(symbol: "Cu")!, count: 100),
                                             masses: masses), velocities: v)
        XCTAssertEqual(s.temperature(degreesOfFreedom: 297), 500, accuracy: 1e-9)
        XCTAssertLessThan(length(s.momentum), 1e-10)
    }

    /// Gamma and χ² draws have the right mean and variance.
    func testRandomSourceDistributions() {
        var rng = RandomSource(seed: 5)
        for shape in [0.5, 3.0, 40.0] {
            let x = (0..<40000).map { _ in rng.gamma(shape: shape) }
            let m = x.reduce(0, +) / Double(x.count)
            let v = x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count)
            XCTAssertEqual(m, shape, accuracy: 4 * (shape / 40000).squareRoot())
            XCTAssertEqual(v / shape, 1, accuracy: 0.05)
        }
        let g = (0..<40000).map { _ in rng.gaussian() }
        XCTAssertEqual(g.reduce(0) { $0 + $1 * $1 } / 40000, 1, accuracy: 0.03)
    }

    /// A checkpoint written mid-run and read back continues bit for bit: CSVR + stochastic
    /// cell rescaling (the random generator and both extended variables matter) and
    /// Nosé–Hoover chains + MTK with a fully flexible cell (cell velocity and two chains).
    func testCheckpointResumesBitForBit() throws {
        try assertResumesBitForBit {
            Integrator(timestep: 0.005, masses: $0,
                       thermostat: VelocityRescaling(temperatureK: 60, damping: 0.05, stochastic: true),
                       barostat: CellRescaling(pressureGPa: 0.1, damping: 0.2, coupling: .anisotropic, stochastic: true))
        }
        try assertResumesBitForBit {
            Integrator(timestep: 0.005, masses: $0, thermostat: NoseHooverChain(temperatureK: 60, damping: 0.05),
                       barostat: MTKBarostat(pressureGPa: 0.1, damping: 0.2, coupling: .triclinic))
        }
    }

    func assertResumesBitForBit(_ makeIntegrator: ([Double]) -> Integrator, file: StaticString = #filePath,
                                line: UInt = #line) throws {
        let (lj, s) = try Toy.argon()
        var engine = ForceEngine(lj)
        var (state, rng) = try Toy.start(s, &engine, temperatureK: 60, seed: 9)
        var integrator = makeIntegrator(s.masses)
        for _ in 0..<15 { try integrator.step(&state, engine: &engine, rng: &rng, stress: false) }
        let path = Fixtures.temporaryDirectory().appendingPathComponent("checkpoint.txt").path
        try Checkpoint(settings: [("seed", "9"), ("note", "two words")], state: state, rng: rng,
                       thermostat: integrator.thermostat!.checkpointValues,
                       barostat: integrator.barostat!.checkpointValues, fileSizes: [("thermo.csv", 123)]).write(to: path)
        engine.invalidate()
        for _ in 0..<25 { try integrator.step(&state, engine: &engine, rng: &rng, stress: false) }

        let c = try Checkpoint.read(path: path)
        XCTAssertEqual(c.setting("note"), "two words", file: file, line: line)
        XCTAssertEqual(c.fileSizes.first?.bytes, 123, file: file, line: line)
        var resumed = c.state, rng2 = c.rng
        var integrator2 = makeIntegrator(s.masses)
        integrator2.thermostat!.checkpointValues = c.thermostat
        integrator2.barostat!.checkpointValues = c.barostat
        var engine2 = ForceEngine(lj)
        for _ in 0..<25 { try integrator2.step(&resumed, engine: &engine2, rng: &rng2, stress: false) }
        XCTAssertEqual(resumed.step, state.step, file: file, line: line)
        XCTAssertEqual(resumed.structure.positions.map { $0.x.bitPattern }, state.structure.positions.map { $0.x.bitPattern },
                       file: file, line: line)
        XCTAssertEqual(resumed.velocities, state.velocities, file: file, line: line)
        XCTAssertEqual(resumed.structure.cell, state.structure.cell, file: file, line: line)
        XCTAssertEqual(rng2.snapshot, rng.snapshot, file: file, line: line)
        XCTAssertEqual(integrator2.conservedEnergy(resumed).bitPattern, integrator.conservedEnergy(state).bitPattern,
                       file: file, line: line)
    }

    /// Coincident atoms give non-finite forces; the failure names the step.
    func testNonFiniteForcesAndRunawayTemperatureStopTheRun() throws {
        let (lj, s) = try Toy.argon()
        var bad = s
        bad.positions[1] = bad.positions[0]
        var engine = ForceEngine(lj)
        var state = MDState(structure: bad, velocities: [SIMD3<Double>](repeating: .zero, count: s.count))
        state.step = 7
        XCTAssertThrowsError(try engine.evaluate(&state, stress: false)) { error in
            XCTAssertTrue("\(error)".hasPrefix("step 7:"), "\(error)")
        }
        var hot = MDState(structure: s, velocities: [SIMD3<Double>](repeating: SIMD3(100, 0, 0), count: s.count))
        hot.step = 3
        XCTAssertThrowsError(try SafetyCheck(targetTemperatureK: 50).check(hot, temperatureK: 1e6)) { error in
            XCTAssertTrue("\(error)".contains("step 3: the temperature ran away"), "\(error)")
        }
        var close = MDState(structure: s, velocities: hot.velocities)
        close.structure.positions[1] = close.structure.positions[0] + SIMD3(0.2, 0, 0)
        XCTAssertThrowsError(try SafetyCheck(targetTemperatureK: 50).check(close, temperatureK: 50)) { error in
            XCTAssertTrue("\(error)".contains("overlap"), "\(error)")
        }
        // A barostat that diverged leaves a NaN cell: the failure names the step and the
        // cell rather than the neighbor search's complaint about its input.
        var diverged = MDState(structure: s, velocities: hot.velocities)
        diverged.structure.cell.matrix[2, 2] = .nan
        diverged.step = 11
        XCTAssertThrowsError(try engine.evaluate(&diverged, stress: true)) { error in
            XCTAssertTrue("\(error)".hasPrefix("step 11: the cell is no longer finite"), "\(error)")
        }
    }

    /// The potential energy is evaluated only at steps where something reads it (an
    /// observer that needs it, the run's last step); skipping it elsewhere leaves the
    /// trajectory and the energies that are read bit for bit the same.
    func testEnergyIsEvaluatedOnlyWhereRead() throws {
        let (lj, s) = try Toy.argon()
        func run(progressNeedsEnergy: Bool) throws -> (state: MDState, progress: [Double], thermo: [Double]) {
            var engine = ForceEngine(lj)
            let (state, rng) = try Toy.start(s, &engine, temperatureK: 60, seed: 3)
            let integrator = Integrator(timestep: 0.005, masses: s.masses,
                                        thermostat: VelocityRescaling(temperatureK: 60, damping: 0.05, stochastic: true))
            var sim = Simulation(state: state, integrator: integrator, engine: engine, rng: rng)
            var progress: [Double] = [], thermo: [Double] = []
            sim.observers = [ClosureObserver(Cadence(every: 1), needsEnergy: progressNeedsEnergy) { s, _ in progress.append(s.potentialEnergy) },
                             ClosureObserver(Cadence(every: 5)) { s, _ in thermo.append(s.potentialEnergy) }]
            try sim.run(steps: 23)
            return (sim.state, progress, thermo)
        }
        let full = try run(progressNeedsEnergy: true), lean = try run(progressNeedsEnergy: false)
        XCTAssertEqual(lean.state.structure.positions, full.state.structure.positions)
        XCTAssertEqual(lean.state.velocities, full.state.velocities)
        XCTAssertEqual(lean.thermo.map(\.bitPattern), full.thermo.map(\.bitPattern))
        XCTAssertEqual(lean.thermo.count, 4)
        XCTAssertTrue(full.progress.allSatisfy(\.isFinite))
        XCTAssertEqual(lean.progress.count, 23)
        for (k, e) in lean.progress.enumerated() {
            let step = k + 1
            if step % 5 == 0 || step == 23 {
                XCTAssertEqual(e.bitPattern, full.progress[k].bitPattern, "step \(step)")
            } else {
                XCTAssertTrue(e.isNaN, "step \(step) evaluated an energy nobody reads")
            }
        }
    }
}
