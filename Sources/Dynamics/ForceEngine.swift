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

/// A potential bound to a Verlet list (cutoff + skin, rebuilt when an atom has moved half
/// the skin or the cell has changed enough): fills an `MDState`'s forces, energy and
/// stress, and stops at non-finite results.
public struct ForceEngine {
    public let potential: Potential
    /// Verlet skin, Å.
    public let skin: Double
    private var verlet: VerletList?
    private var buildsBefore = 0

    /// - Parameter skin: neighbor-list skin in Å (LAMMPS metal default is 2; 1 is enough
    ///   for solids and liquids at ordinary temperatures with dt ≤ 2 fs).
    public init(_ potential: Potential, skin: Double = 1.0) {
        self.potential = potential
        self.skin = skin
    }

    /// Neighbor-list builds so far.
    public var listBuilds: Int { buildsBefore + (verlet?.builds ?? 0) }

    /// Drops the neighbor list: the next evaluation builds a fresh one from the positions
    /// it is given. A checkpoint does this so that a resumed run, which must build its
    /// list anew, sums forces in exactly the same order as the uninterrupted run.
    public mutating func invalidate() {
        buildsBefore += verlet?.builds ?? 0
        verlet = nil
    }

    /// Evaluates energy, forces and (when `stress` is true) stress at the state's
    /// positions. Throws `RunFailure` naming the atom when a force or the energy is not
    /// finite.
    public mutating func evaluate(_ state: inout MDState, stress: Bool) throws {
        let s = state.structure
        if verlet == nil {
            verlet = try VerletList(s, cutoff: potential.cutoff, skin: skin, kind: potential.neighborKind)
        }
        let list = try verlet!.update(s)
        var wanted: Quantities = [.energy, .forces]
        if stress { wanted.insert(.stress) }
        let r = try potential.evaluate(s, neighbors: list, wanted: wanted)
        guard let e = r.energy, e.isFinite else {
            throw RunFailure(step: state.step, "the potential energy is not finite")
        }
        let forces = r.forces!
        for i in 0..<forces.count {
            let f = forces[i]
            if !(f.x.isFinite && f.y.isFinite && f.z.isFinite) {
                throw RunFailure(step: state.step, "the force on atom \(i + 1) is not finite (\(f.x), \(f.y), \(f.z)) eV/Å")
            }
        }
        state.potentialEnergy = e
        state.forces = forces
        state.stress = r.stress
    }
}
