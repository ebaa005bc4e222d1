import Analysis
import Atoms
import Dynamics
import Foundation
import Potentials
import Thermodynamics

/// `FreeEnergyMelting` with LAMMPS as the engine (`props melt --method free-energy --engine
/// lammps`): the same stages, lengths, samples, λ(t) schedules and seeds' structure, run by
/// LAMMPS; props computes the volumes, the spring constant, the reference free energies, the
/// switching work (`PotentialSwitch.cumulativeWork` on the λ and dH/dλ LAMMPS printed every
/// step), G(T) (`ReversibleScaling.curve`) and Tm (`FreeEnergyMelting.crossing`).
///
/// Per phase and seed, three or four LAMMPS runs in `directory/<phase>-seed<S>/`:
/// - `melt` (liquid): NPT at 1.5 T₀ (at least T₀ + 500 K) from Maxwell–Boltzmann velocities;
/// - `npt`: NPT at T₀, ⟨V⟩ over the second half (props' samples, every 10 steps);
/// - `nvt`: the perfect crystal (solid) or the liquid scaled to ⟨V⟩, NVT at T₀; for the solid
///   `compute msd com yes` (displacements from the sites relative to the centre of mass, as
///   props' `EinsteinSprings`) gives k = 3k_BT/⟨u²⟩;
/// - `switch`: the Frenkel–Ladd switch to the Einstein crystal (`fix ti/spring … function 2`,
///   props' smooth λ(τ)) or to the Uhlenbeck–Ford fluid (`pair_style hybrid/scaled` of the
///   potential and `ufm` with λ an equal-style variable of the step) and back, in NVT; then
///   the reversible-scaling sweeps to each end of the range and back (`hybrid/scaled` with
///   λ(step), 1/λ linear in time), in NPT.
///
/// Ensembles: Langevin as props (`fix langevin`, same τ), with `zero yes` (no net random
/// force) and zero total momentum in the `nvt` and `switch` runs, so that the centre of mass
/// stays on the sites' centre of mass: springs to fixed sites (`ti/spring`) are then the
/// springs relative to the centre of mass props switches to, and props' centre-of-mass
/// correction applies unchanged. The barostat is MTK (`fix nph iso`, props' barostat time
/// constant): LAMMPS has no stochastic cell rescaling; both sample NPT at zero pressure.
public enum LAMMPSFreeEnergy {
    /// Runs both phases for every seed; returns the result and the LAMMPS version. `log` gets
    /// a line per stage.
    public static func run(_ settings: FreeEnergyMeltingSettings, spec: String, potential: Potential, crystal: Structure,
                           directory: String, installation: LAMMPSInstallation, ranks: Int,
                           log: @escaping (String) -> Void = { _ in }) throws -> (result: FreeEnergyMeltingResult, version: String) {
        let order = try FreeEnergyMelting.check(settings, crystal: crystal)
        guard crystal.cell.isLowerTriangular else {
            throw InputError("--engine lammps needs the crystal with a along x and b in the xy plane (LAMMPS's orientation), so that its sites and order parameter stay aligned")
        }
        var solid: [PhaseFreeEnergy] = [], liquid: [PhaseFreeEnergy] = []
        var version = "unknown"
        for seed in settings.seeds {
            for phase in [PhaseFreeEnergy.Phase.solid, .liquid] {
                let runner = LAMMPSPhaseRun(settings: settings, spec: spec, potential: potential, crystal: crystal, order: order,
                                            seed: seed, phase: phase, directory: "\(directory)/\(phase.rawValue)-seed\(seed)",
                                            installation: installation, ranks: ranks, log: log)
                let (r, v) = try runner.run()
                version = v
                if phase == .solid { solid.append(r) } else { liquid.append(r) }
            }
        }
        let crossings = zip(solid, liquid).map { FreeEnergyMelting.crossing(solid: $0.curve, liquid: $1.curve, seed: $0.seed) }
        return (FreeEnergyMeltingResult(solid: solid, liquid: liquid, crossings: crossings, extrapolation: ExtrapolationTally()), version)
    }
}

