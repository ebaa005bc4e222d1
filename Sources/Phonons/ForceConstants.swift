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

    /// Solves for the force constants from displacement records, expanding each displaced
    /// atom's data by its site symmetry (F_{S j} = R F_j for displacement R u) and solving
    /// −F = Φ u by least squares, then carrying Φ to the other primitive atoms by the
    /// operations that map them (Φ(S a, S j) = R Φ(a, j) Rᵀ), as phonopy does.
    public init(records: [DisplacementRecord], symmetry: SupercellSymmetry) throws {
        let s = symmetry.supercell
        supercell = s
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

    /// Translational invariance (acoustic sum rule): Σ_j Φ(p, j) = 0, enforced by
    /// correcting the self term; the drift removed is kept in `sumRuleDrift`.
    mutating func applySumRule() {
        var drift = 0.0
        for (k, p) in supercell.primitiveToSupercell.enumerated() {
            let sum = phi[k].reduce(Matrix3.zero, +)
            drift = max(drift, sum.maxAbs)
            phi[k][p] = phi[k][p] - sum
        }
        sumRuleDrift = drift
    }
}

import Foundation
