import Atoms
import Neighbors
import Potentials

/// A potential bound to a Verlet neighbor list, for calculations that evaluate many
/// nearby structures in a row (relaxations, strain scans, finite displacements).
public struct Calculator {
    public let potential: Potential
    private var verlet: VerletList?
    /// Number of evaluations done.
    public private(set) var evaluations = 0
    /// Descriptor values outside the potential's training range, summed over evaluations
    /// (`Evaluation.extrapolations`), and the number of evaluations that had any.
    public private(set) var extrapolations = 0
    public private(set) var extrapolatedEvaluations = 0

    public init(_ potential: Potential) { self.potential = potential }

    /// Evaluates `wanted` for `s`, reusing the neighbor list while it is valid.
    public mutating func evaluate(_ s: Structure, wanted: Quantities) throws -> Evaluation {
        if verlet == nil || verlet!.list.count != s.count {
            verlet = try VerletList(s, cutoff: potential.cutoff, skin: 0.5, kind: potential.neighborKind)
        }
        let list = try verlet!.update(s)
        evaluations += 1
        let result = try potential.evaluate(s, neighbors: list, wanted: wanted).checkedFinite(potential)
        if let x = result.extrapolations, x > 0 {
            extrapolations += x
            extrapolatedEvaluations += 1
        }
        if let e = result.energy, !e.isFinite {
            throw InputError("the energy is not finite (atoms too close, or outside the potential's tables?)")
        }
        return result
    }
}
