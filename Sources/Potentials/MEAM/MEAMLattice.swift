import Foundation

/// A MEAM reference structure (`lat` in the library file, `lattce(i,j)` in the parameter
/// file) that props supports: its first- and second-neighbour shells and angular shape
/// factors, as in Baskes, Phys. Rev. B 46, 2727 (1992) and Lee and Baskes, Phys. Rev. B
/// 62, 8564 (2000).
enum MEAMLattice: String, Sendable {
    case fcc, bcc, hcp, dim, dia, b1, b2

    /// Reference structures LAMMPS knows that props does not implement (refused by name).
    static let unsupported: Set<String> = ["dia3", "c11", "l12", "ch4", "lin", "zig", "tri", "sc"]

    /// Number of first neighbours Z.
    var firstNeighbors: Double {
        switch self {
        case .fcc, .hcp: 12
        case .bcc, .b2: 8
        case .dia: 4
        case .dim: 1
        case .b1: 6
        }
    }

    /// Shape factors s₁, s₂, s₃ of the partial densities in the reference structure.
    var shape: SIMD3<Double> {
        switch self {
        case .fcc, .bcc, .b1, .b2: .zero
        case .hcp: SIMD3(0, 0, 1.0 / 3.0)
        case .dia: SIMD3(0, 0, 32.0 / 9.0)
        case .dim: SIMD3(1, 2.0 / 3.0, 0.4)
        }
    }

    /// The second-neighbour shell: count Z₂, distance ratio R₂/R₁ and the screening of a
    /// second-neighbour bond by the first neighbours between, for screening limits
    /// `cmin`, `cmax`. A dimer has none.
    func secondShell(cmin: Double, cmax: Double) -> (count: Double, ratio: Double, screening: Double) {
        let (count, ratio, screens): (Double, Double, Int)
        switch self {
        case .fcc, .hcp: (count, ratio, screens) = (6, 2.0.squareRoot(), 4)
        case .bcc, .b2: (count, ratio, screens) = (6, 2 / 3.0.squareRoot(), 4)
        case .b1: (count, ratio, screens) = (12, 2.0.squareRoot(), 2)
        case .dia: (count, ratio, screens) = (12, (8.0 / 3.0).squareRoot(), 1)
        case .dim: return (0, 1, 0)
        }
        let c = 4 / (ratio * ratio) - 1
        let s = MEAMMath.smoothStep((c - cmin) / (cmax - cmin))
        return (count, ratio, MEAMMath.power(s, screens))
    }
}

/// The scalar functions of the MEAM formalism.
enum MEAMMath {
    /// The smooth cutoff f_c(x) = (1 − (1 − x)⁴)² on 0 < x < 1, 0 below and 1 above.
    @inline(__always)
    static func smoothStep(_ x: Double) -> Double {
        if x >= 1 { return 1 }
        if x <= 0 { return 0 }
        let a = 1 - x, a4 = (a * a) * (a * a)
        return (1 - a4) * (1 - a4)
    }

    /// f_c(x) and its derivative.
    @inline(__always)
    static func smoothStepDerivative(_ x: Double) -> (Double, Double) {
        if x >= 1 { return (1, 0) }
        if x <= 0 { return (0, 0) }
        let a = 1 - x, a3 = a * a * a, b = 1 - a * a3
        return (b * b, 8 * b * a3)
    }

    /// xⁿ by repeated squaring (n ≥ 0).
    static func power(_ x: Double, _ n: Int) -> Double {
        var result = 1.0, base = x, m = n
        while m != 0 {
            if m & 1 == 1 { result *= base }
            m >>= 1
            base *= base
        }
        return result
    }

    /// G(Γ) and dG/dΓ for the `ibar` form: 0 and 4 √(1+Γ) (smoothed below
    /// −s/(s+1) with `smoothing` s), 1 exp(Γ/2), 3 2/(1+e^−Γ), −5 ±√|1+Γ|.
    @inline(__always)
    static func g(_ gamma: Double, ibar: Int, smoothing: Double) -> (Double, Double) {
        switch ibar {
        case 1:
            let v = exp(gamma / 2)
            return (v, v / 2)
        case 3:
            let v = 2 / (1 + exp(-gamma))
            return (v, v * (2 - v) / 2)
        case -5:
            if 1 + gamma >= 0 {
                let v = (1 + gamma).squareRoot()
                return (v, 1 / (2 * v))
            }
            let v = -(-1 - gamma).squareRoot()
            return (v, -1 / (2 * v))
        default:
            let switchPoint = -smoothing / (smoothing + 1)
            if gamma < switchPoint {
                let v = (1 / (smoothing + 1) * pow(switchPoint / gamma, smoothing)).squareRoot()
                return (v, -smoothing * v / (2 * gamma))
            }
            let v = (1 + gamma).squareRoot()
            return (v, 1 / (2 * v))
        }
    }

    /// The embedding energy F(ρ̄) = A E_c ρ̄ ln ρ̄ (eV) and dF/dρ̄; for ρ̄ ≤ 0, zero or
    /// −A E_c ρ̄ when `linearNegative`.
    @inline(__always)
    static func embedding(a: Double, ec: Double, rhoBar: Double, linearNegative: Bool) -> (Double, Double) {
        let aec = a * ec
        if rhoBar > 0 {
            let l = log(rhoBar)
            return (aec * rhoBar * l, aec * (1 + l))
        }
        return linearNegative ? (-aec * rhoBar, -aec) : (0, 0)
    }

    /// The Rose universal binding curve E(r) (eV) of LAMMPS's `erose_form` 0, 1 or 2.
    static func rose(_ r: Double, re: Double, alpha: Double, ec: Double, repuls: Double, attrac: Double,
                     form: Int) -> Double {
        guard r > 0 else { return 0 }
        let astar = alpha * (r / re - 1)
        let a3 = astar >= 0 ? attrac : repuls
        let cube = astar * astar * astar
        switch form {
        case 1: return -ec * (1 + astar + (-attrac + repuls / r) * cube) * exp(-astar)
        case 2: return -ec * (1 + astar + a3 * cube) * exp(-astar)
        default: return -ec * (1 + astar + a3 * cube / (r / re)) * exp(-astar)
        }
    }

    /// The Ziegler–Biersack–Littmark universal screened Coulomb energy (eV) of nuclei
    /// `z1`, `z2` at r Å, with LAMMPS MEAM's constants.
    static func zbl(_ r: Double, _ z1: Int, _ z2: Int) -> Double {
        let c = [0.028171, 0.28022, 0.50986, 0.18175]
        let d = [0.20162, 0.40290, 0.94229, 3.1998]
        let a = 0.4685 / (pow(Double(z1), 0.23) + pow(Double(z2), 0.23))
        var sum = 0.0
        for k in 0..<4 { sum += c[k] * exp(-d[k] * r / a) }
        return r > 0 ? sum * Double(z1 * z2) / r * 14.3997 : sum
    }
}
