/// Dense loops over raw `Double` buffers in SIMD lanes, for the hot loops of descriptors
/// and networks. `dotProduct` sums in several partial sums, so its rounding differs from
/// a left-to-right sum (by round-off only).

/// Σ_i a[i] b[i] over `count` entries.
@inline(__always)
func dotProduct(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int) -> Double {
    let ra = UnsafeRawPointer(a), rb = UnsafeRawPointer(b)
    var sum0 = SIMD4<Double>.zero, sum1 = SIMD4<Double>.zero
    var i = 0
    while i + 8 <= count {
        sum0 += ra.loadUnaligned(fromByteOffset: 8 * i, as: SIMD4<Double>.self)
            * rb.loadUnaligned(fromByteOffset: 8 * i, as: SIMD4<Double>.self)
        sum1 += ra.loadUnaligned(fromByteOffset: 8 * i + 32, as: SIMD4<Double>.self)
            * rb.loadUnaligned(fromByteOffset: 8 * i + 32, as: SIMD4<Double>.self)
        i += 8
    }
    var sum = (sum0 + sum1).sum()
    while i < count {
        sum += a[i] * b[i]
        i += 1
    }
    return sum
}

/// y[i] += α x[i] over `count` entries.
@inline(__always)
func addScaled(_ alpha: Double, _ x: UnsafePointer<Double>, to y: UnsafeMutablePointer<Double>, count: Int) {
    let rx = UnsafeRawPointer(x), ry = UnsafeMutableRawPointer(y)
    let a = SIMD4<Double>(repeating: alpha)
    var i = 0
    while i + 4 <= count {
        let sum = ry.loadUnaligned(fromByteOffset: 8 * i, as: SIMD4<Double>.self)
            + a * rx.loadUnaligned(fromByteOffset: 8 * i, as: SIMD4<Double>.self)
        ry.storeBytes(of: sum, toByteOffset: 8 * i, as: SIMD4<Double>.self)
        i += 4
    }
    while i < count {
        y[i] += alpha * x[i]
        i += 1
    }
}
