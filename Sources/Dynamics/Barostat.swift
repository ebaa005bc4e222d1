import Foundation
import Atoms

/// A barostat acts once per step between the two half drifts (before the force
/// evaluation): it deforms the cell, the positions and (for cell rescaling) the
/// velocities. A barostat with its own equations of motion (MTK) also acts at the outer
/// half steps and adds a friction to the kicks. Each reports its term of the conserved
/// quantity.
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
    /// Runs for `duration` ps right after the thermostat's first outer half step; the
    /// state's stress is current. `dof`: the particles' degrees of freedom.
    mutating func openingHalfStep(_ s: inout MDState, duration: Double, dof: Int, temperatureK: Double)
    /// Runs for `duration` ps right before the thermostat's last outer half step.
    mutating func closingHalfStep(_ s: inout MDState, duration: Double, dof: Int, temperatureK: Double)
    /// The friction matrix A (1/ps) the barostat adds to the particles' equations of
    /// motion, dv/dt = F/m − A v, during the kicks; nil for none.
    func velocityFriction(dof: Int) -> Matrix3?
}

public extension Barostat {
    mutating func openingHalfStep(_ s: inout MDState, duration: Double, dof: Int, temperatureK: Double) {}
    mutating func closingHalfStep(_ s: inout MDState, duration: Double, dof: Int, temperatureK: Double) {}
    func velocityFriction(dof: Int) -> Matrix3? { nil }
}

/// Which cell degrees of freedom a barostat moves.
public enum CellCoupling: String, Sendable, CaseIterable {
    /// Volume only, shape kept.
    case isotropic = "iso"
    /// The three Cartesian axes independently (x, y, z scaled by their own pressure
    /// components).
    case anisotropic = "aniso"
    /// Fully flexible cell: lengths and angles. The deformations are upper triangular
    /// (strain components xx, yy, zz, xy, xz, yz), so a cell whose lattice vectors are the
    /// rows of a lower-triangular matrix (a₁ along x, a₂ in the xy plane, as LAMMPS and ASE
    /// orient triclinic cells) stays so and never rotates.
    case triclinic = "tri"

    /// The number of cell degrees of freedom moved: 1, 3 or 6.
    public var degreesOfFreedom: Int {
        switch self {
        case .isotropic: return 1
        case .anisotropic: return 3
        case .triclinic: return 6
        }
    }

    /// The part of a tensor (e.g. a pressure difference) this coupling acts on: its
    /// orthogonal projection onto multiples of the identity, diagonal matrices, or upper
    /// triangular matrices.
    public func project(_ m: Matrix3) -> Matrix3 {
        switch self {
        case .isotropic: return Matrix3(diagonal: SIMD3(repeating: m.trace / 3))
        case .anisotropic: return m.diagonalPart
        case .triclinic: return m.upperTriangle
        }
    }
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
///   The fully flexible form (after Del Tatto, Raiteri, Bernetti & Bussi, Appl. Sci. 12,
///   1139 (2022), doi:10.3390/app12031139) deforms r → exp(dε) r, v → exp(dε)⁻ᵀ v with an
///   upper-triangular strain, for i ≤ j
///   dε_ij = (β/3τ)(P_ij − P₀δ_ij + c_i δ_ij kT/V) dt + √(2kTβ/(3Vτ)) dW_ij, c = (3, 1, −1),
///   which samples exp(−β(U + P₀V)) in the measure flat in the cell's lengths along its
///   diagonal (a, b, c) and tilt factors (xy/b, xz/c, yz/c), so that volumes are
///   distributed as under `iso` (the c_i come from the Jacobian of strain to cell entries
///   and the Itô terms; derivation in docs/barostats.md).
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
        var strain = Matrix3.zero
        switch coupling {
        case .isotropic:
            let pInt = p.trace / 3
            var de = -compressibility / damping * (pressure - pInt) * duration
            if stochastic {
                de += compressibility / damping * kT / v * duration
                de += (2 * kT * compressibility / (v * damping) * duration).squareRoot() * rng.gaussian()
            }
            strain = Matrix3(diagonal: SIMD3(repeating: de / 3))
        case .anisotropic, .triclinic:
            let rate = compressibility / (3 * damping)
            let noise = (2 * kT * rate / v * duration).squareRoot()
            for i in 0..<3 {
                for j in i..<3 where i == j || coupling == .triclinic {
                    var de = rate * (p[i, j] - (i == j ? pressure : 0)) * duration
                    if stochastic {
                        let jacobian = i != j ? 0 : coupling == .triclinic ? Double(3 - 2 * i) : 1
                        de += jacobian * rate * kT / v * duration + noise * rng.gaussian()
                    }
                    strain[i, j] = de
                }
            }
        }
        let kineticBefore = s.kineticEnergy
        // First-order change of the potential energy under the strain: dU = V Σ σ_ij dε_ij.
        let potentialChange = v * stress.contracted(with: strain)
        s.deform(by: coupling == .triclinic ? strain.exponential
                     : Matrix3(diagonal: SIMD3(exp(strain[0, 0]), exp(strain[1, 1]), exp(strain[2, 2]))))
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
