import Atoms
import Foundation

/// Martyna–Tobias–Klein barostat (J. Chem. Phys. 101, 4177 (1994),
/// doi:10.1063/1.467468) in the form of Tuckerman, Alejandre, López-Rendón, Jochim &
/// Martyna, J. Phys. A 39, 5629 (2006), doi:10.1088/0305-4470/39/19/S18, with the
/// triangular cell of Shinoda, Shiga & Mikami, Phys. Rev. B 69, 134103 (2004) (LAMMPS
/// `fix npt`). The cell moves with a velocity matrix v_g (1/ps; a multiple of the
/// identity, diagonal, or upper triangular by `CellCoupling`):
///
///     dr/dt = v + v_g r,    dv/dt = F/m − (v_g + c Tr(v_g)) v,    dh/dt = v_g h,
///     W dv_g/dt = Proj[V (P_int − P₀ I) + 2cK I] − v_η W v_g,
///
/// with c = 1/N_f in MTK (see `traceCoupling` for the momentum-conserving case), P_int the
/// instantaneous pressure tensor (kinetic + virial), h the lattice vectors
/// as columns, and a Nosé–Hoover chain η of its own on v_g (time constant τ_p, one degree
/// of freedom per moving component). The particles are thermostatted by the integrator's
/// thermostat (a Nosé–Hoover chain for the MTK equations). Cell mass per component
/// W = (N + 1) kT τ_p², as LAMMPS's. Time-reversible splitting (Tuckerman 2006):
/// chain and v_g half steps at the outer half steps, the friction exp(−A Δt/4) on each side
/// of every half kick, and the cell deformation exp(v_g Δt) between the half drifts.
/// Conserved: E + P₀V + W‖v_g‖²/2 + chain energies.
///
/// With the triangular cell (`tri`), the phase-space compressibility of these equations
/// weights cells by a⁻² b⁻¹ (a, b, c the diagonal of the lower-triangular cell matrix);
/// the force kT·diag(2, 0, −2) on v_g (with 2kT ln(c/a) in the conserved quantity)
/// removes that, so that all couplings sample exp(−β(U + P₀V)) flat in the cell lengths
/// and tilt factors, volumes as under `iso` (docs/barostats.md).
public struct MTKBarostat: Barostat {
    public let pressure: Double
    /// τ_p, ps: sets the cell mass and the barostat chain's masses.
    public let damping: Double
    public let coupling: CellCoupling
    /// v_g, 1/ps.
    private var cellVelocity = Matrix3.zero
    private var chain: ThermostatChain
    /// kT (eV) and atom count at the last step (the masses depend on them).
    private var kT = 0.0
    private var atoms = 0

    /// - Parameters:
    ///   - pressureGPa: target hydrostatic pressure, GPa.
    ///   - damping: τ_p, ps.
    ///   - chainLength: thermostats in the barostat's chain.
    public init(pressureGPa: Double, damping: Double, coupling: CellCoupling, chainLength: Int = 3) {
        pressure = pressureGPa * Units.gpaInEVPerA3
        self.damping = damping
        self.coupling = coupling
        chain = ThermostatChain(length: chainLength)
    }

    /// Cell mass per moving component, eV·ps².
    private var mass: Double { Double(atoms + 1) * kT * damping * damping }

    /// W‖v_g‖², eV (twice the cell's kinetic energy).
    private var twiceCellKinetic: Double {
        mass * cellVelocity.contracted(with: cellVelocity)
    }

    private mutating func thermostatCell(_ duration: Double) {
        let scale = chain.advance(twiceKinetic: twiceCellKinetic, dof: coupling.degreesOfFreedom, kT: kT,
                                  damping: damping, duration: duration)
        cellVelocity = scale * cellVelocity
    }

    private mutating func accelerateCell(_ s: MDState, _ duration: Double, dof: Int) {
        guard let p = s.pressureTensor else { return }
        var force = s.structure.cell.volume * (p - Matrix3(diagonal: SIMD3(repeating: pressure)))
            + Matrix3(diagonal: SIMD3(repeating: 2 * s.kineticEnergy * traceCoupling(dof: dof)))
        if coupling == .triclinic { force += Matrix3(diagonal: SIMD3(2 * kT, 0, -2 * kT)) }
        cellVelocity += (duration / mass) * coupling.project(force)
    }

    public mutating func openingHalfStep(_ s: inout MDState, duration: Double, dof: Int, temperatureK: Double) {
        kT = Units.boltzmann * temperatureK
        atoms = s.count
        thermostatCell(duration)
        accelerateCell(s, duration, dof: dof)
    }

    public mutating func closingHalfStep(_ s: inout MDState, duration: Double, dof: Int, temperatureK: Double) {
        accelerateCell(s, duration, dof: dof)
        thermostatCell(duration)
    }

    public func velocityFriction(dof: Int) -> Matrix3? {
        cellVelocity + Matrix3(diagonal: SIMD3(repeating: traceCoupling(dof: dof) * cellVelocity.trace))
    }

    /// The coefficient c of the Tr(v_g) terms: c = (3(N+1) − N_f)/(3N_f), which is MTK's
    /// 1/N_f when N_f = 3N and 2/N_f when the total momentum is conserved (N_f = 3N − 3):
    /// either way the phase-space compressibility is −Tr(v_g), so that volumes are
    /// distributed as V^N exp(−βP₀V) (with the published 1/N_f a conserved momentum gives
    /// V^{N−1}; Tuckerman, Liu, Ciccotti & Martyna, J. Chem. Phys. 115, 1678 (2001)).
    private func traceCoupling(dof: Int) -> Double {
        (3 * Double(atoms + 1) - Double(dof)) / (3 * Double(dof))
    }

    /// Deforms cell and positions by exp(v_g Δt); velocities are untouched.
    public mutating func step(_ s: inout MDState, duration: Double, temperatureK: Double, rng: inout RandomSource) {
        s.deformPositions(by: (duration * cellVelocity).exponential)
    }

    public func conservedEnergy(_ s: MDState) -> Double {
        let h = s.structure.cell.matrix
        let measure = coupling == .triclinic ? 2 * kT * log(abs(h[2, 2] / h[0, 0])) : 0
        return pressure * s.structure.cell.volume + 0.5 * twiceCellKinetic + measure
            + chain.energy(dof: coupling.degreesOfFreedom, kT: kT, damping: damping)
    }

    /// v_g (9, row-major), the chain (ξ, v_ξ), kT and the atom count.
    public var checkpointValues: [Double] {
        get { cellVelocity.rowMajor + chain.values + [kT, Double(atoms)] }
        set {
            guard newValue.count > 11, chain.restore(newValue[9..<(newValue.count - 2)]) else { return }
            cellVelocity = Matrix3(rowMajor: Array(newValue.prefix(9)))
            kT = newValue[newValue.count - 2]
            atoms = Int(newValue[newValue.count - 1])
        }
    }
}