/// One phase of one seed of `LAMMPSFreeEnergy`.
struct LAMMPSPhaseRun {
    let settings: FreeEnergyMeltingSettings
    let spec: String
    let potential: Potential
    let crystal: Structure
    let order: SlabOrder
    let seed: UInt64
    let phase: PhaseFreeEnergy.Phase
    let directory: String
    let installation: LAMMPSInstallation
    let ranks: Int
    let log: (String) -> Void

    var label: String { "\(phase.rawValue), seed \(seed)" }
    var t0: Double { settings.guessK }

    /// props' NPT with the MTK barostat in place of stochastic cell rescaling.
    var npt: EnsembleSettings {
        var e = settings.npt
        e.barostat = .mtk(dampingPs: settings.barostatDampingPs, coupling: .isotropic)
        return e
    }

    /// Exports the potential once into `directory/potential` (and refuses what LAMMPS cannot run).
    func exporter() throws -> LAMMPSEngine {
        let plan = LAMMPSRunPlan(structure: crystal, velocities: [SIMD3<Double>](repeating: .zero, count: crystal.count), potential: spec,
                                 ensemble: npt, temperatureK: t0, seed: seed, steps: 1, thermoEvery: 1, dumpEvery: 0, restartEvery: 1,
                                 ranks: ranks)
        return try LAMMPSEngine(plan, potential: potential, directory: directory, installation: installation)
    }

    func run() throws -> (PhaseFreeEnergy, String) {
        let engine = try exporter()
        let n = crystal.count, masses = crystal.masses
        let e = settings.equilibrationSteps
        var rng = FreeEnergyMelting.random(seed: seed, phase: phase)
        let hot = FreeEnergyMelting.meltingTemperature(t0)
        var structure = crystal
        var velocities = MDState.maxwellBoltzmann(masses: masses, temperatureK: phase == .solid ? t0 : hot, rng: &rng)
        if phase == .liquid {
            log(String(format: "%@: melting at %.0f K (NPT, %d steps, LAMMPS)", label, hot, e))
            let melt = try nptRun(engine, "melt", structure, velocities, temperatureK: hot, sampleEvery: max(1, e), stage: 1)
            structure = melt.final.structure
            velocities = melt.final.velocities ?? velocities
        }
        // Volume: NPT at T₀, props' samples (every 10 steps after the first half).
        log(String(format: "%@: NPT at %.0f K, %d steps (LAMMPS)", label, t0, e))
        let nptOut = try nptRun(engine, "npt", structure, velocities, temperatureK: t0, sampleEvery: gcd(10, e / 2), stage: 2)
        let volumes = nptOut.rows.filter { Self.isSampled(Int($0[0]), from: e / 2, every: 10) }.map { $0[1] }
        guard !volumes.isEmpty else { throw InputError("the NPT run at T0 has no samples in its second half: raise --equilibrate") }
        let volume = volumes.reduce(0, +) / Double(volumes.count)
        // The perfect crystal (solid) or the liquid scaled to ⟨V⟩, no net momentum.
        let last = nptOut.final
        var state = MDState(structure: phase == .solid ? crystal : last.structure,
                            velocities: Self.withoutMomentum(last.velocities ?? velocities, masses: masses))
        state.deformPositions(by: pow(volume / state.structure.cell.volume, 1.0 / 3.0) * Matrix3.identity)
        log(String(format: "%@: NVT at %.0f K, %.4f Å³/atom, %d steps%@ (LAMMPS)", label, t0, volume / Double(n), e,
                   phase == .solid ? " for the spring constant" : ""))
        let (nvtRows, nvtFinal) = try nvtRun(engine, state)
        let orderAtStart = order.profile(nvtFinal.structure)[0]
        var spring: Double? = nil
        let referenceFreeEnergy: Double
        if phase == .solid {
            let msd = nvtRows.filter { Self.isSampled(Int($0[0]), from: e / 2, every: 10) }.map { $0[1] }
            guard !msd.isEmpty else { throw InputError("the NVT run has no samples in its second half: raise --equilibrate") }
            let k = EinsteinCrystal.springConstant(temperatureK: t0, meanSquareDisplacement: msd.reduce(0, +) / Double(msd.count))
            spring = k
            referenceFreeEnergy = FreeEnergyMelting.einsteinReference(temperatureK: t0, springConstant: k, masses: masses, volume: volume)
        } else {
            referenceFreeEnergy = try UhlenbeckFordFluid.freeEnergy(temperatureK: t0, numberDensity: Double(n) / volume, mass: masses[0],
                                                                    p: settings.ufP, sigma: settings.ufSigma)
        }
        log(String(format: "%@: switching to the %@ and back, 2 × %d steps, then reversible scaling (LAMMPS)", label,
                   phase == .solid ? "Einstein crystal" : "Uhlenbeck-Ford fluid", settings.integration.switchSteps))
        let switched = try switchRun(engine, sites: state.structure, after: nvtFinal, springConstant: spring)
        let work = switched.work
        let g0 = referenceFreeEnergy - work.reversible / Double(n)
        log(String(format: "%@: F_ref = %.5f eV/atom, ΔF = %.5f eV/atom (dissipation %.2g), G(%.0f K) = %.5f eV/atom",
                   label, referenceFreeEnergy, work.reversible / Double(n), work.dissipation / Double(n), t0, g0))
        let curves = switched.sweeps.map {
            ReversibleScaling.curve(forward: $0.forward, backward: $0.backward, fromK: t0, freeEnergy: g0, atoms: n)
        }
        let result = PhaseFreeEnergy(phase: phase, seed: seed, atoms: n, volumePerAtom: volume / Double(n), springConstant: spring,
                                     referenceFreeEnergy: referenceFreeEnergy, work: work, freeEnergy: g0,
                                     curve: FreeEnergyCurve.joined(curves), orderAtStart: orderAtStart,
                                     orderAtEnds: switched.sweeps.map(\.order))
        return (result, switched.version)
    }

