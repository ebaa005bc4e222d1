import Foundation
import Atoms

/// One finite-displacement calculation: supercell atom `atom` moved by `displacement`
/// (Å) and the resulting forces on every supercell atom (eV/Å).
public struct DisplacementRecord: Sendable {
    public let atom: Int
    public let displacement: SIMD3<Double>
    public let forces: [SIMD3<Double>]

    public init(atom: Int, displacement: SIMD3<Double>, forces: [SIMD3<Double>]) {
        self.atom = atom
        self.displacement = displacement
        self.forces = forces
    }
}

/// Harmonic force constants Φ(p, j) = ∂²E/∂u_p∂u_j (eV/Å²) between each primitive atom p
/// (its supercell representative) and every supercell atom j: phonopy's compact form.
public struct ForceConstants: Sendable {
    public let supercell: PhononSupercell
    /// `phi[p][j]`, row α column β: Φ_{pα, jβ}.
    public internal(set) var phi: [[Matrix3]]
    /// Largest |Σ_j Φ(p, j)| element before the acoustic-sum-rule correction, eV/Å².
    public internal(set) var sumRuleDrift = 0.0
    /// Cartesian rotations of the crystal's point group that the force constants were built
    /// to respect (the supercell-compatible operations of the symmetry they were solved
    /// with; the identity alone without symmetry): a q-point mesh may be reduced by them.
    public let pointGroup: [Matrix3]

    /// Solves for the force constants from displacement records, expanding each displaced
    /// atom's data by its site symmetry (F_{S j} = R F_j for displacement R u) and solving
    /// −F = Φ u by least squares, then carrying Φ to the other primitive atoms by the
    /// operations that map them (Φ(S a, S j) = R Φ(a, j) Rᵀ), as phonopy does.
    public init(records: [DisplacementRecord], symmetry: SupercellSymmetry) throws {
        let s = symmetry.supercell
        supercell = s
        var rotations: [Matrix3] = []
        for r in symmetry.rotations where !rotations.contains(where: { ($0 - r).maxAbs < 1e-8 }) { rotations.append(r) }
        pointGroup = rotations
        let n = s.structure.count
        var known: [Int: [Matrix3]] = [:]
        for atom in Set(records.map(\.atom)).sorted() {
            let mine = records.filter { $0.atom == atom }
            let site = symmetry.siteSymmetry(of: atom)
            // Σ u uᵀ over the expanded displacement set and Σ (−F_j) uᵀ per target atom.
            var uu = Matrix3.zero
            var fu = [Matrix3](repeating: .zero, count: n)
            for op in site {
                let r = op.rotation
                for rec in mine {
                    let u = r * rec.displacement
                    uu += Matrix3.outer(u, u)
                    for j in 0..<n {
                        fu[op.permutation[j]] += Matrix3.outer(-(r * rec.forces[j]), u)
                    }
                }
            }
            guard abs(uu.determinant) > 1e-30 * pow(uu.maxAbs, 3) && uu.maxAbs > 0 else {
                throw InputError("the displacements of atom \(atom + 1) do not span three dimensions, even with its site symmetry")
            }
            // −F_j = Φ(a, j)ᵀ u, so the least-squares M = Σ(−F)uᵀ (Σuuᵀ)⁻¹ is Φ(a, j)ᵀ.
            let inverse = uu.inverse
            known[atom] = fu.map { ($0 * inverse).transpose }
        }
        var phi: [[Matrix3]] = []
        for p in s.primitiveToSupercell {
            if let direct = known[p] { phi.append(direct); continue }
            var mapped: [Matrix3]? = nil
            for (atom, fc) in known {
                guard let op = symmetry.operation(mapping: atom, to: p) else { continue }
                var out = [Matrix3](repeating: .zero, count: n)
                let r = op.rotation
                for j in 0..<n { out[op.permutation[j]] = r * fc[j] * r.transpose }
                mapped = out
                break
            }
            guard let m = mapped else {
                throw InputError("no displacement data for primitive atom \(phi.count + 1) or any atom equivalent to it")
            }
            phi.append(m)
        }
        self.phi = phi
        applySumRule()
    }

    /// Translational invariance (acoustic sum rule, Σ_j Φ(p, j) = 0) together with index
    /// permutation symmetry (Φ_{pα, jβ} = Φ_{jβ, pα}), as phonopy's symmetrisation: the two
    /// orthogonal projections are alternated until both hold to round-off, then the last
    /// residual of the sum is taken off the self term. `sumRuleDrift` keeps the largest
    /// |Σ_j Φ(p, j)| element before.
    mutating func applySumRule() {
        var drift = 0.0
        for k in phi.indices { drift = max(drift, phi[k].reduce(Matrix3.zero, +).maxAbs) }
        sumRuleDrift = drift
        let partner = PermutationPartner(supercell)
        let scale = phi.map { $0.map(\.maxAbs).max() ?? 0 }.max() ?? 0
        let n = Double(supercell.structure.count)
        for _ in 0..<200 {
            var change = 0.0
            let old = phi
            for k in phi.indices {
                for j in phi[k].indices {
                    let (q, m) = partner[k, j]
                    let mean = 0.5 * (old[k][j] + old[q][m].transpose)
                    change = max(change, (mean - old[k][j]).maxAbs)
                    phi[k][j] = mean
                }
            }
            for k in phi.indices {
                let shift = (1 / n) * phi[k].reduce(Matrix3.zero, +)
                change = max(change, shift.maxAbs)
                for j in phi[k].indices { phi[k][j] = phi[k][j] - shift }
            }
            if change <= 1e-15 * max(scale, 1e-300) { break }
        }
        for (k, p) in supercell.primitiveToSupercell.enumerated() {
            phi[k][p] = phi[k][p] - phi[k].reduce(Matrix3.zero, +)
        }
    }

    /// Largest |Φ_{pα, jβ} − Φ_{jβ, pα}|, eV/Å² (zero after symmetrisation up to round-off).
    public var permutationAsymmetry: Double {
        let partner = PermutationPartner(supercell)
        var worst = 0.0
        for k in phi.indices {
            for j in phi[k].indices {
                let (q, m) = partner[k, j]
                worst = max(worst, (phi[k][j] - phi[q][m].transpose).maxAbs)
            }
        }
        return worst
    }
}

/// For a compact force-constant entry Φ(p, j) (p a primitive atom's representative), the
/// entry holding Φ(j, p): the primitive atom q of j and the supercell atom m that p becomes
/// when the pair is translated so that j lands on q's representative.
struct PermutationPartner {
    let pairs: [[(Int, Int)]]

    init(_ s: PhononSupercell) {
        let translate = SupercellTranslation(s)
        pairs = s.primitiveToSupercell.map { p in
            (0..<s.structure.count).map { j -> (Int, Int) in
                let q = s.primitiveAtom[j]
                return (q, translate(p, by: s.structure.positions[s.primitiveToSupercell[q]] - s.structure.positions[j]))
            }
        }
    }

    subscript(k: Int, j: Int) -> (Int, Int) { pairs[k][j] }
}
