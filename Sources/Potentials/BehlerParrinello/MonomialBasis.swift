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
    /// The monomials of degree n are `degreeStart[n]..<degreeStart[n + 1]`.
    let degreeStart: [Int]
    /// Monomial i > 0 is monomial `parent[i]` times u along `axis[i]` (0, 1, 2 for x, y, z).
    let parent: [Int], axis: [Int]
    /// n!/(a! b! c!) of each monomial.
    let multiplicity: [Double]
    /// Degree of each monomial, as a number.
    let order: [Double]
    /// ∂u^α/∂u_x = a u^(α − e_x): the exponent a and the index of u^(α − e_x) (0 when a = 0),
    /// and the same for y and z, three entries per monomial.
    let exponent: [Double], lower: [Int]

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
        var parent = [Int](repeating: 0, count: exponents.count), axis = parent
        var exponent: [Double] = [], lower: [Int] = []
        for (i, e) in exponents.enumerated() {
            for x in 0..<3 {
                var down = e
                down[x] -= 1
                exponent.append(Double(e[x]))
                lower.append(e[x] > 0 ? index[down]! : 0)
            }
            guard i > 0, let x = (0..<3).first(where: { e[$0] > 0 }) else { continue }
            var down = e
            down[x] -= 1
            parent[i] = index[down]!
            axis[i] = x
        }
        count = exponents.count
        self.degreeStart = degreeStart
        self.parent = parent
        self.axis = axis
        multiplicity = exponents.map { factorial($0[0] + $0[1] + $0[2]) / (factorial($0[0]) * factorial($0[1]) * factorial($0[2])) }
        order = exponents.map { Double($0[0] + $0[1] + $0[2]) }
        self.exponent = exponent
        self.lower = lower
    }

    /// Writes the `count` monomials of the unit vector `u` to `out`.
    @inline(__always)
    func fill(_ u: SIMD3<Double>, _ out: UnsafeMutablePointer<Double>) {
        out[0] = 1
        parent.withUnsafeBufferPointer { p in
            axis.withUnsafeBufferPointer { a in
                for i in 1..<count { out[i] = out[p[i]] * u[a[i]] }
            }
        }
    }
}
