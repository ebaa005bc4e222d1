import Atoms
import Neighbors
import Potentials

/// The force-field binding (`ForceField`: Verlet list with a 0.5 Å skin, finiteness
/// checks, extrapolation tally) for calculations that evaluate many nearby structures in a
/// row (relaxations, strain scans, finite displacements). A non-finite result is bad
/// input (`InputError`).
public struct Calculator {
    public private(set) var forceField: ForceField

    public init(_ potential: Potential) { forceField = ForceField(potential, skin: 0.5) }

    public var potential: Potential { forceField.potential }
    /// Number of evaluations done.
    public var evaluations: Int { forceField.evaluations }
    /// Extrapolations over the evaluations so far.
    public var extrapolation: ExtrapolationTally { forceField.extrapolation }
    /// Descriptor values outside the potential's training range, summed over evaluations
    /// (`Evaluation.extrapolations`), and the number of evaluations that had any.
    public var extrapolations: Int { extrapolation.values }
    public var extrapolatedEvaluations: Int { extrapolation.extrapolatedEvaluations }

    /// Evaluates `wanted` for `s`, reusing the neighbor list while it is valid.
    public mutating func evaluate(_ s: Structure, wanted: Quantities) throws -> Evaluation {
        do {
            return try forceField.evaluate(s, wanted: wanted)
        } catch let e as NonFiniteResult {
            throw InputError(e.message)
        }
    }
}
