import Foundation

/// The hyperspherical harmonics U^j_{ma,mb} of one neighbor and, on request, their
/// gradients with respect to the neighbor vector, by the recursion over j of Thompson et
/// al. (2015) eq. (9) in LAMMPS's conventions: the vector (x, y, z) of length r is mapped
/// to the 3-sphere angle θ0 = rfac0 π (r − rmin0)/(rcut − rmin0) and the Cayley–Klein
/// parameters a = (z0 − i z)/r0, b = (y − i x)/r0 with z0 = r cot θ0, r0² = r² + z0².
/// Buffers are flat in `BispectrumLayout`'s U order, real and imaginary parts apart.
struct HypersphericalHarmonics {
    let layout: BispectrumLayout
    /// √(p/q) for p, q = 0…twojmax+1, row p.
    let roots: [Double]
    var re: [Double]
    var im: [Double]
    var dRe: [SIMD3<Double>]
    var dIm: [SIMD3<Double>]
    /// ∂P/∂U of `projection`, scratch.
    var adjointRe: [Double], adjointIm: [Double]

    init(layout: BispectrumLayout) {
        self.layout = layout
        let n = layout.twojmax + 2
        roots = (0..<n * n).map { pq in pq % n == 0 ? 0 : (Double(pq / n) / Double(pq % n)).squareRoot() }
        re = Array(repeating: 0, count: layout.uCount)
        im = re
        dRe = Array(repeating: .zero, count: layout.uCount)
        dIm = dRe
        adjointRe = re
        adjointIm = re
    }

    /// Which rows of each block `compute` fills.
    enum Rows {
        /// Every row.
        case all
        /// The rows mb ≤ j/2 of each block j (`BispectrumLayout.upperHalf`), the rest follows by
        /// U^j[j−mb][j−ma] = (−1)^(ma+mb) conj(U^j[mb][ma]); the lower rows hold stale values but
        /// for the one the recursion needs.
        case upperHalf
    }

    typealias Complex = (re: Double, im: Double)
    typealias ComplexGradient = (re: SIMD3<Double>, im: SIMD3<Double>)

    /// The Cayley–Klein parameters a and b of the vector `d` (Å) of length `r` and, when
    /// `gradient`, their gradients with respect to d (1/Å).
    @inline(__always)
    static func cayleyKlein(_ d: SIMD3<Double>, r: Double, rcut: Double, rmin0: Double, rfac0: Double, gradient: Bool)
        -> (a: Complex, b: Complex, da: ComplexGradient, db: ComplexGradient) {
        let scale = rfac0 * Double.pi / (rcut - rmin0)
        let theta0 = (r - rmin0) * scale
        let cot = cos(theta0) / sin(theta0)
        let z0 = r * cot
        let r0inv = 1 / (r * r + z0 * z0).squareRoot()
        let a = (re: z0 * r0inv, im: -d.z * r0inv)
        let b = (re: d.y * r0inv, im: -d.x * r0inv)
        var da = (re: SIMD3<Double>.zero, im: SIMD3<Double>.zero)
        var db = da
        if gradient {
            let u = d / r
            let dz0dr = cot - r * scale / (sin(theta0) * sin(theta0))
            let dr0inv = (-r0inv * r0inv * r0inv * (r + z0 * dz0dr)) * u
            da.re = (dz0dr * r0inv) * u + z0 * dr0inv
            da.im = -d.z * dr0inv - SIMD3(0, 0, r0inv)
            db.re = d.y * dr0inv + SIMD3(0, r0inv, 0)
            db.im = -d.x * dr0inv - SIMD3(r0inv, 0, 0)
        }
        return (a, b, da, db)
    }

    /// Fills U (and its gradient when `gradient`) for the vector `d` (Å) of length `r`
    /// with outer radius `rcut`, inner radius `rmin0` and the angle factor `rfac0`.
    mutating func compute(_ d: SIMD3<Double>, r: Double, rcut: Double, rmin0: Double, rfac0: Double, gradient: Bool,
                          rows: Rows) {
        let (a, b, da, db) = Self.cayleyKlein(d, r: r, rcut: rcut, rmin0: rmin0, rfac0: rfac0, gradient: gradient)
        recurse(a, b, da, db, gradient: gradient, rows: rows)
    }

