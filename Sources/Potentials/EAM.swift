import Atoms
import Neighbors

/// Embedded-atom method, E = Σ_i F_i(ρ_i) + ½ Σ_{i≠j} φ_ij(r_ij), ρ_i = Σ_j ρ_{j→i}(r_ij),
/// read from LAMMPS `eam` (funcfl), `eam/alloy` (setfl) and `eam/fs` files and interpolated
/// exactly as LAMMPS does, so energies, forces and stresses agree with LAMMPS to round-off.
public struct EAM: Potential {
    public let name: String
    public let species: [Element]
    public let cutoff: Double
    /// Masses given in the file, amu, per species.
    public let fileMasses: [Double]
    /// The LAMMPS pair style the file is for: "eam", "eam/alloy" or "eam/fs".
    public let style: String
    public var supplies: Quantities { .all }
    public var neighborKind: NeighborList.Kind { .half }

    /// F(ρ) per species, on the density grid.
    let embedding: CubicTables
    /// Density functions then r·φ(r) functions, on the distance grid.
    let radial: CubicTables
    /// Index of the first r·φ function in `radial`.
    let firstPair: Int
    /// Flattened [host * n + source] → density table index.
    let densityIndex: [Int]
    /// Flattened [a * n + b] → index of the r·φ table among the pair functions.
    let pairIndex: [Int]
    let rhomax: Double

    init(_ t: EAMTabulation, name: String) {
        self.name = name
        species = t.elements
        cutoff = t.cutoff
        fileMasses = t.masses
        style = t.style.rawValue
        embedding = CubicTables(t.embedding, spacing: t.drho)
        radial = CubicTables(t.densities + t.pairs, spacing: t.dr)
        firstPair = t.densities.count
        densityIndex = t.densityIndex.flatMap { $0 }
        pairIndex = t.pairIndex.flatMap { $0 }
        rhomax = t.rhomax
    }

    /// Reads a funcfl file (`pair_style eam`).
    public static func funcfl(_ file: TextFile) throws -> EAM {
        EAM(EAMFile.tabulate([try EAMFile.readFuncfl(file)]), name: "EAM \(file.path)")
    }

    /// Reads a setfl (`eam/alloy`) or Finnis–Sinclair (`eam/fs`) file; `fs` nil decides by
    /// content; `map` names the elements of the file's labels.
    public static func setfl(_ file: TextFile, fs: Bool? = nil, map: LabelMap = LabelMap()) throws -> EAM {
        let t = try EAMFile.readSetfl(file, fs: fs, map: map)
        return EAM(t, name: "EAM (\(t.style.rawValue)) \(file.path)")
    }

    /// F(ρ) (eV) and F'(ρ) of species `type` from the embedding tables; beyond the table F
    /// continues linearly (as in LAMMPS).
    @inline(__always)
    func embedded(_ table: CubicTables.View, _ type: Int, _ rho: Double) -> (Double, Double) {
        let at = table.locate(rho)
        let f = table.value(type, at), df = table.derivative(type, at)
        return (rho > rhomax ? f + df * (rho - rhomax) : f, df)
    }

    public func evaluate(_ structure: Structure, neighbors: NeighborList, wanted: Quantities) throws -> Evaluation {
        precondition(neighbors.kind == .half, "EAM needs a half neighbor list")
        precondition(neighbors.cutoff >= cutoff, "the neighbor list is shorter than the EAM cutoff")
        let types = try typeIndices(structure)
        let ns = species.count
        return radial.withView { table in
            let density = densityIndex.map { table.function($0) }
            let pair = pairIndex.map { table.function(firstPair + $0) }
            if ns == 1 {
                return evaluate(structure, neighbors, wanted, types, table,
                                EAMOneSpecies(density: density[0], pairFunction: pair[0]))
            }
            return evaluate(structure, neighbors, wanted, types, table,
                            EAMSpeciesPairs(density: density, pairFunction: pair, count: ns))
        }
    }

