import Atoms
import Foundation
import Potentials

/// The structure a property is computed for when the user gives none: the ground-state
/// crystal of the potential's element, relaxed (cell and positions) with the potential.
public enum Equilibrium {
    /// Relaxes `structure` fully (cell and positions) to tight tolerances; throws when the
    /// relaxation does not converge.
    public static func relax(_ structure: Structure, calculator: inout Calculator,
                             forceTolerance: Double = 1e-5, stressTolerance: Double = 1e-7) throws -> RelaxationResult {
        var settings = RelaxationSettings()
        settings.relaxCell = true
        settings.forceTolerance = forceTolerance
        settings.stressTolerance = stressTolerance
        let r = try Relaxation.run(structure, calculator: &calculator, settings: settings)
        guard r.converged else {
            throw InputError(String(format: "relaxation did not converge in %d steps (max force %.2e eV/Å, max stress %.2e GPa)",
                                    r.steps, r.maxForce, r.maxStress * Units.eVPerA3InGPa))
        }
        return r
    }

    /// The ground-state lattice of the single element of `potential` (conventional cell,
    /// or primitive), before relaxation.
    public static func groundStateLattice(for potential: Potential, primitive: Bool = false) throws -> Structure {
        guard potential.species.count == 1 else {
            throw InputError("\(potential.name) describes \(potential.species.map(\.symbol).joined(separator: ", ")): give a structure")
        }
        return try Lattices.groundState(of: potential.species[0], primitive: primitive)
    }
}
