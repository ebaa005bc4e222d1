import Atoms
import Foundation
import Potentials

/// Intrinsic stacking-fault energy of an fcc crystal: a periodic stack of (111) layers whose
/// third cell vector is tilted by the Shockley partial a/6⟨112̄⟩, so one period holds one
/// fault; γ_SF = (E_faulted − E_perfect) / A with the positions relaxed at fixed cell.
public struct StackingFault: Sendable {
    /// Relaxed fault energy, mJ/m².
    public var relaxed: Double
    /// Rigid-shift fault energy, mJ/m².
    public var unrelaxed: Double
    /// Atoms in the cell, and its period along [111], Å.
    public var atoms: Int
    public var thickness: Double

    /// Whether `conventional` is an fcc crystal with one atom per lattice point (a cubic
    /// conventional cell whose primitive cell is face-centred with one atom).
    public static func applies(to conventional: Structure) -> Bool {
        let p = PrimitiveCell.find(conventional)
        return p.bravais == .faceCentredCubic && p.structure.count == 1
    }

    /// The perfect (111) stack at least `thickness` Å thick, and the same atoms in the
    /// faulted cell.
    public static func cells(_ plane111: OrientedCell, thickness: Double) throws -> (perfect: Structure, faulted: [Structure]) {
        let repeats = max(1, Int((thickness / plane111.period).rounded(.up)))
        let perfect = try plane111.stacked(repeats)
        // Row 1 of the (111) cell is a⟨112̄⟩; a sixth of it is the partial. Its sign decides
        // between the intrinsic fault and an unstable on-top stacking: both are returned.
        let partial = perfect.cell[1] / 6
        let faulted = [partial, -partial].map { b -> Structure in
            var s = perfect
            s.cell = Cell(perfect.cell[0], perfect.cell[1], perfect.cell[2] + b)
            return s
        }
        return (perfect, faulted)
    }

    /// γ_SF of the fcc crystal whose (111) cell is `plane111`, in a stack at least
    /// `thickness` Å thick, relaxed to `forceTolerance` (eV/Å).
    public static func compute(_ plane111: OrientedCell, thickness: Double, calculator: inout Calculator,
                               forceTolerance: Double = 1e-5) throws -> StackingFault {
        let (perfect, candidates) = try cells(plane111, thickness: thickness)
        let e0 = try calculator.evaluate(perfect, wanted: [.energy]).energy!
        var best: (Structure, Double)? = nil
        for s in candidates {
            let e = try calculator.evaluate(s, wanted: [.energy]).energy!
            if best == nil || e < best!.1 { best = (s, e) }
        }
        let (faulted, eRigid) = best!
        var settings = RelaxationSettings()
        settings.forceTolerance = forceTolerance
        let r = try Relaxation.run(faulted, calculator: &calculator, settings: settings)
        guard r.converged else {
            throw InputError(String(format: "the stacking-fault relaxation did not converge (max force %.2e eV/Å)", r.maxForce))
        }
        let area = length(cross(perfect.cell[0], perfect.cell[1]))
        let scale = 1000 * SurfaceEnergy.eVPerA2InJPerM2 / area
        return StackingFault(relaxed: (r.energy - e0) * scale, unrelaxed: (eRigid - e0) * scale,
                             atoms: perfect.count, thickness: perfect.cell.volume / area)
    }
}
