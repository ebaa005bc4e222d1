import Atoms
import Foundation
import Mechanics

/// One volume of a quasi-harmonic scan: the static energy of the relaxed structure and its
/// phonon frequencies on a mesh.
public struct QuasiHarmonicVolume: Sendable {
    /// Volume, Å³/atom.
    public var volume: Double
    /// Static energy of the structure relaxed at this volume, eV/atom.
    public var energy: Double
    /// Mode frequencies (THz) at every mesh point, all with equal weight (3 n_atoms per
    /// point, the same mesh and the same order at every volume; imaginary modes negative).
    public var frequenciesTHz: [Double]

    public init(volume: Double, energy: Double, frequenciesTHz: [Double]) {
        self.volume = volume
        self.energy = energy
        self.frequenciesTHz = frequenciesTHz
    }

    /// Lowest frequency (THz); negative when some mode is imaginary.
    public var lowestFrequency: Double { frequenciesTHz.min() ?? 0 }
}

/// The quasi-harmonic approximation: F(V, T) = E(V) + F_vib(V, T) with harmonic phonons at
/// each volume, minimised over V at each temperature by a third-order Birch–Murnaghan fit
/// of F(V) (as phonopy-qha fits an equation of state per temperature).
///
/// From the minimum: V(T); the isothermal bulk modulus B_T = V ∂²F/∂V²; the linear thermal
/// expansion α = (1/3V) dV/dT (central differences on the temperature grid); C_v at V(T)
/// (linear interpolation in V between the scanned volumes); and
/// C_p = C_v + T V B_T α_V², α_V = 3α, the thermodynamic identity C_p − C_v = T V α_V² B_T.
/// The thermodynamic Grüneisen parameter is γ = α_V B_T V / C_v; the mode parameters
/// γ_j = −d ln ω_j / d ln V are least-squares slopes over the scanned volumes (modes matched
/// by mesh point and frequency order, so crossings mix branches, as without eigenvector
/// matching in phonopy).
public struct QuasiHarmonicResult: Sendable {
    /// Temperatures where the minimum lies inside the scanned volumes, K.
    public var temperatures: [Double]
    /// Equilibrium volume, Å³/atom.
    public var volumes: [Double]
    /// Gibbs energy at zero pressure (the minimum of F(V)), eV/atom.
    public var freeEnergies: [Double]
    /// Linear thermal expansion coefficient, 1/K.
    public var alpha: [Double]
    /// Isothermal bulk modulus, GPa.
    public var bulkModulusGPa: [Double]
    /// Heat capacity at constant volume V(T), J/(mol K) per mole of atoms.
    public var cv: [Double]
    /// Heat capacity at constant pressure, J/(mol K) per mole of atoms.
    public var cp: [Double]
    /// Thermodynamic Grüneisen parameter α_V B_T V / C_v (0 at T = 0).
    public var gruneisen: [Double]
    /// Mode Grüneisen parameters at the mesh points (modes above 0.1 THz at every volume).
    public var modeGruneisen: [Double]
    /// The temperature where the minimum of F(V) left the scanned volumes (nil: it never did).
    public var truncatedAt: Double?
    /// Static equilibrium volume (fit of E(V) without phonons), Å³/atom.
    public var staticVolume: Double
    /// The scanned volumes.
    public var points: [QuasiHarmonicVolume]

    /// Volumes whose lowest mode is below `−tolerance` THz (imaginary modes).
    public func imaginary(tolerance: Double = 0.05) -> [QuasiHarmonicVolume] {
        points.filter { $0.lowestFrequency < -tolerance }
    }

    /// Solves the QHA for the scanned `points` (at least five volumes, bracketing the minimum
    /// at every temperature wanted) over `temperatures` (K, ascending). Stops at the first
    /// temperature whose minimum lies outside the scanned volumes.
    public init(points unsorted: [QuasiHarmonicVolume], temperatures: [Double]) throws {
        let points = unsorted.sorted { $0.volume < $1.volume }
        guard points.count >= 5 else { throw InputError("the quasi-harmonic approximation needs at least five volumes") }
        guard temperatures.count >= 2, zip(temperatures, temperatures.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw InputError("the quasi-harmonic approximation needs at least two ascending temperatures")
        }
        self.points = points
        let vs = points.map(\.volume)
        staticVolume = try BirchMurnaghan(volumes: vs, energies: points.map(\.energy)).V0
        let thermal = points.map { ThermalProperties(frequenciesTHz: $0.frequenciesTHz, temperatures: temperatures, cutoffTHz: 1e-3) }
        var ts: [Double] = [], v: [Double] = [], g: [Double] = [], b: [Double] = [], cvs: [Double] = []
        truncatedAt = nil
        for (k, t) in temperatures.enumerated() {
            let f = points.indices.map { points[$0].energy + thermal[$0].rows[k].freeEnergy }
            let fit = try? BirchMurnaghan(volumes: vs, energies: f)
            guard let fit, fit.V0 >= vs.first!, fit.V0 <= vs.last! else {
                truncatedAt = t
                break
            }
            ts.append(t)
            v.append(fit.V0)
            g.append(fit.E0)
            b.append(fit.B0)
            cvs.append(Self.interpolate(vs, points.indices.map { thermal[$0].rows[k].heatCapacity }, at: fit.V0))
        }
        guard ts.count >= 2 else {
            throw InputError("the free-energy minimum is outside the scanned volumes already at \(temperatures[ts.count]) K: widen the volume range")
        }
        self.temperatures = ts
        volumes = v
        freeEnergies = g
        bulkModulusGPa = b.map { $0 * Units.eVPerA3InGPa }
        let perMole = Units.eVInJPerMol
        var alpha: [Double] = [], cp: [Double] = [], gamma: [Double] = []
        for i in ts.indices {
            let (lo, hi) = (max(i - 1, 0), min(i + 1, ts.count - 1))
            let a = (v[hi] - v[lo]) / (ts[hi] - ts[lo]) / (3 * v[i])
            let cvEV = cvs[i] * Units.boltzmann
            let extra = ts[i] * v[i] * b[i] * 9 * a * a
            alpha.append(a)
            cp.append((cvEV + extra) * perMole)
            gamma.append(cvEV > 0 ? 3 * a * b[i] * v[i] / cvEV : 0)
        }
        self.alpha = alpha
        self.cp = cp
        cv = cvs.map { $0 * Units.boltzmann * perMole }
        gruneisen = gamma
        modeGruneisen = Self.modeGruneisen(points)
    }

    /// Linear interpolation of y(x) (x ascending), extrapolating from the end intervals.
    static func interpolate(_ x: [Double], _ y: [Double], at x0: Double) -> Double {
        var j = 0
        while j < x.count - 2 && x0 > x[j + 1] { j += 1 }
        let w = (x0 - x[j]) / (x[j + 1] - x[j])
        return y[j] + w * (y[j + 1] - y[j])
    }

    /// γ_j = −d ln ω_j / d ln V by least squares over the volumes, for modes above 0.1 THz
    /// at every volume.
    static func modeGruneisen(_ points: [QuasiHarmonicVolume]) -> [Double] {
        let lnV = points.map { log($0.volume) }
        let count = points.map(\.frequenciesTHz.count).min() ?? 0
        var out: [Double] = []
        for j in 0..<count {
            let w = points.map { $0.frequenciesTHz[j] }
            guard w.allSatisfy({ $0 > 0.1 }) else { continue }
            out.append(-LinearFit(x: lnV, y: w.map { log($0) }).slope)
        }
        return out
    }
}
