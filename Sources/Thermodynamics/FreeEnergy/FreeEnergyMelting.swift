import Analysis
import Atoms
import Dynamics
import Foundation
import Potentials

/// The settings of a free-energy melting point (`FreeEnergyMelting`).
public struct FreeEnergyMeltingSettings: Sendable {
    /// T₀: the temperature of the Frenkel–Ladd and Uhlenbeck–Ford integrations, K.
    public var guessK: Double
    /// The range G(T) is swept over (containing T₀), K.
    public var lowK: Double
    public var highK: Double
    /// Time step, ps.
    public var timestepPs: Double
    /// Langevin thermostat and stochastic cell-rescaling barostat time constants, ps.
    public var thermostatDampingPs: Double
    public var barostatDampingPs: Double
    /// Steps of each NPT (volume) and NVT (spring constants) equilibration, and of melting
    /// the liquid.
    public var equilibrationSteps: Int
    /// The switches to the reference systems.
    public var integration: SwitchingSettings
    /// The reversible-scaling sweeps (each of [T₀, T_low] and [T₀, T_high]).
    public var sweep: SwitchingSettings
    /// One independent calculation of both phases per seed (at least two give the error).
    public var seeds: [UInt64]
    /// Uhlenbeck–Ford scale p and length σ (Å) of the liquid's reference.
    public var ufP: Double
    public var ufSigma: Double

    public init(guessK: Double, lowK: Double, highK: Double, timestepPs: Double = 0.002, thermostatDampingPs: Double = 0.1,
                barostatDampingPs: Double = 1, equilibrationSteps: Int = 5000, integration: SwitchingSettings,
                sweep: SwitchingSettings, seeds: [UInt64], ufP: Double = 50, ufSigma: Double = 1.5) {
        self.guessK = guessK
        self.lowK = lowK
        self.highK = highK
        self.timestepPs = timestepPs
        self.thermostatDampingPs = thermostatDampingPs
        self.barostatDampingPs = barostatDampingPs
        self.equilibrationSteps = equilibrationSteps
        self.integration = integration
        self.sweep = sweep
        self.seeds = seeds
        self.ufP = ufP
        self.ufSigma = ufSigma
    }

    /// NPT at zero pressure: Langevin thermostat and isotropic stochastic cell rescaling.
    public var npt: EnsembleSettings {
        EnsembleSettings(timestepPs: timestepPs, thermostat: .langevin(dampingPs: thermostatDampingPs),
                         barostat: .cellRescaling(dampingPs: barostatDampingPs, coupling: .isotropic), pressureGPa: 0)
    }

    /// Throws for settings that cannot give a melting point.
    public func validate() throws {
        guard lowK < guessK || highK > guessK, lowK <= guessK, highK >= guessK, lowK > 0 else {
            throw InputError(String(format: "the temperature range %g-%g K must contain --tguess %g K and be wider than a point", lowK, highK, guessK))
        }
        guard seeds.count >= 1 else { throw InputError("at least one seed is needed") }
        guard integration.switchSteps > 0, sweep.switchSteps > 0 else { throw InputError("switches need at least one step") }
        try npt.validate()
    }
}

/// The free energy of one phase from one seed.
public struct PhaseFreeEnergy: Sendable {
    public enum Phase: String, Sendable { case solid, liquid }
    public let phase: Phase
    public let seed: UInt64
    public let atoms: Int
    /// Mean volume of the NPT run at T₀, Å³/atom.
    public let volumePerAtom: Double
    /// Spring constant of the Einstein crystal (solid), eV/Å².
    public let springConstant: Double?
    /// Free energy of the reference system at T₀ (Einstein crystal with the centre-of-mass
    /// correction, or Uhlenbeck–Ford fluid), eV/atom.
    public let referenceFreeEnergy: Double
    /// The switches from the potential to the reference, eV (whole cell).
    public let work: SwitchingWork
    /// G(T₀) = F_ref − ΔF at zero pressure, eV/atom.
    public let freeEnergy: Double
    /// G(T) over the range, eV/atom.
    public let curve: FreeEnergyCurve
    /// The crystalline order ψ (`SlabOrder`, whole cell) at T₀ before the sweeps and at the
    /// far ends of the sweeps; a crystal stays well above `crystalThreshold`, a liquid below.
    public let orderAtStart: Double
    public let orderAtEnds: [Double]

