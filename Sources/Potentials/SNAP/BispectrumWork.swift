import Foundation

/// Per-thread scratch of a bispectrum evaluation, reused atom after atom: the neighbors
/// of the current atom, U_tot, the Z products, B, and the adjoint ∂E/∂U_tot that turns
/// dE/dB into forces.
///
/// Forces use reverse-mode differentiation of B as a function of U_tot: with β = dE/dB,
/// G = ∂E/∂U_tot collects β Z^j from the explicit U^j of each B and β U^j C U^{j2}* (and the
/// j1 ↔ j2 twin) from inside Z (Thompson et al. (2015) reach the same cost with their Y
/// lists; this is the same adjoint written out directly); G is then folded onto the rows
/// mb ≤ j/2, and ∂E/∂r_ij = Σ Re(conj(G) ∂U/∂r_ij) takes one sweep back through the
/// neighbor's U recursion (`HypersphericalHarmonics.projection`), reverse mode again.
struct BispectrumWork {
    let descriptor: BispectrumDescriptor
    var harmonics: HypersphericalHarmonics
    var totRe: [Double], totIm: [Double]
    var gRe: [Double], gIm: [Double]
    var zRe: [Double], zIm: [Double]
    /// B of the current atom.
    var b: [Double]
    /// dE/dB of the current atom, set by the model.
    var beta: [Double]
    /// Neighbors within their cutoffs: atom, vector from the centre (Å), distance, cutoff, weight.
    var neighborAtom: [Int] = []
    var neighborVector: [SIMD3<Double>] = []
    var neighborDistance: [Double] = []
    var neighborCutoff: [Double] = []
    var neighborWeight: [Double] = []
    /// ∂U_tot/∂d of each neighbor (neighbor-major), scratch of `componentGradients` only.
    var derivativeRe: [SIMD3<Double>] = [], derivativeIm: [SIMD3<Double>] = []

    init(_ descriptor: BispectrumDescriptor) {
        self.descriptor = descriptor
        let layout = descriptor.layout
        harmonics = HypersphericalHarmonics(layout: layout)
        totRe = Array(repeating: 0, count: layout.uCount)
        totIm = totRe
        gRe = totRe
        gIm = totRe
        zRe = Array(repeating: 0, count: layout.zCount)
        zIm = zRe
        b = Array(repeating: 0, count: layout.triples.count)
        beta = b
    }

    /// Forgets the neighbors of the previous atom.
    mutating func clearNeighbors() {
        neighborAtom.removeAll(keepingCapacity: true)
        neighborVector.removeAll(keepingCapacity: true)
        neighborDistance.removeAll(keepingCapacity: true)
        neighborCutoff.removeAll(keepingCapacity: true)
        neighborWeight.removeAll(keepingCapacity: true)
    }

    /// Adds neighbor atom `j` of element `tj` at vector `d` from a centre of element `ti`
    /// when it lies within their cutoff.
    @inline(__always)
    mutating func addNeighbor(_ j: Int, _ tj: Int, _ d: SIMD3<Double>, centre ti: Int) {
        let rcut = descriptor.cutoff(ti, tj)
        let r2 = (d * d).sum()
        guard r2 < rcut * rcut, r2 > 1e-20 else { return }
        neighborAtom.append(j)
        neighborVector.append(d)
        neighborDistance.append(r2.squareRoot())
        neighborCutoff.append(rcut)
        neighborWeight.append(descriptor.weights[tj])
    }

