/// Dense loops over raw `Double` buffers in SIMD lanes, for the hot loops of descriptors
/// and networks. `dotProduct` sums in several partial sums, so its rounding differs from
/// a left-to-right sum (by round-off only).

/// Entries i...i+3 of `p`.
@inline(__always)
func lanes(_ p: UnsafePointer<Double>, _ i: Int) -> SIMD4<Double> {
    UnsafeRawPointer(p + i).loadUnaligned(as: SIMD4<Double>.self)
}

/// Writes `x` to entries i...i+3 of `p`.
@inline(__always)
func setLanes(_ p: UnsafeMutablePointer<Double>, _ i: Int, _ x: SIMD4<Double>) {
    UnsafeMutableRawPointer(p + i).storeBytes(of: x, as: SIMD4<Double>.self)
}

/// Σ_i a[i] b[i] over `count` entries.
@inline(__always)
func dotProduct(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int) -> Double {
    var sum0 = SIMD4<Double>.zero, sum1 = SIMD4<Double>.zero
    var i = 0
    while i + 8 <= count {
        sum0 += lanes(a, i) * lanes(b, i)
        sum1 += lanes(a, i + 4) * lanes(b, i + 4)
        i += 8
    }
    var sum = (sum0 + sum1).sum()
    while i < count {
        sum += a[i] * b[i]
        i += 1
    }
    return sum
}

/// y[t] = Σ_p w[p] x[p · stride + t] for t in 0..<count, p in 0..<rows: a weighted sum of
/// `rows` rows of a table.
@inline(__always)
func combineRows(_ w: UnsafePointer<Double>, rows: Int, of x: UnsafePointer<Double>, stride: Int, count: Int,
                 into y: UnsafeMutablePointer<Double>) {
    var t = 0
    while t + 4 <= count {
        var sum = SIMD4<Double>.zero
        for p in 0..<rows { sum += w[p] * lanes(x, p * stride + t) }
        setLanes(y, t, sum)
        t += 4
    }
    while t < count {
        var sum = 0.0
        for p in 0..<rows { sum += w[p] * x[p * stride + t] }
        y[t] = sum
        t += 1
    }
}
