import Foundation

/// The sparse Gaussian-process prediction of one GAP term with QUIP's dot-product
/// covariance: e(q) = Σ_s α_s c_s δ² (q·x_s)^ζ over the sparse points x_s, with weights α_s
/// and sparse cutoffs c_s from the xml, δ its `signal_variance` attribute (eV) and ζ its
/// `zeta` (QUIP gp_predict, COVARIANCE_DOT_PRODUCT).
struct DotProductKernel: Sendable {
    /// Descriptor dimension.
    let dimension: Int
    /// Sparse points, `count × dimension`, one after another.
    let sparse: [Double]
    /// α_s c_s δ² per sparse point, eV.
    let weights: [Double]
    /// The exponent ζ.
    let zeta: Double
    /// ζ as an integer when it is one (powers by multiplication, as QUIP's fast_pow).
    private let integerZeta: Int?

    init(dimension: Int, sparse: [Double], alpha: [Double], sparseCutoff: [Double], delta: Double, zeta: Double) {
        self.dimension = dimension
        self.sparse = sparse
        weights = zip(alpha, sparseCutoff).map { $0 * $1 * delta * delta }
        self.zeta = zeta
        integerZeta = zeta == zeta.rounded() && zeta >= 1 && zeta <= 64 ? Int(zeta) : nil
    }

    /// dot^(ζ−1), by multiplication when ζ is an integer.
    @inline(__always) func lowerPower(_ dot: Double) -> Double {
        if let n = integerZeta { return powInt(dot, n - 1) }
        return pow(dot, zeta - 1)
    }

    /// The energy (eV) of descriptor `q`; when `gradient` is non-nil, writes ∂e/∂q there.
    func predict(_ q: UnsafePointer<Double>, gradient: UnsafeMutablePointer<Double>?) -> Double {
        let d = dimension
        var energy = 0.0
        if let gradient { gradient.update(repeating: 0, count: d) }
        sparse.withUnsafeBufferPointer { x in
            weights.withUnsafeBufferPointer { w in
                for s in 0..<w.count {
                    let row = x.baseAddress! + s * d
                    var dot = 0.0
                    for k in 0..<d { dot += row[k] * q[k] }
                    let lower = lowerPower(dot)
                    energy += w[s] * lower * dot
                    if let gradient {
                        let f = w[s] * zeta * lower
                        for k in 0..<d { gradient[k] += f * row[k] }
                    }
                }
            }
        }
        return energy
    }
}

/// The sparse Gaussian-process prediction of one GAP term with QUIP's squared-exponential
/// covariance (`ard_se`, one permutation): e(x) = Σ_s α_s c_s (δ² exp(−½ Σ_k ((x_sk − x_k)/θ_k)²) + f0²).
struct SquaredExponentialKernel: Sendable {
    let dimension: Int
    /// Sparse points, `count × dimension`.
    let sparse: [Double]
    /// α_s c_s per sparse point.
    let weights: [Double]
    /// Length scales θ_k, one per descriptor component.
    let theta: [Double]
    /// δ² (eV) and f0² (eV), from `signal_variance` and `signal_mean`.
    let deltaSquared: Double
    let offsetSquared: Double

    init(dimension: Int, sparse: [Double], alpha: [Double], sparseCutoff: [Double], theta: [Double], delta: Double, f0: Double) {
        self.dimension = dimension
        self.sparse = sparse
        weights = zip(alpha, sparseCutoff).map { $0 * $1 }
        self.theta = theta
        deltaSquared = delta * delta
        offsetSquared = f0 * f0
    }

    /// The energy (eV) of descriptor `x`; writes ∂e/∂x into `gradient` (`dimension` entries).
    func predict(_ x: UnsafePointer<Double>, gradient: UnsafeMutablePointer<Double>) -> Double {
        let d = dimension
        gradient.update(repeating: 0, count: d)
        var energy = 0.0
        for s in 0..<weights.count {
            var sum = 0.0
            for k in 0..<d {
                let t = (sparse[s * d + k] - x[k]) / theta[k]
                sum += t * t
            }
            let e = deltaSquared * exp(-0.5 * sum)
            energy += weights[s] * (e + offsetSquared)
            for k in 0..<d {
                gradient[k] += weights[s] * e * (sparse[s * d + k] - x[k]) / (theta[k] * theta[k])
            }
        }
        return energy
    }
}
