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

    /// Thermal properties of `mesh`: the irreducible points' modes, each counted with its
    /// point's weight (the same sums as over every mesh point).
    public init(_ mesh: PhononMesh, temperatures: [Double], cutoffTHz: Double = 1e-3) {
        let weights = mesh.weights.flatMap { [Double](repeating: Double($0), count: mesh.bands) }
        self.init(frequenciesTHz: mesh.irreducibleModes.flatMap(\.frequencies), weights: weights,
                  temperatures: temperatures, cutoffTHz: cutoffTHz)
    }

    /// Thermal properties of a list of mode frequencies (THz), each counted `weights[i]`
    /// times (default once): the 3 n_atoms modes at each of n_q points, so the weights add
    /// up to 3 n_atoms n_q and the results are per atom.
    public init(frequenciesTHz: [Double], weights: [Double]? = nil, temperatures: [Double], cutoffTHz: Double = 1e-3) {
        precondition(weights == nil || weights!.count == frequenciesTHz.count, "one weight per frequency")
        let counts = weights ?? [Double](repeating: 1, count: frequenciesTHz.count)
        let norm = 3 / max(counts.reduce(0, +), 1)
        var energies: [Double] = [], modeWeights: [Double] = []
        for (f, w) in zip(frequenciesTHz, counts) where f > cutoffTHz {
            energies.append(f * Self.planckEVPerTHz)
            modeWeights.append(w)
        }
        zeroPointEnergy = zip(energies, modeWeights).reduce(0) { $0 + $1.1 * $1.0 / 2 } * norm
        // One temperature per task, on all cores; per mode one expm1 and one log.
        var rows = [Row?](repeating: nil, count: temperatures.count)
        rows.withUnsafeMutableBufferPointer { out in
            Parallel.forEachChunk(temperatures.count) { _, range in
                for k in range { out[k] = Self.row(temperatures[k], energies: energies, weights: modeWeights, norm: norm) }
            }
        }
        self.rows = rows.map { $0! }
    }

    /// Sums over the mode energies `energies` (eV), each `weights[i]` times, at temperature
    /// `t` (K), times `norm`.
    private static func row(_ t: Double, energies: [Double], weights: [Double], norm: Double) -> Row {
        let kB = Units.boltzmann
        var cv = 0.0, s = 0.0, u = 0.0, f = 0.0
        for (e, w) in zip(energies, weights) {
            u += w * (e / 2)
            f += w * (e / 2)
            guard t > 0 else { continue }
            let x = e / (kB * t)
            // Beyond x = 700 eˣ overflows; the mode is frozen and adds nothing but its zero point.
            guard x < 700 else { continue }
            let em1 = expm1(x), ex = em1 + 1
            // ln(1 − e⁻ˣ), accurate at both ends: (eˣ − 1)/eˣ for small x, log1p(−e⁻ˣ) for large.
            let lg = x < 1 ? log(em1 / ex) : log1p(-1 / ex)
            cv += w * (x * x * ex / (em1 * em1))
            s += w * (x / em1 - lg)
            u += w * (e / em1)
            f += w * (kB * t * lg)
        }
        return Row(temperature: t, heatCapacity: cv * norm, entropy: s * norm, freeEnergy: f * norm, energy: u * norm)
    }
}
