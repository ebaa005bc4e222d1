import Foundation

/// How the Gaussians exp(−η (r − r_s)²) of a list are computed for many distances at once.
///
/// A Gaussian whose η is m/2 times the η of another one in the list with the same shift
/// (3 ≤ m ≤ `maximumHalves`) is that one's value raised to m/2:
/// exp(−η (r − r_s)²) = exp(−η' (r − r_s)²)^(m/2), a few multiplications and, for odd m, a
/// square root, four lanes at a time, instead of a call to exp. Descriptor sets often
/// space η this way: in props' `Si.pot` the three G4 Gaussians of r_jk have η = 1/64,
/// 5/128 and 6/64 Å⁻², so each neighbour pair needs one exp instead of three. The result
/// differs from exp by a few units in the last place (the rounding of the base value
/// raised to m/2, and of the multiplications).
struct GaussianPowers: Equatable, Sendable {
    /// Largest m of the powers e^(m/2): the multiplications grow as log₂ m, the rounding
    /// error as m/2 units in the last place of the base.
    static let maximumHalves = 32

    /// The list.
    let gaussians: [DescriptorSet.Gaussian]
    /// For Gaussian v of the list: the Gaussian it is a power of (nil: computed by exp).
    let base: [Int?]
    /// m of e^(m/2) for the Gaussians with a base (0 for the others).
    let halves: [Int]

    /// Plans the list: the Gaussians of each shift taken in increasing η, each one a power
    /// of the first of that shift computed by exp that gives an exact half-integer ratio
    /// (the smallest m), else computed by exp itself.
    init(_ list: [DescriptorSet.Gaussian]) {
        var base = [Int?](repeating: nil, count: list.count)
        var halves = [Int](repeating: 0, count: list.count)
        var direct: [Int] = []
        for v in list.indices.sorted(by: { list[$0].eta < list[$1].eta }) {
            let target = list[v]
            let choice = direct.compactMap { u -> (Int, Int)? in
                let source = list[u]
                guard source.shift == target.shift, source.eta > 0 else { return nil }
                let m = (2 * target.eta / source.eta).rounded()
                guard m >= 3, m <= Double(Self.maximumHalves),
                      abs(m * 0.5 * source.eta - target.eta) <= 2 * target.eta.ulp else { return nil }
                return (u, Int(m))
            }.min { $0.1 < $1.1 }
            if let (u, m) = choice {
                base[v] = u
                halves[v] = m
            } else {
                direct.append(v)
            }
        }
        gaussians = list
        self.base = base
        self.halves = halves
    }

    /// Writes exp(−η_v (x_t − r_s,v)²) for t in 0..<count into column v of a table,
    /// `columns + v * stride`, for every Gaussian v of the list.
    func fill(distances x: UnsafePointer<Double>, count: Int, into columns: UnsafeMutablePointer<Double>, stride: Int) {
        for v in gaussians.indices where base[v] == nil {
            let g = gaussians[v], e = columns + v * stride
            for t in 0..<count {
                let y = x[t] - g.shift
                e[t] = Foundation.exp(-g.eta * y * y)
            }
        }
        for v in gaussians.indices {
            guard let u = base[v] else { continue }
            Self.raise(columns + u * stride, toHalves: halves[v], count: count, into: columns + v * stride)
        }
    }

    /// y[t] = e[t]^(m/2) for t in 0..<count (e ≥ 0).
    static func raise(_ e: UnsafePointer<Double>, toHalves m: Int, count: Int, into y: UnsafeMutablePointer<Double>) {
        let whole = m / 2, odd = m & 1 == 1
        var t = 0
        while t + 4 <= count {
            let x = lanes(e, t)
            var result = SIMD4<Double>(repeating: 1), square = x, k = whole
            while k > 0 {
                if k & 1 == 1 { result *= square }
                square *= square
                k >>= 1
            }
            setLanes(y, t, odd ? result * x.squareRoot() : result)
            t += 4
        }
        while t < count {
            let x = e[t]
            y[t] = odd ? powInt(x, whole) * x.squareRoot() : powInt(x, whole)
            t += 1
        }
    }
}