    /// Computes U_tot, Z and B of the current neighbors.
    mutating func computeBispectrum() {
        let layout = descriptor.layout
        for k in 0..<layout.uCount {
            totRe[k] = 0
            totIm[k] = 0
        }
        for j in 0...layout.twojmax {
            for m in 0...j { totRe[layout.uStart[j] + m * (j + 1) + m] = 1 }
        }
        for n in neighborAtom.indices {
            let r = neighborDistance[n], rcut = neighborCutoff[n]
            harmonics.compute(neighborVector[n], r: r, rcut: rcut, rmin0: descriptor.rmin0,
                              rfac0: descriptor.rfac0, gradient: false, rows: .upperHalf)
            let s = neighborWeight[n] * descriptor.switchingFunction(r, rcut: rcut).0
            for half in layout.upperHalf {
                for k in half {
                    totRe[k] += s * harmonics.re[k]
                    totIm[k] += s * harmonics.im[k]
                }
            }
        }
        layout.forEachMirrorPair { q, t, s in
            totRe[t] = s * totRe[q]
            totIm[t] = -s * totIm[q]
        }
        totRe.withUnsafeBufferPointer { ur in
            totIm.withUnsafeBufferPointer { ui in
                zRe.withUnsafeMutableBufferPointer { zr in
                    zIm.withUnsafeMutableBufferPointer { zi in
                        layout.cg.withUnsafeBufferPointer { cg in
                            for (t, triple) in layout.triples.enumerated() {
                                b[t] = Self.couple(triple, layout, ur, ui, zr, zi, cg)
                                    - (descriptor.bzero ? Double(triple.j + 1) : 0)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Fills Z^j_{j1 j2} on the half of block j that B needs and returns Σ w Re(conj(U^j) Z).
    @inline(__always)
    static func couple(_ t: BispectrumLayout.Triple, _ layout: BispectrumLayout,
                       _ ur: UnsafeBufferPointer<Double>, _ ui: UnsafeBufferPointer<Double>,
                       _ zr: UnsafeMutableBufferPointer<Double>, _ zi: UnsafeMutableBufferPointer<Double>,
                       _ cg: UnsafeBufferPointer<Double>) -> Double {
        let rowStep1 = t.j1 + 1, rowStep2 = t.j2 + 1, cgStep = t.j2
        var sum = 0.0
        layout.entries.withUnsafeBufferPointer { entries in
            for e in entries[t.entries] {
                var sr = 0.0, si = 0.0
                var pRow = Int(e.p), qRow = Int(e.q), b = Int(e.cgb)
                for _ in 0..<Int(e.rows) {
                    var ar = 0.0, ai = 0.0
                    var p = pRow, q = qRow, a = Int(e.cga)
                    for _ in 0..<Int(e.columns) {
                        let ca = cg[a]
                        ar += ca * (ur[p] * ur[q] - ui[p] * ui[q])
                        ai += ca * (ur[p] * ui[q] + ui[p] * ur[q])
                        p &+= 1
                        q &-= 1
                        a &+= cgStep
                    }
                    sr += cg[b] * ar
                    si += cg[b] * ai
                    pRow &+= rowStep1
                    qRow &-= rowStep2
                    b &+= cgStep
                }
                zr[Int(e.z)] = sr
                zi[Int(e.z)] = si
                let k = Int(e.k)
                sum += e.weight * (ur[k] * sr + ui[k] * si)
            }
        }
        return sum
    }

    /// Fills G = ∂E/∂U_tot from `beta` (= dE/dB), folded onto the rows mb ≤ j/2 of each block.
    mutating func backpropagate() {
        let layout = descriptor.layout
        for k in 0..<layout.uCount {
            gRe[k] = 0
            gIm[k] = 0
        }
        let beta = self.beta
        withAdjointBuffers { ur, ui, zr, zi, gr, gi, cg in
            for (t, triple) in layout.triples.enumerated() where beta[t] != 0 {
                Self.adjoint(triple, beta[t], layout, ur, ui, zr, zi, gr, gi, cg)
            }
        }
        // Fold the lower rows onto the upper ones: with U_t = s conj(U_q),
        // Re(conj(G_t) dU_t) = Re(conj(s conj(G_t)) dU_q).
        layout.forEachMirrorPair { q, t, s in
            gRe[q] += s * gRe[t]
            gIm[q] -= s * gIm[t]
        }
    }

    /// Runs `body` with U_tot, Z (read) and G (written) and the Clebsch–Gordan table as buffers.
    @inline(__always)
    mutating func withAdjointBuffers(_ body: (UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>,
                                              UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>,
                                              UnsafeMutableBufferPointer<Double>, UnsafeMutableBufferPointer<Double>,
                                              UnsafeBufferPointer<Double>) -> Void) {
        totRe.withUnsafeBufferPointer { ur in
            totIm.withUnsafeBufferPointer { ui in
                zRe.withUnsafeBufferPointer { zr in
                    zIm.withUnsafeBufferPointer { zi in
                        gRe.withUnsafeMutableBufferPointer { gr in
                            gIm.withUnsafeMutableBufferPointer { gi in
                                descriptor.layout.cg.withUnsafeBufferPointer { cg in body(ur, ui, zr, zi, gr, gi, cg) }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Adds the gradient of `beta` Σ w Re(conj(U^j) Z^j_{j1 j2}) with respect to U_tot to G.
    @inline(__always)
    static func adjoint(_ t: BispectrumLayout.Triple, _ beta: Double, _ layout: BispectrumLayout,
                        _ ur: UnsafeBufferPointer<Double>, _ ui: UnsafeBufferPointer<Double>,
                        _ zr: UnsafeBufferPointer<Double>, _ zi: UnsafeBufferPointer<Double>,
                        _ gr: UnsafeMutableBufferPointer<Double>, _ gi: UnsafeMutableBufferPointer<Double>,
                        _ cg: UnsafeBufferPointer<Double>) {
        let rowStep1 = t.j1 + 1, rowStep2 = t.j2 + 1, cgStep = t.j2
        layout.entries.withUnsafeBufferPointer { entries in
            for e in entries[t.entries] {
                let w = beta * e.weight
                let k = Int(e.k), z = Int(e.z)
                gr[k] += w * zr[z]
                gi[k] += w * zi[z]
                // ∂/∂Z of w Re(conj(U) Z) is H = w U; Z = Σ c U1 U2 passes c H conj(U2) to U1
                // and c H conj(U1) to U2.
                let hr = w * ur[k], hi = w * ui[k]
                var pRow = Int(e.p), qRow = Int(e.q), b = Int(e.cgb)
                for _ in 0..<Int(e.rows) {
                    let cb = cg[b]
                    var p = pRow, q = qRow, a = Int(e.cga)
                    for _ in 0..<Int(e.columns) {
                        let c = cb * cg[a]
                        let cr = c * hr, ci = c * hi
                        // c H conj(U2) and c H conj(U1)
                        gr[p] += cr * ur[q] + ci * ui[q]
                        gi[p] += ci * ur[q] - cr * ui[q]
                        gr[q] += cr * ur[p] + ci * ui[p]
                        gi[q] += ci * ur[p] - cr * ui[p]
                        p &+= 1
                        q &-= 1
                        a &+= cgStep
                    }
                    pRow &+= rowStep1
                    qRow &-= rowStep2
                    b &+= cgStep
                }
            }
        }
    }

    /// ∂E/∂d of neighbor `n` (eV/Å), d its vector from the centre; needs `backpropagate` first
    /// (G folded onto the upper rows, so the sum runs over those alone).
    mutating func neighborGradient(_ n: Int) -> SIMD3<Double> {
        let d = neighborVector[n], r = neighborDistance[n], rcut = neighborCutoff[n]
        let (fromS, fromU) = harmonics.projection(onto: gRe, gIm, d, r: r, rcut: rcut, rmin0: descriptor.rmin0,
                                                  rfac0: descriptor.rfac0)
        let (s, ds) = descriptor.switchingFunction(r, rcut: rcut)
        return neighborWeight[n] * (s * fromU + (ds * fromS / r) * d)
    }
}
