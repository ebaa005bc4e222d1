import Atoms
import Foundation

/// Crystalline order in slabs along the third lattice vector, for solid–liquid
/// coexistence runs: in each slab ψ = ⟨|Σ_j exp(2πi m·s_j)|/n⟩ over the shortest
/// reciprocal-lattice vectors m of the reference crystal with a full structure factor (for
/// fcc the {111} family), s_j fractional coordinates. A crystal slab keeps ψ near its
/// Debye–Waller factor (≈ 0.8–0.9 at melting); a liquid slab of n atoms has ψ ≈ 1/√n.
/// The vectors are integers in the supercell's reciprocal basis, so they follow the cell.
public struct SlabOrder: Sendable {
    /// Reciprocal vectors used (integer components in the cell's reciprocal basis).
    public let vectors: [SIMD3<Int>]
    /// Number of slabs along the third lattice vector.
    public let slabs: Int

    /// Finds the vectors from `reference`, a perfect crystal; nil when it has no
    /// reciprocal vector with a full structure factor within 1.5/d (d the nearest-neighbour
    /// distance).
    public init?(reference: Structure, nearestNeighbourDistance d: Double, slabs: Int) {
        let cell = reference.cell
        let b = cell.reciprocal
        let gmax = 1.5 / d
        let s = reference.positions.map { cell.fractional($0) }
        let lengths = cell.lengths
        let bound = [lengths.x, lengths.y, lengths.z].map { Int((gmax * $0).rounded(.up)) }
        var found: [(m: SIMD3<Int>, g: Double)] = []
        for i in -bound[0]...bound[0] {
            for j in -bound[1]...bound[1] {
                for k in 0...bound[2] where (k, j, i) > (0, 0, 0) {
                    let m = SIMD3(i, j, k)
                    let g = length(SIMD3(Double(i), Double(j), Double(k)) * b)
                    guard g <= gmax, SlabOrder.order(m, s, s.indices) > 0.99 else { continue }
                    found.append((m, g))
                }
            }
        }
        guard let shortest = found.map(\.g).min() else { return nil }
        vectors = found.filter { $0.g <= shortest * 1.001 }.map(\.m)
        self.slabs = slabs
    }

    /// |Σ exp(2πi m·s)|/n over the atoms in `atoms`.
    static func order<C: Collection>(_ m: SIMD3<Int>, _ s: [SIMD3<Double>], _ atoms: C) -> Double where C.Element == Int {
        var re = 0.0, im = 0.0
        let mm = SIMD3(Double(m.x), Double(m.y), Double(m.z))
        for a in atoms {
            let phase = 2 * Double.pi * dot(mm, s[a])
            re += cos(phase)
            im += sin(phase)
        }
        return atoms.isEmpty ? 0 : (re * re + im * im).squareRoot() / Double(atoms.count)
    }

    /// ψ of each slab of `structure` (slab k holds the atoms with wrapped fractional third
    /// coordinate in [k/slabs, (k+1)/slabs)).
    public func profile(_ structure: Structure) -> [Double] {
        let s = structure.positions.map { structure.cell.fractional($0) }
        var members = [[Int]](repeating: [], count: slabs)
        for (a, f) in s.enumerated() {
            let z = f.z - f.z.rounded(.down)
            members[min(slabs - 1, Int(z * Double(slabs)))].append(a)
        }
        return members.map { atoms in
            vectors.reduce(0) { $0 + SlabOrder.order($1, s, atoms) } / Double(vectors.count)
        }
    }

    /// Fraction of slabs with ψ above `threshold` (0.5 lies well between a crystal's and a
    /// liquid's values for slabs of tens of atoms).
    public func solidFraction(_ structure: Structure, threshold: Double = 0.5) -> Double {
        let p = profile(structure)
        return Double(p.filter { $0 > threshold }.count) / Double(p.count)
    }
}
