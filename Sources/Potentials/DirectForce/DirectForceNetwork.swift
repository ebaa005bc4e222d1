import Atoms
import Foundation
import Neighbors

/// A direct-force neural network (N. Kuritz, G. Gordon and A. Natan, Phys. Rev. B 98, 094109
/// (2018)): the force on an atom is read off its local environment, with no energy behind
/// it. Three networks (one per axis of the `LocalEnvironment` frame) take the 3 N_nb frame
/// coordinates of the nearest neighbours; their outputs times `forceScale` are the force
/// components along e₁, e₂, e₃, turned back into the lab frame, so the forces rotate with the
/// structure. One element; `supplies` is forces only.
public struct DirectForceNetwork: Potential {
    public let name: String
    public let species: [Element]
    public let environment: LocalEnvironment
    /// The networks of the e₁, e₂ and e₃ components (each `environment.inputCount` inputs).
    public let networks: [Network]
    /// Factor from network output to force, eV/Å.
    public let forceScale: Double
    /// Training provenance, stored in the `.pot` file as written.
    public let provenance: PotJSON

    public var cutoff: Double { environment.cutoff }
    public var supplies: Quantities { [.forces] }
    public var neighborKind: NeighborList.Kind { .full }

    /// Throws unless there are three networks of `environment.inputCount` inputs and the
    /// scale and cutoff are positive.
    public init(name: String, element: Element, environment: LocalEnvironment, networks: [Network],
                forceScale: Double, provenance: PotJSON = .object([])) throws {
        guard networks.count == 3 else { throw InputError("a direct-force network needs 3 networks (e1, e2, e3), got \(networks.count)") }
        for (k, n) in networks.enumerated() where n.inputCount != environment.inputCount {
            throw InputError("network \(k + 1) has \(n.inputCount) inputs, but \(environment.neighbours) neighbours give \(environment.inputCount)")
        }
        guard environment.neighbours > 0, environment.cutoff > 0, forceScale > 0, forceScale.isFinite else {
            throw InputError("a direct-force network needs neighbours > 0, cutoff > 0 and force scale > 0")
        }
        self.name = name
        species = [element]
        self.environment = environment
        self.networks = networks
        self.forceScale = forceScale
        self.provenance = provenance
    }

    public func evaluate(_ structure: Structure, neighbors: NeighborList, wanted: Quantities) throws -> Evaluation {
        precondition(neighbors.kind == .full, "a direct-force network needs a full neighbor list")
        _ = try typeIndices(structure)
        let inputs = environment.inputCount
        return neighbors.withLoop(structure.positions) { loop in
            ParallelEvaluation.run(count: structure.count, volume: structure.cell.volume,
                                   wanted: wanted.intersection(supplies), balance: neighbors.rowStarts,
                                   chunksPerThread: ParallelEvaluation.costlyAtomChunks) { range, sink in
                let widest = range.map { loop.range(of: $0).count }.max() ?? 0
                let d = UnsafeMutablePointer<SIMD3<Double>>.allocate(capacity: max(widest, 1))
                let x = UnsafeMutablePointer<Double>.allocate(capacity: inputs)
                let g = UnsafeMutablePointer<Double>.allocate(capacity: inputs)
                defer { d.deallocate(); x.deallocate(); g.deallocate() }
                var scratch = networks.map { Network.Scratch(for: $0) }
                for i in range {
                    let count = environment.gather(loop, atom: i, into: d)
                    let axes = environment.encode(d, count: count, into: x)
                    let c = SIMD3(networks[0].evaluate(x, gradient: g, scratch: &scratch[0]),
                                  networks[1].evaluate(x, gradient: g, scratch: &scratch[1]),
                                  networks[2].evaluate(x, gradient: g, scratch: &scratch[2]))
                    sink.addForce(i, axes.lab(forceScale * c))
                }
            }
        }
    }
}
