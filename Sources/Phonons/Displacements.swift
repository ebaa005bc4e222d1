import Atoms
import Foundation
import Mechanics
import Potentials

/// The finite displacements a phonon calculation needs: for each symmetry-independent
/// primitive atom, Cartesian directions x, y, z as far as its site symmetry does not
/// already generate them, and −u as well unless the site symmetry maps u onto −u (so the
/// force constants are central differences), as phonopy chooses them.
public enum Displacements {
    /// (supercell atom, displacement in Å) pairs.
    public static func plan(_ symmetry: SupercellSymmetry, amplitude: Double) -> [(atom: Int, displacement: SIMD3<Double>)] {
        let s = symmetry.supercell
        var independent: [Int] = []
        for p in s.primitiveToSupercell where !independent.contains(where: { symmetry.operation(mapping: $0, to: p) != nil }) {
            independent.append(p)
        }
        var plan: [(Int, SIMD3<Double>)] = []
        for atom in independent {
            let site = symmetry.siteSymmetry(of: atom).map(\.rotation)
            var spanned: [SIMD3<Double>] = []
            for axis in [SIMD3<Double>(1, 0, 0), SIMD3(0, 1, 0), SIMD3(0, 0, 1)] {
                let images = site.map { $0 * axis }
                guard rank(spanned + images) > rank(spanned) else { continue }
                spanned += images
                plan.append((atom, amplitude * axis))
                if !site.contains(where: { length($0 * axis + axis) < 1e-9 }) {
                    plan.append((atom, -amplitude * axis))
                }
                if rank(spanned) == 3 { break }
            }
        }
        return plan
    }

    /// Rank of a set of 3-vectors (0...3).
    static func rank(_ vectors: [SIMD3<Double>]) -> Int {
        var basis: [SIMD3<Double>] = []
        for v in vectors {
            var w = v
            for b in basis { w -= dot(w, b) * b }
            if length(w) > 1e-8 { basis.append(w / length(w)) }
            if basis.count == 3 { break }
        }
        return basis.count
    }

    /// Runs the planned displacements with `potential` and returns the records. Forces of
    /// the undistorted supercell are subtracted (they vanish at equilibrium; subtracting
    /// them removes residual-stress and round-off offsets as phonopy's force-drift handling).
    public static func compute(_ plan: [(atom: Int, displacement: SIMD3<Double>)], supercell: PhononSupercell,
                               calculator: inout Calculator,
                               progress: ((Int, Int) -> Void)? = nil) throws -> [DisplacementRecord] {
        var records: [DisplacementRecord] = []
        let base = try calculator.evaluate(supercell.structure, wanted: [.forces]).forces!
        for (k, step) in plan.enumerated() {
            var s = supercell.structure
            s.positions[step.atom] += step.displacement
            let forces = try calculator.evaluate(s, wanted: [.forces]).forces!
            records.append(DisplacementRecord(atom: step.atom, displacement: step.displacement,
                                              forces: zip(forces, base).map { $0 - $1 }))
            progress?(k + 1, plan.count)
        }
        return records
    }
}
