import Foundation

/// The SO(3) power-spectrum descriptor of LAMMPS ML-IAP (`descriptor so3`, `mliap_so3`;
/// Bartók et al., Phys. Rev. B 87, 184115 (2013), with the radial basis of PyXtal_FF).
///
/// Neighbor j of atom i adds w_j f_c(r) I_nl(r) Y_lm(r̂) to c_nlm, with
/// f_c(r) = ½ (cos(π r/r_c) + 1) (r_c = `rcutfac`),
/// I_nl(r) = 4π e^{−α r²} ∫₀^{r_c} ξ² g_n(ξ) e^{−α ξ²} i_l(2α r ξ) dξ by the same
/// Chebyshev–Gauss rule of N = 10 (nmax + lmax + 1) nodes as LAMMPS, i_l the modified
/// spherical Bessel functions by upward recursion, and g_n = Σ_a W_na φ_a the orthonormalised
/// polynomials φ_a(r) ∝ (r_c − r)^{a+2} (W = S^{−1/2} of their overlap S). The descriptors are
/// p_{n1 n2 l} = 2√2 π/√(2l+1) Σ_m Re(c_{n1 lm} c*_{n2 lm}) for n2 ≤ n1 (order n1, n2, l).
/// By the addition theorem Σ_m Y_lm(a) Y*_lm(b) = (2l+1)/(4π) P_l(a·b), they are computed here
/// as a double sum over neighbor pairs with Legendre polynomials, which needs no angles and
/// no spherical-harmonic phase convention. LAMMPS truncates the element weights `welems` to
/// integers; so does this.
struct PowerSpectrumDescriptor: Sendable {
    let nmax: Int, lmax: Int
    /// r_c of the radial basis and switching function, Å (`rcutfac`).
    let rcut: Double
    /// Gaussian exponent α, Å⁻² (`alpha`).
    let alpha: Double
    let rcutfac: Double
    /// Radius of each element (`radelems`), Å: pair cutoffs `rcutfac` (R_i + R_j).
    let radii: [Double]
    /// Neighbor weight of each element (`welems`, truncated to an integer as LAMMPS does).
    let weights: [Double]
    /// Quadrature nodes ξ_i (Å) and, per n, the node weights times ξ² g_n(ξ) e^{−α ξ²}.
    let nodes: [Double]
    let quadrature: [Double]

    init(nmax: Int, lmax: Int, rcutfac: Double, alpha: Double, radii: [Double], weights: [Double]) {
        self.nmax = nmax
        self.lmax = lmax
        self.rcutfac = rcutfac
        rcut = rcutfac
        self.alpha = alpha
        self.radii = radii
        self.weights = weights.map { $0.rounded(.towardZero) }
        let w = Self.orthonormalisation(nmax)
        let count = (nmax + lmax + 1) * 10
        var nodes = [Double](), quadrature = [Double](repeating: 0, count: nmax * count)
        for i in 1...count {
            let x = cos(Double(2 * i - 1) * Double.pi / 2 / Double(count))
            let xi = rcutfac / 2 * (x + 1)
            nodes.append(xi)
            for n in 0..<nmax {
                var g = 0.0
                for a in 1...nmax { g += w[n * nmax + a - 1] * Self.phi(xi, a, rcutfac) }
                quadrature[n * count + i - 1] = rcutfac / 2 * Double.pi / Double(count) * (1 - x * x).squareRoot()
                    * xi * xi * g * exp(-alpha * xi * xi)
            }
        }
        self.nodes = nodes
        self.quadrature = quadrature
    }

    /// Number of descriptors, nmax (nmax + 1)/2 (lmax + 1).
    var count: Int { nmax * (nmax + 1) / 2 * (lmax + 1) }
    func cutoff(_ a: Int, _ b: Int) -> Double { rcutfac * (radii[a] + radii[b]) }
    var maxCutoff: Double { rcutfac * 2 * (radii.max() ?? 0) }

    /// φ_a(r) = (r_c − r)^{a+2} / √(2 r_c^{2a+7} / ((2a+5)(2a+6)(2a+7))).
    static func phi(_ r: Double, _ a: Int, _ rc: Double) -> Double {
        let d = Double(a)
        return pow(rc - r, d + 2) / (2 * pow(rc, 2 * d + 7) / (2 * d + 5) / (2 * d + 6) / (2 * d + 7)).squareRoot()
    }