    // MARK: runs

    /// An NPT run in `directory/name` (props' fixes for the ensemble, `LAMMPSInput.fixes`):
    /// rows of step and volume (Å³) every `sampleEvery` steps, and the final state.
    func nptRun(_ engine: LAMMPSEngine, _ name: String, _ s: Structure, _ v: [SIMD3<Double>], temperatureK t: Double, sampleEvery: Int,
                stage: UInt64) throws -> (rows: [[Double]], final: Frame) {
        let e = settings.equilibrationSteps
        let plan = LAMMPSRunPlan(structure: s, velocities: v, potential: spec, ensemble: npt, temperatureK: t, seed: stageSeed(stage),
                                 steps: e, thermoEvery: sampleEvery, dumpEvery: 0, restartEvery: max(1, e), ranks: ranks)
        let script = try LAMMPSScript(name: name, engine: engine, structure: s, velocities: v, timestepPs: settings.timestepPs)
        var lines = try script.header(pair: script.plainPair)
        lines += try LAMMPSInput.fixes(plan)
        lines += ["fix propsSample all print \(sampleEvery) \"$(step) $(vol:%.17g)\" file \(name).txt screen no", "run \(e)"]
        _ = try script.run(lines)
        return (try script.rows("\(name).txt", columns: 2), try script.finalFrame())
    }

    /// NVT from `state` (zero momentum kept); rows of step and, for the solid, the mean
    /// square displacement from the starting sites relative to the centre of mass (Å²).
    func nvtRun(_ engine: LAMMPSEngine, _ state: MDState) throws -> (rows: [[Double]], final: Frame) {
        let e = settings.equilibrationSteps
        let script = try LAMMPSScript(name: "nvt", engine: engine, structure: state.structure, velocities: state.velocities,
                                      timestepPs: settings.timestepPs)
        var lines = try script.header(pair: script.plainPair)
        lines += nvtFixes(stage: 3)
        let file = "nvt.txt"
        if phase == .solid {
            lines.append("compute propsMSD all msd com yes")
            lines.append("fix propsSample all print \(gcd(10, e / 2)) \"$(step) $(c_propsMSD[4]:%.17g)\" file \(file) screen no")
        } else {
            lines.append("fix propsSample all print \(max(1, e)) \"$(step) 0\" file \(file) screen no")
        }
        lines.append("run \(e)")
        _ = try script.run(lines)
        return (try script.rows(file, columns: 2), try script.finalFrame())
    }

