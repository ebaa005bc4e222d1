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

    let embedding: [CubicTable]
    let densities: [CubicTable]
    let pairs: [CubicTable]
    /// Flattened [host * n + source] → density table index.
    let densityIndex: [Int]
    /// Flattened [a * n + b] → pair table index.
    let pairIndex: [Int]
    let rhomax: Double

    init(_ t: EAMTabulation, name: String) {
        self.name = name
        species = t.elements
        cutoff = t.cutoff
        fileMasses = t.masses
        style = t.style.rawValue
        embedding = t.embedding.map { CubicTable(values: $0, spacing: t.drho) }
        densities = t.densities.map { CubicTable(values: $0, spacing: t.dr) }
        pairs = t.pairs.map { CubicTable(values: $0, spacing: t.dr) }
        densityIndex = t.densityIndex.flatMap { $0 }
        pairIndex = t.pairIndex.flatMap { $0 }
        rhomax = t.rhomax
    }

    /// Reads a funcfl file (`pair_style eam`).
    public static func funcfl(_ file: TextFile) throws -> EAM {
        EAM(EAMFile.tabulate([try EAMFile.readFuncfl(file)]), name: "EAM \(file.path)")
    }

    /// Reads a setfl (`eam/alloy`) or Finnis–Sinclair (`eam/fs`) file; `fs` nil decides by content.
    public static func setfl(_ file: TextFile, fs: Bool? = nil) throws -> EAM {
        let t = try EAMFile.readSetfl(file, fs: fs)
        return EAM(t, name: "EAM (\(t.style.rawValue)) \(file.path)")
    }

    public func evaluate(_ structure: Structure, neighbors: NeighborList, wanted: Quantities) throws -> Evaluation {
        precondition(neighbors.kind == .half, "EAM needs a half neighbor list")
        let types = try typeIndices(structure)
        let n = structure.count
        let ns = species.count
        let cut2 = cutoff * cutoff
        // Pass 1: host densities ρ_i (half list: each pair feeds both atoms).
        var rho = [Double](repeating: 0, count: n)
        structure.positions.withUnsafeBufferPointer { x in
            types.withUnsafeBufferPointer { type in
                let chunks = max(1, min(Parallel.threads, n))
                var partial = [Double](repeating: 0, count: chunks * n)
                partial.withUnsafeMutableBufferPointer { buf in
                    Parallel.forEachChunk(n, chunks: chunks) { c, range in
                        let out = buf.baseAddress! + c * n
                        for i in range {
                            let ti = type[i]
                            for k in neighbors.range(of: i) {
                                let j = Int(neighbors.index[k])
                                let d = x[j] + neighbors.shift[k] - x[i]
                                let r2 = lengthSquared(d)
                                guard r2 < cut2 else { continue }
                                let r = r2.squareRoot()
                                let tj = type[j]
                                out[i] += densities[densityIndex[ti * ns + tj]].value(r)
                                out[j] += densities[densityIndex[tj * ns + ti]].value(r)
                            }
                        }
                    }
                }
                for c in 0..<chunks { for i in 0..<n { rho[i] += partial[c * n + i] } }
            }
        }
        // Embedding energies and F'(ρ_i).
        var fp = [Double](repeating: 0, count: n)
        var embed = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let (f, df) = embedding[types[i]].valueAndDerivative(rho[i])
            fp[i] = df
            embed[i] = rho[i] > rhomax ? f + df * (rho[i] - rhomax) : f
        }
        // Pass 2: energies and forces.
        return structure.positions.withUnsafeBufferPointer { x in
            types.withUnsafeBufferPointer { type in
                ParallelEvaluation.run(count: n, volume: structure.cell.volume, wanted: wanted) { range, sink in
                    for i in range {
                        sink.addEnergy(i, embed[i])
                        let ti = type[i]
                        for k in neighbors.range(of: i) {
                            let j = Int(neighbors.index[k])
                            let d = x[j] + neighbors.shift[k] - x[i]
                            let r2 = lengthSquared(d)
                            guard r2 < cut2 else { continue }
                            let tj = type[j]
                            let r = r2.squareRoot()
                            // ρ'_{i→j} and ρ'_{j→i}; r·φ and its derivative.
                            let rhoip = densities[densityIndex[tj * ns + ti]].derivative(r)
                            let rhojp = densities[densityIndex[ti * ns + tj]].derivative(r)
                            let (z2, z2p) = pairs[pairIndex[ti * ns + tj]].valueAndDerivative(r)
                            let recip = 1.0 / r
                            let phi = z2 * recip
                            let phip = z2p * recip - phi * recip
                            let psip = fp[i] * rhojp + fp[j] * rhoip + phip
                            sink.addEnergy(i, 0.5 * phi)
                            sink.addEnergy(j, 0.5 * phi)
                            sink.add(i, j, d: d, gradient: (psip * recip) * d)
                        }
                    }
                }
            }
        }
    }
}
