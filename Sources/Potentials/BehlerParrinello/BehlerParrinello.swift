import Atoms
import Foundation
import Neighbors

/// A Behler–Parrinello neural-network potential (J. Behler, M. Parrinello, Phys. Rev. Lett.
/// 98, 146401 (2007)): each atom's environment within the cutoff is described by
/// descriptors G (symmetry functions or a Chebyshev basis), scaled to network inputs, and
/// its element's network gives the atomic energy
///
///     E_i = s · NN(x(G_i)) + shift + E_ref,
///
/// with s and shift undoing the output normalisation of the training code and E_ref the
/// free-atom reference energy (eV). E = Σ_i E_i; forces and stress are the analytic
/// derivatives, reported per neighbour vector to the `GradientSink`. Units inside are Å
/// and eV whatever the units of the file it came from.
///
/// The potential is a value: evaluation reads it only. Descriptor values outside the
/// training range stored with each element are counted in `Evaluation.extrapolations`.
public struct BehlerParrinello: Potential {
    /// What one element of the potential holds.
    public struct ElementModel: Equatable, Sendable {
        public var element: Element
        public var descriptors: DescriptorSet
        public var scaling: InputScaling
        /// nil when the file has no training statistics (no extrapolation warnings).
        public var trainingRange: TrainingRange?
        public var network: Network
        /// s, eV per network output unit.
        public var energyScale: Double
        /// eV per atom.
        public var energyShift: Double
        /// Free-atom reference energy E_ref, eV.
        public var referenceEnergy: Double

        public init(element: Element, descriptors: DescriptorSet, scaling: InputScaling, trainingRange: TrainingRange?,
                    network: Network, energyScale: Double, energyShift: Double, referenceEnergy: Double) throws {
            let n = descriptors.count
            guard network.inputCount == n else {
                throw InputError("\(element.symbol): \(n) descriptors but the network takes \(network.inputCount) inputs")
            }
            guard scaling.factor.count == n else {
                throw InputError("\(element.symbol): \(n) descriptors but \(scaling.factor.count) scaling entries")
            }
            if let trainingRange, trainingRange.minimum.count != n {
                throw InputError("\(element.symbol): \(n) descriptors but \(trainingRange.minimum.count) training ranges")
            }
            self.element = element
            self.descriptors = descriptors
            self.scaling = scaling
            self.trainingRange = trainingRange
            self.network = network
            self.energyScale = energyScale
            self.energyShift = energyShift
            self.referenceEnergy = referenceEnergy
        }
    }

    public let name: String
    public let species: [Element]
    public let cutoff: Double
    public var supplies: Quantities { .all }
    public var neighborKind: NeighborList.Kind { .full }
    /// One model per species, in the order of `species`.
    public let models: [ElementModel]
    /// Free-form description of where the potential came from (training data checksum,
    /// settings, metrics), kept through `.pot` round trips.
    public let provenance: PotJSON

    public init(name: String, models: [ElementModel], provenance: PotJSON = .object([])) throws {
        guard !models.isEmpty else { throw InputError("a neural-network potential needs at least one element") }
        let species = models.map(\.element)
        guard Set(species).count == species.count else { throw InputError("an element appears twice") }
        for m in models where m.descriptors.speciesCount != species.count {
            throw InputError("\(m.element.symbol): descriptors set up for \(m.descriptors.speciesCount) species, not \(species.count)")
        }
        self.name = name
        self.species = species
        self.models = models
        self.provenance = provenance
        cutoff = models.map(\.descriptors.cutoff).max()!
        guard cutoff > 0 else { throw InputError("the potential has no descriptors with a cutoff") }
    }

    /// Per-chunk buffers, allocated once per chunk of atoms and evaluation: neighbour slots and
    /// their gradients, descriptor values, network inputs and buffers.
    final class Workspace {
        let d: UnsafeMutablePointer<SIMD3<Double>>, r: UnsafeMutablePointer<Double>
        let type: UnsafeMutablePointer<Int>, atom: UnsafeMutablePointer<Int>
        let gradients: UnsafeMutablePointer<SIMD3<Double>>
        let values: UnsafeMutablePointer<Double>, inputs: UnsafeMutablePointer<Double>
        let inputGradient: UnsafeMutablePointer<Double>
        let descriptorScratch: [DescriptorSet.Scratch]
        var networkScratch: [Network.Scratch]

        init(_ p: BehlerParrinello, capacity: Int) {
            let width = p.models.map(\.descriptors.count).max()!
            let slots = max(1, capacity)
            d = .allocate(capacity: slots)
            r = .allocate(capacity: slots)
            type = .allocate(capacity: slots)
            atom = .allocate(capacity: slots)
            gradients = .allocate(capacity: slots)
            values = .allocate(capacity: width)
            inputs = .allocate(capacity: width)
            inputGradient = .allocate(capacity: width)
            descriptorScratch = p.models.map { $0.descriptors.makeScratch(capacity: slots) }
            networkScratch = p.models.map { Network.Scratch(for: $0.network) }
        }

        deinit {
            d.deallocate(); r.deallocate(); type.deallocate(); atom.deallocate(); gradients.deallocate()
            values.deallocate(); inputs.deallocate(); inputGradient.deallocate()
        }
    }

