import Atoms
import Dynamics
import Potentials

/// Lengths of a nonequilibrium switch: equilibration at each end, then the switch.
public struct SwitchingSettings: Sendable {
    /// Steps held at each end of λ before switching.
    public var equilibrationSteps: Int
    /// Steps of each switch (forward and backward).
    public var switchSteps: Int

    public init(equilibrationSteps: Int, switchSteps: Int) {
        self.equilibrationSteps = equilibrationSteps
        self.switchSteps = switchSteps
    }
}

/// The work of a forward (λ 0 → 1) and a backward (1 → 0) switch, eV (whole cell).
public struct SwitchingWork: Sendable {
    public let forward: Double
    public let backward: Double

    public init(forward: Double, backward: Double) {
        self.forward = forward
        self.backward = backward
    }

    /// The reversible work (the free-energy difference H(1) − H(0)): the dissipation,
    /// equal in both directions to first order, cancels, ΔF = (W_f − W_b)/2.
    public var reversible: Double { 0.5 * (forward - backward) }
    /// The mean dissipated energy (W_f + W_b)/2 ≥ 0; small when the switch is slow.
    public var dissipation: Double { 0.5 * (forward + backward) }
}

/// Nonequilibrium thermodynamic integration from a potential to a reference system of
/// known free energy (Frenkel & Ladd, J. Chem. Phys. 81, 3188 (1984) for the Einstein
/// crystal; Freitas, Asta & de Koning, Comput. Mater. Sci. 112, 333 (2016) for the
/// nonequilibrium form): H(λ) = (1 − λ)U + λU_ref, held at λ = 0, switched to 1 along the
/// smooth schedule, held at 1, switched back. Run at constant volume and temperature.
public enum FrenkelLadd {
    /// Runs the switches on `sim` (its integrator sets the ensemble) from its present
    /// state to `reference` and back; the engine is left without the switch.
    public static func switchWork(_ sim: inout Simulation, reference: Potential, settings: SwitchingSettings) throws -> SwitchingWork {
        let skin = sim.engine.skin
        let start = sim.state.step + settings.equilibrationSteps
        sim.engine.switching = PotentialSwitch(path: .toReference(ForceField(reference, skin: skin)),
                                               schedule: SwitchSchedule(startStep: start, steps: settings.switchSteps, from: 0, to: 1, shape: .smooth))
        defer { sim.engine.switching = nil }
        let forward = try run(&sim, settings)
        let back = sim.state.step + settings.equilibrationSteps
        sim.engine.switching!.restart(SwitchSchedule(startStep: back, steps: settings.switchSteps, from: 1, to: 0, shape: .smooth))
        let backward = try run(&sim, settings)
        return SwitchingWork(forward: forward, backward: backward)
    }

    /// Equilibrates at the schedule's starting λ, switches, and returns the work.
    private static func run(_ sim: inout Simulation, _ settings: SwitchingSettings) throws -> Double {
        try sim.prepare()
        try sim.run(until: sim.engine.switching!.schedule.endStep)
        return sim.engine.switching!.work
    }
}
