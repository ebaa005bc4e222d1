/// The monomials u^α = u_x^a u_y^b u_z^c of a unit vector u with a + b + c ≤ `degree`, in
/// order of degree, and what sums of them need: by the multinomial theorem
///
///     (u · v)^n = Σ_{|α| = n} n!/(a! b! c!) u^α v^α,
///
/// so Σ_{j,k} g_j g_k (u_j · u_k)^n = Σ_{|α| = n} n!/α! M_α² with the moments M_α = Σ_j g_j u_j^α.
struct MonomialBasis: Equatable, Sendable {
    /// Largest degree.
    let degree: Int
    /// Number of monomials, (L + 1)(L + 2)(L + 3)/6 for degree L.
    let count: Int
    /// `count` rounded up to a multiple of 4: rows of monomials and of their weights are
    /// this long, zero beyond `count`, for `Lanes`.
    var padded: Int { (count + 3) / 4 * 4 }
    /// The monomials of degree n are `degreeStart[n]..<degreeStart[n + 1]`.
    let degreeStart: [Int]
    /// n!/(a! b! c!) of each monomial.
    let multiplicity: [Double]
    /// Degree of each monomial, as a number.
    let order: [Double]
    /// ∂u^α/∂u_x = a u^(α − e_x), so Σ_α Λ_α ∂u^α/∂u_x = Σ_β (b_x + 1) Λ_(β + e_x) u^β: for
    /// monomial β of degree < L, the index of β + e_x and b_x + 1, and the same for y and z
    /// (three entries per monomial; index 0 and factor 0 at degree L).
    let raise: [Int], raiseFactor: [Double]

    /// The monomials up to `degree` (≥ 0).
    init(degree: Int) {
        self.degree = degree
        var exponents: [SIMD3<Int>] = [], degreeStart = [0]
        for n in 0...max(0, degree) {
            for a in stride(from: n, through: 0, by: -1) {
                for b in stride(from: n - a, through: 0, by: -1) { exponents.append(SIMD3(a, b, n - a - b)) }
            }
            degreeStart.append(exponents.count)
        }
        let index = Dictionary(uniqueKeysWithValues: exponents.enumerated().map { ($1, $0) })
        func factorial(_ k: Int) -> Double { (0..<k).reduce(1.0) { $0 * Double($1 + 1) } }
        var raise: [Int] = [], raiseFactor: [Double] = []
        for e in exponents {
            for x in 0..<3 {
                var up = e
                up[x] += 1
                raise.append(index[up] ?? 0)
                raiseFactor.append(index[up] == nil ? 0 : Double(up[x]))
            }
        }
        count = exponents.count
        self.degreeStart = degreeStart
        multiplicity = exponents.map { factorial($0[0] + $0[1] + $0[2]) / (factorial($0[0]) * factorial($0[1]) * factorial($0[2])) }
        order = exponents.map { Double($0[0] + $0[1] + $0[2]) }
        self.raise = raise
        self.raiseFactor = raiseFactor
    }

    /// Writes the `count` monomials of the unit vector `u` to `out`. In the order used, the
    /// monomials of degree n are x times those of degree n − 1, then y times the last n of
    /// those (no x), then z times the last one (z^(n−1)).
    @inline(__always)
    func fill(_ u: SIMD3<Double>, _ out: UnsafeMutablePointer<Double>) {
        out[0] = 1
        var previous = 0, start = 1
        for n in 0..<degree {
            let size = start - previous
            for k in 0..<size { out[start + k] = u.x * out[previous + k] }
            for k in 0...n { out[start + size + k] = u.y * out[start - 1 - n + k] }
            out[start + size + n + 1] = u.z * out[start - 1]
            previous = start
            start += size + n + 2
        }
    }
}
