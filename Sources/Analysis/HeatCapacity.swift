import Atoms

/// Heat capacity from the fluctuations of an energy in an ensemble at fixed temperature:
/// C = (⟨X²⟩ − ⟨X⟩²)/(k_B T²), with X the total energy E in the canonical ensemble (C_v)
/// or the enthalpy H = E + P₀V in the isothermal–isobaric ensemble (C_p) (e.g. Allen &
/// Tildesley, Computer Simulation of Liquids, 2nd ed., §2.5). Only valid when the
/// thermostat and barostat sample those ensembles (not Berendsen). Classical MD gives the
/// classical heat capacity: 3 k_B per atom for a harmonic solid plus anharmonic terms.
///
/// The error comes from block averages of (X − X̄)² (Flyvbjerg & Petersen 1989); the
/// statistical inefficiency g (samples per independent sample, 2 τ_int + 1) of X comes from
/// the same blocks, and the estimate is honest only when the blocks are many times g long.
public struct FluctuationHeatCapacity: Sendable {
    /// Heat capacity of the whole sampled system, in units of k_B.
    public let value: Double
    /// Its standard error from block averaging, k_B.
    public let error: Double
    /// ⟨X⟩ in eV and its block error.
    public let mean: Double
    public let meanError: Double
    /// Statistical inefficiency of X: the series holds about count/g independent samples.
    public let inefficiency: Double
    /// Number of samples used.
    public let count: Int
    /// Number of blocks.
    public let blocks: Int

    /// - Parameters:
    ///   - series: X (eV) sampled at equal intervals from an equilibrated run.
    ///   - temperatureK: the thermostat temperature, K.
    ///   - blocks: number of blocks for the errors (at least 2).
    public init(series: [Double], temperatureK: Double, blocks: Int = 10) {
        precondition(series.count >= 2 * blocks && temperatureK > 0, "need at least two samples per block and T > 0")
        let n = Double(series.count)
        let m = series.reduce(0, +) / n
        let squares = series.map { ($0 - m) * ($0 - m) }
        let scale = n / (n - 1) / (Units.boltzmann * Units.boltzmann * temperatureK * temperatureK)
        let fluctuation = BlockAverage(squares, blocks: blocks)
        value = fluctuation.mean * scale
        error = fluctuation.error * scale
        let x = BlockAverage(series, blocks: blocks)
        mean = m
        meanError = x.error
        let variance = squares.reduce(0, +) / (n - 1)
        let perBlock = Double(series.count / blocks)
        let blockVariance = x.error * x.error * Double(blocks)
        inefficiency = variance > 0 ? max(1, perBlock * blockVariance / variance) : 1
        count = series.count
        self.blocks = blocks
    }

    /// Whether each block holds at least `factor` statistical inefficiencies (the block
    /// error is then trustworthy).
    public func blocksAreLongEnough(factor: Double = 5) -> Bool {
        Double(count / blocks) >= factor * inefficiency
    }
}

/// dH/dT from mean enthalpies at several temperatures: finite differences between
/// neighbours, or one weighted straight-line fit through all of them.
public struct EnthalpySlope: Sendable {
    /// Midpoint temperature, K.
    public let temperatureK: Double
    /// (H₂ − H₁)/(T₂ − T₁) in the units of H per K, and its error from the errors of the
    /// two means.
    public let slope: Double
    public let error: Double

    public init(temperatureK: Double, slope: Double, error: Double) {
        self.temperatureK = temperatureK
        self.slope = slope
        self.error = error
    }

    /// The slope of a straight line fitted to all `points` (temperature K, mean, error of
    /// the mean) by weighted least squares (weights 1/error²), reported at the middle of the
    /// temperature range, with the error propagated from the errors of the means,
    /// 1/√(Σ wᵢ (Tᵢ − T̄)²). Around a temperature (e.g. 250/300/350 K) this is the local
    /// dH/dT there, exact for H(T) up to a quadratic term when the temperatures are placed
    /// symmetrically; for a crystal it needs far fewer independent samples than the
    /// fluctuation formula for the same relative error. Nil with fewer than two distinct
    /// temperatures or an error that is not positive and finite.
    public static func fitted(_ points: [(temperatureK: Double, mean: Double, error: Double)]) -> EnthalpySlope? {
        guard Set(points.map(\.temperatureK)).count >= 2, points.allSatisfy({ $0.error > 0 && $0.error.isFinite }) else { return nil }
        let fit = LinearFit(x: points.map(\.temperatureK), y: points.map(\.mean), errors: points.map(\.error))
        let t = points.map(\.temperatureK)
        return EnthalpySlope(temperatureK: 0.5 * (t.min()! + t.max()!), slope: fit.slope, error: fit.slopeError)
    }

    /// Slopes between consecutive points of (temperature K, mean, error of the mean),
    /// sorted by temperature.
    public static func between(_ points: [(temperatureK: Double, mean: Double, error: Double)]) -> [EnthalpySlope] {
        let p = points.sorted { $0.temperatureK < $1.temperatureK }
        guard p.count >= 2 else { return [] }
        return (1..<p.count).compactMap { k in
            let dT = p[k].temperatureK - p[k - 1].temperatureK
            guard dT > 0 else { return nil }
            let e = (p[k].error * p[k].error + p[k - 1].error * p[k - 1].error).squareRoot() / dT
            return EnthalpySlope(temperatureK: 0.5 * (p[k].temperatureK + p[k - 1].temperatureK),
                                 slope: (p[k].mean - p[k - 1].mean) / dT, error: e)
        }
    }
}
