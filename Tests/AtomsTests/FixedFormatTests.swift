import Atoms
import Foundation
import TestSupport
import XCTest

/// `fixedFormat` writes what printf's `%W.Pf` (through Foundation's `String(format:)`)
/// writes: for random values over many magnitudes, exact ties, subnormals, negative
/// values that round to zero, and the fallbacks.
final class FixedFormatTests: XCTestCase {
    func testSameTextAsPrintf() {
        var generator = SeededGenerator(seed: 18)
        var values = [0.0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 1e-16, -1e-16, -3.14159265358979, 15.633302,
                      123456.7890123456789, 0x1p52 + 0.5, 0x1p53 - 1, 0x1p53, 1e300, -1e-300, 5e-324, 2.2250738585072014e-308,
                      .infinity, -.infinity, .nan, 7.0 / 3.0, 1.0000000000005, 0.05, 0.15, 0.25, 0.35]
        for _ in 0..<3000 {
            let mantissa = Double.random(in: -1...1, using: &generator)
            values.append(mantissa * pow(10, Double(Int.random(in: -20...17, using: &generator))))
        }
        for (width, precision) in [(15, 10), (22, 15), (20, 16), (12, 7), (17, 14), (0, 6), (12, 8), (21, 15), (18, 15), (0, 0), (5, 1), (30, 18)] {
            for v in values {
                XCTAssertEqual(fixedFormat(v, width: width, precision: precision), String(format: "%\(width).\(precision)f", v),
                               "%\(width).\(precision)f of \(v)")
            }
        }
    }
}
