import Foundation

/// Real orthonormal spherical harmonics Y_lm(r̂) for l ≤ `lMax` and their gradients with
/// respect to the vector r, evaluated from Cartesian components.
///
/// Y_l0 = N_l0 Q_l0, Y_lm = √2 N_lm Q_lm Re((x+iy)^m), Y_l,−m = √2 N_lm Q_lm Im((x+iy)^m)
/// at the unit vector (x, y, z), with N_lm = √((2l+1)/(4π) (l−m)!/(l+m)!) and Q_lm the
/// polynomial r^(l−m) d^m P_l/dt^m (t = z/r) built by the Legendre recurrence
/// (l−m) Q_lm = (2l−1) z Q_(l−1)m − (l+m−1) r² Q_(l−2)m. They are a unitary transform of the
/// complex harmonics in each l, so sums Σ_m X_lm X*_lm (SOAP's power spectrum) are the same.
/// Output index of (l, m) is l² + l + m.
struct RealSphericalHarmonics {
    let lMax: Int
    /// N_lm (×√2 for m > 0), index l² + l + m for m ≥ 0.
    private let norm: [Double]

    init(lMax: Int) {
        self.lMax = lMax
        var n = [Double](repeating: 0, count: (lMax + 1) * (lMax + 1))
        for l in 0...lMax {
            for m in 0...l {
                var ratio = 1.0  // (l−m)!/(l+m)!
                for k in stride(from: l - m + 1, through: l + m, by: 1) { ratio /= Double(k) }
                n[l * l + l + m] = (Double(2 * l + 1) / (4 * Double.pi) * ratio).squareRoot() * (m > 0 ? 2.0.squareRoot() : 1)
            }
        }
        norm = n
    }

    /// The number of (l, m) entries.
    var count: Int { (lMax + 1) * (lMax + 1) }

    /// Writes Y_lm(d/|d|) into `y` and, when `gradient` is non-nil, ∂Y_lm/∂d (1/Å) into it;
    /// `q` and `dq` are scratch of `count` entries each.
    func evaluate(_ d: SIMD3<Double>, y: UnsafeMutablePointer<Double>, gradient: UnsafeMutablePointer<SIMD3<Double>>?,
                  q: UnsafeMutablePointer<Double>, dq: UnsafeMutablePointer<SIMD3<Double>>) {
        let r = (d * d).sum().squareRoot()
        let u = d / r
        let (x, yy, z) = (u.x, u.y, u.z)
        let ez = SIMD3<Double>(0, 0, 1)
        // Q_lm and its gradient (ρ = r² = 1 at the unit vector, ∇ρ = 2u), index l² + l + m.
        var a = 1.0, b = 0.0                     // Re, Im of (x+iy)^m
        var da = SIMD3<Double>.zero, db = SIMD3<Double>.zero
        var doubleFactorial = 1.0                // (2m−1)!!
        for m in 0...lMax {
            if m > 0 {
                let (a0, b0, da0, db0) = (a, b, da, db)
                a = x * a0 - yy * b0
                b = x * b0 + yy * a0
                da = x * da0 - yy * db0 + SIMD3(a0, -b0, 0)
                db = x * db0 + yy * da0 + SIMD3(b0, a0, 0)
                doubleFactorial *= Double(2 * m - 1)
            }
            let mm = m * m + 2 * m
            q[mm] = doubleFactorial
            dq[mm] = .zero
            if m + 1 <= lMax {
                let k = (m + 1) * (m + 1) + (m + 1) + m
                q[k] = Double(2 * m + 1) * z * q[mm]
                dq[k] = Double(2 * m + 1) * (q[mm] * ez + z * dq[mm])
            }
            if m + 2 <= lMax {
                for l in (m + 2)...lMax {
                    let k = l * l + l + m, k1 = (l - 1) * (l - 1) + (l - 1) + m, k2 = (l - 2) * (l - 2) + (l - 2) + m
                    let c1 = Double(2 * l - 1), c2 = Double(l + m - 1), inv = 1 / Double(l - m)
                    q[k] = (c1 * z * q[k1] - c2 * q[k2]) * inv
                    dq[k] = (c1 * (q[k1] * ez + z * dq[k1]) - c2 * (2 * q[k2] * u + dq[k2])) * inv
                }
            }
            for l in m...lMax {
                let k = l * l + l + m
                let c = norm[k]
                if m == 0 {
                    y[k] = c * q[k]
                    if let gradient { gradient[k] = c * dq[k] }
                } else {
                    let kn = l * l + l - m
                    y[k] = c * q[k] * a
                    y[kn] = c * q[k] * b
                    if let gradient {
                        gradient[k] = c * (dq[k] * a + q[k] * da)
                        gradient[kn] = c * (dq[k] * b + q[k] * db)
                    }
                }
            }
        }
        // Homogeneous polynomials S of degree l at the unit vector: ∇_d Y = (∇S − l S u)/r.
        if let gradient {
            let inv = 1 / r
            for l in 0...lMax {
                for k in (l * l)..<((l + 1) * (l + 1)) {
                    gradient[k] = (gradient[k] - Double(l) * y[k] * u) * inv
                }
            }
        }
    }
}
