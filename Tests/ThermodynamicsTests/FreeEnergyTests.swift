import Atoms
import Dynamics
import Foundation
import Phonons
import Potentials
import TestSupport
import Thermodynamics
import XCTest

/// The free-energy machinery: Einstein crystal, Frenkel–Ladd switching, reversible scaling,
/// the Uhlenbeck–Ford reference, and the λ-switched potentials.
final class FreeEnergyTests: XCTestCase {
    static let copper = Element(symbol: "Cu")!
    static let kT300 = Units.boltzmann * 300

    /// 32 (n = 2) or 4n³ Cu atoms on fcc sites (a = 3.615 Å).
    func crystal(_ n: Int = 2) throws -> Structure {
        try Supercell.make(Lattices.build(.fcc, elements: [Self.copper], a: 3.615), repeats: SIMD3(n, n, n))
    }

    func springs(_ s: Structure, k: Double, centreOfMass: Bool = false) -> EinsteinSprings {
        EinsteinSprings(sites: s.positions, springConstants: [Double](repeating: k, count: s.count), masses: s.masses,
                        species: [Self.copper], relativeToCentreOfMass: centreOfMass)
    }

    /// An NVT (Langevin, τ = 0.1 ps, 2 fs) simulation of `potential` from `s` at `t` K.
    func simulation(_ potential: Potential, _ s: Structure, temperatureK t: Double, seed: UInt64) -> Simulation {
        var rng = RandomSource(seed: seed)
        let state = MDState(structure: s, velocities: MDState.maxwellBoltzmann(masses: s.masses, temperatureK: t, rng: &rng))
        let e = EnsembleSettings(timestepPs: 0.002, thermostat: .langevin(dampingPs: 0.1))
        return Simulation(state: state, integrator: e.integrator(masses: s.masses, temperatureK: t), engine: ForceEngine(potential), rng: rng)
    }

    /// The Einstein free energy 3k_BT ln(ħω/k_BT) per atom against the classical partition
    /// function of one oscillator, Z₁ = (1/Λ) ∫ e^{−βkx²/2} dx, integrated numerically.
    func testEinsteinFreeEnergyIsThePartitionFunction() {
        let m = 63.546, k = 2.3, t = 1100.0
        let kT = Units.boltzmann * t
        let h = ThermalProperties.planckEVPerTHz
        let lambda = h / (2 * Double.pi * m * Units.amuA2ps2InEV * kT).squareRoot()
        let width = (kT / k).squareRoot()
        var z = 0.0
        let dx = width / 200
        for i in -4000...4000 { z += exp(-0.5 * k * pow(Double(i) * dx, 2) / kT) * dx }
        let direct = -3 * kT * log(z / lambda)
        let f = EinsteinCrystal.freeEnergy(temperatureK: t, springConstants: [k, k], masses: [m, m]) / 2
        XCTAssertEqual(f, direct, accuracy: 1e-10)
        // The centre-of-mass correction for equal springs and masses: k_BT ln[(N/V)(2πk_BT/(Nk))^{3/2}].
        let n = 256.0, v = 256 * 12.0
        let cm = EinsteinCrystal.centreOfMassCorrection(temperatureK: t, springConstants: [Double](repeating: k, count: 256),
                                                        masses: [Double](repeating: m, count: 256), volume: v)
        XCTAssertEqual(cm, kT * log(n / v * pow(2 * Double.pi * kT / (n * k), 1.5)), accuracy: 1e-12)
        XCTAssertEqual(EinsteinCrystal.springConstant(temperatureK: t, meanSquareDisplacement: 3 * kT / k), k, accuracy: 1e-12)
    }

