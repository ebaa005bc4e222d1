import Analysis
import Atoms
import Dynamics

/// Classical volume, thermal expansion and heat capacity of a solid at one temperature from
/// an NPT run: the molecular-dynamics counterpart of the quasi-harmonic V(T), α(T), Cp(T).
/// MD is classical (every mode holds k_B T, so no zero-point expansion and Cp → 3 k_B at low
/// T) but fully anharmonic; the two must meet at temperatures above the Debye temperature
/// where quantum effects vanish and anharmonicity is still small.
public struct ClassicalExpansionPoint: Sendable {
    public let temperatureK: Double
    /// ⟨V⟩ per atom, Å³, and its block error.
    public let volumePerAtom: Double
    public let volumeError: Double
    /// Linear expansion α = α_V/3 from the V–H cross-fluctuations, 1/K, and its error.
    public let alpha: Double
    public let alphaError: Double
    /// Cp from the enthalpy fluctuations, k_B per atom, and its error.
    public let cp: Double
    public let cpError: Double
    /// ⟨H⟩ per atom (eV) and its error, for dH/dT between temperatures.
    public let enthalpyPerAtom: Double
    public let enthalpyError: Double

    /// From the NPT samples of a heat-capacity run (`HeatCapacityProtocol.measure`).
    public init(_ point: HeatCapacityPoint, blocks: Int) {
        let n = Double(point.atoms)
        let expansion = FluctuationExpansion(volume: point.nptSamples.map(\.volume), enthalpy: point.nptSamples.map(\.enthalpy),
                                             temperatureK: point.temperatureK, blocks: blocks)
        temperatureK = point.temperatureK
        volumePerAtom = expansion.meanVolume / n
        volumeError = expansion.meanVolumeError / n
        alpha = expansion.linear
        alphaError = expansion.linearError
        cp = point.cp.value / n
        cpError = point.cp.error / n
        enthalpyPerAtom = point.cp.mean / n
        enthalpyError = point.cp.meanError / n
    }

    /// α = (1/3V) dV/dT between neighbouring temperatures (the cross-check of the
    /// fluctuation formula), at the midpoints, 1/K.
    public static func volumeSlopes(_ points: [ClassicalExpansionPoint]) -> [EnthalpySlope] {
        let sorted = points.sorted { $0.temperatureK < $1.temperatureK }
        let slopes = EnthalpySlope.between(sorted.map { ($0.temperatureK, $0.volumePerAtom, $0.volumeError) })
        return zip(slopes, zip(sorted, sorted.dropFirst())).map { s, pair in
            let v = 0.5 * (pair.0.volumePerAtom + pair.1.volumePerAtom)
            return EnthalpySlope(temperatureK: s.temperatureK, slope: s.slope / (3 * v), error: s.error / (3 * v))
        }
    }
}
