import Atoms

/// m v² in amu·Å²/ps² times this is eV (1 amu·Å²/ps² = 1.0364269652e-4 eV).
let mv2InEV = Units.amuA2ps2InEV

/// The dynamical state of an MD run: structure (cell, unwrapped Cartesian positions in Å,
/// elements, masses in amu), velocities (Å/ps), and the forces (eV/Å), potential energy
/// (eV) and stress (eV/Å³, ASE sign) at the current positions.
public struct MDState: Sendable {
    /// Cell and positions; positions are unwrapped (atoms are never folded back).
    public var structure: Structure
    /// Velocities in Å/ps, one per atom.
    public var velocities: [SIMD3<Double>]
    /// Forces in eV/Å at the current positions.
    public var forces: [SIMD3<Double>]
    /// Potential energy in eV at the current positions; NaN after a step at which nothing
    /// needed it (`Simulation` evaluates it only where an observer, checkpoint or stop
    /// condition reads it, and at a run's last step).
    public var potentialEnergy: Double
    /// Potential (virial) stress in eV/Å³ with ASE's sign, when it was evaluated at the
    /// current positions; nil otherwise.
    public var stress: Matrix3?
    /// Steps done since the start of the run (continued across checkpoints).
    public var step: Int

    public init(structure: Structure, velocities: [SIMD3<Double>]) {
        precondition(velocities.count == structure.count, "one velocity per atom")
        self.structure = structure
        self.velocities = velocities
        forces = [SIMD3<Double>](repeating: .zero, count: structure.count)
        potentialEnergy = 0
        stress = nil
        step = 0
    }

    /// Number of atoms.
    public var count: Int { structure.count }

    /// Kinetic energy in eV.
    public var kineticEnergy: Double {
        var sum = 0.0
        structure.masses.withUnsafeBufferPointer { m in
            velocities.withUnsafeBufferPointer { v in
                for i in 0..<v.count { sum += m[i] * lengthSquared(v[i]) }
            }
        }
        return 0.5 * sum * mv2InEV
    }

    /// Σ m v ⊗ v in eV (twice the kinetic-energy tensor).
    public var kineticTensor: Matrix3 {
        var t = Matrix3.zero
        for i in 0..<count {
            let mv = structure.masses[i] * velocities[i]
            t.rows.0 += mv.x * velocities[i]
            t.rows.1 += mv.y * velocities[i]
            t.rows.2 += mv.z * velocities[i]
        }
        return mv2InEV * t
    }

    /// Total energy (potential + kinetic) in eV.
    public var totalEnergy: Double { potentialEnergy + kineticEnergy }

    /// Instantaneous temperature in K for `degreesOfFreedom`.
    public func temperature(degreesOfFreedom: Int) -> Double {
        2 * kineticEnergy / (Double(degreesOfFreedom) * Units.boltzmann)
    }

    /// Pressure tensor in eV/Å³ (positive under compression): (Σ m v ⊗ v)/V − σ. Needs
    /// the stress at the current positions.
    public var pressureTensor: Matrix3? {
        guard let stress else { return nil }
        return (1 / structure.cell.volume) * kineticTensor - stress
    }

    /// Pressure in eV/Å³ including the kinetic part, tr(pressure tensor)/3.
    public var pressure: Double? { pressureTensor.map { $0.trace / 3 } }

    /// Total momentum in amu·Å/ps.
    public var momentum: SIMD3<Double> {
        var p = SIMD3<Double>.zero
        for i in 0..<count { p += structure.masses[i] * velocities[i] }
        return p
    }

    /// Multiplies every velocity by `factor`.
    public mutating func scaleVelocities(by factor: Double) {
        velocities.withUnsafeMutableBufferPointer { v in
            for i in 0..<v.count { v[i] *= factor }
        }
    }

    /// Deforms the cell and the (unwrapped) positions by `deformation` (r → D r, each
    /// lattice vector a → D a) and the velocities by its inverse transpose, as a barostat's
    /// rescaling step does.
    public mutating func deform(by deformation: Matrix3) {
        deformPositions(by: deformation)
        let w = deformation.inverse.transpose
        velocities.withUnsafeMutableBufferPointer { v in
            for i in 0..<v.count { v[i] = w * v[i] }
        }
    }

    /// Deforms the cell and the (unwrapped) positions by `deformation`, leaving the
    /// velocities alone (the cell motion of the MTK equations). The stress is then stale.
    public mutating func deformPositions(by deformation: Matrix3) {
        structure.cell = Cell(structure.cell.matrix * deformation.transpose)
        let d = deformation
        structure.positions.withUnsafeMutableBufferPointer { r in
            for i in 0..<r.count { r[i] = d * r[i] }
        }
        stress = nil
    }

    /// Rotates the whole state (cell, positions, velocities, forces, stress) so that the
    /// lattice vectors are the rows of a lower-triangular matrix: a₁ along +x, a₂ in the xy
    /// plane with positive y, the orientation the fully flexible barostats keep (LAMMPS's
    /// and ASE's). Returns the rotation R applied (r → R r).
    @discardableResult
    public mutating func rotateToLowerTriangularCell() -> Matrix3 {
        let a1 = structure.cell[0], a2 = structure.cell[1]
        let q1 = a1 / length(a1)
        let inPlane = a2 - dot(a2, q1) * q1
        let q2 = inPlane / length(inPlane)
        let q3 = cross(q1, q2)
        let r = Matrix3(q1, q2, q3)
        let a3 = structure.cell[2]
        structure.cell = Cell(SIMD3(length(a1), 0, 0), SIMD3(dot(a2, q1), dot(a2, q2), 0),
                              SIMD3(dot(a3, q1), dot(a3, q2), dot(a3, q3)))
        for i in 0..<count {
            structure.positions[i] = r * structure.positions[i]
            velocities[i] = r * velocities[i]
            forces[i] = r * forces[i]
        }
        stress = stress.map { r * $0 * r.transpose }
        return r
    }

    /// Velocities drawn from the Maxwell–Boltzmann distribution at `temperatureK` with zero
    /// total momentum, then scaled so the temperature over 3N − 3 degrees of freedom is
    /// exactly `temperatureK` (as LAMMPS's `velocity create`).
    public static func maxwellBoltzmann(masses: [Double], temperatureK: Double,
                                        rng: inout RandomSource) -> [SIMD3<Double>] {
        let kT = Units.boltzmann * temperatureK
        var v = masses.map { m -> SIMD3<Double> in
            let sigma = (kT / (m * mv2InEV)).squareRoot()
            return sigma * SIMD3(rng.gaussian(), rng.gaussian(), rng.gaussian())
        }
        let totalMass = masses.reduce(0, +)
        let vcm = zip(masses, v).reduce(SIMD3<Double>.zero) { $0 + $1.0 * $1.1 } / totalMass
        for i in v.indices { v[i] -= vcm }
        let dof = max(1, 3 * masses.count - 3)
        let kinetic = 0.5 * mv2InEV * zip(masses, v).reduce(0) { $0 + $1.0 * lengthSquared($1.1) }
        if kinetic > 0, temperatureK > 0 {
            let scale = (0.5 * Double(dof) * kT / kinetic).squareRoot()
            for i in v.indices { v[i] *= scale }
        } else if temperatureK == 0 {
            v = [SIMD3<Double>](repeating: .zero, count: masses.count)
        }
        return v
    }
}
