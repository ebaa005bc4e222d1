import Foundation

/// `x` as printf's `%W.Pf` writes it (the exact binary value rounded to P decimals, ties
/// to even; a minus sign for every negative x, also when it rounds to zero; spaces on the
/// left up to `width` characters), without going through a format string: the phonopy
/// files (band.yaml, FORCE_CONSTANTS, FORCE_SETS) hold thousands of numbers, and
/// Foundation's `String(format:)` costs some ten thousand instructions per number.
/// Values with |x| · 10^P ≥ 10¹⁹ (beyond 64-bit integers), non-finite values and more than
/// 18 decimals go to `String(format:)`.
public func fixedFormat(_ x: Double, width: Int = 0, precision: Int) -> String {
    let a = abs(x)
    var scale: UInt64 = 1
    for _ in 0..<min(max(precision, 0), 18) { scale *= 10 }
    guard x.isFinite, (0...18).contains(precision), a * Double(scale) < 1e19 else {
        return String(format: "%\(width).\(precision)f", x)
    }
    // a = m · 2^−shift exactly (m < 2^53); n = a · 10^P rounded half to even (fits 64
    // bits by the guard). Zero and subnormal a round to zero.
    var n: UInt64 = 0
    if a.isNormal {
        let m = a.significandBitPattern | 1 << 52
        let shift = 52 - Int(a.exponent)
        let product = UInt128(m) * UInt128(scale)
        if shift <= 0 {
            n = UInt64(product << UInt128(-shift))
        } else if shift < 120 {
            let whole = product >> UInt128(shift)
            let rest = product - (whole << UInt128(shift))
            let half = UInt128(1) << UInt128(shift - 1)
            n = UInt64(whole)
            if rest > half || (rest == half && n & 1 == 1) { n += 1 }
        }
    }
    // Digits written backwards from the end of a buffer: fraction, point, integer part,
    // sign, then spaces up to the width.
    let length = max(width, 22 + precision)
    return String(unsafeUninitializedCapacity: length) { buffer in
        var end = length
        func put(_ c: UInt8) { end -= 1; buffer[end] = c }
        var whole = n / scale, fraction = n % scale
        for _ in 0..<precision { put(UInt8(ascii: "0") + UInt8(fraction % 10)); fraction /= 10 }
        if precision > 0 { put(UInt8(ascii: ".")) }
        repeat { put(UInt8(ascii: "0") + UInt8(whole % 10)); whole /= 10 } while whole > 0
        if x.sign == .minus { put(UInt8(ascii: "-")) }
        while length - end < width { put(UInt8(ascii: " ")) }
        // Move the text to the front of the buffer.
        let count = length - end
        for k in 0..<count { buffer[k] = buffer[end + k] }
        return count
    }
}