    /// The two passes over the half list with the tables `pairing` picks for each pair.
    /// Energies (F(ρ_i) and φ) are summed only when `wanted` asks for them.
    private func evaluate<P: EAMPairing>(_ structure: Structure, _ neighbors: NeighborList, _ wanted: Quantities,
                                         _ types: [Int], _ table: CubicTables.View, _ pairing: P) -> Evaluation {
        let n = structure.count
        let cut2 = cutoff * cutoff
        let energies = !wanted.isDisjoint(with: [.energy, .perAtomEnergies])
        return neighbors.withLoop(structure.positions) { loop in
            // Pass 1: host densities ρ_i (half list: each pair feeds both atoms), one
            // buffer of n per chunk, zeroed by its own thread. The entries within the
            // cutoff are copied (at the front of each row's span of `kept`, `keptCount[i]` of
            // them), so that pass 2 neither loads nor tests the skin's pairs: with a long
            // cutoff they are a third of the list (Mg eam/fs, 1 Å skin).
            let chunks = max(1, min(Parallel.threads, n))
            var partial = [Double](unsafeUninitializedCapacity: chunks * n) { _, initialized in initialized = chunks * n }
            let kept = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: max(1, neighbors.pairCount))
            let keptCount = UnsafeMutableBufferPointer<Int32>.allocate(capacity: n)
            defer {
                kept.deallocate()
                keptCount.deallocate()
            }
            partial.withUnsafeMutableBufferPointer { buf in
                types.withUnsafeBufferPointer { type in
                    Parallel.forEachBalancedChunk(neighbors.start, chunks: chunks) { c, range in
                        let out = buf.baseAddress! + c * n
                        out.initialize(repeating: 0, count: n)
                        for i in range {
                            let ti = type[i]
                            let xi = loop.positions[i]
                            var rhoI = 0.0
                            let row = loop.range(of: i)
                            var m = row.lowerBound
                            for k in row {
                                let entry = loop.entries[k]
                                let d = loop.displacement(of: entry, from: xi)
                                let r2 = lengthSquared(d)
                                guard r2 < cut2 else { continue }
                                kept[m] = entry
                                m &+= 1
                                let j = loop.neighbor(of: entry)
                                let (toI, toJ) = pairing.densities(ti, type[j])
                                let at = table.locateDistance(r2.squareRoot())
                                let v = CubicTables.View.value(toI, at)
                                rhoI += v
                                out[j] += P.symmetricDensity ? v : CubicTables.View.value(toJ, at)
                            }
                            keptCount[i] = Int32(truncatingIfNeeded: m &- row.lowerBound)
                            out[i] += rhoI
                        }
                    }
                }
            }
            // ρ_i (the chunks summed in chunk order), then in its place F'(ρ_i); the
            // embedding energies F(ρ_i) beside it when wanted. Beyond the table F continues
            // linearly (LAMMPS).
            var embed = [Double](repeating: 0, count: energies ? n : 0)
            partial.withUnsafeMutableBufferPointer { rho in
                embed.withUnsafeMutableBufferPointer { e in
                    types.withUnsafeBufferPointer { type in
                        embedding.withView { etable in
                            Parallel.forEachStreamingChunk(n) { _, range in
                                for i in range {
                                    var sum = rho[i]
                                    for c in 1..<chunks { sum += rho[c &* n &+ i] }
                                    let (f, df) = embedded(etable, type[i], sum)
                                    rho[i] = df
                                    if energies { e[i] = f }
                                }
                            }
                        }
                    }
                }
            }
            // Pass 2: energies and forces, over the entries within the cutoff.
            return partial.withUnsafeBufferPointer { fp in
                types.withUnsafeBufferPointer { type in
                    ParallelEvaluation.run(count: n, volume: structure.cell.volume, wanted: wanted,
                                           balance: neighbors.start) { range, sink in
                        for i in range {
                            let ti = type[i]
                            let xi = loop.positions[i], fpi = fp[i]
                            var fi = SIMD3<Double>.zero
                            var ei = energies ? embed[i] : 0
                            let first = loop.start[i]
                            for e in first..<(first &+ Int(keptCount[i])) {
                                let entry = kept[e]
                                let d = loop.displacement(of: entry, from: xi)
                                let r2 = lengthSquared(d)
                                let j = loop.neighbor(of: entry)
                                let tj = type[j]
                                let r = r2.squareRoot()
                                let at = table.locateDistance(r)
                                // ρ'_{j→i} (density at i from j) and ρ'_{i→j}; r·φ and its derivative.
                                let (toI, toJ) = pairing.densities(ti, tj)
                                let rhojp = CubicTables.View.derivative(toI, at)
                                let rhoip = P.symmetricDensity ? rhojp : CubicTables.View.derivative(toJ, at)
                                let phiTable = pairing.pair(ti, tj)
                                let z2 = CubicTables.View.value(phiTable, at)
                                let z2p = CubicTables.View.derivative(phiTable, at)
                                let recip = 1.0 / r
                                let phi = z2 * recip
                                let phip = z2p * recip - phi * recip
                                let psip = fpi * rhojp + fp[j] * rhoip + phip
                                if energies {
                                    ei += 0.5 * phi
                                    sink.addEnergy(j, 0.5 * phi)
                                }
                                let g = (psip * recip) * d
                                fi += g
                                sink.addNeighbor(j, d: d, gradient: g)
                            }
                            if energies { sink.addEnergy(i, ei) }
                            sink.addForce(i, fi)
                        }
                    }
                }
            }
        }
    }
}