    /// The λ and dH/dλ samples of one switch, and their running work (eV).
    struct Switch {
        var lambdas: [Double] = []
        var derivatives: [Double] = []
        var work: [Double] { PotentialSwitch.cumulativeWork(lambdas: lambdas, derivatives: derivatives) }
        var pair: (lambdas: [Double], work: [Double]) { (lambdas, work) }
    }

    /// One reversible-scaling sweep: its two switches and ψ over the hold at its far end.
    struct Sweep {
        var forward: (lambdas: [Double], work: [Double])
        var backward: (lambdas: [Double], work: [Double])
        var order: Double
    }

    /// The switch run: Frenkel–Ladd forward and back in NVT, then the sweeps in NPT.
    func switchRun(_ engine: LAMMPSEngine, sites: Structure, after nvt: Frame, springConstant k: Double?) throws
        -> (work: SwitchingWork, sweeps: [Sweep], version: String) {
        let fl = settings.integration, rs = settings.sweep
        let masses = crystal.masses
        // The solid starts on its sites (ti/spring ties each atom to where it is when the fix
        // is defined) and is moved to the NVT run's end by its displacements.
        let start = phase == .solid ? sites : nvt.structure
        let velocities = Self.withoutMomentum(nvt.velocities ?? [SIMD3<Double>](repeating: .zero, count: crystal.count), masses: masses)
        let script = try LAMMPSScript(name: "switch", engine: engine, structure: start, velocities: velocities,
                                      timestepPs: settings.timestepPs)
        let style = script.pairStyle
        let flForward = SwitchSchedule(startStep: fl.equilibrationSteps, steps: fl.switchSteps, from: 0, to: 1, shape: .smooth)
        let flBackward = SwitchSchedule(startStep: 2 * fl.equilibrationSteps + fl.switchSteps, steps: fl.switchSteps, from: 1, to: 0,
                                        shape: .smooth)
        var lines: [String]
        if let k {
            try script.writeDisplacements(from: sites, to: nvt.structure, masses: masses)
            lines = ["variable propsScale equal 1"]
            lines += try script.header(pair: script.scaledPair(reference: nil))
            // ti/spring ties each atom to where it is when the fix is defined (the sites), and
            // scales the forces summed before it: the integrator's fix first, Langevin after.
            lines += ["fix propsIntegrate all nve",
                      "fix propsSpring all ti/spring \(k) \(fl.switchSteps) \(fl.equilibrationSteps) function 2",
                      "variable propsDx atomfile displacement-x.txt", "variable propsDy atomfile displacement-y.txt",
                      "variable propsDz atomfile displacement-z.txt",
                      "displace_atoms all move v_propsDx v_propsDy v_propsDz units box",
                      "compute propsU all pair \(style)",
                      "fix propsThermostat all langevin \(t0) \(t0) \(settings.thermostatDampingPs) \(stageSeed(4)) zero yes",
                      "fix propsSwitch all print 1 \"$(step) $(f_propsSpring[1]:%.17g) $(c_propsU:%.17g) $(f_propsSpring:%.17g)\" file switch.txt screen no",
                      "run \(flBackward.endStep)", "unfix propsSwitch", "unfix propsSpring"]
        } else {
            let p = settings.ufP, sigma = settings.ufSigma
            let uf = UhlenbeckFord(p: p, sigma: sigma, temperatureK: t0, species: potential.species)
            lines = ["variable propsLambda equal \(Self.formula(flForward))", "variable propsScale equal 1-v_propsLambda",
                     "variable propsScaleRef equal v_propsLambda"]
            lines += try script.header(pair: script.scaledPair(reference: (uf.cutoff, uf.epsilon, sigma)))
            lines += ["compute propsU all pair \(style)", "compute propsUref all pair ufm"]
            lines += nvtFixes(stage: 4)
            lines += ["fix propsSwitch all print 1 \"$(step) $(v_propsLambda:%.17g) $(c_propsU:%.17g) $(c_propsUref:%.17g)\" file switch.txt screen no",
                      "run \(flForward.endStep)",
                      "variable propsLambda equal \(Self.formula(flBackward))",
                      "run \(flBackward.endStep - flForward.endStep)",
                      "unfix propsSwitch", "uncompute propsU", "uncompute propsUref",
                      "variable propsScale equal 1", "include \(try script.scaledPair(reference: nil, pairOnly: true))",
                      "compute propsU all pair \(style)"]
        }
        // Reversible scaling in NPT (MTK), from T₀ to each end of the range and back.
        lines += ["unfix propsThermostat", "unfix propsIntegrate",
                  "fix propsIntegrate all nph iso 0 0 \(settings.barostatDampingPs) pchain 3",
                  "fix propsThermostat all langevin \(t0) \(t0) \(settings.thermostatDampingPs) \(stageSeed(5)) zero yes"]
        var step = flBackward.endStep
        var plans: [(name: String, forward: SwitchSchedule, backward: SwitchSchedule)] = []
        for (name, end) in [("low", settings.lowK), ("high", settings.highK)] where end != t0 {
            let lambdaEnd = t0 / end
            let forward = SwitchSchedule(startStep: step + rs.equilibrationSteps, steps: rs.switchSteps, from: 1, to: lambdaEnd,
                                         shape: .reciprocalLinear)
            let backward = SwitchSchedule(startStep: forward.endStep + rs.equilibrationSteps, steps: rs.switchSteps, from: lambdaEnd,
                                          to: 1, shape: .reciprocalLinear)
            let q = "\"$(step) $(v_propsScale:%.17g) $(c_propsU:%.17g) 0\""
            lines += ["variable propsScale equal \(Self.formula(forward))",
                      "fix propsSweep all print 1 \(q) file sweep-\(name)-forward.txt screen no",
                      "run \(forward.endStep - step)", "unfix propsSweep",
                      "variable propsScale equal \(Self.formula(backward))",
                      "fix propsSweep all print 1 \(q) file sweep-\(name)-backward.txt screen no",
                      // ψ over the hold at the far end, props' samples (every 50 steps).
                      "dump propsOrder all custom \(gcd(50, forward.endStep)) order-\(name).lammpstrj id type xu yu zu",
                      "dump_modify propsOrder sort id format float %.12g",
                      "run \(rs.equilibrationSteps)", "undump propsOrder",
                      "run \(rs.switchSteps)", "unfix propsSweep"]
            step = backward.endStep
            plans.append((name, forward, backward))
        }
        let version = try script.run(lines)
        // The work of the switches from what LAMMPS printed, λ checked against props' schedule.
        let flRows = try script.rows("switch.txt", columns: 4)
        let forward = try Self.samples(flRows, flForward, file: "switch.txt")
        let backward = try Self.samples(flRows, flBackward, file: "switch.txt")
        let work = SwitchingWork(forward: forward.work.last ?? 0, backward: backward.work.last ?? 0)
        var sweeps: [Sweep] = []
        for p in plans {
            let f = try Self.samples(try script.rows("sweep-\(p.name)-forward.txt", columns: 4), p.forward, file: "sweep-\(p.name)-forward.txt")
            let b = try Self.samples(try script.rows("sweep-\(p.name)-backward.txt", columns: 4), p.backward, file: "sweep-\(p.name)-backward.txt")
            let turn = p.forward.endStep
            let frames = try LAMMPSOutput.snapshots(script.path("order-\(p.name).lammpstrj"), species: potential.species)
                .filter { Self.isSampled($0.step, from: turn, every: 50) && $0.step <= turn + rs.equilibrationSteps }
            let psi = frames.map { order.profile($0.frame.structure)[0] }
            sweeps.append(Sweep(forward: f.pair, backward: b.pair, order: psi.isEmpty ? .nan : psi.reduce(0, +) / Double(psi.count)))
        }
        return (work, sweeps, version)
    }

