import Atoms
import Foundation
import Potentials

/// Migration barrier of a vacancy to a nearest-neighbour site by the nudged elastic band.
public enum VacancyMigration {
    /// The two relaxed ends of the hop in `perfect` (a supercell relaxed at zero pressure):
    /// the vacancy at atom `site`, and the nearest neighbour of `site` moved into it (the
    /// vacancy now at that neighbour's site). Both relaxed at the perfect cell to
    /// `forceTolerance` (eV/Å).
    public static func ends(perfect: Structure, site: Int = 0, calculator: inout Calculator,
                            forceTolerance: Double = 1e-5) throws -> (initial: Structure, final: Structure) {
        let cell = perfect.cell
        let origin = perfect.positions[site]
        let neighbour = perfect.positions.indices.filter { $0 != site }.min {
            length(cell.minimumImage(perfect.positions[$0] - origin)) < length(cell.minimumImage(perfect.positions[$1] - origin))
        }!
        let start = VacancyFormation.removing(site, from: perfect)
        var end = start
        end.positions[neighbour > site ? neighbour - 1 : neighbour] = origin
        var settings = RelaxationSettings()
        settings.forceTolerance = forceTolerance
        let a = try Relaxation.run(start, calculator: &calculator, settings: settings)
        let b = try Relaxation.run(end, calculator: &calculator, settings: settings)
        guard a.converged, b.converged else {
            throw InputError("the relaxation of a vacancy-hop end did not converge")
        }
        return (a.structure, b.structure)
    }
}
