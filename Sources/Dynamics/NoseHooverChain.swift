import Foundation
import Atoms

/// Nosé–Hoover chain thermostat (Martyna, Klein & Tuckerman, J. Chem. Phys. 97, 2635
/// (1992), doi:10.1063/1.463940), integrated by the Trotter factorisation of Martyna,
/// Tuckerman, Tobias & Klein, Mol. Phys. 87, 1117 (1996) with a third-order
/// Suzuki–Yoshida scheme at each outer half step (`ThermostatChain`). Masses
/// Q₁ = N_f kT τ², Q_j = kT τ². Conserved: E + Σ Q_j v_ξj²/2 + N_f kT ξ₁ + kT Σ_{j≥2} ξ_j.
public struct NoseHooverChain: Thermostat {
    public var temperatureK: Double
    /// Period-like time constant τ, ps.
    public let damping: Double
    private var chain: ThermostatChain
    /// Degrees of freedom at the last step (for the conserved energy).
    private var lastDof = 0

    public init(temperatureK: Double, damping: Double, length: Int = 3) {
        self.temperatureK = temperatureK
        self.damping = damping
        chain = ThermostatChain(length: length)
    }

    public mutating func outerHalfStep(_ s: inout MDState, duration: Double, dof: Int, rng: inout RandomSource) {
        let scale = chain.advance(twiceKinetic: 2 * s.kineticEnergy, dof: dof, kT: Units.boltzmann * temperatureK,
                                  damping: damping, duration: duration)
        s.scaleVelocities(by: scale)
        lastDof = dof
    }

    public var conservedEnergy: Double {
        chain.energy(dof: lastDof, kT: Units.boltzmann * temperatureK, damping: damping)
    }

    public var checkpointValues: [Double] {
        get { chain.values + [Double(lastDof)] }
        set {
            guard let dof = newValue.last, chain.restore(newValue.dropLast()) else { return }
            lastDof = Int(dof)
        }
    }
}
