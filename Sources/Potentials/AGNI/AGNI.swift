import Atoms
import Foundation
import Neighbors

/// AGNI direct-force model as LAMMPS `pair_style agni` evaluates it (V. Botu et al.,
/// J. Phys. Chem. C 121, 511 (2017); T. Huan et al., J. Phys. Chem. C 123, 20715 (2019)):
/// the force on atom i along each Cartesian axis α is a kernel regression on that axis's
/// fingerprint,
///
///     V_α,k(i) = Σ_j (r_i − r_j)_α / r_ij · f_c(r_ij) g_k(r_ij),  f_c(r) = ½ (cos(π r/R_c) + 1),
///     F_α(i) = b + Σ_t α_t exp(−|V_α(i) − X_t|² / (2 σ²)),
///
/// with g_k(r) = exp(−η_k r²) (generation 1) or exp(−(r − η_k)²/(2 w²)) / (η_k² w √(2π))
/// (generation 2, w = `gwidth`) over the training fingerprints X_t and weights α_t.
/// There is no energy and no stress: `supplies` is forces only.
public struct AGNI: Potential {
    public let name: String
    public let species: [Element]
    /// R_c, Å.
    public let cutoff: Double
    public var supplies: Quantities { [.forces] }
    public var neighborKind: NeighborList.Kind { .full }
    /// 1 or 2.
    let generation: Int
    /// η_k: Å⁻² (generation 1) or Å (generation 2).
    let eta: [Double]
    /// Gaussian width w of generation 2, Å.
    let width: Double
    /// Kernel length σ (fingerprint units).
    let sigma: Double
    /// Force offset b, eV/Å.
    let offset: Double
    /// Training fingerprints, row t holds X_t (`eta.count` values).
    let training: [Double]
    /// Weights α_t, eV/Å.
    let weights: [Double]

    public func evaluate(_ structure: Structure, neighbors: NeighborList, wanted: Quantities) throws -> Evaluation {
        precondition(neighbors.kind == .full, "AGNI needs a full neighbor list")
        _ = try typeIndices(structure)
        let m = eta.count, rc2 = cutoff * cutoff
        return neighbors.withLoop(structure.positions) { loop in
            ParallelEvaluation.run(count: structure.count, volume: structure.cell.volume,
                                   wanted: wanted.intersection(supplies), balance: neighbors.rowStarts,
                                   chunksPerThread: ParallelEvaluation.costlyAtomChunks) { range, sink in
                var v = [SIMD3<Double>](repeating: .zero, count: m)
                for i in range {
                    for k in 0..<m { v[k] = .zero }
                    let xi = loop.positions[i]
                    for n in loop.range(of: i) {
                        let d = -loop.displacement(n, from: xi)
                        let r2 = (d * d).sum()
                        guard r2 > 0, r2 < rc2 else { continue }
                        let r = r2.squareRoot()
                        let w = (0.5 * (cos(Double.pi * r / cutoff) + 1) / r) * d
                        for k in 0..<m { v[k] += radial(k, r: r, r2: r2) * w }
                    }
                    sink.addForce(i, force(v))
                }
            }
        }
    }

    /// g_k at distance r (r² = `r2`).
    @inline(__always)
    func radial(_ k: Int, r: Double, r2: Double) -> Double {
        if generation == 1 { return exp(-eta[k] * r2) }
        let e = eta[k], dr = r - e
        return exp(-dr * dr / (2 * width * width)) / (e * e * width * (2 * Double.pi).squareRoot())
    }

    /// The kernel regression of the three fingerprints `v` (one SIMD lane per axis), eV/Å.
    func force(_ v: [SIMD3<Double>]) -> SIMD3<Double> {
        let m = eta.count
        let scale = -0.5 / (sigma * sigma)
        var f = SIMD3<Double>(repeating: offset)
        training.withUnsafeBufferPointer { x in
            for t in weights.indices {
                var d2 = SIMD3<Double>.zero
                for k in 0..<m {
                    let d = v[k] - SIMD3(repeating: x[t * m + k])
                    d2 += d * d
                }
                f += weights[t] * SIMD3(exp(scale * d2.x), exp(scale * d2.y), exp(scale * d2.z))
            }
        }
        return f
    }
}