    /// ψ between a hot crystal's (≳ 0.5) and a liquid's (≈ N^{-1/2}).
    public static let crystalThreshold = 0.25

    public init(phase: Phase, seed: UInt64, atoms: Int, volumePerAtom: Double, springConstant: Double?, referenceFreeEnergy: Double,
                work: SwitchingWork, freeEnergy: Double, curve: FreeEnergyCurve, orderAtStart: Double, orderAtEnds: [Double]) {
        self.phase = phase
        self.seed = seed
        self.atoms = atoms
        self.volumePerAtom = volumePerAtom
        self.springConstant = springConstant
        self.referenceFreeEnergy = referenceFreeEnergy
        self.work = work
        self.freeEnergy = freeEnergy
        self.curve = curve
        self.orderAtStart = orderAtStart
        self.orderAtEnds = orderAtEnds
    }

    /// Whether the phase stayed what it was meant to be through every run.
    public var keptPhase: Bool {
        let all = [orderAtStart] + orderAtEnds
        return phase == .solid ? all.allSatisfy { $0 > Self.crystalThreshold } : all.allSatisfy { $0 < Self.crystalThreshold }
    }
}

/// The melting point from one seed's solid and liquid: where their G(T) cross.
public struct MeltingCrossing: Sendable {
    public let seed: UInt64
    /// Tm, K; nil when the curves do not cross in the range.
    public let temperatureK: Double?
    /// ΔS_m = −d(G_l − G_s)/dT at Tm, k_B per atom; ΔH_m = Tm ΔS_m, eV/atom.
    public let entropy: Double?
    public let enthalpy: Double?
}

/// The outcome of `FreeEnergyMelting.run`.
public struct FreeEnergyMeltingResult: Sendable {
    public let solid: [PhaseFreeEnergy]
    public let liquid: [PhaseFreeEnergy]
    public let crossings: [MeltingCrossing]
    public let extrapolation: ExtrapolationTally

    public init(solid: [PhaseFreeEnergy], liquid: [PhaseFreeEnergy], crossings: [MeltingCrossing], extrapolation: ExtrapolationTally) {
        self.solid = solid
        self.liquid = liquid
        self.crossings = crossings
        self.extrapolation = extrapolation
    }

    /// Mean over the seeds whose curves cross, and its standard error (sample standard
    /// deviation / √n; nil with fewer than two).
    static func mean(_ x: [Double]) -> (mean: Double?, error: Double?) {
        guard !x.isEmpty else { return (nil, nil) }
        let m = x.reduce(0, +) / Double(x.count)
        guard x.count > 1 else { return (m, nil) }
        let v = x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)
        return (m, (v / Double(x.count)).squareRoot())
    }

    /// Tm ± its standard error over the seeds, K.
    public var meltingPoint: (mean: Double?, error: Double?) { Self.mean(crossings.compactMap(\.temperatureK)) }
    /// ΔH_m, eV/atom, and its standard error.
    public var enthalpy: (mean: Double?, error: Double?) { Self.mean(crossings.compactMap(\.enthalpy)) }
    /// ΔS_m, k_B/atom, and its standard error.
    public var entropy: (mean: Double?, error: Double?) { Self.mean(crossings.compactMap(\.entropy)) }
    /// Whether every solid stayed crystalline and every liquid liquid.
    public var phasesKept: Bool { (solid + liquid).allSatisfy(\.keptPhase) }

    /// Mean G(T) of a phase over the seeds on the temperatures of the first seed's curve.
    public func meanCurve(_ phase: PhaseFreeEnergy.Phase) -> FreeEnergyCurve {
        let runs = phase == .solid ? solid : liquid
        guard let first = runs.first else { return FreeEnergyCurve(temperaturesK: [], freeEnergies: [], dissipation: 0) }
        var t: [Double] = [], g: [Double] = []
        for x in first.curve.temperaturesK {
            let values = runs.compactMap { $0.curve.value(at: x) }
            guard values.count == runs.count else { continue }
            t.append(x)
            g.append(values.reduce(0, +) / Double(values.count))
        }
        return FreeEnergyCurve(temperaturesK: t, freeEnergies: g, dissipation: runs.map(\.curve.dissipation).max() ?? 0)
    }
}

