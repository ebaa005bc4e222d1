import Atoms
import Neighbors

/// The one binding of a potential to a structure that changes a little between
/// evaluations — MD steps, relaxation steps, strains, finite displacements: a Verlet
/// neighbour list with a skin (rebuilt when an atom has moved half the skin or the cell
/// has changed enough), checks that the energy and forces are finite, and the tally of
/// neural-network extrapolations over every evaluation. `Calculator` (statics, phonons)
/// and `ForceEngine` (MD) are thin adapters over it.
public struct ForceField {
    public let potential: Potential
    /// Verlet skin, Å.
    public let skin: Double
    private var verlet: VerletList?
    private var buildsBefore = 0
    /// Extrapolations over all evaluations so far.
    public private(set) var extrapolation = ExtrapolationTally()

    /// - Parameter skin: neighbour-list skin in Å.
    public init(_ potential: Potential, skin: Double) {
        self.potential = potential
        self.skin = skin
    }

    /// Evaluations done.
    public var evaluations: Int { extrapolation.evaluations }

    /// Neighbour-list builds so far.
    public var listBuilds: Int { buildsBefore + (verlet?.builds ?? 0) }

    /// Drops the neighbour list: the next evaluation builds a fresh one. (A checkpoint does
    /// this so that a resumed run, which must build its list anew, sums forces in exactly
    /// the same order as the uninterrupted run.)
    public mutating func invalidate() {
        buildsBefore += verlet?.builds ?? 0
        verlet = nil
    }

    /// Evaluates `wanted` for `s`. Throws `NonFiniteResult` when an energy, force or stress
    /// component is not finite or overflows (`Evaluation.checkedFinite`, one pass).
    public mutating func evaluate(_ s: Structure, wanted: Quantities) throws -> Evaluation {
        if verlet == nil {
            verlet = try VerletList(s, cutoff: potential.cutoff, skin: skin, kind: potential.neighborKind)
        }
        let list = try verlet!.update(s)
        let r = try potential.evaluate(s, neighbors: list, wanted: wanted)
        extrapolation.add(r)
        return try r.checkedFinite(potential)
    }
}
