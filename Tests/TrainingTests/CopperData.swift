import Atoms
import Foundation
import Potentials
import TestSupport

/// Small Cu data sets labelled by the Mishin EAM potential: fcc cells, strained by up to
/// ±`strain` and rattled by up to `rattle` Å, with energies, forces and stresses.
enum CopperData {
    static let eam: Potential = try! PotentialLoader.load(Fixtures.classicalPotential("Cu_mishin1.eam.alloy"))

    static func frames(_ count: Int, repeats: SIMD3<Int> = SIMD3(2, 1, 1), strain: Double = 0.03, rattle: Double = 0.12,
                       seed: UInt64 = 7) throws -> [Frame] {
        var random = SeededGenerator(seed: seed)
        let cell = try Supercell.make(StructureInput.lattice("fcc:Cu:3.615"), repeats: repeats)
        return try (0..<count).map { k in
            var e = Matrix3.zero
            for a in 0..<3 { for b in a..<3 { e[a, b] = Double.random(in: -strain...strain, using: &random); e[b, a] = e[a, b] } }
            var s = cell.strained(e)
            for i in s.positions.indices {
                s.positions[i] += SIMD3((0..<3).map { _ in Double.random(in: -rattle...rattle, using: &random) })
            }
            let r = try eam.evaluate(s, wanted: .all)
            var frame = Frame(structure: s, energy: r.energy, forces: r.forces, stress: r.stress)
            frame.configType = k % 2 == 0 ? "even" : "odd"
            return frame
        }
    }

    /// `frames` written as one extended XYZ file in a new directory.
    static func file(_ frames: [Frame], name: String = "cu.extxyz") throws -> String {
        let path = Fixtures.temporaryDirectory().appendingPathComponent(name).path
        try frames.map(ExtendedXYZ.write).joined().write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