/// The melting point from free energies, as calphy (Menon, Lysogorskiy, Rogal & Drautz,
/// Phys. Rev. Materials 5, 103801 (2021)) computes it, all through the `Simulation` driver:
///
/// - solid: NPT at T₀ for the volume; the perfect crystal scaled to it; NVT for the
///   spring constant k = 3k_BT/⟨u²⟩ (u relative to the centre of mass); Frenkel–Ladd switches
///   to the Einstein crystal (springs relative to the centre of mass) and back;
///   G_s(T₀) = F_Einstein + F_CM − ΔF;
/// - liquid: melted at 1.5 T₀ (at least T₀ + 500 K) in NPT, NPT at T₀ for the volume, scaled
///   to it, NVT; switches to the Uhlenbeck–Ford fluid (p, σ) at the same density and back;
///   G_l(T₀) = F_UF − ΔF;
/// - both: reversible-scaling sweeps in NPT from T₀ to each end of the range give G(T);
///   Tm where G_s = G_l, ΔS_m from the slopes, ΔH_m = Tm ΔS_m; one independent calculation
///   per seed, Tm ± the standard error over seeds.
///
/// Single-element crystals at zero pressure.
public enum FreeEnergyMelting {
    /// Runs both phases for every seed from the crystal `crystal` (the MD cell). `log` gets
    /// a line per stage.
    public static func run(_ settings: FreeEnergyMeltingSettings, potential: Potential, crystal: Structure,
                           log: @escaping (String) -> Void = { _ in }) throws -> FreeEnergyMeltingResult {
        let order = try check(settings, crystal: crystal)
        var solid: [PhaseFreeEnergy] = [], liquid: [PhaseFreeEnergy] = []
        var tally = ExtrapolationTally()
        for seed in settings.seeds {
            for phase in [PhaseFreeEnergy.Phase.solid, .liquid] {
                let (r, t) = try runPhase(phase, settings: settings, potential: potential, crystal: crystal, order: order, seed: seed, log: log)
                tally.add(t)
                if phase == .solid { solid.append(r) } else { liquid.append(r) }
            }
        }
        let crossings = zip(solid, liquid).map { crossing(solid: $0.curve, liquid: $1.curve, seed: $0.seed) }
        return FreeEnergyMeltingResult(solid: solid, liquid: liquid, crossings: crossings, extrapolation: tally)
    }

    /// Validates the settings and the crystal (one element) and returns the order parameter
    /// that checks the phases (ψ of the crystal's strongest reciprocal vector).
    public static func check(_ settings: FreeEnergyMeltingSettings, crystal: Structure) throws -> SlabOrder {
        try settings.validate()
        guard Set(crystal.elements.map(\.number)).count == 1 else {
            throw InputError("the free-energy melting point handles one element for now; the structure has \(Set(crystal.elements.map(\.symbol)).sorted().joined(separator: ", "))")
        }
        let d = LatticeDisplacement(reference: crystal).nearestNeighbourDistance
        guard let order = SlabOrder(reference: crystal, nearestNeighbourDistance: d, slabs: 1) else {
            throw InputError("the structure has no reciprocal vector with a full structure factor: the free-energy method needs a simple crystal to check the phases")
        }
        return order
    }

    /// The temperature the liquid is melted at before its NPT run at T₀: 1.5 T₀, at least
    /// T₀ + 500 K.
    public static func meltingTemperature(_ t0: Double) -> Double { max(1.5 * t0, t0 + 500) }

    /// The random stream of one phase of one seed.
    public static func random(seed: UInt64, phase: PhaseFreeEnergy.Phase) -> RandomSource {
        RandomSource(seed: seed &+ (phase == .solid ? 0 : 0x9E37_79B9))
    }

    /// The Einstein crystal's free energy with its centre-of-mass correction, eV/atom: the
    /// solid's reference, N springs k (eV/Å²) on atoms of `masses` (amu) in `volume` (Å³).
    public static func einsteinReference(temperatureK t0: Double, springConstant k: Double, masses: [Double], volume: Double) -> Double {
        let ks = [Double](repeating: k, count: masses.count)
        return (EinsteinCrystal.freeEnergy(temperatureK: t0, springConstants: ks, masses: masses)
            + EinsteinCrystal.centreOfMassCorrection(temperatureK: t0, springConstants: ks, masses: masses, volume: volume)) / Double(masses.count)
    }

