import Analysis
import Atoms
import Dynamics
import Potentials

/// The settings of a liquid run: premelt, then a production run sampling g(r) and the MSD.
public struct LiquidSettings: Sendable {
    /// Thermostat, barostat, time step and pressure of both runs.
    public var ensemble: EnsembleSettings
    /// Premelting temperature (K) and steps; production temperature (K) and steps.
    public var premeltK: Double
    public var premeltSteps: Int
    public var temperatureK: Double
    public var steps: Int
    /// Seed of the premelt velocities; the production run's thermostat uses `seed + 1`.
    public var seed: UInt64
    /// Steps at the production temperature before sampling starts (the liquid relaxes from
    /// the premelting temperature); 0 samples from the first step.
    public var equilibrateSteps: Int = 0
    /// The MSD's lag window, ps; nil: 10–50 % of a fifth of the run (`Diffusion.analyse`).
    public var fitRange: ClosedRange<Double>?
    /// Relative statistical error of D (of the first species) at which sampling stops: D is
    /// analysed after every tenth of `steps`, from three tenths on, and sampling stops once
    /// the error is within the target and comes from at least `minimumBlocks` blocks (an error
    /// from fewer is itself too uncertain to stop on); `steps` becomes the most the run
    /// samples. nil samples all `steps`.
    public var errorTarget: Double?
    public static let minimumBlocks = 10
    /// Steps between g(r) and MSD samples.
    public var sampleEvery: Int = 10
    /// g(r) bin width, Å; the range is 10 Å or half the smallest face distance.
    public var binWidth: Double = 0.02

    public init(ensemble: EnsembleSettings, premeltK: Double, premeltSteps: Int, temperatureK: Double, steps: Int, seed: UInt64) {
        self.ensemble = ensemble
        self.premeltK = premeltK
        self.premeltSteps = premeltSteps
        self.temperatureK = temperatureK
        self.steps = steps
        self.seed = seed
    }

    /// Checks, before any MD, that the lag window fits the sampled run: it spans at least two
    /// sampling intervals and ends within the production run.
    public func validate() throws {
        guard let fitRange else { return }
        let frame = Double(sampleEvery) * ensemble.timestepPs
        let run = Double(steps) * ensemble.timestepPs
        guard fitRange.lowerBound >= 0, fitRange.upperBound - fitRange.lowerBound >= 2 * frame, fitRange.upperBound < run else {
            throw InputError(String(format: "the diffusion fit window %.4g–%.4g ps must span at least two sampling intervals (%.4g ps) and end within the %.4g ps production run",
                                    fitRange.lowerBound, fitRange.upperBound, frame, run))
        }
    }
}

/// What a liquid run measured.
public struct LiquidResult: Sendable {
    public let rdf: RDFResult
    /// The first peak of g(r) in five consecutive blocks of the run (its statistical error);
    /// nil when a block shows no peak.
    public let peakBlocks: RDFPeakBlocks?
    /// Self-diffusion per species (MSD = 6 D t).
    public let diffusion: [Diffusion]
    /// Mean volume per atom (Å³) and temperature (K) over the production run.
    public let volumePerAtom: Double
    public let meanTemperatureK: Double
    /// Steps sampled (fewer than `LiquidSettings.steps` when the error target was reached).
    public let sampledSteps: Int
    /// Whether the liquid stayed stationary (volume and D over the run).
    public let drift: LiquidDrift
    /// Neural-network extrapolations over both runs.
    public let extrapolation: ExtrapolationTally
}

