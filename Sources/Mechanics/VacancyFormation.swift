import Atoms
import Foundation
import Potentials

/// Formation energy of a single vacancy in a periodic supercell:
/// E_v^f = E(N − 1 atoms, relaxed) − (N − 1)/N · E(N atoms, perfect).
public struct VacancyFormation: Sendable {
    /// Atoms of the perfect supercell.
    public var atoms: Int
    /// Without relaxation (atom removed, nothing moved), eV.
    public var unrelaxed: Double
    /// Positions relaxed at the perfect crystal's cell (constant volume), eV.
    public var constantVolume: Double
    /// Positions and cell relaxed to zero stress, eV.
    public var zeroPressure: Double
    /// Formation volume at zero pressure, V(N − 1) − (N − 1) Ω, in atomic volumes Ω.
    public var formationVolume: Double

    /// The vacancy made by removing atom `site` of `perfect` (a supercell relaxed at zero
    /// pressure), relaxed to `forceTolerance` (eV/Å) and, with the cell, to 1e-7 eV/Å³.
    public static func compute(perfect: Structure, site: Int = 0, calculator: inout Calculator,
                               forceTolerance: Double = 1e-6) throws -> VacancyFormation {
        let n = Double(perfect.count)
        let reference = try calculator.evaluate(perfect, wanted: [.energy]).energy!
        let defect = removing(site, from: perfect)
        let unrelaxed = try calculator.evaluate(defect, wanted: [.energy]).energy!
        var settings = RelaxationSettings()
        settings.forceTolerance = forceTolerance
        let fixed = try Relaxation.run(defect, calculator: &calculator, settings: settings)
        settings.relaxCell = true
        settings.stressTolerance = 1e-7
        let free = try Relaxation.run(fixed.structure, calculator: &calculator, settings: settings)
        guard fixed.converged, free.converged else {
            throw InputError(String(format: "the vacancy relaxation did not converge (max force %.2e eV/Å)", max(fixed.maxForce, free.maxForce)))
        }
        let bulk = (n - 1) / n * reference
        let omega = perfect.cell.volume / n
        return VacancyFormation(atoms: perfect.count, unrelaxed: unrelaxed - bulk, constantVolume: fixed.energy - bulk,
                                zeroPressure: free.energy - bulk,
                                formationVolume: (free.structure.cell.volume - (n - 1) * omega) / omega)
    }

    /// `s` without atom `site`.
    public static func removing(_ site: Int, from s: Structure) -> Structure {
        var d = s
        d.positions.remove(at: site)
        d.elements.remove(at: site)
        d.masses.remove(at: site)
        return d
    }
}