    /// Where G_l − G_s changes sign (linear interpolation), and the entropy and enthalpy
    /// of melting from its slope there (least squares over ±25 K).
    public static func crossing(solid: FreeEnergyCurve, liquid: FreeEnergyCurve, seed: UInt64) -> MeltingCrossing {
        var t: [Double] = [], dg: [Double] = []
        for x in solid.temperaturesK {
            guard let l = liquid.value(at: x), let s = solid.value(at: x) else { continue }
            t.append(x)
            dg.append(l - s)
        }
        guard let k = dg.indices.dropFirst().first(where: { (dg[$0 - 1] > 0) != (dg[$0] > 0) }) else {
            return MeltingCrossing(seed: seed, temperatureK: nil, entropy: nil, enthalpy: nil)
        }
        let tm = t[k - 1] + (t[k] - t[k - 1]) * dg[k - 1] / (dg[k - 1] - dg[k])
        var window = t.indices.filter { abs(t[$0] - tm) <= 25 }
        if window.count < 2 { window = [k - 1, k] }
        let fit = LinearFit(x: window.map { t[$0] }, y: window.map { dg[$0] })
        let entropy = -fit.slope
        return MeltingCrossing(seed: seed, temperatureK: tm, entropy: entropy / Units.boltzmann, enthalpy: tm * entropy)
    }

