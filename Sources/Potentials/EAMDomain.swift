import Atoms
import Neighbors

/// EAM on a LAMMPS domain: the atomic energies E_i = F_i(ρ_i) + ½ Σ_j φ(r_ij) of the owned
/// atoms, with ρ_i = Σ_j ρ_j→i(r_ij) from row i of a full list (ghost rows empty), so no
/// ghost density is needed: ∂E_i/∂d_ij = (F_i'(ρ_i) ρ'_j→i(r) + ½ φ'(r)) d/r.
extension EAM: DomainPotential {
    public func evaluateDomain(_ atoms: Structure, owned: Int, neighbors: NeighborList, wanted: Quantities) throws -> Evaluation {
        precondition(neighbors.kind == .full, "a domain is evaluated with a full list")
        precondition(neighbors.cutoff >= cutoff, "the neighbor list is shorter than the EAM cutoff")
        let types = try typeIndices(atoms)
        let ns = species.count
        let cut2 = cutoff * cutoff
        return radial.withView { table in
            let density = densityIndex.map { table.function($0) }
            let pair = pairIndex.map { table.function(firstPair + $0) }
            return embedding.withView { embeddingTable in
                neighbors.withLoop(atoms.positions) { loop in
                    types.withUnsafeBufferPointer { type in
                        ParallelEvaluation.run(count: atoms.count, volume: 1, wanted: wanted, balance: neighbors.rowStarts) { range, sink in
                            for i in range where i < owned {
                                let ti = type[i], xi = loop.positions[i]
                                var rho = 0.0
                                for k in loop.range(of: i) {
                                    let r2 = lengthSquared(loop.displacement(k, from: xi))
                                    guard r2 < cut2 else { continue }
                                    let at = table.locateDistance(r2.squareRoot())
                                    rho += CubicTables.View.value(density[ti &* ns &+ type[loop.neighbor(k)]], at)
                                }
                                let (embed, fpi) = embedded(embeddingTable, ti, rho)
                                var ei = embed
                                var fi = SIMD3<Double>.zero
                                for k in loop.range(of: i) {
                                    let d = loop.displacement(k, from: xi)
                                    let r2 = lengthSquared(d)
                                    guard r2 < cut2 else { continue }
                                    let j = loop.neighbor(k)
                                    let ij = ti &* ns &+ type[j]
                                    let r = r2.squareRoot(), recip = 1 / r
                                    let at = table.locateDistance(r)
                                    let phi = CubicTables.View.value(pair[ij], at) * recip
                                    let phip = CubicTables.View.derivative(pair[ij], at) * recip - phi * recip
                                    ei += 0.5 * phi
                                    let g = ((fpi * CubicTables.View.derivative(density[ij], at) + 0.5 * phip) * recip) * d
                                    fi += g
                                    sink.addNeighbor(j, d: d, gradient: g)
                                }
                                sink.addEnergy(i, ei)
                                sink.addForce(i, fi)
                            }
                        }
                    }
                }
            }
        }
    }
}