    /// Langevin NVT with no net random force (the centre of mass stays where it is).
    func nvtFixes(stage: UInt64) -> [String] {
        ["fix propsIntegrate all nve",
         "fix propsThermostat all langevin \(t0) \(t0) \(settings.thermostatDampingPs) \(stageSeed(stage)) zero yes"]
    }

    /// A LAMMPS seed (1 … 900,000,000) for each stage of this phase and seed.
    func stageSeed(_ stage: UInt64) -> UInt64 {
        let s = seed &* 1_000_003 &+ stage &* 7919 &+ (phase == .solid ? 0 : 104_729)
        return s % 899_999_999 + 1
    }

    // MARK: analysis helpers

    /// Whether a sample at `step` is one of props' `Cadence(every:from:)` samples.
    static func isSampled(_ step: Int, from start: Int, every: Int) -> Bool {
        step > start && (step - start) % every == 0
    }

    /// The samples of `schedule`'s switch among `rows` (step, λ, U, U_ref): λ and dH/dλ
    /// (U_ref − U for a switch to a reference with λ from 0 or 1 to the other, U for scaling),
    /// after checking that LAMMPS's λ is props' at every step.
    static func samples(_ rows: [[Double]], _ schedule: SwitchSchedule, file: String) throws -> Switch {
        let scaling = schedule.shape == .reciprocalLinear
        var s = Switch()
        var expected = schedule.startStep
        for r in rows where Int(r[0]) >= schedule.startStep && Int(r[0]) <= schedule.endStep {
            let step = Int(r[0])
            let lambda = schedule.lambda(atStep: step)
            guard step == expected, abs(r[1] - lambda) <= 1e-9 * max(1, abs(lambda)) else {
                throw InputError(String(format: "LAMMPS's switch does not follow props' schedule at step %d (λ %.12g, props %.12g, or a step missing)",
                                        step, r[1], lambda), file: file)
            }
            expected += 1
            s.lambdas.append(r[1])
            s.derivatives.append(scaling ? r[2] : r[3] - r[2])
        }
        guard expected == schedule.endStep + 1 else {
            throw InputError("LAMMPS printed the switch only up to step \(expected - 1) of \(schedule.endStep)", file: file)
        }
        return s
    }

