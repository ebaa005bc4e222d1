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

    /// With a half list each pair is counted once; with a full list (a LAMMPS domain) each
    /// end takes half of the pair on its own row.
    public func evaluate(_ structure: Structure, neighbors: NeighborList, wanted: Quantities) throws -> Evaluation {
        _ = try typeIndices(structure)
        let full = neighbors.kind == .full
        let shift = pair(cutoff * cutoff).0
        let cut2 = cutoff * cutoff
        return neighbors.withLoop(structure.positions) { loop in
            ParallelEvaluation.run(count: structure.count, volume: structure.cell.volume, wanted: wanted, balance: neighbors.rowStarts) { range, sink in
                for i in range {
                    for k in loop.range(of: i) {
                        let j = loop.neighbor(k)
                        let d = loop.displacement(k, from: loop.positions[i])
                        let r2 = lengthSquared(d)
                        guard r2 < cut2 else { continue }
                        let (e, dEdrOverR) = pair(r2)
                        let ePair = e - shift
                        sink.addEnergy(i, 0.5 * ePair)
                        if full {
                            sink.add(i, j, d: d, gradient: (0.5 * dEdrOverR) * d)
                        } else {
                            sink.addEnergy(j, 0.5 * ePair)
                            sink.add(i, j, d: d, gradient: dEdrOverR * d)
                        }
                    }
                }
            }
        }
    }
}
