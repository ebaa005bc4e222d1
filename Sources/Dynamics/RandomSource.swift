import Foundation

/// The seeded random generator behind every stochastic piece of a run (initial
/// velocities, Langevin noise, CSVR, stochastic cell rescaling): xoshiro256** (Blackman &
/// Vigna 2018) seeded through SplitMix64. Its whole state, including a spare Gaussian
/// number, is `snapshot`, so a checkpointed run continues with the same numbers.
public struct RandomSource: RandomNumberGenerator, Sendable {
    private var s0, s1, s2, s3: UInt64
    /// The second number of the last Box–Muller pair, not yet used.
    private var spare: Double?

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) {
        var x = seed
        func splitmix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitmix(); s1 = splitmix(); s2 = splitmix(); s3 = splitmix()
    }

    /// The full state as six words (four of xoshiro, a flag and the spare Gaussian's bits).
    public var snapshot: [UInt64] {
        [s0, s1, s2, s3, spare == nil ? 0 : 1, spare?.bitPattern ?? 0]
    }

    /// A generator restored from `snapshot`.
    public init?(snapshot w: [UInt64]) {
        guard w.count == 6 else { return nil }
        s0 = w[0]; s1 = w[1]; s2 = w[2]; s3 = w[3]
        spare = w[4] == 0 ? nil : Double(bitPattern: w[5])
    }

    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// Uniform in the open interval (0, 1).
    public mutating func uniform() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1p-53
    }

    /// Standard normal (Box–Muller; the pair's second number is kept for the next call).
    public mutating func gaussian() -> Double {
        if let g = spare {
            spare = nil
            return g
        }
        let radius = (-2 * log(uniform())).squareRoot()
        let angle = 2 * Double.pi * uniform()
        spare = radius * sin(angle)
        return radius * cos(angle)
    }

    /// Gamma-distributed with the given shape and unit scale (Marsaglia & Tsang 2000,
    /// doi:10.1145/358407.358414; shapes below 1 through the boost Γ(a) = Γ(a+1)·U^(1/a)).
    public mutating func gamma(shape a: Double) -> Double {
        precondition(a > 0, "gamma shape must be positive")
        if a < 1 { return gamma(shape: a + 1) * pow(uniform(), 1 / a) }
        let d = a - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double, v: Double
            repeat {
                x = gaussian()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = uniform()
            if log(u) < 0.5 * x * x + d - d * v + d * log(v) { return d * v }
        }
    }

    /// The sum of `n` squared standard normals (χ² with n degrees of freedom), drawn as
    /// 2·Γ(n/2) in constant time.
    public mutating func sumOfSquaredGaussians(_ n: Int) -> Double {
        n <= 0 ? 0 : 2 * gamma(shape: Double(n) / 2)
    }
}
