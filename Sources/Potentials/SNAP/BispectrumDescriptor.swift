import Atoms
import Foundation

/// The SNAP bispectrum descriptor of an atom's neighborhood as LAMMPS's `sna` defines it
/// (`pair_style snap`, ML-IAP `descriptor sna`), without the `chemflag` variant.
///
/// Neighbor j of atom i contributes w_j f_c(r) U^j(r_ij) to the density expansion
/// U_tot = w_self δ + Σ_j w_j f_c(r_ij) U(r_ij) (w_self = 1), within r_ij < R_ij =
/// `rcutfac` (R_i + R_j) of the per-element radii; f_c(r) = ½ (cos(π (r − rmin0)/(R_ij − rmin0)) + 1)
/// above `rmin0` when `switching`, else 1. B_{j1 j2 j} = Σ_{ma,mb} Re(conj(U^j_tot) Z^j_{j1 j2}) with
/// Z the Clebsch–Gordan product of U^{j1}_tot and U^{j2}_tot, minus j+1 when `bzero`.
struct BispectrumDescriptor: Sendable {
    let layout: BispectrumLayout
    /// Scale of the element radii to cutoffs (`rcutfac`).
    let rcutfac: Double
    /// θ0 range factor (`rfac0`).
    let rfac0: Double
    /// Inner radius of the θ0 map and the switching function, Å (`rmin0`).
    let rmin0: Double
    /// Whether the cosine switching function applies (`switchflag`).
    let switching: Bool
    /// Whether B of an isolated atom is subtracted (`bzeroflag`).
    let bzero: Bool
    /// Radius R of each element (`radelem`), Å.
    let radii: [Double]
    /// Neighbor weight of each element (`wjelem`).
    let weights: [Double]

    /// Smallest `rfac0` read: below it θ0 ≤ π rfac0 leaves cos θ0 within round-off of 1, so the
    /// neighbours' directions are lost (and near 1e-154, z0 = r / tan θ0 squared overflows).
    static let minimumRfac0 = 1e-6
    /// Largest |neighbour weight| read (`wjelem`, `welems`): B grows as its cube, a quadratic
    /// model's energy as its sixth power.
    static let maximumWeight = 1e6

    /// Throws unless every weight lies within ±`maximumWeight`; the message names the element.
    static func checkWeights(_ weights: [Double], symbols: [String]) throws {
        if let k = weights.firstIndex(where: { !(abs($0) <= maximumWeight) }) {
            throw InputError("the weight \(weights[k]) of \(symbols[k]) is beyond ±10^6: the bispectrum (∝ w³) would overflow")
        }
    }

    /// Number of components.
    var count: Int { layout.triples.count }

    /// Cutoff between elements a and b, Å.
    func cutoff(_ a: Int, _ b: Int) -> Double { rcutfac * (radii[a] + radii[b]) }

    /// Largest cutoff over element pairs, Å.
    var maxCutoff: Double { rcutfac * 2 * (radii.max() ?? 0) }

    /// The switching function f_c and its derivative (1/Å) at r for cutoff `rcut`.
    @inline(__always)
    func switchingFunction(_ r: Double, rcut: Double) -> (Double, Double) {
        guard switching else { return (1, 0) }
        if r <= rmin0 { return (1, 0) }
        if r > rcut { return (0, 0) }
        let k = Double.pi / (rcut - rmin0)
        return (0.5 * (cos((r - rmin0) * k) + 1), -0.5 * k * sin((r - rmin0) * k))
    }
}
