import Atoms
import Foundation
import Neighbors

/// A potential whose per-atom energy is a model of the SNAP bispectrum of the atom's
/// neighborhood: LAMMPS `pair_style snap` (linear or quadratic model) and `pair_style
/// mliap ... descriptor sna` (linear, quadratic or neural-network model). E = Σ_i E_i(B_i);
/// forces and stress from the adjoint of B (see `BispectrumWork`).
public struct BispectrumPotential: Potential {
    public let name: String
    public let species: [Element]
    /// Largest pair cutoff, Å.
    public let cutoff: Double
    public var supplies: Quantities { .all }
    public var neighborKind: NeighborList.Kind { .full }
    let descriptor: BispectrumDescriptor
    let model: any DescriptorModel

    init(name: String, species: [Element], descriptor: BispectrumDescriptor, model: any DescriptorModel) {
        self.name = name
        self.species = species
        self.descriptor = descriptor
        self.model = model
        cutoff = descriptor.maxCutoff
    }

    /// Bispectrum components of each atom, in LAMMPS's order (as `compute sna/atom` gives
    /// them for `bzeroflag` as set).
    func bispectrum(_ structure: Structure) throws -> [[Double]] {
        let types = try typeIndices(structure)
        let list = try NeighborList(structure, cutoff: cutoff, kind: .full)
        var work = BispectrumWork(descriptor)
        return list.withLoop(structure.positions) { loop in
            (0..<structure.count).map { i in
                gather(i, types, loop, &work)
                work.computeBispectrum()
                return work.b
            }
        }
    }

    @inline(__always)
    func gather(_ i: Int, _ types: [Int], _ loop: PairLoop, _ work: inout BispectrumWork) {
        work.clearNeighbors()
        let xi = loop.positions[i]
        for k in loop.range(of: i) {
            let j = loop.neighbor(k)
            work.addNeighbor(j, types[j], loop.displacement(k, from: xi), centre: types[i])
        }
    }

    public func evaluate(_ structure: Structure, neighbors: NeighborList, wanted: Quantities) throws -> Evaluation {
        precondition(neighbors.kind == .full, "SNAP needs a full neighbor list")
        let types = try typeIndices(structure)
        let needsGradient = !wanted.isDisjoint(with: [.forces, .stress])
        return neighbors.withLoop(structure.positions) { loop in
            ParallelEvaluation.run(count: structure.count, volume: structure.cell.volume, wanted: wanted,
                                   balance: neighbors.rowStarts, chunksPerThread: ParallelEvaluation.costlyAtomChunks) { range, sink in
                var work = BispectrumWork(descriptor)
                var scratch = [Double](repeating: 0, count: model.scratchCount)
                for i in range {
                    gather(i, types, loop, &work)
                    work.computeBispectrum()
                    let e = work.b.withUnsafeBufferPointer { b in
                        work.beta.withUnsafeMutableBufferPointer { beta in
                            scratch.withUnsafeMutableBufferPointer { s in
                                model.energy(b, element: types[i], gradient: beta, scratch: s)
                            }
                        }
                    }
                    sink.addEnergy(i, e)
                    guard needsGradient else { continue }
                    work.backpropagate()
                    for n in work.neighborAtom.indices {
                        sink.add(i, work.neighborAtom[n], d: work.neighborVector[n], gradient: work.neighborGradient(n))
                    }
                }
            }
        }
    }
}
