import Atoms
import Neighbors

/// The 12-6 Lennard-Jones pair potential for one element,
/// φ(r) = 4ε[(σ/r)¹² − (σ/r)⁶] − φ(r_c) for r < r_c (shifted to zero at the cutoff so the
/// energy is continuous). For tests and simple models.
public struct LennardJones: Potential {
    /// Well depth ε, eV.
    public let epsilon: Double
    /// Length σ, Å.
    public let sigma: Double
    public let cutoff: Double
    public let element: Element

    public var name: String { "Lennard-Jones \(element.symbol) (ε=\(epsilon) eV, σ=\(sigma) Å, rc=\(cutoff) Å)" }
    public var species: [Element] { [element] }
    public var supplies: Quantities { .all }
    public var neighborKind: NeighborList.Kind { .half }

    public init(element: Element, epsilon: Double, sigma: Double, cutoff: Double) {
        self.element = element
        self.epsilon = epsilon
        self.sigma = sigma
        self.cutoff = cutoff
    }

    /// Pair energy (eV) and dφ/dr (eV/Å) at r (Å), unshifted.
    @inline(__always) func pair(_ r2: Double) -> (Double, Double) {
        let s2 = sigma * sigma / r2
        let s6 = s2 * s2 * s2
        let e = 4 * epsilon * (s6 * s6 - s6)
        let dEdrOverR = -24 * epsilon * (2 * s6 * s6 - s6) / r2
        return (e, dEdrOverR)
    }

    public func evaluate(_ structure: Structure, neighbors: NeighborList, wanted: Quantities) throws -> Evaluation {
        _ = try typeIndices(structure)
        let shift = pair(cutoff * cutoff).0
        return PairSum.evaluate(structure, neighbors: neighbors, wanted: wanted, cutoff: cutoff) { r2 in
            let (e, dEdrOverR) = pair(r2)
            return (e - shift, dEdrOverR)
        }
    }
}
