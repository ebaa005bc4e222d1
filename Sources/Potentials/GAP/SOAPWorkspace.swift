import Atoms
import Foundation
import Neighbors

/// Scratch memory for evaluating one SOAP term atom by atom: allocated once per thread
/// chunk, reused for every atom (no allocation in the per-atom loop).
final class SOAPWorkspace {
    let soap: SOAPDescriptor
    let harmonics: RealSphericalHarmonics
    let capacity: Int
    /// Density coefficients X[lm][channel] and their adjoint ∂E/∂X.
    let x: UnsafeMutablePointer<Double>
    let xBar: UnsafeMutablePointer<Double>
    /// Power spectrum, then normalised descriptor; ∂E/∂q, then ∂E/∂p.
    let p: UnsafeMutablePointer<Double>
    let pBar: UnsafeMutablePointer<Double>
    /// Per neighbour slot: radial coefficients c[l][n], dc/dr, Y_lm, ∇Y_lm, neighbour, vector, channel.
    let c: UnsafeMutablePointer<Double>
    let dc: UnsafeMutablePointer<Double>
    let y: UnsafeMutablePointer<Double>
    let dy: UnsafeMutablePointer<SIMD3<Double>>
    let neighbor: UnsafeMutablePointer<Int>
    let vector: UnsafeMutablePointer<SIMD3<Double>>
    let channel: UnsafeMutablePointer<Int>
    /// Radial functions f[l][a] for l ≤ l_max + 1 and their r-derivatives; harmonics scratch.
    let f: UnsafeMutablePointer<Double>
    let df: UnsafeMutablePointer<Double>
    let q: UnsafeMutablePointer<Double>
    let dq: UnsafeMutablePointer<SIMD3<Double>>
    /// The basis transform transposed, Tᵀ[n][a], for contiguous inner loops.
    let transformT: UnsafeMutablePointer<Double>

    /// Scratch for atoms with at most `capacity` neighbours in the list.
    init(_ soap: SOAPDescriptor, capacity: Int) {
        self.soap = soap
        harmonics = RealSphericalHarmonics(lMax: soap.lMax)
        self.capacity = max(capacity, 1)
        let lm = harmonics.count, k = soap.channels, ln = (soap.lMax + 1) * soap.nMax
        x = .allocate(capacity: lm * k)
        xBar = .allocate(capacity: lm * k)
        p = .allocate(capacity: soap.dimension)
        pBar = .allocate(capacity: soap.dimension)
        c = .allocate(capacity: self.capacity * ln)
        dc = .allocate(capacity: self.capacity * ln)
        y = .allocate(capacity: self.capacity * lm)
        dy = .allocate(capacity: self.capacity * lm)
        neighbor = .allocate(capacity: self.capacity)
        vector = .allocate(capacity: self.capacity)
        channel = .allocate(capacity: self.capacity)
        f = .allocate(capacity: (soap.lMax + 2) * soap.nMax)
        df = .allocate(capacity: (soap.lMax + 2) * soap.nMax)
        q = .allocate(capacity: lm)
        dq = .allocate(capacity: lm)
        let nMax = soap.nMax
        transformT = .allocate(capacity: nMax * nMax)
        for a in 0..<nMax { for n in 0..<nMax { transformT[n * nMax + a] = soap.transform[a * nMax + n] } }
    }

    deinit {
        for pointer in [x, xBar, p, pBar, c, dc, y, f, df, q, transformT] { pointer.deallocate() }
        for pointer in [dy, vector, dq] { pointer.deallocate() }
        for pointer in [neighbor, channel] { pointer.deallocate() }
    }

    /// QUIP's cosine cutoff and its derivative.
    @inline(__always) func cutoffFunction(_ r: Double) -> (Double, Double) {
        let rc = soap.cutoff, w = soap.transitionWidth
        if r > rc { return (0, 0) }
        if r > rc - w {
            let t = Double.pi * (r - rc + w) / w
            return (0.5 * (cos(t) + 1), -0.5 * Double.pi * sin(t) / w)
        }
        return (1, 0)
    }

    /// Fills slot `s` with the radial coefficients c_ln(r) (cutoff included) and dc/dr of
    /// a neighbour at distance r: Gaussians e^(−α(r²+r_a²)) i_l(2α r r_a) by QUIP's upward
    /// recurrence for the modified spherical Bessel functions, then the basis transform.
    @inline(__always) func radial(_ r: Double, slot s: Int) {
        let nMax = soap.nMax, lMax = soap.lMax, a2 = 2 * soap.alpha
        for a in 0..<nMax {
            let ra = soap.radialCentres[a]
            let arg = a2 * r * ra
            if arg == 0 {
                f[a] = exp(-soap.alpha * (ra * ra + r * r))
                for l in 1...(lMax + 1) { f[l * nMax + a] = 0 }
            } else {
                let ep = exp(-soap.alpha * (r + ra) * (r + ra))
                let em = exp(-soap.alpha * (r - ra) * (r - ra))
                var previous = 0.5 * (em + ep) / arg
                f[a] = 0.5 * (em - ep) / arg
                for l in 0...lMax {
                    let next = previous - Double(2 * l + 1) * f[l * nMax + a] / arg
                    previous = f[l * nMax + a]
                    f[(l + 1) * nMax + a] = next
                }
            }
            for l in 0...lMax {
                df[l * nMax + a] = -a2 * r * f[l * nMax + a] + Double(l) * f[l * nMax + a] / r + f[(l + 1) * nMax + a] * a2 * ra
            }
        }
        let (fc, dfc) = cutoffFunction(r)
        let base = s * (lMax + 1) * nMax
        for l in 0...lMax {
            let fl = f + l * nMax, dfl = df + l * nMax
            for n in 0..<nMax {
                let t = transformT + n * nMax
                var v = 0.0, dv = 0.0
                for a in 0..<nMax {
                    v += fl[a] * t[a]
                    dv += dfl[a] * t[a]
                }
                c[base + l * nMax + n] = v * fc
                dc[base + l * nMax + n] = dv * fc + v * dfc
            }
        }
    }
}
