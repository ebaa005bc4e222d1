import Atoms
import Foundation

/// Per-thread sums of energies, forces and the strain derivative ∂E/∂ε.
///
/// Every potential reports its energy gradient with respect to each interatomic vector
/// d = r_j − r_i it depends on, g = ∂E/∂d, through `add`: this is the one place where
/// forces (F_i += g, F_j −= g) and the virial (∂E/∂ε += g ⊗ d) are accumulated, so the
/// stress of every potential follows the same convention σ = (1/V) ∂E/∂ε.
public struct GradientSink {
    @usableFromInline let forces: UnsafeMutablePointer<SIMD3<Double>>
    @usableFromInline let energies: UnsafeMutablePointer<Double>
    @usableFromInline let virials: UnsafeMutablePointer<Matrix3>
    @usableFromInline let wantsStress: Bool
    @usableFromInline let wantsPerAtom: Bool
    @usableFromInline let wantsAtomVirials: Bool
    /// The halves of ½ g ⊗ d of the current row's `addNeighbor` calls still owed to the
    /// row's atom, handed over by `addForce`.
    @usableFromInline var rowVirial = Matrix3.zero
    /// Σ g ⊗ d over all reported vectors, eV.
    public var strainDerivative = Matrix3.zero
    /// Energy summed by this thread, eV.
    public var energy = 0.0

    init(forces: UnsafeMutablePointer<SIMD3<Double>>, energies: UnsafeMutablePointer<Double>,
         virials: UnsafeMutablePointer<Matrix3>, wanted: Quantities) {
        self.forces = forces
        self.energies = energies
        self.virials = virials
        wantsAtomVirials = wanted.contains(.perAtomVirials)
        wantsStress = wanted.contains(.stress) || wantsAtomVirials
        wantsPerAtom = wanted.contains(.perAtomEnergies)
    }

    /// Reports g = ∂E/∂d for the vector d from atom i to (an image of) atom j.
    @inlinable @inline(__always)
    public mutating func add(_ i: Int, _ j: Int, d: SIMD3<Double>, gradient g: SIMD3<Double>) {
        addNeighbor(j, d: d, gradient: g)
        addForce(i, g)
    }

    /// The hot-loop form of `add` for a loop over the neighbors of one atom i: reports
    /// g = ∂E/∂d for the vector d from i to atom j, applying F_j −= g and the virial here,
    /// while the caller sums i's share Σg in a register and hands it over once with
    /// `addForce(i, Σg)` (which also hands i its half of the row's per-atom virials).
    @inlinable @inline(__always)
    public mutating func addNeighbor(_ j: Int, d: SIMD3<Double>, gradient g: SIMD3<Double>) {
        forces[j] -= g
        if wantsStress {
            let w = Matrix3(g.x * d, g.y * d, g.z * d)
            strainDerivative += w
            if wantsAtomVirials {
                let half = 0.5 * w
                virials[j] += half
                rowVirial += half
            }
        }
    }

    /// Adds a force (eV/Å) to atom i: the sum of the gradients its `addNeighbor` calls
    /// reported (i is the atom those vectors start from).
    @inlinable @inline(__always)
    public mutating func addForce(_ i: Int, _ f: SIMD3<Double>) {
        forces[i] += f
        if wantsAtomVirials {
            virials[i] += rowVirial
            rowVirial = .zero
        }
    }

    /// Adds energy `e` (eV) attributed to atom i.
    @inlinable @inline(__always)
    public mutating func addEnergy(_ i: Int, _ e: Double) {
        energy += e
        if wantsPerAtom { energies[i] += e }
    }
}

/// Runs a potential's per-atom loop over the cores, each chunk of atoms with its own
/// buffers, and reduces them into an `Evaluation`.
public enum ParallelEvaluation {
    /// `chunksPerThread` for potentials whose atoms cost tens of microseconds each or more
    /// (networks, bispectrum, power spectrum, SOAP, AGNI): the thread on the less loaded core
    /// takes more of the chunks, and a chunk's force buffer costs little beside its atoms.
    /// Cheap potentials (EAM, SW, Tersoff) keep one chunk per thread: there the extra buffers
    /// and the rows a core no longer holds in its cache cost more than the balance gains.
    public static let costlyAtomChunks = 4

