// The GAP training benchmark: the cost of K_nm, the covariances of a structure's energy,
// forces and virial with the sparse points (`props train --model gap`'s inner loop), for
// the SOAP of the Mo recipe (l_max 8, n_max 8, 5 Å) on 54 rattled bcc Mo atoms and 100
// sparse points: µs per atom per sparse point (one thread; the fit runs structures in parallel).
import Atoms
import Foundation
import Potentials

/// Prints µs per atom per sparse point for the GAP fit's kernel rows.
func benchmarkGAPFit() {
    do {
        let mo = Element(symbol: "Mo")!
        let text = "soap cutoff=5.0 cutoff_transition_width=0.5 l_max=8 n_max=8 atom_sigma=0.5 central_weight=1.0 "
            + "n_species=1 species_Z={42} n_Z=1 Z={42}"
        let design = try SOAPKernelDesign(descriptor: text, delta: 1, zeta: 4)
        let crystal = try Supercell.make(Lattices.build(.bcc, elements: [mo], a: 3.16), repeats: SIMD3(repeating: 3))
        let structure = PotentialChecksLite.rattled(crystal, by: 0.05)
        let other = PotentialChecksLite.rattled(crystal, by: 0.15)
        let pool = try design.descriptors(other).values + design.descriptors(structure).values
        let sparse = Array(pool[0..<(100 * design.dimension)])
        Parallel.threads = 1
        let start = Date()
        _ = try design.covariances(structure, sparse: sparse, gradients: true)
        let us = Date().timeIntervalSince(start) * 1e6 / Double(structure.count * 100)
        print("")
        print("GAP fit (props train --model gap): K_nm rows (energy, forces, virial), Mo SOAP l_max 8, n_max 8, 5 Å")
        print(String(format: "  %d atoms × 100 sparse points: %.2f µs per atom per sparse point (1 thread)", structure.count, us))
    } catch {
        print("GAP fit benchmark skipped: \(error)")
    }
}
