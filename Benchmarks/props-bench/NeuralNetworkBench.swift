// The Behler–Parrinello benchmark: the zuo2020 Si n2p2 network (27 symmetry functions,
// 24-24 hidden nodes, 5.5 Å cutoff) on rattled diamond Si, µs per atom per energy+force
// evaluation, 1 and all threads. n2p2 cannot be installed here (no package), so there is
// no n2p2 column; `nnp-predict` or LAMMPS pair_style nnp would be the comparison.
import Atoms
import Dispatch
import Foundation
import Neighbors
import Potentials

/// Prints µs per atom per force call for the zuo2020 Si network on 512 and 4096 atoms.
func benchmarkNeuralNetwork() {
    do {
        let path = "reference/nn/zuo2020-nnp/Si"
        let potential = try N2P2Reader.read(path, lengthUnit: Units.bohrInA, energyUnit: Units.hartreeInEV)
        print("")
        print("Behler-Parrinello (zuo2020 Si n2p2 network, 27-24-24-1, cutoff 5.5 Å), µs per atom per energy+force call")
        printHeader({ "   props \($0)T" }, note: "   (n2p2 not installable here)")
        for cells in [4, 8] {
            let crystal = try Supercell.make(Lattices.build(.diamond, elements: [Element(symbol: "Si")!], a: 5.45),
                                             repeats: SIMD3(repeating: cells))
            let structure = PotentialChecksLite.rattled(crystal, by: 0.05)
            let list = try NeighborList(structure, cutoff: potential.cutoff + 1.0, kind: .full)
            var line = rowStart("Si NNP", structure.count)
            for t in threadCounts {
                Parallel.threads = t
                let us = try timePerAtom(potential, structure, list, calls: cells == 4 ? 5 : 2)
                record("nn Si \(structure.count)", unit: "us/atom", us)
                line += String(format: "   %8.2f", us)
            }
            print(line)
        }
    } catch {
        print("neural-network benchmark skipped: \(error)")
    }
}

/// Fastest of three runs of `calls` energy+force evaluations, µs per atom per call.
func timePerAtom(_ p: Potential, _ s: Structure, _ list: NeighborList, calls: Int) throws -> Double {
    _ = try p.evaluate(s, neighbors: list, wanted: [.energy, .forces])
    var best = Double.infinity
    for _ in 0..<3 {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<calls { _ = try p.evaluate(s, neighbors: list, wanted: [.energy, .forces]) }
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
    }
    return best / Double(calls) / Double(s.count) * 1e6
}

/// A deterministic rattle (no test-support dependency in the benchmark).
enum PotentialChecksLite {
    static func rattled(_ s: Structure, by amount: Double) -> Structure {
        var out = s
        var state: UInt64 = 12345
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) * 2 - 1
        }
        out.positions = s.positions.map { $0 + amount * SIMD3(next(), next(), next()) }
        return out
    }
}
