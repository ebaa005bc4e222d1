import Atoms
import Foundation

extension Tersoff {
    /// The members of LAMMPS's Tersoff family that `props` reads; they share the
    /// three-body structure and differ in the functions of `Tersoff.Entry`.
    public enum Style: String, Sendable, CaseIterable {
        /// `pair_style tersoff` (14 values per entry).
        case tersoff
        /// `pair_style tersoff/mod`, T. Kumagai et al., Comput. Mater. Sci. 39, 457 (2007):
        /// smoother cutoff, angular term c₁ + c₂(h − cos θ)²/(c₃ + (h − cos θ)²)·(1 + c₄
        /// e^{−c₅(h − cos θ)²}), b_ij = (1 + (βζ)^η)^{−1/(2n)} (17 values per entry).
        case mod = "tersoff/mod"
        /// `pair_style tersoff/zbl`: Tersoff joined to the ZBL universal screened
        /// repulsion (Ziegler, Biersack, Littmark 1985) by a Fermi function 1/(1 +
        /// e^{−k(r − r_c)}) (18 values per entry: Tersoff's and Z_i, Z_j, r_c in Å, k in 1/Å).
        case zbl = "tersoff/zbl"

        /// The names of an entry's values, in file order.
        var labels: [String] {
            switch self {
            case .tersoff: return Tersoff.labels
            case .zbl: return Tersoff.labels + ["Z_i", "Z_j", "ZBLcut", "ZBLexpscale"]
            case .mod: return ["m", "alpha", "h", "eta", "beta", "lambda2", "B", "R", "D", "lambda1", "A", "n",
                               "c1", "c2", "c3", "c4", "c5"]
            }
        }

        /// Throws at the offending value unless the entry is usable. Two-body values (and
        /// the ZBL ones) are checked only in entries (i, j, j), the only ones that use them.
        func check(_ e: ManyBodyEntry, file: TextFile) throws {
            let v = e.values, labels = labels
            func require(_ ok: Bool, _ k: Int, _ what: String) throws {
                try e.require(ok, k, what, labels: labels, file: file)
            }
            try require(v[0] == 1 || v[0] == 3, 0, "must be 1 or 3")
            // Index of R and D, the positive and the non-negative values of every entry, and
            // those of the (i, j, j) entries.
            let (r, d): (Int, Int)
            let positive: [Int], nonNegative: [Int], pairPositive: [Int], pairNonNegative: [Int]
            switch self {
            case .tersoff, .zbl:
                (r, d) = (10, 11)
                (positive, nonNegative) = ([4], [1, 3])
                (pairPositive, pairNonNegative) = ([6], [7, 8, 9, 12, 13] + (self == .zbl ? [16, 17] : []))
            case .mod:
                (r, d) = (7, 8)
                (positive, nonNegative) = ([14], [])
                (pairPositive, pairNonNegative) = ([3, 11], [4, 5, 6, 9, 10])
            }
            try require(v[r] > 0, r, "must be positive")
            try require(v[d] >= 0, d, "must not be negative")
            try require(v[d] <= v[r], d, "must not exceed R = \(v[r])")
            for k in positive { try require(v[k] > 0, k, "must be positive") }
            for k in nonNegative { try require(v[k] >= 0, k, "must not be negative") }
            guard e.isPair else { return }
            for k in pairPositive { try require(v[k] > 0, k, "must be positive") }
            for k in pairNonNegative { try require(v[k] >= 0, k, "must not be negative") }
            if self == .zbl {
                for k in [14, 15] { try require(v[k] >= 1 && v[k] <= 118, k, "must be an atomic number") }
            }
        }

        /// The evaluation parameters of one checked entry.
        func entry(_ e: ManyBodyEntry) -> Entry {
            let v = e.values
            switch self {
            case .tersoff, .zbl:
                var entry = Entry(style: self, m3: v[0] == 3, gamma: v[1], lambda3: v[2],
                                  c2: v[3] * v[3], d2: v[4] * v[4], c2OverD2: (v[3] * v[3]) / (v[4] * v[4]), h: v[5],
                                  n: v[6], beta: v[7], lambda2: v[8], bigB: v[9], bigR: v[10], bigD: v[11],
                                  lambda1: v[12], bigA: v[13])
                if self == .zbl && e.isPair {
                    // ZBL screening length 0.8854 a₀/(Z_i^0.23 + Z_j^0.23) and Z_i Z_j e²/(4π ε₀),
                    // with LAMMPS's metal-unit constants a₀ = 0.529 Å, ε₀ = 0.00552635 e²/(eV Å).
                    entry.zblLength = 0.8854 * 0.529 / (pow(v[14], 0.23) + pow(v[15], 0.23))
                    entry.zblCharge = v[14] * v[15] / (4 * Double.pi * 0.00552635)
                    entry.fermiCut = v[16]
                    entry.fermiScale = v[17]
                }
                if e.isPair { entry.setBondOrderThresholds(exponent: 2 * v[6]) }
                return entry
            case .mod:
                var entry = Entry(style: .mod, m3: v[0] == 3, gamma: 1, lambda3: v[1], c2: 0, d2: 1, c2OverD2: 0, h: v[2],
                                  n: v[3], beta: v[4], lambda2: v[5], bigB: v[6], bigR: v[7], bigD: v[8],
                                  lambda1: v[9], bigA: v[10])
                entry.delta = 1 / (2 * v[11])
                entry.angularC = (v[12], v[13], v[14], v[15], v[16])
                if e.isPair { entry.setBondOrderThresholds(exponent: 2 * v[11]) }
                return entry
            }
        }
    }
}

