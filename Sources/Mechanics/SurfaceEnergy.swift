import Atoms
import Foundation
import Potentials

/// Energy of a free surface from a periodic slab: γ = (E_slab − E_bulk) / (2 A), with
/// E_bulk the energy of the same atoms in the oriented cell without vacuum. The slab is cut at
/// the widest gap between layers, unreconstructed, positions relaxed at fixed cell.
public struct SurfaceEnergy: Sendable {
    /// Plane label ("100", "110", "111", "0001").
    public var plane: String
    /// Relaxed surface energy, J/m².
    public var relaxed: Double
    /// Surface energy of the bulk-terminated slab, J/m².
    public var unrelaxed: Double
    /// Atoms in the slab.
    public var atoms: Int
    /// Slab thickness and vacuum, Å.
    public var thickness: Double
    public var vacuum: Double

    /// eV/Å² in J/m².
    public static let eVPerA2InJPerM2 = 16.021766208

    /// The slab of `plane` at least `thickness` Å thick (whole periods) with `vacuum` Å of
    /// empty space along the normal, and the bulk cell of the same atoms.
    public static func slab(_ plane: OrientedCell, thickness: Double, vacuum: Double) throws -> (slab: Structure, bulk: Structure) {
        let repeats = max(1, Int((thickness / plane.period).rounded(.up)))
        let bulk = try plane.stacked(repeats)
        var slab = bulk
        let normal = cross(bulk.cell[0], bulk.cell[1])
        let a3 = bulk.cell[2] + vacuum * normal / length(normal)
        slab.cell = Cell(bulk.cell[0], bulk.cell[1], a3)
        return (slab, bulk)
    }

    /// γ of `plane`, relaxed to `forceTolerance` (eV/Å).
    public static func compute(_ plane: OrientedCell, thickness: Double, vacuum: Double, calculator: inout Calculator,
                               forceTolerance: Double = 1e-5) throws -> SurfaceEnergy {
        let (slab, bulk) = try Self.slab(plane, thickness: thickness, vacuum: vacuum)
        let eBulk = try calculator.evaluate(bulk, wanted: [.energy]).energy!
        let eSlab = try calculator.evaluate(slab, wanted: [.energy]).energy!
        var settings = RelaxationSettings()
        settings.forceTolerance = forceTolerance
        let relaxed = try Relaxation.run(slab, calculator: &calculator, settings: settings)
        guard relaxed.converged else {
            throw InputError(String(format: "the (%@) slab relaxation did not converge (max force %.2e eV/Å)", plane.plane, relaxed.maxForce))
        }
        let area = length(cross(slab.cell[0], slab.cell[1]))
        let scale = eVPerA2InJPerM2 / (2 * area)
        return SurfaceEnergy(plane: plane.plane, relaxed: (relaxed.energy - eBulk) * scale, unrelaxed: (eSlab - eBulk) * scale,
                             atoms: slab.count, thickness: bulk.cell.volume / area, vacuum: vacuum)
    }
}