    /// Springs k to fixed sites sampled by MD: ⟨U⟩ = (3/2)Nk_BT, so the free energy of the
    /// Einstein crystal follows from ∂F/∂k = ⟨Σu²⟩/2: thermodynamic integration over k from
    /// 1 to 4 eV/Å² (3-point Gauss–Legendre, 0.2 % quadrature error for this 1/k integrand)
    /// reproduces F(4) − F(1) of the analytic formula (108 atoms, 3 ps per node: about 1 %
    /// statistical error).
    func testEinsteinFreeEnergyByIntegrationOverK() throws {
        let s = try crystal(3)
        let nodes = [-0.774596669241483, 0.0, 0.774596669241483]
        let weights = [5.0 / 9, 8.0 / 9, 5.0 / 9]
        let (k1, k2) = (1.0, 4.0)
        var integral = 0.0
        for (x, w) in zip(nodes, weights) {
            let k = 0.5 * (k1 + k2) + 0.5 * (k2 - k1) * x
            var sim = simulation(springs(s, k: k), s, temperatureK: 300, seed: 11)
            try sim.prepare()
            try sim.run(steps: 300)
            var sum = 0.0, count = 0.0
            sim.observers = [ClosureObserver(Cadence(every: 5, from: sim.state.step)) { st, _ in
                sum += st.potentialEnergy / k
                count += 1
            }]
            try sim.run(steps: 1500)
            integral += 0.5 * (k2 - k1) * w * sum / count
        }
        let f = { (k: Double) in EinsteinCrystal.freeEnergy(temperatureK: 300, springConstants: [Double](repeating: k, count: s.count), masses: s.masses) }
        let exact = f(k2) - f(k1)
        XCTAssertEqual(exact, 1.5 * Double(s.count) * Self.kT300 * log(k2 / k1), accuracy: 1e-10)
        XCTAssertEqual(integral / Double(s.count), exact / Double(s.count), accuracy: 0.03 * exact / Double(s.count))
    }

    /// Frenkel–Ladd switching of a harmonic crystal (springs k₁ = 1 eV/Å²) to its Einstein
    /// reference (k₂ = 4 eV/Å²): Z ∝ k^{−3N/2}, so ΔF = F₂ − F₁ = (3N/2) k_BT ln(k₂/k₁).
    func testFrenkelLaddOfAHarmonicCrystal() throws {
        let s = try crystal()
        var sim = simulation(springs(s, k: 1), s, temperatureK: 300, seed: 5)
        try sim.prepare()
        try sim.run(steps: 500)
        let w = try FrenkelLadd.switchWork(&sim, reference: springs(s, k: 4),
                                           settings: SwitchingSettings(equilibrationSteps: 250, switchSteps: 2500))
        let exact = 1.5 * Self.kT300 * log(4.0)
        XCTAssertEqual(w.reversible / Double(s.count), exact, accuracy: 0.03 * exact)
        XCTAssertGreaterThan(w.dissipation, -0.02 * abs(w.reversible))
        XCTAssertNil(sim.engine.switching, "the engine is left without the switch")
    }

    /// Reversible scaling of a harmonic crystal from 300 to 700 K reproduces
    /// F(T) = 3k_BT ln(ħω/k_BT) per atom (classical) along the whole sweep.
    func testReversibleScalingOfAHarmonicCrystal() throws {
        let s = try crystal()
        let k = 2.0
        let f = { (t: Double) in EinsteinCrystal.freeEnergy(temperatureK: t, springConstants: [Double](repeating: k, count: s.count), masses: s.masses) / Double(s.count) }
        var sim = simulation(springs(s, k: k), s, temperatureK: 300, seed: 9)
        try sim.prepare()
        let curve = try ReversibleScaling.sweep(&sim, fromK: 300, toK: 700, freeEnergy: f(300),
                                                settings: SwitchingSettings(equilibrationSteps: 250, switchSteps: 3000))
        XCTAssertEqual(curve.temperaturesK.first!, 300, accuracy: 1e-9)
        XCTAssertEqual(curve.temperaturesK.last!, 700, accuracy: 1e-9)
        for t in [400.0, 550, 700] {
            XCTAssertEqual(curve.value(at: t)!, f(t), accuracy: 2e-3, "T = \(t) K")
        }
        // The free energy falls by 0.1 eV/atom over the sweep: the check is not trivial.
        XCTAssertGreaterThan(f(300) - f(700), 0.1)
    }