    public func evaluate(_ structure: Structure, neighbors: NeighborList, wanted: Quantities) throws -> Evaluation {
        try evaluate(structure, neighbors: neighbors, wanted: wanted, owned: structure.count)
    }

    /// The evaluation of the atomic energies of atoms `0..<owned` only (all of them for a
    /// periodic structure; the owned atoms of a LAMMPS domain), with gradients on all atoms.
    func evaluate(_ structure: Structure, neighbors: NeighborList, wanted: Quantities, owned: Int) throws -> Evaluation {
        precondition(neighbors.kind == .full, "a neural-network potential needs a full neighbor list")
        let types = try typeIndices(structure)
        let n = structure.count
        let capacity = (0..<n).lazy.map { neighbors.range(of: $0).count }.max() ?? 0
        let gradients = wanted.contains(.forces) || wanted.contains(.stress)
        var outOfRange = [Int](repeating: 0, count: n)
        var worst = [(excess: Double, descriptor: Int)](repeating: (0, -1), count: n)
        var result = neighbors.withLoop(structure.positions) { loop in
            types.withUnsafeBufferPointer { type in
                outOfRange.withUnsafeMutableBufferPointer { counts in
                    worst.withUnsafeMutableBufferPointer { worst in
                        ParallelEvaluation.run(count: n, volume: structure.cell.volume, wanted: wanted,
                                               balance: neighbors.start, chunksPerThread: ParallelEvaluation.costlyAtomChunks) { range, sink in
                            let w = Workspace(self, capacity: capacity)
                            for i in range where i < owned {
                                (counts[i], worst[i]) = atom(i, type[i], loop, type, gradients, w, &sink)
                            }
                        }
                    }
                }
            }
        }
        guard models.contains(where: { $0.trainingRange != nil }) else { return result }
        result.extrapolations = outOfRange.reduce(0, +)
        if result.extrapolations! > 0 {
            var x = Extrapolation()
            for i in 0..<n where outOfRange[i] > 0 {
                let name = "\(models[types[i]].element.symbol) G\(worst[i].descriptor + 1)"
                x.atoms += 1
                x.descriptors[name, default: 0] += 1
                if worst[i].excess > x.worstExcess { (x.worstExcess, x.worstDescriptor) = (worst[i].excess, name) }
            }
            result.extrapolation = x
        }
        return result
    }

    /// Energy and gradients of atom i; returns how many of its descriptor values lie
    /// outside the training range, and the largest excess (in range widths) with its
    /// descriptor's index (−1 when none).
    @inline(__always)
    func atom(_ i: Int, _ ti: Int, _ loop: PairLoop, _ type: UnsafeBufferPointer<Int>, _ gradients: Bool,
              _ w: Workspace, _ sink: inout GradientSink) -> (Int, (excess: Double, descriptor: Int)) {
        let model = models[ti]
        let nb = NeighborSlots.gather(i, within: model.descriptors.cutoff, loop, type, w.d, w.r, w.type, w.atom)
        let m = nb.count
        let count = model.descriptors.count
        let g = w.values, x = w.inputs, dx = w.inputGradient
        let scratch = w.descriptorScratch[ti]
        model.descriptors.evaluate(nb, values: g, scratch: scratch)
        var extrapolations = 0
        var worst = (excess: 0.0, descriptor: -1)
        if let range = model.trainingRange {
            for n in 0..<count where g[n] < range.minimum[n] || g[n] > range.maximum[n] {
                extrapolations += 1
                let width = max(range.maximum[n] - range.minimum[n], 1e-12)
                let excess = max(g[n] - range.maximum[n], range.minimum[n] - g[n]) / width
                if excess > worst.excess { worst = (excess, n) }
            }
        }
        let s = model.scaling
        for n in 0..<count { x[n] = s.factor[n] * (g[n] - s.shift[n]) + s.offset[n] }
        let out = model.network.evaluate(x, gradient: dx, scratch: &w.networkScratch[ti])
        sink.addEnergy(i, model.energyScale * out + model.energyShift + model.referenceEnergy)
        guard gradients else { return (extrapolations, worst) }
        // Weights dE_i/dG_n, then g_s = Σ_n dE_i/dG_n ∂G_n/∂d_s for each neighbour slot s.
        for n in 0..<count { dx[n] *= model.energyScale * s.factor[n] }
        for slot in 0..<m { w.gradients[slot] = .zero }
        model.descriptors.addGradients(nb, weights: dx, to: w.gradients, scratch: scratch)
        var gi = SIMD3<Double>.zero
        for slot in 0..<m {
            sink.addNeighbor(w.atom[slot], d: w.d[slot], gradient: w.gradients[slot])
            gi += w.gradients[slot]
        }
        sink.addForce(i, gi)
        return (extrapolations, worst)
    }
}

extension BehlerParrinello: DomainPotential {
    public func evaluateDomain(_ atoms: Structure, owned: Int, neighbors: NeighborList, wanted: Quantities) throws -> Evaluation {
        try evaluate(atoms.withUnitCell, neighbors: neighbors, wanted: wanted, owned: owned)
    }
}
