import Atoms

/// A thermostat and its time constant τ (ps).
public enum ThermostatChoice: Sendable, Equatable {
    /// Bussi–Donadio–Parrinello stochastic velocity rescaling (canonical).
    case csvr(dampingPs: Double)
    /// Langevin (BAOAB), friction 1/τ on every atom (canonical, momentum not kept).
    case langevin(dampingPs: Double)
    /// Nosé–Hoover chain of three (canonical).
    case noseHoover(dampingPs: Double)
    /// Berendsen weak coupling: relaxes T, does not sample the canonical ensemble.
    case berendsen(dampingPs: Double)

    /// τ, ps.
    public var dampingPs: Double {
        switch self {
        case .csvr(let t), .langevin(let t), .noseHoover(let t), .berendsen(let t): return t
        }
    }

    /// Whether it samples the canonical ensemble.
    public var isCanonical: Bool { if case .berendsen = self { return false } else { return true } }

    /// The thermostat at a target of `temperatureK` K.
    public func make(temperatureK t: Double) -> any Thermostat {
        switch self {
        case .csvr(let tau): return VelocityRescaling(temperatureK: t, damping: tau, stochastic: true)
        case .langevin(let tau): return Langevin(temperatureK: t, damping: tau)
        case .noseHoover(let tau): return NoseHooverChain(temperatureK: t, damping: tau)
        case .berendsen(let tau): return VelocityRescaling(temperatureK: t, damping: tau, stochastic: false)
        }
    }
}

/// A barostat, its time constant τ (ps) and the cell degrees of freedom it moves.
public enum BarostatChoice: Sendable, Equatable {
    /// Bernetti–Bussi stochastic cell rescaling (isothermal–isobaric); the assumed
    /// compressibility (1/GPa, default 0.01, a typical solid) sets how fast the volume moves.
    case cellRescaling(dampingPs: Double, coupling: CellCoupling, compressibilityPerGPa: Double = 0.01)
    /// Martyna–Tobias–Klein with a Nosé–Hoover chain on the cell (as LAMMPS fix npt).
    case mtk(dampingPs: Double, coupling: CellCoupling)
    /// Berendsen weak coupling: relaxes P, does not sample the ensemble.
    case berendsen(dampingPs: Double, coupling: CellCoupling)

    /// τ, ps.
    public var dampingPs: Double {
        switch self {
        case .cellRescaling(let t, _, _), .mtk(let t, _), .berendsen(let t, _): return t
        }
    }

    /// Whether it samples the isothermal–isobaric ensemble.
    public var isSampling: Bool { if case .berendsen = self { return false } else { return true } }

    /// The barostat at `pressureGPa`.
    public func make(pressureGPa p: Double) -> any Barostat {
        switch self {
        case .cellRescaling(let tau, let c, let k):
            return CellRescaling(pressureGPa: p, damping: tau, coupling: c, stochastic: true, compressibilityPerGPa: k)
        case .mtk(let tau, let c): return MTKBarostat(pressureGPa: p, damping: tau, coupling: c)
        case .berendsen(let tau, let c): return CellRescaling(pressureGPa: p, damping: tau, coupling: c, stochastic: false)
        }
    }
}

/// The equations of motion of a run: time step, thermostat and barostat with their time
/// constants, target pressure. Checked before any step is taken (`validate`).
public struct EnsembleSettings: Sendable, Equatable {
    /// Time step, ps.
    public var timestepPs: Double
    /// nil: NVE (or NPH with a barostat).
    public var thermostat: ThermostatChoice?
    /// nil: constant volume.
    public var barostat: BarostatChoice?
    /// Target pressure, GPa.
    public var pressureGPa: Double

    public init(timestepPs: Double, thermostat: ThermostatChoice? = nil, barostat: BarostatChoice? = nil, pressureGPa: Double = 0) {
        self.timestepPs = timestepPs
        self.thermostat = thermostat
        self.barostat = barostat
        self.pressureGPa = pressureGPa
    }

    /// Whether both couplings sample their ensembles (no Berendsen).
    public var samplesEnsemble: Bool { (thermostat?.isCanonical ?? true) && (barostat?.isSampling ?? true) }

    /// The same settings without the thermostat (NVE, or NPH with the barostat).
    public var withoutThermostat: EnsembleSettings { var s = self; s.thermostat = nil; return s }

    /// The same settings without the barostat (NVE or NVT).
    public var withoutBarostat: EnsembleSettings { var s = self; s.barostat = nil; return s }

    /// Shortest time constant accepted, in time steps.
    public static let minimumDampingSteps = 5.0

    /// Throws when a time constant is shorter than `minimumDampingSteps` time steps (a
    /// coupling that fast is unstable or meaningless; usually a value given in ps where fs
    /// were expected).
    public func validate() throws {
        let dtFs = timestepPs * 1000
        for (name, option, tau) in [("thermostat", "--tdamp", thermostat?.dampingPs), ("barostat", "--pdamp", barostat?.dampingPs)] {
            guard let tau else { continue }
            guard tau >= Self.minimumDampingSteps * timestepPs else {
                throw InputError(String(format: "the %@ time constant %g fs is shorter than %g time steps (%g fs at dt = %g fs); %@ is in fs",
                                        name, tau * 1000, Self.minimumDampingSteps, Self.minimumDampingSteps * dtFs, dtFs, option))
            }
        }
    }

    /// The integrator for atoms of `masses` (amu) with the thermostat at `temperatureK`.
    public func integrator(masses: [Double], temperatureK: Double?) -> Integrator {
        let t = thermostat.flatMap { choice in temperatureK.map { choice.make(temperatureK: $0) } }
        return Integrator(timestep: timestepPs, masses: masses, thermostat: t, barostat: barostat?.make(pressureGPa: pressureGPa))
    }

    /// A warning when the time step is long for `structure` at `temperatureK`: the fastest
    /// atoms (four times the thermal velocity per component, √(kT/m), a speed about one
    /// atom in a thousand exceeds) move more than a tenth of the nearest-neighbour distance
    /// per step. nil when the step is short enough.
    public func timestepWarning(_ structure: Structure, temperatureK: Double) -> String? {
        guard temperatureK > 0, structure.count > 1, let lightest = structure.masses.min(), lightest > 0 else { return nil }
        let speed = 4 * (Units.boltzmann * temperatureK / (lightest * Units.amuA2ps2InEV)).squareRoot()
        let d = structure.nearestNeighbourEstimate()
        let move = speed * timestepPs
        guard d.isFinite, move > 0.1 * d else { return nil }
        return String(format: "at %.0f K the fastest atoms (%.3g Å/ps) move %.3g Å per %g fs step, more than a tenth of the nearest-neighbour distance %.3g Å: the integration is inaccurate; use a --dt of at most %.2g fs",
                      temperatureK, speed, move, timestepPs * 1000, d, 0.1 * d / speed * 1000)
    }
}

extension Structure {
    /// The shortest interatomic distance, Å (minimum image); for more than 200 atoms, over
    /// the pairs of the first 200 atoms with all others (an estimate, for warnings).
    func nearestNeighbourEstimate() -> Double {
        var d2 = Double.infinity
        for i in 0..<min(count, 200) {
            for j in 0..<count where j != i {
                d2 = min(d2, lengthSquared(cell.minimumImage(positions[j] - positions[i])))
            }
        }
        return d2.squareRoot()
    }
}
