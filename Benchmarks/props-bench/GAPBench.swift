// The GAP benchmark: the mlearn Mo SOAP-GAP (l_max 8, n_max 8, 5 Å, 200 sparse points) on
// rattled bcc Mo, µs per atom per energy+force call, 1 and all threads. The potential is
// not shipped (1.7 MB): it is read from ../shared/data/gap-reference when present. QUIP's
// time on the same cells (quippy-ase 0.10.3, OMP_NUM_THREADS=1) is in the README.
import Atoms
import Foundation
import Neighbors
import Potentials

/// Prints µs per atom per force call for the Mo SOAP-GAP on 128 and 250 atoms.
func benchmarkGAP() {
    let path = ["../shared/data/gap-reference/potentials/soap.xml", "/work/shared/data/gap-reference/potentials/soap.xml"]
        .first { FileManager.default.fileExists(atPath: $0) }
    guard let path else {
        print("\nGAP benchmark skipped: ../shared/data/gap-reference/potentials/soap.xml not present")
        return
    }
    do {
        let potential = try GAPReader.read(path)
        print("")
        print("GAP (mlearn Mo SOAP-GAP, l_max 8, n_max 8, cutoff 5 Å, 200 sparse points), µs per atom per energy+force call")
        printHeader({ "   props \($0)T" })
        for cells in [4, 5] {
            let crystal = try Supercell.make(Lattices.build(.bcc, elements: [Element(symbol: "Mo")!], a: 3.16),
                                             repeats: SIMD3(repeating: cells))
            let structure = PotentialChecksLite.rattled(crystal, by: 0.05)
            let list = try NeighborList(structure, cutoff: potential.cutoff + 1.0, kind: .full)
            var line = rowStart("Mo SOAP-GAP", structure.count)
            for t in threadCounts {
                Parallel.threads = t
                line += String(format: "   %8.1f", try timePerAtom(potential, structure, list, calls: 2))
            }
            print(line)
        }
    } catch {
        print("GAP benchmark skipped: \(error)")
    }
}
