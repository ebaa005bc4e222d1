import Foundation
import Atoms

/// A barostat acts once per step between the two half drifts (before the force
/// evaluation): it deforms the cell, the positions and the velocities. It keeps the work
/// it has exchanged so that the run reports a conserved quantity.
public protocol Barostat: Sendable {
    /// Target pressure, eV/Å³.
    var pressure: Double { get }
    /// Applies the barostat for `duration` ps; the state's stress is from the last force
    /// evaluation, its velocities current.
    mutating func step(_ s: inout MDState, duration: Double, temperatureK: Double, rng: inout RandomSource)
    /// The barostat's term of the conserved quantity, eV (P₀V minus the work it has done).
    func conservedEnergy(_ s: MDState) -> Double
    /// The internal state, for checkpoints.
    var checkpointValues: [Double] { get set }
}

/// Which cell degrees of freedom a barostat moves.
public enum CellCoupling: String, Sendable, CaseIterable {
    /// Volume only, shape kept.
    case isotropic = "iso"
    /// The three Cartesian axes independently (x, y, z scaled by their own pressure
    /// components).
    case anisotropic = "aniso"
}

/// First-order cell rescaling toward the target pressure with time constant τ and an
/// assumed compressibility β (which only sets how fast the volume responds).
///
/// - `stochastic`: stochastic cell rescaling, Bernetti & Bussi, J. Chem. Phys. 153, 114107
///   (2020), doi:10.1063/5.0020514: dε = −(β/τ)(P₀ − P − kT/V) dt + √(2kTβ/(Vτ)) dW with
///   ε = ln V, positions scaled by e^{dε/3} and velocities by e^{−dε/3}. With a canonical
///   thermostat it samples the isothermal–isobaric ensemble. The anisotropic form applies
///   the same equation to each axis (ε_k = ln L_k, P → P_kk, rate β/(3τ)), which samples
///   exp(−β(U + P₀V)) in the measure dL_x dL_y dL_z.
/// - deterministic: Berendsen's barostat, J. Chem. Phys. 81, 3684 (1984): relaxes the
///   pressure but does NOT sample volume fluctuations correctly.
public struct CellRescaling: Barostat {
    public let pressure: Double
    /// Coupling time τ, ps.
    public let damping: Double
    /// Assumed isothermal compressibility, Å³/eV.
    public let compressibility: Double
    public let coupling: CellCoupling
    public let stochastic: Bool
    /// Energy (kinetic + potential + P₀V) the rescaling steps have put into the system, eV.
    private var work = 0.0

    /// - Parameters:
    ///   - pressureGPa: target pressure, GPa.
    ///   - damping: τ, ps.
    ///   - compressibilityPerGPa: assumed compressibility, 1/GPa (default 0.01, a typical solid).
    public init(pressureGPa: Double, damping: Double, coupling: CellCoupling, stochastic: Bool,
                compressibilityPerGPa: Double = 0.01) {
        pressure = pressureGPa * Units.gpaInEVPerA3
        self.damping = damping
        self.coupling = coupling
        self.stochastic = stochastic
        compressibility = compressibilityPerGPa * Units.eVPerA3InGPa
    }

    public mutating func step(_ s: inout MDState, duration: Double, temperatureK: Double, rng: inout RandomSource) {
        guard let p = s.pressureTensor, let stress = s.stress else { return }
        let v = s.structure.cell.volume
        let kT = Units.boltzmann * temperatureK
        var strain = SIMD3<Double>.zero
        switch coupling {
        case .isotropic:
            let pInt = p.trace / 3
            var de = -compressibility / damping * (pressure - pInt) * duration
            if stochastic {
                de += compressibility / damping * kT / v * duration
                de += (2 * kT * compressibility / (v * damping) * duration).squareRoot() * rng.gaussian()
            }
            strain = SIMD3(repeating: de / 3)
        case .anisotropic:
            let rate = compressibility / (3 * damping)
            for k in 0..<3 {
                var de = -rate * (pressure - p[k, k]) * duration
                if stochastic {
                    de += rate * kT / v * duration + (2 * kT * rate / v * duration).squareRoot() * rng.gaussian()
                }
                strain[k] = de
            }
        }
        let kineticBefore = s.kineticEnergy
        // First-order change of the potential energy under the strain: dU = V Σ σ_kk dε_k.
        let potentialChange = v * (stress[0, 0] * strain.x + stress[1, 1] * strain.y + stress[2, 2] * strain.z)
        s.deform(by: Matrix3(diagonal: SIMD3(exp(strain.x), exp(strain.y), exp(strain.z))))
        let volumeChange = s.structure.cell.volume - v
        work += s.kineticEnergy - kineticBefore + potentialChange + pressure * volumeChange
    }

    public func conservedEnergy(_ s: MDState) -> Double {
        pressure * s.structure.cell.volume - work
    }

    public var checkpointValues: [Double] {
        get { [work] }
        set { work = newValue.first ?? 0 }
    }
}
