import Atoms
import Foundation
import Neighbors

/// One SOAP term of a GAP: the descriptor and its dot-product sparse GP. The energy of each
/// centre atom is the GP's prediction on its normalised power spectrum; forces and virial
/// follow by the chain rule taken backwards (∂E/∂q → ∂E/∂p → ∂E/∂c_nlm → ∂E/∂r_ij), so the
/// descriptor's Jacobian is never formed.
struct SOAPTerm: Sendable {
    let descriptor: SOAPDescriptor
    let kernel: DotProductKernel

    /// Adds the energy of atom i (atomic numbers `z`) and, when `gradients`, its gradients
    /// to `sink`.
    func evaluate(_ i: Int, z: UnsafeBufferPointer<Int>, loop: PairLoop, workspace w: SOAPWorkspace,
                  sink: inout GradientSink, gradients: Bool) {
        guard let atom = descriptor.describe(i, z: z, loop: loop, workspace: w, gradients: gradients) else { return }
        let energy = kernel.predict(w.p, gradient: gradients ? w.pBar : nil)
        sink.addEnergy(i, energy)
        guard gradients else { return }
        var total = SIMD3<Double>.zero
        descriptor.backpropagate(atom, workspace: w) { slot, gradient in
            sink.addNeighbor(w.neighbor[slot], d: w.vector[slot], gradient: gradient)
            total += gradient
        }
        sink.addForce(i, total)
    }
}

/// The state `SOAPDescriptor.describe` leaves for `backpropagate`: the neighbour slots filled
/// and the norm of the power spectrum before normalisation.
struct SOAPAtom {
    let slots: Int
    let norm: Double
}

extension SOAPDescriptor {
    /// Computes atom i's descriptor q (normalised power spectrum, σ0 last) into `w.p` and
    /// keeps in `w` what `backpropagate` needs (density coefficients, per-neighbour radial
    /// and angular parts, with their derivatives when `gradients`); nil when i is not a centre.
    func describe(_ i: Int, z: UnsafeBufferPointer<Int>, loop: PairLoop, workspace w: SOAPWorkspace,
                  gradients: Bool) -> SOAPAtom? {
        let soap = self
        guard soap.isCentre(z[i]) else { return nil }
        let lMax = soap.lMax, nMax = soap.nMax, k = soap.channels, lmCount = (lMax + 1) * (lMax + 1)
        let ln = (lMax + 1) * nMax
        let x = w.x
        x.update(repeating: 0, count: lmCount * k)
        let y00 = 1 / (4 * Double.pi).squareRoot()
        for s in 0..<soap.speciesZ.count
        where soap.centralReferenceAllSpecies || soap.speciesZ[s] == z[i] || soap.speciesZ[s] == 0 {
            x[s * nMax] = soap.centralWeight * soap.centralCoefficient * y00
        }
        // Density coefficients X[lm][channel], one slot per neighbour within the cutoff.
        let xi = loop.positions[i]
        var slots = 0
        let rc2 = soap.cutoff * soap.cutoff
        for e in loop.range(of: i) {
            let j = loop.neighbor(e)
            let d = loop.displacement(e, from: xi)
            let r2 = (d * d).sum()
            guard r2 < rc2, let s = soap.channel(of: z[j]) else { continue }
            let slot = slots
            slots += 1
            w.radial(r2.squareRoot(), slot: slot)
            w.harmonics.evaluate(d, y: w.y + slot * lmCount, gradient: gradients ? w.dy + slot * lmCount : nil, q: w.q, dq: w.dq)
            w.neighbor[slot] = j
            w.vector[slot] = d
            w.channel[slot] = s
            let c = w.c + slot * ln, y = w.y + slot * lmCount
            for l in 0...lMax {
                for m in (l * l)..<((l + 1) * (l + 1)) {
                    let ylm = y[m]
                    let row = x + m * k + s * nMax
                    for n in 0..<nMax { row[n] += c[l * nMax + n] * ylm }
                }
            }
        }
        // Power spectrum, index (pair(a ≥ b))·(l_max+1) + l.
        let d = soap.dimension, p = w.p
        for l in 0...lMax {
            let scale = soap.twoLPlusOne ? 1 / Double(2 * l + 1).squareRoot() : 1
            var pair = 0
            for a in 0..<k {
                for b in 0...a {
                    var sum = 0.0
                    for m in (l * l)..<((l + 1) * (l + 1)) { sum += x[m * k + a] * x[m * k + b] }
                    p[pair * (lMax + 1) + l] = sum * scale * (a == b ? 1 : 2.0.squareRoot())
                    pair += 1
                }
            }
        }
        p[d - 1] = 0
        var norm = 0.0
        for t in 0..<d { norm += p[t] * p[t] }
        norm = norm.squareRoot()
        if soap.normalise && norm > 0 { for t in 0..<d { p[t] /= norm } }
        p[d - 1] = soap.sigma0
        return SOAPAtom(slots: slots, norm: norm)
    }

