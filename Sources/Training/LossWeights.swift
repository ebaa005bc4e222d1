/// The loss of Shimamura et al., J. Chem. Phys. 151, 124303 (2019) (Ag2Se), per structure
/// of N atoms,
///
///     L = p_E (ΔE/N)² + p_F w/(3N) Σ_i |ΔF_i|² + p_P S,
///
/// averaged over the structures of a batch, with ΔE in eV, ΔF in eV/Å, w the
/// per-structure force weight, and S either the pressure error (ΔP)² or the mean squared
/// stress component error (1/9) Σ_ab Δσ_ab², both in GPa². Terms whose labels a structure
/// lacks are left out for it.
public struct LossWeights: Sendable, Equatable {
    public enum StressTerm: String, Sendable, CaseIterable {
        /// (ΔP)², P = −tr σ/3.
        case pressure
        /// (1/9) Σ_ab Δσ_ab².
        case stress
    }

    /// p_E, 1/(eV/atom)².
    public var energy: Double
    /// p_F, 1/(eV/Å)².
    public var force: Double
    /// p_P, 1/GPa².
    public var stress: Double
    public var stressTerm: StressTerm

    public init(energy: Double, force: Double, stress: Double, stressTerm: StressTerm = .stress) {
        self.energy = energy
        self.force = force
        self.stress = stress
        self.stressTerm = stressTerm
    }
}
