import Atoms
import Foundation
import Phonons

/// The free energy of the Uhlenbeck–Ford fluid (`UhlenbeckFord`), the reference of a
/// liquid's free energy: ideal gas plus the excess free energy tabulated by Paula Leite,
/// Freitas, Azevedo & de Koning, J. Chem. Phys. 145, 194101 (2016) (and 151, 204104
/// (2019)) against x = ρ b, b = ½(πσ²)^{3/2}. Only p = 50 is tabulated here (calphy's
/// default, with σ = 1.5 Å).
public enum UhlenbeckFordFluid {
    /// The scales p with a table.
    public static let tabulatedScales: [Double] = [50]

    /// Largest x of the table.
    public static let maximumX = 4.0

    /// x = ρ b for number density ρ (Å⁻³) and σ (Å).
    public static func scaledDensity(numberDensity rho: Double, sigma: Double) -> Double {
        0.5 * pow(Double.pi * sigma * sigma, 1.5) * rho
    }

    /// βF_ex/N at x (0 < x ≤ 4) for p = 50. Throws outside the table.
    public static func excessFreeEnergy(x: Double, p: Double = 50) throws -> Double {
        guard p == 50 else { throw InputError("the Uhlenbeck-Ford free energy is tabulated for p = 50 only, not \(p)") }
        guard x > 0, x <= maximumX else {
            throw InputError(String(format: "the liquid's scaled density x = ρ(πσ²)^(3/2)/2 = %.3g is outside the Uhlenbeck-Ford table (0 < x ≤ 4): use a smaller σ", x))
        }
        let table = UhlenbeckFordTable.p50
        let k = table.firstIndex { x < $0.x1 } ?? table.count - 1
        let r = table[k]
        let (c0, c1, c2, c3) = r.c
        guard r.x0 > 0 else { return c0 * x * x / 2 + c1 * x }
        return r.value + c0 * (x * x - r.x0 * r.x0) / 2 + c1 * (x - r.x0) + (c2 - 1) * log(x / r.x0) - c3 * (1 / x - 1 / r.x0)
    }

    /// The ideal gas per atom, eV: k_BT [ln(ρΛ³) − 1] with Λ = h/√(2πmk_BT) (the
    /// thermodynamic limit, Stirling's ln N! ≈ N ln N − N, as calphy).
    /// - Parameters: numberDensity in Å⁻³, mass in amu.
    public static func idealGasFreeEnergy(temperatureK t: Double, numberDensity rho: Double, mass: Double) -> Double {
        let kT = Units.boltzmann * t
        let lambda = ThermalProperties.planckEVPerTHz / (2 * Double.pi * mass * Units.amuA2ps2InEV * kT).squareRoot()
        return kT * (log(rho * lambda * lambda * lambda) - 1)
    }

    /// Helmholtz free energy per atom of the p, σ fluid at `temperatureK` and number
    /// density ρ (Å⁻³), atoms of `mass` (amu), eV.
    public static func freeEnergy(temperatureK t: Double, numberDensity rho: Double, mass: Double, p: Double = 50,
                                  sigma: Double = 1.5) throws -> Double {
        let x = scaledDensity(numberDensity: rho, sigma: sigma)
        return idealGasFreeEnergy(temperatureK: t, numberDensity: rho, mass: mass)
            + Units.boltzmann * t * (try excessFreeEnergy(x: x, p: p))
    }
}