extension Tersoff.Entry {
    /// The βζ thresholds of the asymptotic forms of b_ij, as LAMMPS sets them from
    /// `exponent` (2n for tersoff, 2n of tersoff/mod's file, i.e. 1/δ).
    mutating func setBondOrderThresholds(exponent: Double) {
        c1 = pow(exponent * 1e-16, -1 / n)
        c2Threshold = pow(exponent * 1e-8, -1 / n)
        c3 = 1 / c2Threshold
        c4 = 1 / c1
    }

    /// tersoff/mod's cutoff ½[1 − (9/8) sin(πx/2) − (1/8) sin(3πx/2)], x = (r − R)/D,
    /// and its derivative (1/Å).
    @inline(__always) func modCutoff(_ r: Double) -> (Double, Double) {
        if r < bigR - bigD { return (1, 0) }
        if r > bigR + bigD { return (0, 0) }
        let x = Double.pi / 2 * (r - bigR) / bigD
        return (0.5 * (1 - 1.125 * sin(x) - 0.125 * sin(3 * x)),
                -(0.375 * Double.pi / 4 / bigD) * (3 * cos(x) + cos(3 * x)))
    }

    /// tersoff/mod's g(cos θ) and dg/dcos θ.
    @inline(__always) func modAngular(_ cs: Double) -> (Double, Double) {
        let (a1, a2, a3, a4, a5) = angularC
        let u = h - cs, u2 = u * u
        let ex = a4 * exp(-a5 * u2)
        let go = a2 * u2 / (a3 + u2)
        // d/du of go = 2 a2 a3 u / (a3 + u²)², of (1 + ex) = −2 a5 u ex; dcos = −du.
        let dgo = 2 * a2 * a3 * u / ((a3 + u2) * (a3 + u2))
        return (a1 + go * (1 + ex), -(dgo * (1 + ex) - go * 2 * a5 * u * ex))
    }

    /// tersoff/mod's b_ij = (1 + (βζ)^η)^{−δ} and db/dζ, with LAMMPS's two asymptotic
    /// branches (βζ above its c1: (βζ)^{−ηδ}; below 1/c1: 1).
    @inline(__always) func modBondOrder(_ zeta: Double) -> (Double, Double) {
        let t = beta * zeta
        if t > c1 { return (pow(t, -n * delta), -n * delta * pow(t, -n * delta) / zeta) }
        if t < c4 { return (1, 0) }
        let tn = pow(t, n)
        return (pow(1 + tn, -delta), -n * delta * pow(1 + tn, -1 - delta) * tn / zeta)
    }

    /// The Fermi switch F(r) = 1/(1 + e^{−k(r − r_c)}) of tersoff/zbl and dF/dr (1/Å).
    @inline(__always) func fermi(_ r: Double) -> (Double, Double) {
        let ex = exp(-fermiScale * (r - fermiCut))
        return (1 / (1 + ex), fermiScale * ex / ((1 + ex) * (1 + ex)))
    }

    /// The ZBL screened Coulomb repulsion (eV) and its derivative (eV/Å).
    @inline(__always) func zblRepulsion(_ r: Double) -> (Double, Double) {
        let x = r / zblLength
        let e1 = 0.1818 * exp(-3.2 * x), e2 = 0.5099 * exp(-0.9423 * x)
        let e3 = 0.2802 * exp(-0.4029 * x), e4 = 0.02817 * exp(-0.2016 * x)
        let phi = e1 + e2 + e3 + e4
        var dphi = -(3.2 * e1 + 0.9423 * e2 + 0.4029 * e3 + 0.2016 * e4)
        dphi /= zblLength
        return (zblCharge * phi / r, zblCharge * (dphi / r - phi / (r * r)))
    }
}