    /// W = S^{−1/2}, S_ab the overlap of φ_a and φ_b, row-major n×n.
    static func orthonormalisation(_ n: Int) -> [Double] {
        var s = [Double](repeating: 0, count: n * n)
        func cubic(_ a: Int) -> Double { Double((2 * a + 5) * (2 * a + 6) * (2 * a + 7)) }
        for a in 1...n {
            for b in 1...n {
                let denominator = Double((5 + a + b) * (6 + a + b) * (7 + a + b))
                s[(a - 1) * n + b - 1] = (cubic(a) * cubic(b)).squareRoot() / denominator
            }
        }
        let (values, vectors) = SymmetricEigen.jacobi(s, n)
        var w = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                for k in 0..<n { w[i * n + j] += vectors[i * n + k] * vectors[j * n + k] / values[k].squareRoot() }
            }
        }
        return w
    }

    /// f_c and its derivative at r.
    @inline(__always)
    func switching(_ r: Double) -> (Double, Double) {
        guard r <= rcut else { return (0, 0) }
        let k = Double.pi / rcut
        return (0.5 * (cos(k * r) + 1), -0.5 * k * sin(k * r))
    }

    /// I_nl(r) and dI_nl/dr for all n, l into `value` and `slope` (index n (lmax+1) + l);
    /// `bessel` is scratch of lmax + 2.
    func radial(_ r: Double, value: inout [Double], slope: inout [Double], bessel: inout [Double]) {
        let count = nodes.count
        for k in 0..<(nmax * (lmax + 1)) {
            value[k] = 0
            slope[k] = 0
        }
        for i in 0..<count {
            let xi = nodes[i]
            let x = 2 * alpha * r * xi
            bessel[0] = sinh(x) / x
            bessel[1] = (cosh(x) - bessel[0]) / x
            if lmax + 1 >= 2 {
                for j in 2...(lmax + 1) { bessel[j] = bessel[j - 2] - Double(2 * j - 1) / x * bessel[j - 1] }
            }
            for l in 0...lmax {
                let b = bessel[l]
                // d i_l(x)/dx: i_1 for l = 0, else (l i_{l−1} + (l+1) i_{l+1})/(2l+1).
                let db = l == 0 ? bessel[1] : (Double(l) * bessel[l - 1] + Double(l + 1) * bessel[l + 1]) / Double(2 * l + 1)
                for n in 0..<nmax {
                    let q = quadrature[n * count + i]
                    value[n * (lmax + 1) + l] += q * b
                    slope[n * (lmax + 1) + l] += q * 2 * alpha * xi * db
                }
            }
        }
        let e = 4 * Double.pi * exp(-alpha * r * r)
        for k in 0..<(nmax * (lmax + 1)) {
            slope[k] = e * (slope[k] - 2 * alpha * r * value[k])
            value[k] *= e
        }
    }
}

/// Eigenvalues and eigenvectors of a small symmetric matrix by cyclic Jacobi rotations.
enum SymmetricEigen {
    /// Returns the eigenvalues and the eigenvectors as columns of a row-major n×n matrix.
    static func jacobi(_ matrix: [Double], _ n: Int) -> ([Double], [Double]) {
        var a = matrix
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        for _ in 0..<100 {
            var off = 0.0
            for p in 0..<n { for q in (p + 1)..<max(p + 1, n) { off += a[p * n + q] * a[p * n + q] } }
            if off < 1e-30 { break }
            for p in 0..<n {
                for q in (p + 1)..<max(p + 1, n) where a[p * n + q] != 0 {
                    let theta = (a[q * n + q] - a[p * n + p]) / (2 * a[p * n + q])
                    let t = (theta >= 0 ? 1 : -1) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k * n + p], akq = a[k * n + q]
                        a[k * n + p] = c * akp - s * akq
                        a[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p * n + k], aqk = a[q * n + k]
                        a[p * n + k] = c * apk - s * aqk
                        a[q * n + k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k * n + p], vkq = v[k * n + q]
                        v[k * n + p] = c * vkp - s * vkq
                        v[k * n + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        return ((0..<n).map { a[$0 * n + $0] }, v)
    }
}
