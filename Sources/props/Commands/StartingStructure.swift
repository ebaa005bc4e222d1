import Atoms
import Mechanics
import Potentials

extension Inputs {
    /// The given structure (checked for overlapping atoms), or the ground-state lattice of
    /// the potential's element; not relaxed (commands that relax it do so themselves).
    func startingStructure(_ potential: Potential) throws -> Structure {
        guard let text = args.positional(1) else { return try Equilibrium.groundStateLattice(for: potential) }
        let s = try StructureInput.structure(text)
        try s.checkOverlaps()
        return s
    }
}
