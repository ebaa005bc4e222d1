import Atoms
import Foundation

/// Harmonic thermal properties from mesh frequencies (as phonopy's thermal_properties):
/// per mode x = hν/(k_B T), C_v = k_B x² eˣ/(eˣ − 1)², S = k_B [x/(eˣ − 1) − ln(1 − e⁻ˣ)],
/// U = hν [½ + 1/(eˣ − 1)], F = hν/2 + k_B T ln(1 − e⁻ˣ); modes below `cutoffTHz` (the
/// acoustic modes at Γ, imaginary modes) are left out.
public struct ThermalProperties: Sendable {
    public struct Row: Sendable {
        /// Temperature, K.
        public let temperature: Double
        /// Heat capacity at constant volume, k_B per atom.
        public let heatCapacity: Double
        /// Entropy, k_B per atom.
        public let entropy: Double
        /// Helmholtz free energy (with zero-point energy), eV per atom.
        public let freeEnergy: Double
        /// Internal energy (with zero-point energy), eV per atom.
        public let energy: Double
    }

    public let rows: [Row]
    /// Zero-point energy, eV per atom.
    public let zeroPointEnergy: Double

    /// h in eV/THz.
    public static let planckEVPerTHz = 4.135667696e-3

    public init(_ mesh: PhononMesh, temperatures: [Double], cutoffTHz: Double = 1e-3) {
        self.init(frequenciesTHz: mesh.modes.flatMap(\.frequencies), temperatures: temperatures, cutoffTHz: cutoffTHz)
    }

    /// Thermal properties of a list of mode frequencies (THz), all with equal weight: the
    /// 3 n_atoms modes at each of n_q points, so the list has 3 n_atoms n_q entries and
    /// the results are per atom.
    public init(frequenciesTHz: [Double], temperatures: [Double], cutoffTHz: Double = 1e-3) {
        let norm = 3 / Double(max(frequenciesTHz.count, 1))
        let energies = frequenciesTHz.filter { $0 > cutoffTHz }.map { $0 * Self.planckEVPerTHz }
        let kB = Units.boltzmann
        zeroPointEnergy = energies.reduce(0) { $0 + $1 / 2 } * norm
        rows = temperatures.map { t in
            var cv = 0.0, s = 0.0, u = 0.0, f = 0.0
            for e in energies {
                u += e / 2
                f += e / 2
                guard t > 0 else { continue }
                let x = e / (kB * t)
                let em1 = expm1(x)
                cv += x * x * exp(x) / (em1 * em1)
                s += x / em1 - log(-expm1(-x))
                u += e / em1
                f += kB * t * log(-expm1(-x))
            }
            return Row(temperature: t, heatCapacity: cv * norm, entropy: s * norm, freeEnergy: f * norm, energy: u * norm)
        }
    }
}
