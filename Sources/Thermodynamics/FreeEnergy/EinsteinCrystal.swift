import Atoms
import Foundation
import Phonons

/// The classical Einstein crystal: N atoms each tied to a lattice site by a spring kᵢ.
/// Classical, because the MD that is switched to it samples classical statistics (the
/// quantum oscillator's ½ħω and Bose terms would belong to a quantum-thermostatted run).
/// Frenkel & Ladd, J. Chem. Phys. 81, 3188 (1984); Freitas, Asta & de Koning, Comput.
/// Mater. Sci. 112, 333 (2016).
public enum EinsteinCrystal {
    /// ħ in eV·ps.
    static let hbar = ThermalProperties.planckEVPerTHz / (2 * Double.pi)

    /// Angular frequency √(k/m) of a spring k (eV/Å²) on a mass m (amu), rad/ps.
    public static func angularFrequency(springConstant k: Double, mass m: Double) -> Double {
        (k / (m * Units.amuA2ps2InEV)).squareRoot()
    }

    /// Helmholtz free energy of independent springs to fixed sites, eV (whole crystal):
    /// F = Σᵢ 3 k_BT ln(ħωᵢ/k_BT).
    /// - Parameters: springConstants in eV/Å² and masses in amu, one per atom.
    public static func freeEnergy(temperatureK t: Double, springConstants: [Double], masses: [Double]) -> Double {
        let kT = Units.boltzmann * t
        return zip(springConstants, masses).reduce(0) { sum, km in
            sum + 3 * kT * log(hbar * angularFrequency(springConstant: km.0, mass: km.1) / kT)
        }
    }

    /// The free energy of the Einstein crystal whose springs act on displacements relative
    /// to the centre of mass (`EinsteinSprings` with `relativeToCentreOfMass`) minus that
    /// of springs to fixed sites, eV (whole crystal):
    /// ΔF = −k_BT ln[(V/N) (β / (2π Σᵢ μᵢ²/kᵢ))^{3/2}], μᵢ = mᵢ/M. The centre of mass is
    /// free over the volume V, and N of its positions (the lattice translations) are the
    /// same configurations as permutations of the atoms, hence V/N (Polson, Trizac,
    /// Pronk & Frenkel, J. Chem. Phys. 112, 5339 (2000); calphy's form, Menon et al.,
    /// Phys. Rev. Materials 5, 103801 (2021)).
    /// - Parameter volume: cell volume, Å³.
    public static func centreOfMassCorrection(temperatureK t: Double, springConstants: [Double], masses: [Double],
                                              volume: Double) -> Double {
        let kT = Units.boltzmann * t
        let total = masses.reduce(0, +)
        let s = zip(springConstants, masses).reduce(0) { $0 + ($1.1 / total) * ($1.1 / total) / $1.0 }
        return -kT * log(volume / Double(masses.count) * pow(1 / (2 * Double.pi * kT * s), 1.5))
    }

    /// The spring constant whose Einstein crystal has the mean square displacement
    /// `meanSquareDisplacement` (Å²) at `temperatureK`: k = 3k_BT/⟨u²⟩, eV/Å².
    public static func springConstant(temperatureK t: Double, meanSquareDisplacement u2: Double) -> Double {
        3 * Units.boltzmann * t / u2
    }
}