    /// One phase, one seed.
    static func runPhase(_ phase: PhaseFreeEnergy.Phase, settings: FreeEnergyMeltingSettings, potential: Potential, crystal: Structure,
                         order: SlabOrder, seed: UInt64, log: (String) -> Void) throws -> (PhaseFreeEnergy, ExtrapolationTally) {
        let t0 = settings.guessK
        let masses = crystal.masses
        let n = crystal.count
        let npt = settings.npt
        var rng = random(seed: seed, phase: phase)
        let hot = meltingTemperature(t0)
        let start = MDState(structure: crystal, velocities: MDState.maxwellBoltzmann(masses: masses, temperatureK: phase == .solid ? t0 : hot, rng: &rng))
        var sim = Simulation(state: start, integrator: npt.integrator(masses: masses, temperatureK: t0), engine: ForceEngine(potential),
                             rng: rng, safety: SafetyCheck(targetTemperatureK: 2 * hot))
        let label = "\(phase.rawValue), seed \(seed)"
        if phase == .liquid {
            log(String(format: "%@: melting at %.0f K (NPT, %d steps)", label, hot, settings.equilibrationSteps))
            try stage(&sim, npt.integrator(masses: masses, temperatureK: hot), steps: settings.equilibrationSteps)
        }
        // Volume: NPT at T₀, mean over the second half.
        let volumes = MeanSampler(Cadence(every: 10, from: sim.state.step + settings.equilibrationSteps / 2)) { s in s.structure.cell.volume }
        log(String(format: "%@: NPT at %.0f K, %d steps", label, t0, settings.equilibrationSteps))
        try stage(&sim, npt.integrator(masses: masses, temperatureK: t0), steps: settings.equilibrationSteps, observers: [volumes])
        let volume = volumes.mean
        let nvt = npt.withoutBarostat.integrator(masses: masses, temperatureK: t0)
        // The cell at the mean volume: the perfect crystal (solid) or the liquid scaled.
        let scale = pow(volume / sim.state.structure.cell.volume, 1.0 / 3.0)
        if phase == .solid {
            let s0 = pow(volume / crystal.cell.volume, 1.0 / 3.0)
            var state = MDState(structure: crystal, velocities: sim.state.velocities)
            state.deformPositions(by: s0 * Matrix3.identity)
            state.step = sim.state.step
            sim.state = state
        } else {
            sim.state.deformPositions(by: scale * Matrix3.identity)
        }
        let sites = sim.state.structure.positions
        let reference: Potential
        let referenceFreeEnergy: Double
        var spring: Double? = nil
        if phase == .solid {
            let probe = EinsteinSprings(sites: sites, springConstants: [Double](repeating: 1, count: n), masses: masses,
                                        species: potential.species, relativeToCentreOfMass: true)
            let msd = MeanSampler(Cadence(every: 10, from: sim.state.step + settings.equilibrationSteps / 2)) { s in
                probe.displacements(s.structure).reduce(0) { $0 + lengthSquared($1) } / Double(n)
            }
            log(String(format: "%@: NVT at %.0f K, %.4f Å³/atom, %d steps for the spring constant", label, t0, volume / Double(n), settings.equilibrationSteps))
            try stage(&sim, nvt, steps: settings.equilibrationSteps, observers: [msd])
            let k = EinsteinCrystal.springConstant(temperatureK: t0, meanSquareDisplacement: msd.mean)
            spring = k
            reference = EinsteinSprings(sites: sites, springConstants: [Double](repeating: k, count: n), masses: masses,
                                        species: potential.species, relativeToCentreOfMass: true)
            referenceFreeEnergy = einsteinReference(temperatureK: t0, springConstant: k, masses: masses, volume: volume)
        } else {
            log(String(format: "%@: NVT at %.0f K, %.4f Å³/atom, %d steps", label, t0, volume / Double(n), settings.equilibrationSteps))
            try stage(&sim, nvt, steps: settings.equilibrationSteps)
            reference = UhlenbeckFord(p: settings.ufP, sigma: settings.ufSigma, temperatureK: t0, species: potential.species)
            referenceFreeEnergy = try UhlenbeckFordFluid.freeEnergy(temperatureK: t0, numberDensity: Double(n) / volume, mass: masses[0],
                                                                    p: settings.ufP, sigma: settings.ufSigma)
        }
        let orderAtStart = order.profile(sim.state.structure)[0]
        log(String(format: "%@: switching to the %@ and back, 2 × %d steps", label, phase == .solid ? "Einstein crystal" : "Uhlenbeck-Ford fluid",
                   settings.integration.switchSteps))
        sim.integrator = nvt
        let work = try FrenkelLadd.switchWork(&sim, reference: reference, settings: settings.integration)
        let g0 = referenceFreeEnergy - work.reversible / Double(n)
        log(String(format: "%@: F_ref = %.5f eV/atom, ΔF = %.5f eV/atom (dissipation %.2g), G(%.0f K) = %.5f eV/atom",
                   label, referenceFreeEnergy, work.reversible / Double(n), work.dissipation / Double(n), t0, g0))
        var curves: [FreeEnergyCurve] = [], ends: [Double] = []
        for end in [settings.lowK, settings.highK] where end != t0 {
            log(String(format: "%@: reversible scaling %.0f → %.0f K and back, 2 × %d steps", label, t0, end, settings.sweep.switchSteps))
            sim.integrator = npt.integrator(masses: masses, temperatureK: t0)
            let turn = sim.state.step + settings.sweep.equilibrationSteps + settings.sweep.switchSteps
            // ψ over the hold at the far end of the sweep.
            let endOrder = MeanSampler(Cadence(every: 50, from: turn), through: turn + settings.sweep.equilibrationSteps) { s in
                order.profile(s.structure)[0]
            }
            sim.observers = [endOrder]
            curves.append(try ReversibleScaling.sweep(&sim, fromK: t0, toK: end, freeEnergy: g0, settings: settings.sweep))
            sim.observers = []
            ends.append(endOrder.mean)
        }
        let result = PhaseFreeEnergy(phase: phase, seed: seed, atoms: n, volumePerAtom: volume / Double(n), springConstant: spring,
                                     referenceFreeEnergy: referenceFreeEnergy, work: work, freeEnergy: g0,
                                     curve: FreeEnergyCurve.joined(curves), orderAtStart: orderAtStart, orderAtEnds: ends)
        return (result, sim.engine.extrapolation)
    }

    /// Runs `steps` steps with `integrator` and `observers`.
    private static func stage(_ sim: inout Simulation, _ integrator: Integrator, steps: Int, observers: [any StepObserver] = []) throws {
        sim.integrator = integrator
        try sim.prepare()
        sim.observers = observers
        try sim.run(steps: steps)
        sim.observers = []
    }
}

/// The mean of a quantity of the state over the steps of a cadence (up to a last step).
final class MeanSampler: StepObserver {
    let cadence: Cadence
    private let last: Int
    private let quantity: (MDState) -> Double
    private var sum = 0.0
    private var count = 0

    init(_ cadence: Cadence, through last: Int = .max, _ quantity: @escaping (MDState) -> Double) {
        self.cadence = cadence
        self.last = last
        self.quantity = quantity
    }

    func observe(_ state: MDState, _ integrator: Integrator) throws {
        guard state.step <= last else { return }
        sum += quantity(state)
        count += 1
    }

    /// The mean of the samples; NaN before the first.
    var mean: Double { count == 0 ? .nan : sum / Double(count) }
}
