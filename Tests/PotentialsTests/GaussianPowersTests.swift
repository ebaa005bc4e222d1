import Foundation
@testable import Potentials
import XCTest

/// Gaussians computed as powers of others (`GaussianPowers`) against exp itself.
final class GaussianPowersTests: XCTestCase {
    typealias Gaussian = DescriptorSet.Gaussian

    /// A list like props' Si.pot G4 Gaussians (η = 1/64, 5/128, 6/64 Å⁻², shift 0) with
    /// others that must stay exp: a ratio that is not a half-integer, a half-integer ratio
    /// off by 1e-12 relative, m above the limit, and a different shift.
    static let list = [
        Gaussian(eta: 0.0390625, shift: 0), Gaussian(eta: 0.015625, shift: 0), Gaussian(eta: 0.09375, shift: 0),
        Gaussian(eta: 0.02, shift: 0), Gaussian(eta: 0.0390625 * (1 + 1e-12), shift: 0),
        Gaussian(eta: 0.5, shift: 1.5), Gaussian(eta: 1.0, shift: 1.5), Gaussian(eta: 8.5, shift: 1.5),
        Gaussian(eta: 0.046875, shift: 0.5),
    ]

    func testPlan() {
        let plan = GaussianPowers(Self.list)
        // 0.0390625 = (5/2)·(1/64); 0.09375 = (12/2)·(1/64); 1.0 = (4/2)·0.5.
        XCTAssertEqual(plan.base.map { $0 ?? -1 }, [1, -1, 1, -1, -1, -1, 5, -1, -1])
        XCTAssertEqual(plan.halves, [5, 0, 12, 0, 0, 0, 4, 0, 0])
    }

    /// Every value within a few units in the last place of exp (37 distances: the four-lane
    /// loop and its tail), down to values of 1e-250.
    func testValuesMatchExp() {
        let plan = GaussianPowers(Self.list)
        let distances = (0..<37).map { 0.23 * Double($0) }
        let columns = UnsafeMutablePointer<Double>.allocate(capacity: Self.list.count * distances.count)
        defer { columns.deallocate() }
        distances.withUnsafeBufferPointer { x in
            plan.fill(distances: x.baseAddress!, count: x.count, into: columns, stride: distances.count)
        }
        var worst = 0.0
        for (v, g) in Self.list.enumerated() {
            for (t, r) in distances.enumerated() {
                let expected = Foundation.exp(-g.eta * (r - g.shift) * (r - g.shift))
                let got = columns[v * distances.count + t]
                if expected > 1e-250 {
                    worst = max(worst, abs(got - expected) / expected)
                } else {
                    XCTAssertLessThanOrEqual(abs(got), 1e-249, "Gaussian \(v) at \(r) Å")
                }
            }
        }
        print("Gaussian powers: largest relative difference from exp \(worst)")
        XCTAssertLessThan(worst, 4e-15)
        XCTAssertGreaterThan(columns[6 * distances.count + 36], 0, "a power far from the shift stays a number")
    }
}
