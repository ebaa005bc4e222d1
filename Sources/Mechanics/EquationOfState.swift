import Atoms
import Foundation
import LinearAlgebra
import Potentials

/// A third-order Birch–Murnaghan fit of E(V).
///
/// E(V) = E0 + (9 V0 B0 / 16) { [(V0/V)^{2/3} − 1]³ B0' + [(V0/V)^{2/3} − 1]² [6 − 4 (V0/V)^{2/3}] }
/// is a cubic polynomial in x = V^{−2/3}, so the fit is linear least squares in x; V0, E0,
/// B0 and B0' follow from the polynomial (Birch, Phys. Rev. 71, 809 (1947)).
public struct BirchMurnaghan: Sendable {
    /// Equilibrium volume per atom, Å³.
    public let V0: Double
    /// Energy per atom at V0, eV.
    public let E0: Double
    /// Bulk modulus, eV/Å³.
    public let B0: Double
    /// Pressure derivative of the bulk modulus (dimensionless).
    public let B0prime: Double
    /// Root-mean-square residual of the fit, eV/atom.
    public let rmsResidual: Double
    /// Polynomial coefficients in x = V^{-2/3}: E = c0 + c1 x + c2 x² + c3 x³.
    public let coefficients: [Double]

    /// Bulk modulus in GPa.
    public var B0GPa: Double { B0 * Units.eVPerA3InGPa }

    /// Fits volumes (Å³/atom) and energies (eV/atom); needs at least five points
    /// bracketing the minimum.
    public init(volumes: [Double], energies: [Double]) throws {
        guard volumes.count >= 5, volumes.count == energies.count else {
            throw InputError("an equation-of-state fit needs at least five volumes")
        }
        let xs: [Double] = volumes.map { pow($0, -2.0 / 3.0) }
        var design: [Double] = []
        for x in xs { design += [1, x, x * x, x * x * x] }
        let c = try leastSquares(design, rows: xs.count, columns: 4, b: energies)
        coefficients = c
        // Minimum: c1 + 2 c2 x + 3 c3 x² = 0, the root with positive curvature inside the data.
        let roots = Self.quadraticRoots(3 * c[3], 2 * c[2], c[1])
        let lo = xs.min()!, hi = xs.max()!
        let mid = (lo + hi) / 2
        let minima = roots.filter { (x: Double) -> Bool in x > 0 && 2 * c[2] + 6 * c[3] * x > 0 }
        let best = minima.min { (a: Double, b: Double) -> Bool in abs(a - mid) < abs(b - mid) }
        guard let x0 = best, x0 >= lo - 0.5 * (hi - lo), x0 <= hi + 0.5 * (hi - lo) else {
            throw InputError("the energy–volume curve has no minimum inside the scanned range")
        }
        let v0 = pow(x0, -1.5)
        V0 = v0
        E0 = Self.cubic(c, x0)
        // Derivatives of E with respect to V at V0 via x(V) = V^{-2/3} (E_x = 0 there).
        let exx: Double = 2 * c[2] + 6 * c[3] * x0
        let exxx: Double = 6 * c[3]
        let xv: Double = -2.0 / 3.0 * pow(v0, -5.0 / 3.0)
        let xvv: Double = 10.0 / 9.0 * pow(v0, -8.0 / 3.0)
        let evv: Double = exx * xv * xv
        let evvv: Double = exxx * xv * xv * xv + 3 * exx * xv * xvv
        B0 = v0 * evv
        B0prime = -1 - v0 * evvv / evv
        var sum = 0.0
        for (x, e) in zip(xs, energies) {
            let r = Self.cubic(c, x) - e
            sum += r * r
        }
        rmsResidual = (sum / Double(xs.count)).squareRoot()
    }

    /// Energy per atom (eV) of the fitted curve at volume `v` (Å³/atom).
    public func energy(at v: Double) -> Double {
        Self.cubic(coefficients, pow(v, -2.0 / 3.0))
    }

    static func cubic(_ c: [Double], _ x: Double) -> Double {
        ((c[3] * x + c[2]) * x + c[1]) * x + c[0]
    }

    static func quadraticRoots(_ a: Double, _ b: Double, _ c: Double) -> [Double] {
        if abs(a) < 1e-300 { return b == 0 ? [] : [-c / b] }
        let disc = b * b - 4 * a * c
        guard disc >= 0 else { return [] }
        let s = disc.squareRoot()
        return [(-b + s) / (2 * a), (-b - s) / (2 * a)]
    }
}

/// An energy–volume scan of a structure, each volume with relaxed positions and, for
/// non-cubic crystals, a relaxed cell shape (c/a of hcp) at fixed volume.
public struct EquationOfStateScan {
    /// Volumes scanned, Å³/atom.
    public var volumes: [Double]
    /// Energies, eV/atom.
    public var energies: [Double]
    /// Isotropic scale factors applied to the reference structure (length ratio).
    public var scales: [Double]
    public var fit: BirchMurnaghan
    /// The structure the scan was centred on (relaxed).
    public var reference: Structure
    /// The relaxed structure at each volume.
    public var structures: [Structure]
    /// True when the cell shape was relaxed at each volume.
    public var shapeRelaxed: Bool

    /// Scans `points` volumes from (1 − range) to (1 + range) times the reference volume,
    /// relaxing positions at each volume, and the cell shape at fixed volume when
    /// `relaxShape` (default: when the crystal is not cubic), and fits Birch–Murnaghan.
    public static func run(_ reference: Structure, calculator: inout Calculator,
                           range: Double = 0.06, points: Int = 11, relaxShape: Bool? = nil) throws -> EquationOfStateScan {
        guard points >= 5, range > 0, range < 0.5 else {
            throw InputError("EOS scan needs at least 5 points and a volume range between 0 and 50 %")
        }
        let shape = relaxShape ?? (LaueClass.of(reference).system != "cubic")
        var volumes: [Double] = [], energies: [Double] = [], scales: [Double] = [], structures: [Structure] = []
        let n = Double(reference.count)
        var settings = RelaxationSettings()
        settings.forceTolerance = 1e-5
        if shape {
            settings.relaxCell = true
            settings.fixedVolume = true
            settings.stressTolerance = 1e-7
        }
        for k in 0..<points {
            let ratio = 1 - range + 2 * range * Double(k) / Double(points - 1)
            let scale = cbrt(ratio)
            let s = reference.scaled(by: scale)
            let relaxed = try Relaxation.run(s, calculator: &calculator, settings: settings)
            volumes.append(s.cell.volume / n)
            energies.append(relaxed.energy / n)
            scales.append(scale)
            structures.append(relaxed.structure)
        }
        let fit = try BirchMurnaghan(volumes: volumes, energies: energies)
        return EquationOfStateScan(volumes: volumes, energies: energies, scales: scales, fit: fit, reference: reference,
                                   structures: structures, shapeRelaxed: shape)
    }

    /// How well the data fix B0′: the largest change of B0′ when the fit leaves out the
    /// smallest or the largest volume (nil with fewer than six points). A spread comparable
    /// to B0′ itself means the volume range is too narrow (or the data too noisy) for B0′.
    public var b0PrimeSpread: Double? {
        guard volumes.count >= 6 else { return nil }
        var spread = 0.0
        for drop in [0, volumes.count - 1] {
            var v = volumes, e = energies
            v.remove(at: drop)
            e.remove(at: drop)
            guard let f = try? BirchMurnaghan(volumes: v, energies: e) else { return .infinity }
            spread = max(spread, abs(f.B0prime - fit.B0prime))
        }
        return spread
    }
}