/// A liquid's structure and self-diffusion: the crystal premelted (NPT at `premeltK`), then
/// NPT at the target temperature, `equilibrateSteps` to relax and `steps` with g(r) and the
/// MSD sampled as the run goes.
public enum LiquidDiffusion {
    public static func run(_ settings: LiquidSettings, potential: Potential, structure: Structure) throws -> LiquidResult {
        try settings.ensemble.validate()
        try settings.validate()
        var rng = RandomSource(seed: settings.seed)
        let start = MDState(structure: structure,
                            velocities: MDState.maxwellBoltzmann(masses: structure.masses, temperatureK: settings.premeltK, rng: &rng))
        var premelt = Simulation(state: start, integrator: settings.ensemble.integrator(masses: structure.masses, temperatureK: settings.premeltK),
                                 engine: ForceEngine(potential), rng: rng)
        try premelt.prepare()
        try premelt.run(until: settings.premeltSteps)
        var melted = premelt.state
        melted.step = 0
        var liquid = Simulation(state: melted, integrator: settings.ensemble.integrator(masses: structure.masses, temperatureK: settings.temperatureK),
                                engine: ForceEngine(potential), rng: RandomSource(seed: settings.seed + 1),
                                safety: SafetyCheck(targetTemperatureK: settings.temperatureK))
        let half = 0.5 * melted.structure.cell.faceDistances.min()
        let rdf = RDFSampler(elements: structure.elements, rmax: min(10, half), binWidth: settings.binWidth, every: settings.sampleEvery)
        let msd = MSDSampler(every: settings.sampleEvery)
        let thermo = ThermoRecorder(Cadence(every: settings.sampleEvery), output: nil)
        try liquid.prepare()
        try liquid.run(until: settings.equilibrateSteps)
        liquid.observers = [rdf, msd, thermo]
        let end = settings.equilibrateSteps + settings.steps
        if let target = settings.errorTarget {
            let tenth = max(settings.sampleEvery, settings.steps / 10)
            var next = settings.equilibrateSteps + 3 * tenth
            while liquid.state.step < end {
                try liquid.run(until: min(next, end))
                if liquid.state.step < end && reached(target, msd, structure: structure, fitRange: settings.fitRange) { break }
                next += tenth
            }
        } else {
            try liquid.run(until: end)
        }
        var extrapolation = premelt.engine.extrapolation
        extrapolation.add(liquid.engine.extrapolation)
        return try result(rdf: rdf, msd: msd, thermo: thermo.samples, structure: structure, fitRange: settings.fitRange,
                          sampledSteps: liquid.state.step - settings.equilibrateSteps, extrapolation: extrapolation)
    }

    /// Whether D of the first species, from the frames sampled so far, has a relative error
    /// at most `target` from at least `LiquidSettings.minimumBlocks` blocks.
    static func reached(_ target: Double, _ msd: MSDSampler, structure: Structure, fitRange: ClosedRange<Double>?) -> Bool {
        guard let d = (try? Diffusion.analyse(msd.trajectory(of: structure), fitRange: fitRange))?.first,
              d.error.isFinite, d.coefficient > 0, d.blocks >= LiquidSettings.minimumBlocks else { return false }
        return d.error <= target * d.coefficient
    }

    /// The result from the production run's samplers and thermo samples (of either engine).
    public static func result(rdf: RDFSampler, msd: MSDSampler, thermo: [ThermoSample], structure: Structure,
                              fitRange: ClosedRange<Double>? = nil, sampledSteps: Int,
                              extrapolation: ExtrapolationTally = ExtrapolationTally()) throws -> LiquidResult {
        let n = Double(structure.count), samples = Double(max(1, thermo.count))
        let trajectory = msd.trajectory(of: structure)
        let diffusion = try Diffusion.analyse(trajectory, fitRange: fitRange)
        return LiquidResult(rdf: rdf.rdf.result(),
                            peakBlocks: try RDFPeakBlocks(trajectory, rmax: rdf.rdf.rmax, binWidth: rdf.rdf.binWidth),
                            diffusion: diffusion,
                            volumePerAtom: thermo.reduce(0) { $0 + $1.volume } / samples / n,
                            meanTemperatureK: thermo.reduce(0) { $0 + $1.temperatureK } / samples,
                            sampledSteps: sampledSteps,
                            drift: LiquidDrift(volumes: thermo.map(\.volume), diffusionBlocks: diffusion.first?.blockCoefficients ?? []),
                            extrapolation: extrapolation)
    }
}