    /// - Parameters:
    ///   - count: number of atoms.
    ///   - volume: cell volume in Å³ (for the stress).
    ///   - wanted: what the caller asked for.
    ///   - balance: cumulative work per atom (a neighbor list's row starts), so that chunks
    ///     get equal numbers of pairs.
    ///   - chunksPerThread: chunks per thread, each with its own force buffer (`count`
    ///     forces). More than one lets a thread whose core is free take over chunks from
    ///     one whose core is shared with other work; worth it when atoms are expensive
    ///     compared with a buffer. One thread runs one chunk; the result depends only on
    ///     the number of chunks.
    ///   - body: accumulates energies and gradients for the atoms in `range` into `sink`.
    public static func run(count: Int, volume: Double, wanted: Quantities, balance: [Int], chunksPerThread: Int = 1,
                           body: (_ range: Range<Int>, _ sink: inout GradientSink) -> Void) -> Evaluation {
        // As many chunks as `forEachBalancedChunk` makes of the rows (a LAMMPS domain has rows
        // for its owned atoms only, fewer than `count`): a buffer no chunk zeroes is never summed.
        let rows = balance.count - 1
        let chunks = max(1, min(Parallel.threads == 1 ? 1 : Parallel.threads * chunksPerThread, rows))
        let perAtom = wanted.contains(.perAtomEnergies)
        // Per-atom energy buffers only when asked for: a sink that does not want them never
        // writes through its pointer, so one element stands in. Each chunk zeroes its own
        // force buffer on its thread (no serial fill of chunks × count forces).
        var forceBuffers = [SIMD3<Double>](unsafeUninitializedCapacity: chunks * count) { _, initialized in
            initialized = chunks * count
        }
        var energyBuffers = [Double](repeating: 0, count: perAtom ? chunks * count : 1)
        let atomVirials = wanted.contains(.perAtomVirials)
        var virialBuffers = [Matrix3](repeating: .zero, count: atomVirials ? chunks * count : 1)
        var sums = [(Matrix3, Double)](repeating: (.zero, 0), count: chunks)
        forceBuffers.withUnsafeMutableBufferPointer { fb in
            energyBuffers.withUnsafeMutableBufferPointer { eb in
                virialBuffers.withUnsafeMutableBufferPointer { vb in
                    sums.withUnsafeMutableBufferPointer { sb in
                        Parallel.forEachBalancedChunk(balance, chunks: chunks) { c, range in
                            (fb.baseAddress! + c * count).initialize(repeating: .zero, count: count)
                            var sink = GradientSink(forces: fb.baseAddress! + c * count,
                                                    energies: eb.baseAddress! + (perAtom ? c * count : 0),
                                                    virials: vb.baseAddress! + (atomVirials ? c * count : 0),
                                                    wanted: wanted)
                            body(range, &sink)
                            sb[c] = (sink.strainDerivative, sink.energy)
                        }
                    }
                }
            }
        }
        var result = Evaluation()
        if wanted.contains(.energy) { result.energy = sums.reduce(0) { $0 + $1.1 } }
        if perAtom { result.perAtomEnergies = reducedChunks(consume energyBuffers, count: count, +) }
        if wanted.contains(.forces) { result.forces = reducedChunks(consume forceBuffers, count: count, +) }
        if wanted.contains(.stress) {
            let w = sums.reduce(Matrix3.zero) { $0 + $1.0 }
            result.stress = (1 / volume) * w.symmetrized
        }
        if atomVirials { result.perAtomVirials = reducedChunks(consume virialBuffers, count: count, +) }
        return result
    }

    /// Sums the chunks of `count` entries (chunk 0 first, then 1, 2, … added in order) into
    /// the first chunk, in place, and drops the others: no new array per evaluation. A
    /// streaming loop over the atoms (`Parallel.forEachStreamingChunk`; each entry's sum is
    /// the same in any split).
    static func reducedChunks<T>(_ buffers: consuming [T], count: Int, _ plus: (T, T) -> T) -> [T] {
        var b = buffers
        let chunks = count == 0 ? 1 : b.count / count
        if chunks > 1 {
            b.withUnsafeMutableBufferPointer { p in
                Parallel.forEachStreamingChunk(count) { _, range in
                    for c in 1..<chunks {
                        for i in range { p[i] = plus(p[i], p[c * count + i]) }
                    }
                }
            }
            b.removeLast(b.count - count)
        }
        return b
    }
}
