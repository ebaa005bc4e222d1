import Foundation

/// The Ziegler–Biersack–Littmark screened-nuclear repulsion of two atoms with nuclear
/// charges Z_i and Z_j (J. F. Ziegler, J. P. Biersack, U. Littmark, *The Stopping and Range
/// of Ions in Solids*, Pergamon, New York 1985, ch. 2):
///
///     φ(r) = (e²/4πε₀) Z_i Z_j / r · Σ_k c_k exp(−d_k r/a),   a = 0.46850 Å / (Z_i^0.23 + Z_j^0.23)
///
/// with the universal screening function's c = (0.18175, 0.50986, 0.28022, 0.02817) and
/// d = (3.19980, 0.94229, 0.40290, 0.20162). LAMMPS's `pair_style zbl` uses the same form and
/// constants (checked in `ZBLTests` against LAMMPS's numbers, `reference/zbl/`).
public struct ZBL: Sendable, Equatable {
    /// e²/(4πε₀) in eV·Å, the value of LAMMPS's metal units (`qqr2e`).
    public static let coulomb = 14.399645
    /// The universal screening length's numerator, Å (0.8854 a_Bohr).
    public static let screeningLength = 0.46850
    /// The universal screening function's amplitudes c_k (sum 1).
    public static let amplitudes: (Double, Double, Double, Double) = (0.18175, 0.50986, 0.28022, 0.02817)
    /// The universal screening function's decay constants d_k.
    public static let exponents: (Double, Double, Double, Double) = (3.19980, 0.94229, 0.40290, 0.20162)

    /// Nuclear charges.
    public let z1: Int, z2: Int
    /// e²/(4πε₀) Z_i Z_j, eV·Å.
    let prefactor: Double
    /// The screening length a, Å.
    public let a: Double

    public init(z1: Int, z2: Int) {
        self.z1 = z1
        self.z2 = z2
        prefactor = ZBL.coulomb * Double(z1 * z2)
        a = ZBL.screeningLength / (pow(Double(z1), 0.23) + pow(Double(z2), 0.23))
    }

    /// φ(r) in eV and dφ/dr in eV/Å at r (Å, > 0).
    @inline(__always)
    public func energyAndDerivative(_ r: Double) -> (energy: Double, derivative: Double) {
        let (c, d) = (ZBL.amplitudes, ZBL.exponents)
        let x = r / a
        let e0 = c.0 * exp(-d.0 * x), e1 = c.1 * exp(-d.1 * x), e2 = c.2 * exp(-d.2 * x), e3 = c.3 * exp(-d.3 * x)
        let screening = e0 + e1 + e2 + e3
        let dScreening = -(d.0 * e0 + d.1 * e1 + d.2 * e2 + d.3 * e3) / a
        let energy = prefactor / r * screening
        return (energy, prefactor / r * dScreening - energy / r)
    }
}