    /// λ(step) of `schedule` as a LAMMPS equal-style formula.
    static func formula(_ schedule: SwitchSchedule) -> String {
        let tau = "ternary(step<=\(schedule.startStep),0,ternary(step>=\(schedule.endStep),1,(step-\(schedule.startStep))/\(schedule.steps)))"
        let (a, b) = (schedule.from.formatted17, schedule.to.formatted17)
        switch schedule.shape {
        case .smooth:
            return "\"\(a)+(\(b)-(\(a)))*(\(tau))^5*(70*(\(tau))^4-315*(\(tau))^3+540*(\(tau))^2-420*(\(tau))+126)\""
        case .reciprocalLinear:
            return "\"1/(1/\(a)+(\(tau))*(1/\(b)-1/\(a)))\""
        }
    }

    /// Velocities with the total momentum removed.
    static func withoutMomentum(_ v: [SIMD3<Double>], masses: [Double]) -> [SIMD3<Double>] {
        let total = masses.reduce(0, +)
        var p = SIMD3<Double>.zero
        for (vi, m) in zip(v, masses) { p += m * vi }
        let drift = p / total
        return v.map { $0 - drift }
    }
}

/// Greatest common divisor (the print interval that contains props' sample steps).
func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? max(1, a) : gcd(b, a % b) }

extension Double {
    /// Full precision for a LAMMPS formula.
    var formatted17: String { String(format: "%.17g", self) }
}
