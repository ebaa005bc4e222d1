import Atoms
import Neighbors

/// The loop of an isotropic pair potential φ(r) over a neighbour list: energy split half
/// and half between the two atoms, gradient (dφ/dr)(d/r) for forces and virial. With a half
/// list each pair is counted once; with a full list (a LAMMPS domain, whose ghost atoms have
/// no rows) each end takes half of the pair on its own row. The potential supplies φ and
/// (dφ/dr)/r as functions of r².
enum PairSum {
    /// Evaluates Σ φ over pairs closer than `cutoff` (Å); `pair(r²)` returns φ (eV) and
    /// (dφ/dr)/r (eV/Å²).
    @inline(__always)
    static func evaluate(_ structure: Structure, neighbors: NeighborList, wanted: Quantities, cutoff: Double,
                         pair: (Double) -> (energy: Double, dEdrOverR: Double)) -> Evaluation {
        let cut2 = cutoff * cutoff
        let full = neighbors.kind == .full
        return neighbors.withLoop(structure.positions) { loop in
            ParallelEvaluation.run(count: structure.count, volume: structure.cell.volume, wanted: wanted, balance: neighbors.rowStarts) { range, sink in
                for i in range {
                    for k in loop.range(of: i) {
                        let j = loop.neighbor(k)
                        let d = loop.displacement(k, from: loop.positions[i])
                        let r2 = lengthSquared(d)
                        guard r2 < cut2 else { continue }
                        let (e, dEdrOverR) = pair(r2)
                        sink.addEnergy(i, 0.5 * e)
                        if full {
                            sink.add(i, j, d: d, gradient: (0.5 * dEdrOverR) * d)
                        } else {
                            sink.addEnergy(j, 0.5 * e)
                            sink.add(i, j, d: d, gradient: dEdrOverR * d)
                        }
                    }
                }
            }
        }
    }
}
