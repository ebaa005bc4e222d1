import Atoms
import Foundation
import Neighbors

/// QUIP's `distance_2b` descriptor with its squared-exponential sparse GP: for every ordered
/// pair (i, j) within the cutoff whose elements match (Z1, Z2) in either order (0 matches
/// any), the descriptor x_k = r^(e_k) (exponents e_k, default 1) gives the energy
/// e(x) f_c(r) t(r), f_c the cosine cutoff of width `cutoff_transition_width`, t the optional
/// tail (erf(a r)/r)^(tail_exponent). As in QUIP, each unordered pair is counted twice
/// (GAP `descriptors.F90`, `distance_2b_calc`; gap_fit fits with the same convention).
struct DistanceTwoBodyTerm: Sendable {
    let cutoff: Double
    let transitionWidth: Double
    let z1: Int
    let z2: Int
    let exponents: [Double]
    /// Tail range a (1/Å) and exponent; exponent 0 means no tail.
    let tailRange: Double
    let tailExponent: Double
    let kernel: SquaredExponentialKernel

    /// Reads the descriptor keys from `args`; `kernel` is built later from the xml.
    static func parameters(_ args: inout DescriptorArguments) throws
        -> (cutoff: Double, width: Double, z1: Int, z2: Int, exponents: [Double], tailRange: Double, tailExponent: Double) {
        let cutoff = try args.double("cutoff", 0)
        let width = try args.double("cutoff_transition_width", 0.5)
        guard cutoff > 0, width >= 0, width <= cutoff else {
            throw args.error("needs cutoff > 0 and 0 ≤ cutoff_transition_width ≤ cutoff")
        }
        let z1 = try args.int("z1", 0), z2 = try args.int("z2", 0)
        let count = try args.int("n_exponents", 1)
        guard count >= 1, count <= 100 else { throw args.error("n_exponents must be 1...100") }
        let exponents = try args.doubles("exponents", count == 1 ? [1] : (1...count).map { -Double($0) })
        guard exponents.count == count else { throw args.error("exponents has \(exponents.count) entries for n_exponents=\(count)") }
        let tailRange = try args.double("tail_range", 1)
        let tailExponent = try args.double("tail_exponent", 0)
        for key in ["resid_name", "only_intra", "only_inter"] {
            try args.refuse(key, unless: { ["", "f", "false"].contains($0.lowercased()) })
        }
        return (cutoff, width, z1, z2, exponents, tailRange, tailExponent)
    }

    /// Whether the pair of atomic numbers belongs to this term.
    @inline(__always) func matches(_ zi: Int, _ zj: Int) -> Bool {
        let i1 = z1 == 0 || zi == z1, i2 = z2 == 0 || zi == z2
        let j1 = z1 == 0 || zj == z1, j2 = z2 == 0 || zj == z2
        return (i1 && j2) || (i2 && j1)
    }

    /// Adds the pair energies of atom i's neighbours (each attributed to i) and, when
    /// `gradients`, their gradients. `scratch` holds 2 × `exponents.count` numbers.
    func evaluate(_ i: Int, z: UnsafeBufferPointer<Int>, loop: PairLoop, scratch: UnsafeMutablePointer<Double>,
                  sink: inout GradientSink, gradients: Bool) {
        let n = exponents.count
        let x = scratch, gx = scratch + n
        let xi = loop.positions[i]
        var total = SIMD3<Double>.zero
        for e in loop.range(of: i) {
            let j = loop.neighbor(e)
            let d = loop.displacement(e, from: xi)
            let r = (d * d).sum().squareRoot()
            guard r < cutoff, matches(z[i], z[j]) else { continue }
            for k in 0..<n { x[k] = pow(r, exponents[k]) }
            let value = kernel.predict(x, gradient: gx)
            var (fc, dfc) = (1.0, 0.0)
            if r > cutoff - transitionWidth {
                let t = Double.pi * (r - cutoff + transitionWidth) / transitionWidth
                (fc, dfc) = (0.5 * (cos(t) + 1), -0.5 * Double.pi * sin(t) / transitionWidth)
            }
            if tailExponent != 0 {
                let er = erf(tailRange * r)
                let tail = pow(er / r, tailExponent)
                let dtail = tail * tailExponent
                    * (2 * tailRange * exp(-tailRange * tailRange * r * r) / Double.pi.squareRoot() / er - 1 / r)
                (fc, dfc) = (fc * tail, dfc * tail + fc * dtail)
            }
            sink.addEnergy(i, value * fc)
            guard gradients else { continue }
            var dvalue = 0.0
            for k in 0..<n { dvalue += gx[k] * exponents[k] * pow(r, exponents[k] - 1) }
            let g = ((dvalue * fc + value * dfc) / r) * d
            sink.addNeighbor(j, d: d, gradient: g)
            total += g
        }
        if gradients { sink.addForce(i, total) }
    }
}
