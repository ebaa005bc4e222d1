import Atoms

/// Velocity Verlet from half steps, with an optional thermostat and barostat around it:
///
///     thermostat(Δt/2) · [barostat opening(Δt/2)] · kick(Δt/2) · drift(Δt/2)
///     · [Langevin O(Δt)] · [barostat(Δt)] · drift(Δt/2) · forces · kick(Δt/2)
///     · [barostat closing(Δt/2)] · thermostat(Δt/2)
///
/// A barostat with a velocity friction A (MTK) turns each half kick into
/// e^{−AΔt/4} · kick(Δt/2) · e^{−AΔt/4} (Tuckerman et al. 2006). Without
/// thermostat and barostat this is plain NVE velocity Verlet.
public struct Integrator: Sendable {
    /// Time step, ps.
    public let timestep: Double
    public var thermostat: (any Thermostat)?
    public var barostat: (any Barostat)?
    /// The thermostat's target against the step (a heating or cooling ramp); nil keeps the
    /// target fixed. Applied before each thermostat action from the state's step count,
    /// so a resumed run follows the same schedule.
    public var temperatureSchedule: TemperatureRamp?
    /// Degrees of freedom the temperature is measured over (3N − 3 when the total
    /// momentum is conserved, 3N under Langevin).
    public let degreesOfFreedom: Int
    /// Per atom 1/(m · mv2InEV): a force in eV/Å times this is an acceleration in Å/ps².
    private let inverseMass: [Double]

    /// - Parameters:
    ///   - timestep: Δt in ps.
    ///   - masses: atom masses, amu.
    public init(timestep: Double, masses: [Double], thermostat: (any Thermostat)? = nil,
                barostat: (any Barostat)? = nil) {
        self.timestep = timestep
        self.thermostat = thermostat
        self.barostat = barostat
        inverseMass = masses.map { 1 / ($0 * mv2InEV) }
        let momentumKept = thermostat?.conservesMomentum ?? true
        degreesOfFreedom = max(1, 3 * masses.count - (momentumKept ? 3 : 0))
    }

    /// Temperature of the state, K, over `degreesOfFreedom`.
    public func temperature(_ s: MDState) -> Double { s.temperature(degreesOfFreedom: degreesOfFreedom) }

    /// The quantity the dynamics conserves, eV: total energy plus the thermostat's and
    /// barostat's terms (for NVE just the total energy).
    public func conservedEnergy(_ s: MDState) -> Double {
        s.totalEnergy + (thermostat?.conservedEnergy ?? 0) + (barostat?.conservedEnergy(s) ?? 0)
    }

    /// Forces, energy and stress for the initial state (before the first step).
    public func prepare(_ s: inout MDState, engine: inout ForceEngine) throws {
        try engine.evaluate(&s, stress: true)
    }

    /// One time step. `stress` asks for the stress at the new positions (always computed
    /// when a barostat needs it); `energy` false leaves the potential energy NaN (it does
    /// not enter the dynamics).
    public mutating func step(_ s: inout MDState, engine: inout ForceEngine, rng: inout RandomSource,
                              stress: Bool, energy: Bool = true) throws {
        let dt = timestep, half = 0.5 * timestep
        let dof = degreesOfFreedom
        retarget(s.step)
        thermostat?.outerHalfStep(&s, duration: half, dof: dof, rng: &rng)
        if barostat != nil {
            barostat!.openingHalfStep(&s, duration: half, dof: dof, temperatureK: barostatTemperature(s))
        }
        kick(&s, half)
        drift(&s, half)
        retarget(s.step)
        thermostat?.middleStep(&s, duration: dt, dof: dof, rng: &rng)
        if barostat != nil {
            barostat!.step(&s, duration: dt, temperatureK: barostatTemperature(s), rng: &rng)
        }
        drift(&s, half)
        s.step += 1
        try engine.evaluate(&s, stress: stress || barostat != nil, energy: energy)
        kick(&s, half)
        if barostat != nil {
            barostat!.closingHalfStep(&s, duration: half, dof: dof, temperatureK: barostatTemperature(s))
        }
        retarget(s.step)
        thermostat?.outerHalfStep(&s, duration: half, dof: dof, rng: &rng)
    }

    /// Sets the thermostat's target from the schedule at `step`.
    private mutating func retarget(_ step: Int) {
        if let schedule = temperatureSchedule { thermostat?.temperatureK = schedule.temperature(atStep: step) }
    }

    /// The temperature a barostat works at, K: the thermostat's target, else the state's.
    private func barostatTemperature(_ s: MDState) -> Double { thermostat?.temperatureK ?? temperature(s) }

    /// v += (Δ F/m), between two friction half steps v ← e^{−AΔ/2} v when the barostat
    /// has a friction A.
    private func kick(_ s: inout MDState, _ duration: Double) {
        let friction = barostat?.velocityFriction(dof: degreesOfFreedom).map { (-0.5 * duration * $0).exponential }
        if let e = friction { applyToVelocities(&s, e) }
        inverseMass.withUnsafeBufferPointer { w in
            s.forces.withUnsafeBufferPointer { f in
                s.velocities.withUnsafeMutableBufferPointer { v in
                    Parallel.forEachStreamingChunk(v.count) { _, range in
                        for i in range { v[i] += (duration * w[i]) * f[i] }
                    }
                }
            }
        }
        if let e = friction { applyToVelocities(&s, e) }
    }

    /// v ← M v for every atom.
    private func applyToVelocities(_ s: inout MDState, _ m: Matrix3) {
        s.velocities.withUnsafeMutableBufferPointer { v in
            for i in 0..<v.count { v[i] = m * v[i] }
        }
    }

    /// r += Δ v.
    private func drift(_ s: inout MDState, _ duration: Double) {
        s.velocities.withUnsafeBufferPointer { v in
            s.structure.positions.withUnsafeMutableBufferPointer { r in
                Parallel.forEachStreamingChunk(r.count) { _, range in
                    for i in range { r[i] += duration * v[i] }
                }
            }
        }
    }
}
