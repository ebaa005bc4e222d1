import Atoms
import Dynamics
import Foundation
import Potentials

/// A free energy against temperature, per atom.
public struct FreeEnergyCurve: Sendable {
    /// Temperatures, K, ascending.
    public var temperaturesK: [Double]
    /// Free energies, eV/atom.
    public var freeEnergies: [Double]
    /// The largest half-difference of forward and backward estimates along the sweep,
    /// eV/atom: the dissipation the averaging removed.
    public var dissipation: Double

    public init(temperaturesK: [Double], freeEnergies: [Double], dissipation: Double) {
        self.temperaturesK = temperaturesK
        self.freeEnergies = freeEnergies
        self.dissipation = dissipation
    }

    /// The free energy at `t` by linear interpolation; nil outside the curve.
    public func value(at t: Double) -> Double? {
        guard let first = temperaturesK.first, let last = temperaturesK.last, t >= first, t <= last else { return nil }
        guard temperaturesK.count > 1 else { return freeEnergies[0] }
        // The first temperature ≥ t (bisection: curves hold a point per MD step).
        var lo = 0, hi = temperaturesK.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if temperaturesK[mid] >= t { hi = mid } else { lo = mid + 1 }
        }
        let k = max(1, lo)
        let t0 = temperaturesK[k - 1], t1 = temperaturesK[k]
        guard t1 > t0 else { return freeEnergies[k] }
        return freeEnergies[k - 1] + (freeEnergies[k] - freeEnergies[k - 1]) * (t - t0) / (t1 - t0)
    }

    /// Joins curves (sweeps up and down from the same temperature) into one, ascending.
    public static func joined(_ curves: [FreeEnergyCurve]) -> FreeEnergyCurve {
        let points = curves.flatMap { zip($0.temperaturesK, $0.freeEnergies) }.sorted { $0.0 < $1.0 }
        var t: [Double] = [], g: [Double] = []
        for (x, y) in points where t.last.map({ x > $0 + 1e-9 }) ?? true {
            t.append(x)
            g.append(y)
        }
        return FreeEnergyCurve(temperaturesK: t, freeEnergies: g, dissipation: curves.map(\.dissipation).max() ?? 0)
    }
}

/// Reversible scaling (de Koning, Antonelli & Yip, Phys. Rev. Lett. 83, 3973 (1999)): the
/// potential scaled by λ at temperature T₀ samples the same configurations as the potential
/// at T = T₀/λ, so one switch of λ from 1 to T₀/T_f gives the free energy over [T₀, T_f]:
///
///     G(T) = G(T₀)/λ + (3/2) k_BT ln λ + W(λ)/λ,   W(λ) = ∫₁^λ ⟨U⟩ dλ'
///
/// per atom, at zero pressure (a pressure would have to be scaled with λ too). The work
/// is the mean of the forward switch and the reversed backward switch, which removes the
/// dissipation to first order.
public enum ReversibleScaling {
    /// Holds the run at λ = 1 (temperature T₀ = the thermostat's target), switches λ to
    /// T₀/`toK`, holds, switches back, and returns G(T) between T₀ and `toK` from
    /// `freeEnergy` = G(T₀) (eV/atom). The engine is left without the switch.
    public static func sweep(_ sim: inout Simulation, fromK t0: Double, toK tf: Double, freeEnergy g0: Double,
                             settings: SwitchingSettings) throws -> FreeEnergyCurve {
        let lambdaEnd = t0 / tf
        var start = sim.state.step + settings.equilibrationSteps
        sim.engine.switching = PotentialSwitch(path: .scaling,
                                               schedule: SwitchSchedule(startStep: start, steps: settings.switchSteps, from: 1, to: lambdaEnd, shape: .reciprocalLinear))
        defer { sim.engine.switching = nil }
        try sim.prepare()
        try sim.run(until: start + settings.switchSteps)
        let forward = (sim.engine.switching!.lambdas, sim.engine.switching!.cumulativeWork)
        start = sim.state.step + settings.equilibrationSteps
        sim.engine.switching!.restart(SwitchSchedule(startStep: start, steps: settings.switchSteps, from: lambdaEnd, to: 1, shape: .reciprocalLinear))
        try sim.prepare()
        try sim.run(until: start + settings.switchSteps)
        let backward = (sim.engine.switching!.lambdas, sim.engine.switching!.cumulativeWork)
        return curve(forward: forward, backward: backward, fromK: t0, freeEnergy: g0, atoms: sim.state.count)
    }

    /// G(T) from the cumulative works of a forward switch (λ from 1) and a backward switch
    /// (λ back to 1) sampled at mirrored λ (eV, whole cell), G(T₀) in eV/atom.
    public static func curve(forward: (lambdas: [Double], work: [Double]), backward: (lambdas: [Double], work: [Double]),
                             fromK t0: Double, freeEnergy g0: Double, atoms: Int) -> FreeEnergyCurve {
        let n = min(forward.lambdas.count, backward.lambdas.count)
        let total = backward.work[backward.work.count - 1]
        var t: [Double] = [], g: [Double] = []
        var dissipation = 0.0
        for k in 0..<n {
            let lambda = forward.lambdas[k]
            // The backward switch passes the same λ at its sample count − 1 − k; the work it
            // did from there back to 1, reversed, estimates the work from 1 to λ.
            let kb = backward.lambdas.count - 1 - k
            let wBack = -(total - backward.work[kb])
            let w = 0.5 * (forward.work[k] + wBack) / Double(atoms)
            dissipation = max(dissipation, abs(0.5 * (forward.work[k] - wBack) / Double(atoms) / lambda))
            let temperature = t0 / lambda
            t.append(temperature)
            g.append(g0 / lambda + 1.5 * Units.boltzmann * temperature * log(lambda) + w / lambda)
        }
        return FreeEnergyCurve.joined([FreeEnergyCurve(temperaturesK: t, freeEnergies: g, dissipation: dissipation)])
    }
}
