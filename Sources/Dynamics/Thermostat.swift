import Atoms
import Foundation

/// A thermostat wraps velocity Verlet: `outerHalfStep` runs before the first kick and after
/// the second (Trotter splitting; CSVR, Berendsen, Nosé–Hoover chains), `middleStep`
/// between the two half drifts (Langevin's O in BAOAB). Each keeps the energy it has
/// exchanged with the system so that the run reports a conserved quantity.
public protocol Thermostat: Sendable {
    /// Target temperature, K. Mutable, so that a schedule (a heating ramp) moves it
    /// without rebuilding the thermostat.
    var temperatureK: Double { get set }
    /// Whether total momentum is kept (then 3N − 3 degrees of freedom are thermalised).
    var conservesMomentum: Bool { get }
    /// Applies the thermostat for `duration` ps at an outer half step.
    mutating func outerHalfStep(_ s: inout MDState, duration: Double, dof: Int, rng: inout RandomSource)
    /// Applies the thermostat for `duration` ps between the two half drifts.
    mutating func middleStep(_ s: inout MDState, duration: Double, dof: Int, rng: inout RandomSource)
    /// The thermostat's term of the conserved quantity, eV (minus the heat it has put in,
    /// or the energy of the chain variables).
    var conservedEnergy: Double { get }
    /// The internal state, for checkpoints.
    var checkpointValues: [Double] { get set }
}

public extension Thermostat {
    var conservesMomentum: Bool { true }
    mutating func outerHalfStep(_ s: inout MDState, duration: Double, dof: Int, rng: inout RandomSource) {}
    mutating func middleStep(_ s: inout MDState, duration: Double, dof: Int, rng: inout RandomSource) {}
}

/// Global velocity rescaling toward the target temperature with time constant τ.
///
/// - `stochastic`: Bussi, Donadio & Parrinello's canonical sampling through velocity
///   rescaling (CSVR), J. Chem. Phys. 126, 014101 (2007), doi:10.1063/1.2408420: the
///   kinetic energy follows the exact solution of its stochastic equation over each step,
///   so the canonical distribution is sampled.
/// - deterministic: Berendsen's weak coupling, J. Chem. Phys. 81, 3684 (1984): relaxes the
///   temperature but suppresses its fluctuations and does NOT sample the canonical
///   ensemble (kept for reproducing papers that used it).
public struct VelocityRescaling: Thermostat {
    public var temperatureK: Double
    /// Coupling time τ, ps.
    public let damping: Double
    public let stochastic: Bool
    /// Kinetic energy taken out of the system so far, eV.
    private var heat = 0.0

    public init(temperatureK: Double, damping: Double, stochastic: Bool) {
        self.temperatureK = temperatureK
        self.damping = damping
        self.stochastic = stochastic
    }

    public mutating func outerHalfStep(_ s: inout MDState, duration: Double, dof: Int, rng: inout RandomSource) {
        let k = s.kineticEnergy
        guard k > 0 else { return }
        let target = 0.5 * Double(dof) * Units.boltzmann * temperatureK
        var alpha: Double
        if stochastic {
            let c = exp(-duration / damping)
            let r1 = rng.gaussian()
            let rest = rng.sumOfSquaredGaussians(dof - 1)
            let newK = k + (1 - c) * (target * (r1 * r1 + rest) / Double(dof) - k)
                + 2 * r1 * (c * (1 - c) * k * target / Double(dof)).squareRoot()
            alpha = max(newK, 0).squareRoot() / k.squareRoot()
            if r1 + (c * Double(dof) * k / ((1 - c) * target)).squareRoot() < 0 { alpha = -alpha }
        } else {
            alpha = max(0, 1 + duration / damping * (target / k - 1)).squareRoot()
        }
        s.scaleVelocities(by: alpha)
        heat -= (alpha * alpha - 1) * k
    }

    public var conservedEnergy: Double { heat }

    public var checkpointValues: [Double] {
        get { [heat] }
        set { heat = newValue.first ?? 0 }
    }
}

/// Langevin dynamics integrated as BAOAB (Leimkuhler & Matthews, Appl. Math. Res. Express
/// 2013, 34, doi:10.1093/amrx/abs010): the Ornstein–Uhlenbeck step
/// v ← c v + √((1 − c²) kT/m) R, c = exp(−Δt/τ), between the two half drifts. Samples the
/// canonical ensemble; friction 1/τ on every atom, so dynamics (diffusion) are slowed
/// when τ is short. Does not keep the total momentum.
public struct Langevin: Thermostat {
    public var temperatureK: Double
    /// Damping time τ = 1/γ, ps.
    public let damping: Double
    private var heat = 0.0

    public init(temperatureK: Double, damping: Double) {
        self.temperatureK = temperatureK
        self.damping = damping
    }

    public var conservesMomentum: Bool { false }

    public mutating func middleStep(_ s: inout MDState, duration: Double, dof: Int, rng: inout RandomSource) {
        let before = s.kineticEnergy
        let c = exp(-duration / damping)
        let kT = Units.boltzmann * temperatureK
        let noise = (1 - c * c) * kT / mv2InEV
        s.structure.masses.withUnsafeBufferPointer { m in
            s.velocities.withUnsafeMutableBufferPointer { v in
                for i in 0..<v.count {
                    let sigma = (noise / m[i]).squareRoot()
                    v[i] = c * v[i] + sigma * SIMD3(rng.gaussian(), rng.gaussian(), rng.gaussian())
                }
            }
        }
        heat -= s.kineticEnergy - before
    }

    public var conservedEnergy: Double { heat }

    public var checkpointValues: [Double] {
        get { [heat] }
        set { heat = newValue.first ?? 0 }
    }
}