    /// Given ∂E/∂q in `w.pBar` for the atom `describe` last filled `w` with, calls
    /// `body(slot, ∂E/∂d)` for every neighbour slot (d the vector from the centre to
    /// `w.neighbor[slot]`); the chain rule runs backwards (∂E/∂q → ∂E/∂p → ∂E/∂c_nlm → ∂E/∂d),
    /// so the descriptor's Jacobian is never formed. Overwrites `w.pBar`, keeps `w.p`.
    func backpropagate(_ atom: SOAPAtom, workspace w: SOAPWorkspace, _ body: (Int, SIMD3<Double>) -> Void) {
        let soap = self
        let lMax = soap.lMax, nMax = soap.nMax, k = soap.channels, lmCount = (lMax + 1) * (lMax + 1)
        let ln = (lMax + 1) * nMax
        let d = soap.dimension, p = w.p, x = w.x, norm = atom.norm
        guard atom.slots > 0 else { return }
        // ∂E/∂p from ∂E/∂q: q = p/|p| projects out the radial component (σ0 excluded).
        let g = w.pBar
        g[d - 1] = 0
        if soap.normalise && norm > 0 {
            var dot = 0.0
            for t in 0..<(d - 1) { dot += g[t] * p[t] }
            for t in 0..<(d - 1) { g[t] = (g[t] - dot * p[t]) / norm }
        }
        // ∂E/∂X[lm][a] = Σ_b H_l(a, b) X[lm][b] with H symmetric.
        let xBar = w.xBar
        xBar.update(repeating: 0, count: lmCount * k)
        for l in 0...lMax {
            let scale = soap.twoLPlusOne ? 1 / Double(2 * l + 1).squareRoot() : 1
            var pair = 0
            for a in 0..<k {
                for b in 0...a {
                    let h = g[pair * (lMax + 1) + l] * scale * (a == b ? 2 : 2.0.squareRoot())
                    pair += 1
                    guard h != 0 else { continue }
                    for m in (l * l)..<((l + 1) * (l + 1)) {
                        xBar[m * k + a] += h * x[m * k + b]
                        if a != b { xBar[m * k + b] += h * x[m * k + a] }
                    }
                }
            }
        }
        // ∂E/∂r_ij per neighbour.
        for slot in 0..<atom.slots {
            let c = w.c + slot * ln, dc = w.dc + slot * ln
            let y = w.y + slot * lmCount, dy = w.dy + slot * lmCount
            let dvec = w.vector[slot]
            let u = dvec / (dvec * dvec).sum().squareRoot()
            let base = w.channel[slot] * nMax
            var radialPart = 0.0
            var angularPart = SIMD3<Double>.zero
            for l in 0...lMax {
                let cl = c + l * nMax, dcl = dc + l * nMax
                for m in (l * l)..<((l + 1) * (l + 1)) {
                    let zb = xBar + m * k + base
                    var a = 0.0, b = 0.0
                    for n in 0..<nMax {
                        a += dcl[n] * zb[n]
                        b += cl[n] * zb[n]
                    }
                    radialPart += a * y[m]
                    angularPart += b * dy[m]
                }
            }
            body(slot, radialPart * u + angularPart)
        }
    }
}
