import Atoms
import Foundation
import Neighbors

/// A Gaussian Approximation Potential (Bartók et al., Phys. Rev. Lett. 104, 136403 (2010),
/// doi:10.1103/PhysRevLett.104.136403) as QUIP evaluates it: the energy of each atom is
/// e0 of its element plus the sparse-GP predictions of its SOAP descriptors plus the
/// `distance_2b` term e(r) f_c(r) of each of its bonds (so every pair counts twice, as in
/// QUIP); forces and stress are the exact derivatives. Read with `GAPReader`.
public struct GAP: Potential {
    public let name: String
    public let species: [Element]
    /// SOAP terms (one per centre element in multi-species fits).
    let soap: [SOAPTerm]
    /// Two-body terms.
    let pairs: [DistanceTwoBodyTerm]
    /// Isolated-atom energy per atomic number (index Z), eV.
    let e0: [Double]
    /// QUIP's `E_scale` (1 unless the file sets it).
    let energyScale: Double

    init(name: String, species: [Element], soap: [SOAPTerm], pairs: [DistanceTwoBodyTerm], e0: [Double], energyScale: Double) {
        self.name = name
        self.species = species
        self.soap = soap
        self.pairs = pairs
        self.e0 = e0
        self.energyScale = energyScale
    }

    /// The largest descriptor cutoff, Å.
    public var cutoff: Double {
        max(soap.map(\.descriptor.cutoff).max() ?? 0, pairs.map(\.cutoff).max() ?? 0)
    }

    public var supplies: Quantities { .all }

    public var neighborKind: NeighborList.Kind { .full }

    /// Number of sparse points over all terms (for descriptions).
    public var sparsePointCount: Int {
        soap.reduce(0) { $0 + $1.kernel.weights.count } + pairs.reduce(0) { $0 + $1.kernel.weights.count }
    }

    /// A one-line summary of the terms, e.g. "soap l_max=8 n_max=8 rc=5 Å (200 sparse points)".
    public var summary: String {
        let s = soap.map { "soap l_max=\($0.descriptor.lMax) n_max=\($0.descriptor.nMax) rc=\($0.descriptor.cutoff) Å, \($0.kernel.weights.count) sparse points" }
        let p = pairs.map { "distance_2b Z1=\($0.z1) Z2=\($0.z2) rc=\($0.cutoff) Å, \($0.kernel.weights.count) sparse points" }
        return (s + p).joined(separator: "; ")
    }

    public func evaluate(_ structure: Structure, neighbors: NeighborList, wanted: Quantities) throws -> Evaluation {
        precondition(neighbors.kind == .full, "GAP needs a full neighbor list")
        _ = try typeIndices(structure)
        let n = structure.count
        let numbers = structure.elements.map(\.number)
        let widest = (0..<n).lazy.map { neighbors.range(of: $0).count }.max() ?? 0
        let gradients = wanted.contains(.forces) || wanted.contains(.stress)
        let pairScratch = pairs.map(\.exponents.count).max() ?? 0
        var result = numbers.withUnsafeBufferPointer { z in
            neighbors.withLoop(structure.positions) { loop in
                ParallelEvaluation.run(count: n, volume: structure.cell.volume, wanted: wanted, balance: neighbors.rowStarts,
                                       chunksPerThread: ParallelEvaluation.costlyAtomChunks) { range, sink in
                    let workspaces = soap.map { SOAPWorkspace($0.descriptor, capacity: widest) }
                    let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 2 * max(pairScratch, 1))
                    defer { scratch.deallocate() }
                    for i in range {
                        sink.addEnergy(i, e0[z[i]])
                        for (term, w) in zip(soap, workspaces) {
                            term.evaluate(i, z: z, loop: loop, workspace: w, sink: &sink, gradients: gradients)
                        }
                        for term in pairs {
                            term.evaluate(i, z: z, loop: loop, scratch: scratch, sink: &sink, gradients: gradients)
                        }
                    }
                }
            }
        }
        if energyScale != 1 { result.scale(by: energyScale) }
        return result
    }
}

extension Evaluation {
    /// Multiplies every quantity by `factor`.
    mutating func scale(by factor: Double) {
        energy = energy.map { $0 * factor }
        perAtomEnergies = perAtomEnergies?.map { $0 * factor }
        forces = forces?.map { $0 * factor }
        stress = stress.map { factor * $0 }
        perAtomVirials = perAtomVirials?.map { factor * $0 }
    }
}
