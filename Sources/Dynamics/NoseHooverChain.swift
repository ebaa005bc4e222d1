import Foundation
import Atoms

/// Nosé–Hoover chain thermostat (Martyna, Klein & Tuckerman, J. Chem. Phys. 97, 2635
/// (1992), doi:10.1063/1.463940), integrated by the Trotter factorisation of Martyna,
/// Tuckerman, Tobias & Klein, Mol. Phys. 87, 1117 (1996) with a third-order
/// Suzuki–Yoshida scheme at each outer half step. Masses Q₁ = N_f kT τ², Q_j = kT τ².
/// Conserved: E + Σ Q_j v_ξj²/2 + N_f kT ξ₁ + kT Σ_{j≥2} ξ_j.
public struct NoseHooverChain: Thermostat {
    public let temperatureK: Double
    /// Period-like time constant τ, ps.
    public let damping: Double
    /// Chain positions ξ (dimensionless) and velocities v_ξ (1/ps).
    private var xi: [Double]
    private var vxi: [Double]
    /// Degrees of freedom at the last step (for the conserved energy).
    private var lastDof = 0

    private static let yoshida: [Double] = {
        let w1 = 1 / (2 - pow(2, 1.0 / 3))
        return [w1, 1 - 2 * w1, w1]
    }()

    public init(temperatureK: Double, damping: Double, length: Int = 3) {
        precondition(length >= 1, "a chain has at least one thermostat")
        self.temperatureK = temperatureK
        self.damping = damping
        xi = [Double](repeating: 0, count: length)
        vxi = xi
    }

    private func masses(dof: Int) -> [Double] {
        let kT = Units.boltzmann * temperatureK
        return (0..<xi.count).map { j in (j == 0 ? Double(dof) : 1) * kT * damping * damping }
    }

    public mutating func outerHalfStep(_ s: inout MDState, duration: Double, dof: Int, rng: inout RandomSource) {
        let kT = Units.boltzmann * temperatureK
        let q = masses(dof: dof)
        let m = xi.count
        var k2 = 2 * s.kineticEnergy
        var g = [Double](repeating: 0, count: m)
        g[0] = (k2 - Double(dof) * kT) / q[0]
        for j in 1..<m { g[j] = (q[j - 1] * vxi[j - 1] * vxi[j - 1] - kT) / q[j] }
        var scale = 1.0
        for w in Self.yoshida {
            let d = w * duration
            vxi[m - 1] += g[m - 1] * d / 2
            for j in stride(from: m - 2, through: 0, by: -1) {
                let aa = exp(-vxi[j + 1] * d / 4)
                vxi[j] = vxi[j] * aa * aa + g[j] * d / 2 * aa
            }
            let factor = exp(-vxi[0] * d)
            scale *= factor
            k2 *= factor * factor
            for j in 0..<m { xi[j] += vxi[j] * d }
            g[0] = (k2 - Double(dof) * kT) / q[0]
            for j in 0..<(m - 1) {
                let aa = exp(-vxi[j + 1] * d / 4)
                vxi[j] = vxi[j] * aa * aa + g[j] * d / 2 * aa
                g[j + 1] = (q[j] * vxi[j] * vxi[j] - kT) / q[j + 1]
            }
            vxi[m - 1] += g[m - 1] * d / 2
        }
        s.scaleVelocities(by: scale)
        lastDof = dof
    }

    public var conservedEnergy: Double {
        let kT = Units.boltzmann * temperatureK
        let q = masses(dof: lastDof)
        var e = 0.0
        for j in 0..<xi.count {
            e += 0.5 * q[j] * vxi[j] * vxi[j] + (j == 0 ? Double(lastDof) : 1) * kT * xi[j]
        }
        return e
    }

    public var checkpointValues: [Double] {
        get { xi + vxi + [Double(lastDof)] }
        set {
            let m = xi.count
            guard newValue.count == 2 * m + 1 else { return }
            xi = Array(newValue[0..<m])
            vxi = Array(newValue[m..<(2 * m)])
            lastDof = Int(newValue[2 * m])
        }
    }
}
