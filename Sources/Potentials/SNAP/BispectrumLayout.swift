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
        /// This triple's elements in `entries`.
        var entries: Range<Int> = 0..<0
    }

    /// One element (mb, ma) of the half of a triple's Z block that B uses (mb ≤ j/2, weight > 0),
    /// with where its double sum Z = Σ_{mb1} c_b Σ_{ma1} c_a U^{j1}[mb1][ma1] U^{j2}[mb2][ma2]
    /// starts: mb1 and ma1 run up from their smallest values while mb2 and ma2 run down, so the
    /// U^{j1} index steps by +1 (+(j1+1) per row), the U^{j2} index by −1 (−(j2+1) per row) and
    /// both Clebsch–Gordan indices by j2.
    struct ZEntry: Sendable {
        /// Index in the Z scratch, and of U^j[mb][ma] in the U list.
        var z: Int32, k: Int32
        /// U^{j1} and U^{j2} indices of the first term; c_b and c_a indices of the first row and column.
        var p: Int32, q: Int32, cgb: Int32, cga: Int32
        /// Rows (mb1 values) and columns (ma1 values) of the double sum.
        var rows: Int32, columns: Int32
        /// Weight of the element in B, summed over the half mb ≤ j/2 (the other half mirrors it):
        /// 2 below the middle row and left of the diagonal in it, 1 on the diagonal.
        var weight: Double
    }

    let twojmax: Int
    /// Start of block j in the flat U list.
    let uStart: [Int]
    /// Length of the flat U list, Σ_j (j+1)².
    let uCount: Int
    /// The rows mb ≤ j/2 of each block j in the U list (a prefix of the block); the other rows
    /// mirror them (`HypersphericalHarmonics.Rows.upperHalf`).
    let upperHalf: [Range<Int>]
    let triples: [Triple]
    /// Clebsch–Gordan coefficients of all triples.
    let cg: [Double]
    /// Length of the Z scratch, Σ over triples of (j+1)².
    let zCount: Int
    /// The Z elements of all triples, triple after triple.
    let entries: [ZEntry]

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
        upperHalf = (0...twojmax).map { j in uStart[j]..<(uStart[j] + (j / 2 + 1) * (j + 1)) }
        var triples: [Triple] = []
        var cg: [Double] = []
        var z = 0
        var entries: [ZEntry] = []
        for j1 in 0...twojmax {
            for j2 in 0...j1 {
                for j in stride(from: j1 - j2, through: min(twojmax, j1 + j2), by: 2) where j >= j1 {
                    var triple = Triple(j1: j1, j2: j2, j: j, cgStart: cg.count, zStart: z)
                    for m1 in 0...j1 {
                        for m2 in 0...j2 {
                            cg.append(Self.clebschGordan(j1, 2 * m1 - j1, j2, 2 * m2 - j2, j))
                        }
                    }
                    let first = entries.count
                    entries += Self.zEntries(triple, uStart: uStart)
                    triple.entries = first..<entries.count
                    triples.append(triple)
                    z += (j + 1) * (j + 1)
                }
            }
        }
        self.triples = triples
        self.cg = cg
        self.entries = entries
        zCount = z
    }

    /// The Z elements of `t` that B uses, row mb ≤ j/2 by row.
    static func zEntries(_ t: Triple, uStart: [Int]) -> [ZEntry] {
        let (j1, j2, j) = (t.j1, t.j2, t.j)
        let shift = (j1 + j2 - j) / 2
        var out: [ZEntry] = []
        var mb = 0
        while 2 * mb <= j {
            for ma in 0...j {
                let weight: Double = 2 * mb < j || ma < mb ? 2 : ma == mb ? 1 : 0
                guard weight > 0 else { continue }
                let mb1 = max(0, mb + shift - j2), ma1 = max(0, ma + shift - j2)
                let mb2 = mb + shift - mb1, ma2 = ma + shift - ma1
                out.append(ZEntry(z: Int32(t.zStart + mb * (j + 1) + ma), k: Int32(uStart[j] + mb * (j + 1) + ma),
                                  p: Int32(uStart[j1] + mb1 * (j1 + 1) + ma1), q: Int32(uStart[j2] + mb2 * (j2 + 1) + ma2),
                                  cgb: Int32(t.cgStart + mb1 * (j2 + 1) + mb2), cga: Int32(t.cgStart + ma1 * (j2 + 1) + ma2),
                                  rows: Int32(min(j1, mb + shift) - mb1 + 1), columns: Int32(min(j1, ma + shift) - ma1 + 1),
                                  weight: weight))
            }
            mb += 1
        }
        return out
    }

    /// The index q of element (mb, ma) of block j, the index t of its mirror (j−mb, j−ma) and
    /// the sign s = (−1)^(ma+mb) with U_t = s conj(U_q).
    @inline(__always)
    func mirror(_ j: Int, _ mb: Int, _ ma: Int) -> (q: Int, t: Int, s: Double) {
        (uStart[j] + mb * (j + 1) + ma, uStart[j] + (j - mb) * (j + 1) + (j - ma), (ma + mb) % 2 == 0 ? 1 : -1)
    }

    /// The row mb of block j whose mirror, row j − mb below the middle, block j + 1's recursion
    /// reads: (j−1)/2 for an odd block but the last, else nil (`HypersphericalHarmonics.Rows.upperHalf`).
    @inline(__always)
    func lentRow(_ j: Int) -> Int? { j % 2 == 1 && j < twojmax ? (j - 1) / 2 : nil }

    /// Calls `body(q, t, s)` for every element q = (mb, ma) above the middle row of each
    /// block and its mirror t (`mirror`).
    @inline(__always)
    func forEachMirrorPair(_ body: (Int, Int, Double) -> Void) {
        for j in 0...twojmax {
            for mb in 0..<(j + 1) / 2 {
                for ma in 0...j {
                    let (q, t, s) = mirror(j, mb, ma)
                    body(q, t, s)
                }
            }
        }
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
