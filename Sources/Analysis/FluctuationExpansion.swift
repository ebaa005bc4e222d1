import Atoms

/// Volume thermal expansion from the cross-fluctuations of volume and enthalpy in the
/// isothermal–isobaric ensemble: α_V = (⟨V H⟩ − ⟨V⟩⟨H⟩)/(k_B T² ⟨V⟩) (Allen & Tildesley,
/// Computer Simulation of Liquids, 2nd ed., §2.5). Like the fluctuation heat capacity it
/// needs a thermostat and barostat that sample the ensemble (not Berendsen), and classical
/// MD gives the classical value.
///
/// The error comes from block averages of (V − V̄)(H − H̄), as for `FluctuationHeatCapacity`.
public struct FluctuationExpansion: Sendable {
    /// Volume expansion coefficient α_V, 1/K, and its block error.
    public let volumetric: Double
    public let volumetricError: Double
    /// ⟨V⟩, Å³, and its block error.
    public let meanVolume: Double
    public let meanVolumeError: Double

    /// Linear expansion α = α_V/3 (isotropic solids), 1/K.
    public var linear: Double { volumetric / 3 }
    public var linearError: Double { volumetricError / 3 }

    /// - Parameters:
    ///   - volume: V (Å³) and `enthalpy` H (eV) sampled together at equal intervals from an
    ///     equilibrated NPT run.
    ///   - temperatureK: the thermostat temperature, K.
    ///   - blocks: number of blocks for the errors (at least 2).
    public init(volume: [Double], enthalpy: [Double], temperatureK: Double, blocks: Int = 10) {
        precondition(volume.count == enthalpy.count && volume.count >= 2 * blocks && temperatureK > 0,
                     "need paired samples, at least two per block, and T > 0")
        let n = Double(volume.count)
        let v = volume.reduce(0, +) / n
        let h = enthalpy.reduce(0, +) / n
        let products = zip(volume, enthalpy).map { ($0 - v) * ($1 - h) }
        let scale = n / (n - 1) / (Units.boltzmann * temperatureK * temperatureK * v)
        let covariance = BlockAverage(products, blocks: blocks)
        volumetric = covariance.mean * scale
        volumetricError = covariance.error * scale
        meanVolume = v
        meanVolumeError = BlockAverage(volume, blocks: blocks).error
    }
}