    /// The switch schedules: smooth ends and the reciprocal-linear (temperature-linear) form.
    func testSwitchSchedules() {
        let smooth = SwitchSchedule(startStep: 10, steps: 100, from: 0, to: 1, shape: .smooth)
        XCTAssertEqual(smooth.lambda(atStep: 0), 0)
        XCTAssertEqual(smooth.lambda(atStep: 60), 0.5, accuracy: 1e-12)
        XCTAssertEqual(smooth.lambda(atStep: 110), 1, accuracy: 1e-12)
        XCTAssertEqual(smooth.lambda(atStep: 500), 1, accuracy: 1e-12)
        XCTAssertLessThan(smooth.lambda(atStep: 12), 1e-6, "flat start")
        let rs = SwitchSchedule(startStep: 0, steps: 100, from: 1, to: 0.5, shape: .reciprocalLinear)
        for step in [0, 25, 50, 100] {
            XCTAssertEqual(1000 / rs.lambda(atStep: step), 1000 + 10 * Double(step), accuracy: 1e-9)
        }
    }

    /// The Uhlenbeck–Ford table (p = 50): its slope at x → 0 is the second virial
    /// coefficient B₂/b = −(1/2b)∫[(1 − e^{−r²/σ²})^p − 1] 4πr² dr (computed here by
    /// quadrature, independent of the table: 7.38762, the exact alternating sum
    /// Σₖ (−1)^{k+1} C(50,k) k^{−3/2}); the paper's fit on [0, 0.0025] has 7.36735, within
    /// 0.3 %. The paper's values at x = 0.1, 1, 2, 4; and the pieces join continuously.
    func testUhlenbeckFordTable() throws {
        let sigma = 1.5, p = 50.0
        let b = 0.5 * pow(Double.pi * sigma * sigma, 1.5)
        var integral = 0.0
        let dr = 1e-4
        for i in 1...150_000 {
            let r = (Double(i) - 0.5) * dr
            integral += (pow(-expm1(-r * r / (sigma * sigma)), p) - 1) * 4 * Double.pi * r * r * dr
        }
        let b2 = -0.5 * integral / b
        let slope = try UhlenbeckFordFluid.excessFreeEnergy(x: 1e-5) / 1e-5
        XCTAssertEqual(b2, 7.387621, accuracy: 1e-5)
        XCTAssertEqual(slope, b2, accuracy: 4e-3 * b2)
        for (x, value) in [(0.1, 0.917826657161586), (1.0, 32.2027753786306), (2.0, 87.7896870845364), (4.0, 210.453362095267)] {
            XCTAssertEqual(try UhlenbeckFordFluid.excessFreeEnergy(x: x), value, accuracy: 1e-9 * value, "x = \(x)")
        }
        for x in [0.0025, 0.05, 0.1, 0.525, 1.0, 2.7] {
            let below = try UhlenbeckFordFluid.excessFreeEnergy(x: x * (1 - 1e-12)), above = try UhlenbeckFordFluid.excessFreeEnergy(x: x)
            XCTAssertEqual(below, above, accuracy: 1e-8 * above, "x = \(x)")
        }
        XCTAssertThrowsError(try UhlenbeckFordFluid.excessFreeEnergy(x: 4.5))
        XCTAssertThrowsError(try UhlenbeckFordFluid.excessFreeEnergy(x: 1, p: 25))
        // The ideal gas: F/N = k_BT[ln(ρΛ³) − 1]; Cu at 1 atom per 12 Å³ and 1000 K.
        let kT = Units.boltzmann * 1000
        let lambda = 0.0692557  // Å, h/√(2π m k_BT) for Cu (63.546 amu) at 1000 K, from the SI constants
        XCTAssertEqual(UhlenbeckFordFluid.idealGasFreeEnergy(temperatureK: 1000, numberDensity: 1 / 12.0, mass: 63.546),
                       kT * (log(pow(lambda, 3) / 12) - 1), accuracy: 1e-3 * kT)
    }

