import Atoms
import Neighbors
import Potentials

/// A run that had to stop: non-finite forces, atoms too close, a runaway temperature.
/// The message names the step.
public struct RunFailure: Error, CustomStringConvertible {
    /// The step at which the problem was found.
    public let step: Int
    /// What went wrong, in words for the user.
    public let reason: String

    public init(step: Int, _ reason: String) {
        self.step = step
        self.reason = reason
    }

    public var description: String { "step \(step): \(reason)" }
}

/// The force-field binding (`ForceField`: Verlet list with a skin, finiteness checks,
/// extrapolation tally) for MD: fills an `MDState`'s forces, energy and stress, and turns
/// a non-finite result into a `RunFailure` naming the step.
public struct ForceEngine {
    /// The binding; its `extrapolation` tally covers the whole run.
    public private(set) var forceField: ForceField
    /// When set, the engine evaluates the λ-switched Hamiltonian of a free-energy switch
    /// (λ from the state's step) instead of the potential alone, and records dH/dλ.
    public var switching: PotentialSwitch?

    /// - Parameter skin: neighbor-list skin in Å (LAMMPS metal default is 2; 1 is enough
    ///   for solids and liquids at ordinary temperatures with dt ≤ 2 fs).
    public init(_ potential: Potential, skin: Double = 1.0) {
        forceField = ForceField(potential, skin: skin)
    }

    public var potential: Potential { forceField.potential }
    public var skin: Double { forceField.skin }

    /// Neighbor-list builds so far.
    public var listBuilds: Int { forceField.listBuilds }

    /// Extrapolations over the evaluations so far.
    public var extrapolation: ExtrapolationTally { forceField.extrapolation }

    /// Drops the neighbor list (see `ForceField.invalidate`).
    public mutating func invalidate() { forceField.invalidate() }

    /// Evaluates forces, the energy (when `energy` is true, and always while switching,
    /// whose dH/dλ needs it) and (when `stress` is true) stress at the state's positions.
    /// Throws `RunFailure` naming the step (and atom) when the cell, a force or the energy
    /// is not finite. A force-only potential, or `energy` false, leaves the potential
    /// energy NaN.
    public mutating func evaluate(_ state: inout MDState, stress: Bool, energy: Bool = true) throws {
        var wanted: Quantities = [.forces]
        if energy || switching != nil { wanted.insert(.energy) }
        if stress { wanted.insert(.stress) }
        // A diverged barostat leaves a non-finite cell, which no neighbor search can bin.
        let volume = state.structure.cell.volume
        guard volume.isFinite, volume > 0 else {
            throw RunFailure(step: state.step, "the cell is no longer finite (volume \(volume) Å³): "
                             + "the barostat diverged; a smaller time step or a longer barostat damping may help")
        }
        var r: Evaluation
        do {
            r = try forceField.evaluate(state.structure, wanted: wanted.intersection(potential.supplies))
            if switching != nil {
                r = try switching!.mix(r, structure: state.structure, step: state.step, wanted: wanted)
            }
        } catch let e as NonFiniteResult {
            throw RunFailure(step: state.step, e.message)
        }
        state.potentialEnergy = r.energy ?? .nan
        state.forces = r.forces!
        state.stress = r.stress
    }
}

public extension ForceEngine {
    /// Throws unless `potential` supplies what molecular dynamics needs (forces; stress too
    /// with a barostat); returns a warning when it supplies no energy, so that the run has
    /// no conserved quantity to check (its potential and total energies are NaN).
    static func check(_ potential: Potential, barostat: Bool) throws -> String? {
        try potential.require(barostat ? [.forces, .stress] : [.forces], for: barostat ? "md with a barostat" : "md")
        guard !potential.supplies.contains(.energy) else { return nil }
        return "\(potential.name) supplies forces but no energy: the run has no conserved quantity to check, "
            + "and its potential and total energies are NaN"
    }
}
