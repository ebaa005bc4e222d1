import Foundation

/// Index tables of the SNAP bispectrum (Thompson et al., J. Comput. Phys. 285, 316 (2015);
/// doi:10.1016/j.jcp.2014.12.018) up to `twojmax` = 2 j_max, in LAMMPS's conventions.
///
/// Angular momenta are doubled throughout (j = 0, 1, …, twojmax stands for 0, ½, …); a
/// magnetic index ma = 0…j stands for m = ma − j/2. The hyperspherical harmonics U^j form a
/// (j+1)×(j+1) block per j, stored row `mb`, column `ma`, blocks one after another. The
/// bispectrum components B_{j1 j2 j} are the triples with j2 ≤ j1 ≤ j, |j1 − j2| ≤ j ≤
/// min(twojmax, j1 + j2), j1 + j2 + j even, in LAMMPS's order (j1, then j2, then j), which is
/// the order of the coefficients in `.snapcoeff` and ML-IAP model files.
struct BispectrumLayout: Sendable {
    /// One bispectrum component and where its coupling data live.
    struct Triple: Sendable {
        var j1: Int, j2: Int, j: Int
        /// Start of the Clebsch–Gordan table ⟨j1 m1; j2 m2 | j m1+m2⟩, (j1+1)×(j2+1), row m1.
        var cgStart: Int
        /// Start of this triple's Z block ((j+1)² entries, only the half with mb ≤ j/2 used).
        var zStart: Int
    }

    let twojmax: Int
    /// Start of block j in the flat U list.
    let uStart: [Int]
    /// Length of the flat U list, Σ_j (j+1)².
    let uCount: Int
    let triples: [Triple]
    /// Clebsch–Gordan coefficients of all triples.
    let cg: [Double]
    /// Length of the Z scratch, Σ over triples of (j+1)².
    let zCount: Int

    init(twojmax: Int) {
        self.twojmax = twojmax
        var uStart: [Int] = []
        var count = 0
        for j in 0...twojmax {
            uStart.append(count)
            count += (j + 1) * (j + 1)
        }
        self.uStart = uStart
        uCount = count
        var triples: [Triple] = []
        var cg: [Double] = []
        var z = 0
        for j1 in 0...twojmax {
            for j2 in 0...j1 {
                for j in stride(from: j1 - j2, through: min(twojmax, j1 + j2), by: 2) where j >= j1 {
                    triples.append(Triple(j1: j1, j2: j2, j: j, cgStart: cg.count, zStart: z))
                    for m1 in 0...j1 {
                        for m2 in 0...j2 {
                            cg.append(Self.clebschGordan(j1, 2 * m1 - j1, j2, 2 * m2 - j2, j))
                        }
                    }
                    z += (j + 1) * (j + 1)
                }
            }
        }
        self.triples = triples
        self.cg = cg
        zCount = z
    }

    /// Number of bispectrum components for `twojmax`.
    static func componentCount(twojmax: Int) -> Int { BispectrumLayout(twojmax: twojmax).triples.count }

    /// ⟨j1/2 m1/2; j2/2 m2/2 | j/2 (m1+m2)/2⟩ with doubled arguments (Racah's formula); 0
    /// when |m1 + m2| > j.
    static func clebschGordan(_ j1: Int, _ m1: Int, _ j2: Int, _ m2: Int, _ j: Int) -> Double {
        let m = m1 + m2
        guard abs(m) <= j else { return 0 }
        func f(_ twice: Int) -> Double { factorial(twice / 2) }
        var sum = 0.0
        let kmax = min((j1 + j2 - j) / 2, (j1 - m1) / 2, (j2 + m2) / 2)
        let kmin = max(0, (j2 - j - m1) / 2, (j1 - j + m2) / 2)
        if kmin <= kmax {
            for k in kmin...kmax {
                let denominator = factorial(k) * f(j1 + j2 - j - 2 * k) * f(j1 - m1 - 2 * k) * f(j2 + m2 - 2 * k)
                    * f(j - j2 + m1 + 2 * k) * f(j - j1 - m2 + 2 * k)
                sum += (k % 2 == 0 ? 1 : -1) / denominator
            }
        }
        let triangle = f(j1 + j2 - j) * f(j1 - j2 + j) * f(-j1 + j2 + j) / f(j1 + j2 + j + 2)
        let magnetic = f(j1 + m1) * f(j1 - m1) * f(j2 + m2) * f(j2 - m2) * f(j + m) * f(j - m)
        return sum * (Double(j + 1) * triangle * magnetic).squareRoot()
    }

    static func factorial(_ n: Int) -> Double {
        n < 2 ? 1 : (2...n).reduce(1.0) { $0 * Double($1) }
    }
}
