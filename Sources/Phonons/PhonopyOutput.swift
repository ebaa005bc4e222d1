import Atoms
import Foundation

/// phonopy's files written from a props calculation, so phonopy and phono3py users can go on
/// from it: `FORCE_CONSTANTS` (text, full N×N or compact n_prim×N blocks, eV/Å²),
/// `phonopy_disp.yaml` (unit cell, primitive and supercell matrices, supercell, displacements)
/// and `FORCE_SETS` (type 1: displacements in Å and forces in eV/Å). Units are phonopy's
/// VASP-style defaults (Å, eV/Å, AMU), so `phonopy.load("phonopy_disp.yaml")` reads them as
/// they are. Supercell atoms are in phonopy's order, which props uses for diagonal supercell
/// matrices; other matrices are refused.
public enum PhonopyOutput {
    /// Throws unless phonopy would build the same supercell atom for atom.
    static func checkOrder(_ s: PhononSupercell) throws {
        guard s.isDiagonal else {
            throw InputError("phonopy files are written for diagonal supercell matrices only (phonopy orders the atoms of other supercells differently); give --supercell N1xN2xN3")
        }
    }

    /// `FORCE_CONSTANTS` text: compact (the primitive atoms' rows, phonopy's p2s indices)
    /// or full (every supercell atom's row, by lattice translation of the compact rows).
    public static func forceConstants(_ fc: ForceConstants, full: Bool) throws -> String {
        let s = fc.supercell
        try checkOrder(s)
        let n = s.structure.count
        func block(_ i: Int, _ j: Int, _ m: Matrix3) -> String {
            var out = "\(i + 1) \(j + 1)\n"
            for a in 0..<3 { out += (0..<3).map { fixedFormat(m[a, $0] + 0, width: 22, precision: 15) }.joined() + "\n" }
            return out
        }
        var out = String(format: "%4d %4d\n", full ? n : s.primitiveToSupercell.count, n)
        if full {
            let translate = SupercellTranslation(s)
            for i in 0..<n {
                let k = s.primitiveAtom[i]
                let shift = s.structure.positions[s.primitiveToSupercell[k]] - s.structure.positions[i]
                for j in 0..<n { out += block(i, j, fc.phi[k][translate(j, by: shift)]) }
            }
        } else {
            for (k, p) in s.primitiveToSupercell.enumerated() {
                for j in 0..<n { out += block(p, j, fc.phi[k][j]) }
            }
        }
        return out
    }

    /// `FORCE_SETS` (type 1) of displacement records.
    public static func forceSets(_ records: [DisplacementRecord], atoms: Int) -> String {
        var out = "\(atoms)\n\(records.count)\n"
        for r in records {
            out += "\n\(r.atom + 1)\n" + [r.displacement.x, r.displacement.y, r.displacement.z].map { fixedFormat($0, width: 20, precision: 16) }.joined(separator: " ") + "\n"
            for f in r.forces { out += [f.x, f.y, f.z].map { fixedFormat($0 + 0, width: 15, precision: 10) }.joined(separator: " ") + "\n" }
        }
        return out
    }

    /// `phonopy_disp.yaml` for `supercell` and the displacements of `records`.
    public static func displacementYAML(_ supercell: PhononSupercell, records: [DisplacementRecord]) throws -> String {
        try checkOrder(supercell)
        func row(_ v: SIMD3<Double>) -> String { yamlRow(v, width: 20, precision: 15) }
        func cell(_ name: String, _ s: Structure) -> String {
            var out = "\(name):\n  lattice:\n"
            for (k, axis) in ["a", "b", "c"].enumerated() { out += "  - \(row(s.cell[k])) # \(axis)\n" }
            out += "  points:\n"
            for i in 0..<s.count {
                out += "  - symbol: \(s.elements[i].symbol) # \(i + 1)\n"
                out += "    coordinates: \(row(s.cell.fractional(s.positions[i])))\n"
                out += "    mass: \(fixedFormat(s.masses[i], precision: 6))\n"
            }
            return out + "\n"
        }
        let axes = supercell.primitive.axes
        var out = "phonopy:\n  calculator: vasp\n  frequency_unit_conversion_factor: 15.633302\n  configuration:\n    written_by: \"props\"\n\n"
        out += "physical_unit:\n  atomic_mass: \"AMU\"\n  length: \"angstrom\"\n  force_constants: \"eV/angstrom^2\"\n\n"
        // phonopy's primitive matrix has the primitive vectors as columns.
        out += "primitive_matrix:\n"
        for i in 0..<3 { out += "- \(row(SIMD3(axes[0][i], axes[1][i], axes[2][i])))\n" }
        out += "\nsupercell_matrix:\n"
        for r in supercell.matrix { out += "- [ \(r.map { String(format: "%4d", $0) }.joined(separator: ", ")) ]\n" }
        out += "\n" + cell("primitive_cell", supercell.primitive.structure) + cell("unit_cell", supercell.unit)
        out += cell("supercell", supercell.structure)
        out += "displacements:\n"
        for r in records {
            out += "- atom: \(r.atom + 1)\n  displacement:\n    \(row(r.displacement))\n"
        }
        return out
    }
}

/// Supercell atom lookup by lattice translation: `translate(j, by: shift)` is the atom at
/// the position of atom j moved by `shift` (Å, a lattice vector of the primitive cell).
struct SupercellTranslation {
    let supercell: PhononSupercell
    private let index: [SIMD3<Int>: Int]
    private static let resolution = 100_000

    init(_ s: PhononSupercell) {
        supercell = s
        var index: [SIMD3<Int>: Int] = [:]
        for (i, r) in s.structure.positions.enumerated() { index[Self.key(r, s.structure.cell)] = i }
        self.index = index
    }

    static func key(_ r: SIMD3<Double>, _ cell: Cell) -> SIMD3<Int> {
        var f = cell.fractional(r)
        f -= f.rounded(.down)
        let k = (f * Double(resolution)).rounded(.toNearestOrEven)
        return SIMD3(Int(k.x) % resolution, Int(k.y) % resolution, Int(k.z) % resolution)
    }

    func callAsFunction(_ j: Int, by shift: SIMD3<Double>) -> Int {
        index[Self.key(supercell.structure.positions[j] + shift, supercell.structure.cell)]!
    }
}

/// "[ x, y, z ]" as phonopy's yaml files write a vector, each component as printf's
/// %W.Pf (−0 written as 0).
func yamlRow(_ v: SIMD3<Double>, width: Int, precision: Int) -> String {
    "[ " + [v.x, v.y, v.z].map { fixedFormat($0 + 0, width: width, precision: precision) }.joined(separator: ", ") + " ]"
}
