import Atoms
import Potentials

/// λ against the MD step for a nonequilibrium switch: held at `from` up to `startStep`,
/// moved to `to` over `steps` steps along `shape`, held at `to` afterwards.
public struct SwitchSchedule: Sendable, Equatable {
    /// How λ moves with the reduced time τ = (step − start)/steps ∈ [0, 1].
    public enum Shape: Sendable, Equatable {
        /// λ = from + (to − from) s(τ), s(τ) = τ⁵(70τ⁴ − 315τ³ + 540τ² − 420τ + 126): zero
        /// first to fourth derivatives at both ends (de Koning & Antonelli, Phys. Rev. E 53,
        /// 465 (1996); Freitas, Asta & de Koning, Comput. Mater. Sci. 112, 333 (2016)).
        case smooth
        /// 1/λ linear in τ: the temperature T₀/λ a reversible-scaling switch stands for
        /// rises or falls at a constant rate (de Koning, Antonelli & Yip, Phys. Rev. Lett.
        /// 83, 3973 (1999)). `from` and `to` must be positive.
        case reciprocalLinear
    }

    public var startStep: Int
    public var steps: Int
    public var from: Double
    public var to: Double
    public var shape: Shape

    public init(startStep: Int, steps: Int, from: Double, to: Double, shape: Shape) {
        precondition(steps > 0, "a switch takes at least one step")
        self.startStep = startStep
        self.steps = steps
        self.from = from
        self.to = to
        self.shape = shape
    }

    /// The last step of the switch.
    public var endStep: Int { startStep + steps }

    /// λ at `step`.
    public func lambda(atStep step: Int) -> Double {
        let t = min(1, max(0, Double(step - startStep) / Double(steps)))
        switch shape {
        case .smooth:
            let s = t * t * t * t * t * (70 * t * t * t * t - 315 * t * t * t + 540 * t * t - 420 * t + 126)
            return from + (to - from) * s
        case .reciprocalLinear:
            return 1 / (1 / from + t * (1 / to - 1 / from))
        }
    }
}

/// A potential switched by λ during a run: the driver hook behind Frenkel–Ladd and
/// reversible-scaling free energies. `ForceEngine` evaluates the Hamiltonian
///
///     toReference:  H(λ) = (1 − λ) U + λ U_ref     (dH/dλ = U_ref − U)
///     scaling:      H(λ) = λ U                     (dH/dλ = U)
///
/// with λ from `schedule` at the state's step, and records (λ, dH/dλ) at every evaluation
/// from the schedule's start step to its end step, so that the work along the switch is
/// W = ∫ dH/dλ dλ (`work`).
public struct PotentialSwitch {
    public enum Path {
        /// From the engine's potential (λ = 0) to `reference` (λ = 1).
        case toReference(ForceField)
        /// The engine's potential scaled by λ.
        case scaling
    }

    public var path: Path
    public var schedule: SwitchSchedule
    /// λ at the recorded evaluations.
    public private(set) var lambdas: [Double] = []
    /// dH/dλ at the recorded evaluations, eV (whole cell).
    public private(set) var derivatives: [Double] = []

    public init(path: Path, schedule: SwitchSchedule) {
        self.path = path
        self.schedule = schedule
    }

    /// Starts a new switch with `schedule`, forgetting the recorded samples.
    public mutating func restart(_ schedule: SwitchSchedule) {
        self.schedule = schedule
        lambdas.removeAll(keepingCapacity: true)
        derivatives.removeAll(keepingCapacity: true)
    }

    /// W = ∫ dH/dλ dλ over the recorded samples (trapezoids), eV.
    public var work: Double { cumulativeWork.last ?? 0 }

    /// The running integral ∫ dH/dλ dλ at each recorded sample (0 at the first), eV.
    public var cumulativeWork: [Double] { Self.cumulativeWork(lambdas: lambdas, derivatives: derivatives) }

    /// The running integral ∫ dH/dλ dλ (trapezoids) over samples of λ and dH/dλ (eV) taken
    /// along a switch, 0 at the first: the work of props' switches and of those LAMMPS runs.
    public static func cumulativeWork(lambdas: [Double], derivatives: [Double]) -> [Double] {
        precondition(lambdas.count == derivatives.count, "one dH/dλ per λ")
        var w = [Double](repeating: 0, count: lambdas.count)
        for k in lambdas.indices.dropFirst() {
            w[k] = w[k - 1] + 0.5 * (derivatives[k] + derivatives[k - 1]) * (lambdas[k] - lambdas[k - 1])
        }
        return w
    }

    /// Mixes `own` (the engine's potential at `structure`) with the reference at λ of
    /// `step`, records the sample when the step is within the switch, and returns the
    /// evaluation of H(λ).
    mutating func mix(_ own: Evaluation, structure: Structure, step: Int, wanted: Quantities) throws -> Evaluation {
        let lambda = schedule.lambda(atStep: step)
        let u = own.energy ?? .nan
        var out = own
        let derivative: Double
        switch path {
        case .scaling:
            derivative = u
            out.energy = lambda * u
            out.perAtomEnergies = own.perAtomEnergies.map { $0.map { lambda * $0 } }
            out.forces = own.forces.map { $0.map { lambda * $0 } }
            out.stress = own.stress.map { lambda * $0 }
        case .toReference(var reference):
            let r = try reference.evaluate(structure, wanted: wanted.intersection(reference.potential.supplies))
            path = .toReference(reference)
            let a = 1 - lambda, uRef = r.energy ?? .nan
            derivative = uRef - u
            out.energy = a * u + lambda * uRef
            out.perAtomEnergies = nil
            if let f = own.forces, let g = r.forces {
                out.forces = (0..<f.count).map { a * f[$0] + lambda * g[$0] }
            }
            if let s = own.stress {
                // A reference without stress (the Einstein springs, used at constant volume) adds none.
                out.stress = a * s + lambda * (r.stress ?? .zero)
            }
        }
        if step >= schedule.startStep && step <= schedule.endStep {
            lambdas.append(lambda)
            derivatives.append(derivative)
        }
        return out
    }
}