    /// Forces of the Uhlenbeck–Ford fluid and of centre-of-mass springs against central
    /// differences of their energies, and the UF stress against strain differences.
    func testReferenceForces() throws {
        let s = PotentialChecks.randomTriclinic(try crystal(), rattle: 0.3)
        let uf = UhlenbeckFord(p: 50, sigma: 1.5, temperatureK: 1300, species: [Self.copper], cutoff: 5)
        XCTAssertLessThan(try PotentialChecks.forceError(uf, s, h: 1e-5), 1e-6)
        XCTAssertLessThan(try PotentialChecks.stressError(uf, s), 1e-7)
        var masses = s.masses
        masses[3] = 20
        let ks = (0..<s.count).map { 1 + 0.1 * Double($0 % 5) }
        let e = EinsteinSprings(sites: try crystal().positions, springConstants: ks, masses: masses, species: [Self.copper],
                                relativeToCentreOfMass: true)
        XCTAssertLessThan(try PotentialChecks.forceError(e, s, h: 1e-5), 1e-8)
        let f = try e.evaluate(s, wanted: [.forces]).forces!
        XCTAssertLessThan(length(f.reduce(.zero, +)), 1e-12, "forces relative to the centre of mass sum to zero")
    }

    /// The λ-switched engine: (1 − λ)U + λU_ref and λU, energy and forces against central
    /// differences at λ = 0.3, and dH/dλ recorded.
    func testSwitchedEngineForces() throws {
        let (lj, s0) = try ModelSystems.argon(cutoff: 5.9)
        let s = PotentialChecks.randomTriclinic(s0, rattle: 0.1)
        let uf = UhlenbeckFord(p: 50, sigma: 1.5, temperatureK: 80, species: lj.species)
        let lambda = 0.3
        for path in [PotentialSwitch.Path.toReference(ForceField(uf, skin: 1)), .scaling] {
            var engine = ForceEngine(lj)
            engine.switching = PotentialSwitch(path: path, schedule: SwitchSchedule(startStep: 0, steps: 10, from: lambda, to: lambda, shape: .smooth))
            func energy(_ x: Structure) throws -> Double {
                var st = MDState(structure: x, velocities: [SIMD3<Double>](repeating: .zero, count: x.count))
                try engine.evaluate(&st, stress: false)
                return st.potentialEnergy
            }
            var state = MDState(structure: s, velocities: [SIMD3<Double>](repeating: .zero, count: s.count))
            try engine.evaluate(&state, stress: false)
            let u = try lj.evaluate(s).energy!, uRef = try uf.evaluate(s).energy!
            if case .scaling = path {
                XCTAssertEqual(state.potentialEnergy, lambda * u, accuracy: 1e-12)
                XCTAssertEqual(engine.switching!.derivatives.last!, u, accuracy: 1e-12)
            } else {
                XCTAssertEqual(state.potentialEnergy, (1 - lambda) * u + lambda * uRef, accuracy: 1e-10)
                XCTAssertEqual(engine.switching!.derivatives.last!, uRef - u, accuracy: 1e-10)
            }
            let h = 1e-5
            for i in [0, 7] {
                for c in 0..<3 {
                    var plus = s, minus = s
                    plus.positions[i][c] += h
                    minus.positions[i][c] -= h
                    XCTAssertEqual(state.forces[i][c], -(try energy(plus) - energy(minus)) / (2 * h), accuracy: 1e-6)
                }
            }
        }
    }
}
