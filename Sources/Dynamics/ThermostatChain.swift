import Foundation

/// The variables of a Nosé–Hoover chain (Martyna, Klein & Tuckerman, J. Chem. Phys. 97,
/// 2635 (1992), doi:10.1063/1.463940) and their update over one outer half step by the
/// Trotter factorisation of Martyna, Tuckerman, Tobias & Klein, Mol. Phys. 87, 1117 (1996),
/// doi:10.1080/00268979600100761, with a third-order Suzuki–Yoshida scheme. The chain is
/// coupled to any set of momenta through their kinetic energy: the particles
/// (`NoseHooverChain`) or a barostat's cell velocity (`MTKBarostat`).
/// Masses: Q₁ = N_f kT τ², Q_j = kT τ² (j ≥ 2).
struct ThermostatChain: Sendable {
    /// Chain positions ξ (dimensionless) and velocities v_ξ (1/ps).
    var xi: [Double]
    var vxi: [Double]

    private static let yoshida: [Double] = {
        let w1 = 1 / (2 - pow(2, 1.0 / 3))
        return [w1, 1 - 2 * w1, w1]
    }()

    init(length: Int) {
        precondition(length >= 1, "a chain has at least one thermostat")
        xi = [Double](repeating: 0, count: length)
        vxi = xi
    }

    /// Masses in eV·ps² for `dof` coupled degrees of freedom at kT (eV), time constant τ (ps).
    private func masses(dof: Int, kT: Double, damping: Double) -> [Double] {
        (0..<xi.count).map { j in (j == 0 ? Double(dof) : 1) * kT * damping * damping }
    }

    /// Advances the chain by `duration` ps coupled to momenta of kinetic energy
    /// `twiceKinetic`/2 (eV) with `dof` degrees of freedom; returns the factor those
    /// momenta are to be scaled by.
    mutating func advance(twiceKinetic: Double, dof: Int, kT: Double, damping: Double, duration: Double) -> Double {
        let q = masses(dof: dof, kT: kT, damping: damping)
        let m = xi.count
        var k2 = twiceKinetic
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
        return scale
    }

    /// The chain's term of the conserved quantity, eV: Σ Q_j v_ξj²/2 + N_f kT ξ₁ + kT Σ_{j≥2} ξ_j.
    func energy(dof: Int, kT: Double, damping: Double) -> Double {
        let q = masses(dof: dof, kT: kT, damping: damping)
        var e = 0.0
        for j in 0..<xi.count {
            e += 0.5 * q[j] * vxi[j] * vxi[j] + (j == 0 ? Double(dof) : 1) * kT * xi[j]
        }
        return e
    }

    /// ξ then v_ξ, for checkpoints.
    var values: [Double] { xi + vxi }

    /// Restores `values`; false when the count does not fit the chain.
    mutating func restore(_ v: ArraySlice<Double>) -> Bool {
        let m = xi.count
        guard v.count == 2 * m else { return false }
        xi = Array(v.prefix(m))
        vxi = Array(v.suffix(m))
        return true
    }
}
