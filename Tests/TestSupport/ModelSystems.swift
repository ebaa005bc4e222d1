import Atoms
import Potentials

/// Small model systems for physics tests.
public enum ModelSystems {
    /// Solid argon: Lennard-Jones ε = 0.0104 eV, σ = 3.40 Å, fcc a = 5.26 Å, `repeats`³
    /// conventional cells (4 atoms each); `cutoff` in Å.
    public static func argon(repeats: Int = 2, cutoff: Double = 8.0) throws -> (LennardJones, Structure) {
        let ar = Element(symbol: "Ar")!
        let s = try Supercell.make(Lattices.build(.fcc, elements: [ar], a: 5.26), repeats: SIMD3(repeating: repeats))
        return (LennardJones(element: ar, epsilon: 0.0104, sigma: 3.40, cutoff: cutoff), s)
    }
}
