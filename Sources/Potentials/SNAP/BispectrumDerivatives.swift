import Atoms
import Foundation
import Neighbors

/// The bispectrum components of every atom of a structure and their derivatives with respect
/// to each neighbour's position, the per-atom data behind LAMMPS's `compute sna/atom` and
/// `compute snad/atom` (which sums these over the centres): for atom i and its neighbour pair k
/// (atom j = `neighbor[k]`, d = r_j − r_i = `vector[k]`), `gradient[k * count + t]` is
/// ∂B_{i,t}/∂d (1/Å), so ∂B_{i,t}/∂r_j gains it and ∂B_{i,t}/∂r_i loses it. A linear fit's
/// design matrix follows: force on atom j from atom i's energy is −Σ_t β_t ∂B_{i,t}/∂r_j,
/// and the virial Σ_k d ⊗ ∂B/∂d over the pairs.
public struct BispectrumDerivatives: Sendable {
    /// Components per atom.
    public let count: Int
    /// Element index of each atom (position in the potential's species).
    public let types: [Int]
    /// B of atom i at `b[i * count ..< (i + 1) * count]`, in LAMMPS's order.
    public var b: [Double] = []
    /// Pairs of atom i: `start[i] ..< start[i + 1]`.
    public var start: [Int] = [0]
    /// The neighbour atom of each pair.
    public var neighbor: [Int] = []
    /// The vector from the centre to the neighbour of each pair, Å.
    public var vector: [SIMD3<Double>] = []
    /// ∂B_{i,t}/∂d of pair k at `k * count + t`, 1/Å.
    public var gradient: [SIMD3<Double>] = []
}

extension BispectrumPotential {
    /// The bispectrum and its neighbour derivatives of every atom of `structure` (serial; the
    /// force path does not use this).
    public func bispectrumDerivatives(_ structure: Structure) throws -> BispectrumDerivatives {
        let types = try typeIndices(structure)
        let list = try NeighborList(structure, cutoff: cutoff, kind: .full)
        var work = BispectrumWork(descriptor)
        var out = BispectrumDerivatives(count: descriptor.count, types: types)
        out.b.reserveCapacity(structure.count * descriptor.count)
        list.withLoop(structure.positions) { loop in
            for i in 0..<structure.count {
                gather(i, types, loop, &work)
                work.computeBispectrum()
                out.b += work.b
                out.neighbor += work.neighborAtom
                out.vector += work.neighborVector
                out.start.append(out.neighbor.count)
                work.componentGradients(appendingTo: &out.gradient)
            }
        }
        return out
    }
}

extension BispectrumWork {
    /// Appends ∂B_t/∂d_n for every current neighbour n and component t (neighbour-major) after
    /// `computeBispectrum`: the gradient of U_tot is formed once per neighbour, then each
    /// component's adjoint (β = 1 on that component alone) touches only its three blocks.
    mutating func componentGradients(appendingTo out: inout [SIMD3<Double>]) {
        let layout = descriptor.layout
        let u = layout.uCount, nb = neighborAtom.count, count = layout.triples.count
        var dRe = derivativeRe, dIm = derivativeIm
        derivativeRe = []
        derivativeIm = []
        defer { (derivativeRe, derivativeIm) = (dRe, dIm) }
        if dRe.count < nb * u {
            dRe = Array(repeating: .zero, count: nb * u)
            dIm = dRe
        }
        for n in 0..<nb {
            let d = neighborVector[n], r = neighborDistance[n], rcut = neighborCutoff[n]
            harmonics.compute(d, r: r, rcut: rcut, rmin0: descriptor.rmin0, rfac0: descriptor.rfac0, gradient: true, rows: .all)
            let (s, ds) = descriptor.switchingFunction(r, rcut: rcut)
            let w = neighborWeight[n], radial = (w * ds / r) * d
            for k in 0..<u {
                dRe[n * u + k] = w * s * harmonics.dRe[k] + harmonics.re[k] * radial
                dIm[n * u + k] = w * s * harmonics.dIm[k] + harmonics.im[k] * radial
            }
        }
        let first = out.count
        out += repeatElement(.zero, count: nb * count)
        for (t, triple) in layout.triples.enumerated() {
            for which in 0..<3 {
                guard let block = Self.block(which, of: triple, layout) else { continue }
                for k in block {
                    gRe[k] = 0
                    gIm[k] = 0
                }
            }
            withAdjointBuffers { ur, ui, zr, zi, gr, gi, cg in
                Self.adjoint(triple, 1, layout, ur, ui, zr, zi, gr, gi, cg)
            }
            for n in 0..<nb {
                var g = SIMD3<Double>.zero
                for which in 0..<3 {
                    guard let block = Self.block(which, of: triple, layout) else { continue }
                    for k in block {
                        g += gRe[k] * dRe[n * u + k] + gIm[k] * dIm[n * u + k]
                    }
                }
                out[first + n * count + t] = g
            }
        }
    }

    /// The U entries of block j1 (`which` 0), j2 (1) or j (2) of `triple`; nil when an earlier
    /// one is the same block.
    @inline(__always)
    static func block(_ which: Int, of t: BispectrumLayout.Triple, _ layout: BispectrumLayout) -> Range<Int>? {
        let j = which == 0 ? t.j1 : which == 1 ? t.j2 : t.j
        if which >= 1 && j == t.j1 || which == 2 && j == t.j2 { return nil }
        return layout.uStart[j]..<(layout.uStart[j] + (j + 1) * (j + 1))
    }
}