    /// U (and its gradient when `gradient`) from the Cayley–Klein parameters and their gradients.
    private mutating func recurse(_ a: Complex, _ b: Complex, _ da: ComplexGradient, _ db: ComplexGradient,
                                  gradient: Bool, rows: Rows) {
        let n = layout.twojmax + 2
        let twojmax = layout.twojmax
        roots.withUnsafeBufferPointer { root in
            re.withUnsafeMutableBufferPointer { ur in
                im.withUnsafeMutableBufferPointer { ui in
                    dRe.withUnsafeMutableBufferPointer { dur in
                        dIm.withUnsafeMutableBufferPointer { dui in
                            ur[0] = 1
                            ui[0] = 0
                            dur[0] = .zero
                            dui[0] = .zero
                            guard twojmax > 0 else { return }
                            for j in 1...twojmax {
                                let block = layout.uStart[j], previous = layout.uStart[j - 1]
                                // Rows mb ≤ j/2 from block j − 1:
                                // U^j[mb][ma] = √((j−ma)/(j−mb)) ā U^{j−1}[mb][ma] − √(ma/(j−mb)) b̄ U^{j−1}[mb][ma−1].
                                var mb = 0
                                while 2 * mb <= j {
                                    for ma in 0...j {
                                        var vr = 0.0, vi = 0.0
                                        var gr = SIMD3<Double>.zero, gi = SIMD3<Double>.zero
                                        if ma < j {
                                            let c = root[(j - ma) * n + (j - mb)]
                                            let p = previous + mb * j + ma
                                            // ā u = (a_r − i a_i)(u_r + i u_i)
                                            vr += c * (a.re * ur[p] + a.im * ui[p])
                                            vi += c * (a.re * ui[p] - a.im * ur[p])
                                            if gradient {
                                                let (x, y) = Self.conjugateProductGradient(a, da, ur[p], ui[p], dur[p], dui[p])
                                                gr += c * x
                                                gi += c * y
                                            }
                                        }
                                        if ma > 0 {
                                            let c = root[ma * n + (j - mb)]
                                            let p = previous + mb * j + ma - 1
                                            vr -= c * (b.re * ur[p] + b.im * ui[p])
                                            vi -= c * (b.re * ui[p] - b.im * ur[p])
                                            if gradient {
                                                let (x, y) = Self.conjugateProductGradient(b, db, ur[p], ui[p], dur[p], dui[p])
                                                gr -= c * x
                                                gi -= c * y
                                            }
                                        }
                                        let q = block + mb * (j + 1) + ma
                                        ur[q] = vr
                                        ui[q] = vi
                                        if gradient {
                                            dur[q] = gr
                                            dui[q] = gi
                                        }
                                    }
                                    mb += 1
                                }
                                // The other rows by symmetry: U^j[j−mb][j−ma] = (−1)^(ma+mb) conj(U^j[mb][ma]);
                                // of those the recursion needs only row (j+1)/2 of an odd block.
                                let lent = layout.lentRow(j)
                                let mirrored = rows == .all ? 0..<(j + 1) / 2 : lent.map { $0..<($0 + 1) } ?? 0..<0
                                for mb in mirrored {
                                    for ma in 0...j {
                                        let (q, t, s) = layout.mirror(j, mb, ma)
                                        ur[t] = s * ur[q]
                                        ui[t] = -s * ui[q]
                                        if gradient {
                                            dur[t] = s * dur[q]
                                            dui[t] = -s * dui[q]
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// P = Σ Re(conj(G_k) U_k) over the upper rows of every block (`BispectrumLayout.upperHalf`)
    /// for the vector `d` (Å) of length `r`, and ∂P/∂d (1/Å): U forward, then one sweep back
    /// through the recursion carries V = ∂P/∂U from block j to block j − 1 and gathers ∂P/∂a and
    /// ∂P/∂b on the way (reverse mode: far less work than U's three-component gradient). G on
    /// the rows below the middle must already be folded onto the upper ones.
    mutating func projection(onto gRe: [Double], _ gIm: [Double], _ d: SIMD3<Double>, r: Double, rcut: Double,
                             rmin0: Double, rfac0: Double) -> (value: Double, gradient: SIMD3<Double>) {
        let (a, b, da, db) = Self.cayleyKlein(d, r: r, rcut: rcut, rmin0: rmin0, rfac0: rfac0, gradient: true)
        recurse(a, b, da, db, gradient: false, rows: .upperHalf)
        let n = layout.twojmax + 2, twojmax = layout.twojmax
        var value = 0.0
        var adjointA = (re: 0.0, im: 0.0), adjointB = adjointA
        roots.withUnsafeBufferPointer { root in
            re.withUnsafeBufferPointer { ur in
                im.withUnsafeBufferPointer { ui in
                    adjointRe.withUnsafeMutableBufferPointer { vr in
                        adjointIm.withUnsafeMutableBufferPointer { vi in
                            for j in 0...twojmax {
                                let half = layout.upperHalf[j]
                                for k in half {
                                    vr[k] = gRe[k]
                                    vi[k] = gIm[k]
                                    value += gRe[k] * ur[k] + gIm[k] * ui[k]
                                }
                                for k in half.upperBound..<(layout.uStart[j] + (j + 1) * (j + 1)) {
                                    vr[k] = 0
                                    vi[k] = 0
                                }
                            }
                            guard twojmax > 0 else { return }
                            for j in stride(from: twojmax, through: 1, by: -1) {
                                let block = layout.uStart[j], previous = layout.uStart[j - 1]
                                if let mb = layout.lentRow(j) {
                                    // The mirrored row block j + 1's recursion read passes V back to its source.
                                    for ma in 0...j {
                                        let (q, t, s) = layout.mirror(j, mb, ma)
                                        vr[q] += s * vr[t]
                                        vi[q] -= s * vi[t]
                                    }
                                }
                                var mb = 0
                                while 2 * mb <= j {
                                    for ma in 0...j {
                                        let q = block + mb * (j + 1) + ma
                                        let wr = vr[q], wi = vi[q]
                                        // U = c ā P passes c a V to P and c conj(V) P to a.
                                        if ma < j {
                                            let c = root[(j - ma) * n + (j - mb)]
                                            let p = previous + mb * j + ma
                                            vr[p] += c * (a.re * wr - a.im * wi)
                                            vi[p] += c * (a.re * wi + a.im * wr)
                                            adjointA.re += c * (wr * ur[p] + wi * ui[p])
                                            adjointA.im += c * (wr * ui[p] - wi * ur[p])
                                        }
                                        // U = −c b̄ P likewise.
                                        if ma > 0 {
                                            let c = root[ma * n + (j - mb)]
                                            let p = previous + mb * j + ma - 1
                                            vr[p] -= c * (b.re * wr - b.im * wi)
                                            vi[p] -= c * (b.re * wi + b.im * wr)
                                            adjointB.re -= c * (wr * ur[p] + wi * ui[p])
                                            adjointB.im -= c * (wr * ui[p] - wi * ur[p])
                                        }
                                    }
                                    mb += 1
                                }
                            }
                        }
                    }
                }
            }
        }
        let gradient = adjointA.re * da.re + adjointA.im * da.im + adjointB.re * db.re + adjointB.im * db.im
        return (value, gradient)
    }

    /// Gradient of conj(a) u from a, its gradient da, u and its gradient du (real and
    /// imaginary parts apart).
    @inline(__always)
    static func conjugateProductGradient(_ a: (re: Double, im: Double), _ da: (re: SIMD3<Double>, im: SIMD3<Double>),
                                         _ ur: Double, _ ui: Double, _ dur: SIMD3<Double>, _ dui: SIMD3<Double>)
        -> (SIMD3<Double>, SIMD3<Double>) {
        let re1 = ur * da.re + ui * da.im
        let re2 = a.re * dur + a.im * dui
        let im1 = ui * da.re - ur * da.im
        let im2 = a.re * dui - a.im * dur
        return (re1 + re2, im1 + im2)
    }
}
