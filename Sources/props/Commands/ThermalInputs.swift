import Atoms
import Dynamics
import Foundation
import Mechanics
import Potentials

/// What `props cp` and `props melt` share: the unit cell and the MD cell built from it,
/// the ensemble settings of `props md`, and the potential's identity for the outputs.
extension Inputs {
    /// The unit cell (STRUCT as given, or the element's ground state relaxed with the
    /// potential) and the MD cell: `--supercell`, or the smallest N×N×N with at least
    /// `minimumAtoms` atoms (5×5×5 conventional fcc cells for 500). Says on stderr which.
    func unitAndSupercell(_ potential: Potential, minimumAtoms: Int = 500) throws -> (unit: Structure, cell: Structure, name: String) {
        try ThermalCell.unitAndSupercell(potential, structure: args.positional(1), supercell: args.string("supercell"),
                                         minimumAtoms: minimumAtoms, console: console)
    }

    /// The potential's path made absolute (so a resumed run finds it) and its checksum.
    func potentialIdentity() -> (path: String, sha256: String?) {
        let pot = args.positionals[0]
        let path = FileManager.default.fileExists(atPath: pot) ? URL(fileURLWithPath: pot).standardizedFileURL.path : pot
        return (path, potentialChecksum(path))
    }
}

/// The cells of the thermal commands and the report's MD properties.
enum ThermalCell {
    /// The unit cell (`structure` as given, or the element's ground state relaxed with the
    /// potential) and the MD cell: `supercell`, or the smallest N×N×N with at least
    /// `minimumAtoms` atoms. Says on stderr which.
    static func unitAndSupercell(_ potential: Potential, structure: String?, supercell: String?, minimumAtoms: Int = 500,
                                 console: Console) throws -> (unit: Structure, cell: Structure, name: String) {
        let unit: Structure, name: String
        if let text = structure {
            unit = try StructureInput.structure(text)
            try unit.checkOverlaps()
            name = text
        } else {
            var calc = Calculator(potential)
            unit = try Equilibrium.relax(Equilibrium.groundStateLattice(for: potential), calculator: &calc).structure
            let kind = GroundState.of(potential.species[0])!.lattice.rawValue
            name = "\(kind):\(potential.species[0].symbol) (relaxed, a = \(fmt(unit.cell.lengths.x, 4)) Å)"
            console.note("no structure given: \(name)")
        }
        let spec: String
        if let given = supercell {
            spec = given
        } else {
            let n = Int((cbrt(Double(minimumAtoms) / Double(unit.count)) - 1e-9).rounded(.up))
            spec = "\(max(1, n))"
            console.note("supercell \(n)×\(n)×\(n) of the \(unit.count)-atom cell (\(n * n * n * unit.count) atoms; --supercell to change)")
        }
        return (unit, try Supercell.make(unit, matrix: Supercell.parseMatrix(spec)), name)
    }
}
