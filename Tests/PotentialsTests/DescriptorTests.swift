import Atoms
import Foundation
@testable import Potentials
import TestSupport
import XCTest

/// Each descriptor kind, cutoff function and activation alone: analytic derivatives
/// against central differences.
final class DescriptorTests: XCTestCase {
    /// A random environment: 7 neighbours of two species between 1.6 and 4.8 Å.
    static func environment(seed: UInt64 = 11) -> (d: [SIMD3<Double>], type: [Int]) {
        var rng = SeededGenerator(seed: seed)
        var d: [SIMD3<Double>] = []
        while d.count < 7 {
            let v = SIMD3(Double.random(in: -4.8...4.8, using: &rng), Double.random(in: -4.8...4.8, using: &rng),
                          Double.random(in: -4.8...4.8, using: &rng))
            if (1.6...4.8).contains(length(v)) { d.append(v) }
        }
        return (d, (0..<7).map { $0 % 2 })
    }

    /// Calls `body` with the neighbour slots of vectors `d` and species `type`.
    static func withSlots<R>(_ d: [SIMD3<Double>], _ type: [Int], _ body: (NeighborSlots) -> R) -> R {
        var dd = d, r = d.map { length($0) }, t = type, a = Array(0..<d.count)
        return dd.withUnsafeMutableBufferPointer { dp in
            r.withUnsafeMutableBufferPointer { rp in
                t.withUnsafeMutableBufferPointer { tp in
                    a.withUnsafeMutableBufferPointer { ap in
                        body(NeighborSlots(count: d.count, d: dp.baseAddress!, r: rp.baseAddress!, type: tp.baseAddress!,
                                           atom: ap.baseAddress!))
                    }
                }
            }
        }
    }

    /// Values and gradients (slot-major) of `set` for neighbours `d`.
    static func evaluate(_ set: DescriptorSet, _ d: [SIMD3<Double>], _ type: [Int]) -> ([Double], [SIMD3<Double>]) {
        var values = [Double](repeating: 0, count: set.count)
        var grads = [SIMD3<Double>](repeating: .zero, count: set.count * d.count)
        let scratch = set.makeScratch(capacity: d.count)
        withSlots(d, type) { nb in
            values.withUnsafeMutableBufferPointer { v in
                grads.withUnsafeMutableBufferPointer { g in
                    set.evaluate(nb, values: v.baseAddress!, derivatives: g.baseAddress!, scratch: scratch)
                }
            }
        }
        return (values, grads)
    }

    /// Σ_n w_n ∂G_n/∂d_s for each neighbour s, from the two passes.
    static func weightedGradient(_ set: DescriptorSet, _ d: [SIMD3<Double>], _ type: [Int], _ w: [Double]) -> [SIMD3<Double>] {
        var values = [Double](repeating: 0, count: set.count)
        var gradient = [SIMD3<Double>](repeating: .zero, count: d.count)
        let scratch = set.makeScratch(capacity: d.count)
        withSlots(d, type) { nb in
            values.withUnsafeMutableBufferPointer { v in
                gradient.withUnsafeMutableBufferPointer { g in
                    set.evaluate(nb, values: v.baseAddress!, scratch: scratch)
                    set.addGradients(nb, weights: w, to: g.baseAddress!, scratch: scratch)
                }
            }
        }
        return gradient
    }

    /// Largest |analytic − central difference| relative to max(1, |G|) over all values,
    /// neighbours and components.
    static func finiteDifferenceError(_ descriptors: [Descriptor], h: Double = 1e-6) throws -> Double {
        let set = try DescriptorSet(descriptors, speciesCount: 2)
        let (d, type) = environment()
        let (values, grads) = evaluate(set, d, type)
        XCTAssertTrue(values.contains { $0 != 0 }, "\(descriptors) are zero everywhere here")
        var worst = 0.0
        for s in 0..<d.count {
            for k in 0..<3 {
                var plus = d, minus = d
                plus[s][k] += h
                minus[s][k] -= h
                let vp = evaluate(set, plus, type).0, vm = evaluate(set, minus, type).0
                for n in 0..<set.count {
                    let numeric = (vp[n] - vm[n]) / (2 * h)
                    worst = max(worst, abs(numeric - grads[s * set.count + n][k]) / max(1, abs(values[n])))
                }
            }
        }
        return worst
    }

    static let cos = CutoffFunction(kind: .cos, radius: 5.0)

    /// One descriptor of each kind, with different cutoff functions, shifts and species.
    static let cases: [(String, Descriptor)] = [
            ("G2", .radial(RadialFunction(neighbor: 1, eta: 0.3, shift: 2.1, cutoff: DescriptorTests.cos))),
            ("G4 λ=+1 ζ=1", .angular(AngularFunction(kind: .g4, neighbors: (0, 1), eta: 0.05, lambda: 1, zeta: 1, cutoff: DescriptorTests.cos))),
            ("G4 λ=−1 ζ=4 r_s", .angular(AngularFunction(kind: .g4, neighbors: (0, 0), eta: 0.02, shift: 0.8, lambda: -1,
                                                          zeta: 4, cutoff: CutoffFunction(kind: .poly2, radius: 5.2, alpha: 0.2)))),
            ("G5 λ=+1 ζ=2.5", .angular(AngularFunction(kind: .g5, neighbors: (1, 1), eta: 0.01, lambda: 1, zeta: 2.5,
                                                       cutoff: CutoffFunction(kind: .tanh, radius: 5.0)))),
            ("G5 λ=−1 ζ=16 r_s", .angular(AngularFunction(kind: .g5, neighbors: (0, 1), eta: 0.03, shift: 1.2, lambda: -1,
                                                           zeta: 16, cutoff: CutoffFunction(kind: .exp, radius: 5.5, alpha: 0.1)))),
            ("Chebyshev one species", .chebyshev(ChebyshevBasis(radialOrder: 6, radialCutoff: 5.0, angularOrder: 4,
                                                                angularCutoff: 4.5, spins: []))),
            ("Chebyshev two species", .chebyshev(ChebyshevBasis(radialOrder: 5, radialCutoff: 4.8, angularOrder: 3,
                                                                angularCutoff: 4.6, spins: ChebyshevBasis.aenetSpins(2)))),
        ]

    func testEveryDescriptorKindAgainstFiniteDifferences() throws {
        for (name, d) in Self.cases {
            let e = try Self.finiteDifferenceError([d])
            print("descriptor \(name): FD error \(e)")
            XCTAssertLessThan(e, 1e-7, name)
        }
    }

    /// All kinds in one set, where functions share runs, cutoffs and neighbour-pair tables.
    func testMixedSetAgainstFiniteDifferences() throws {
        let shared = Self.cases.map(\.1) + [
            .angular(AngularFunction(kind: .g4, neighbors: (0, 1), eta: 0.05, lambda: -1, zeta: 2, cutoff: DescriptorTests.cos)),
            .angular(AngularFunction(kind: .g5, neighbors: (0, 1), eta: 0.05, lambda: 1, zeta: 16, cutoff: DescriptorTests.cos)),
        ]
        let e = try Self.finiteDifferenceError(shared)
        print("mixed descriptor set: FD error \(e)")
        XCTAssertLessThan(e, 1e-7)
    }

    /// The weighted gradient of the second pass equals the weighted sum of every value's derivatives.
    func testWeightedGradientMatchesDerivatives() throws {
        let set = try DescriptorSet(Self.cases.map(\.1), speciesCount: 2)
        let (d, type) = Self.environment()
        let (_, grads) = Self.evaluate(set, d, type)
        var rng = SeededGenerator(seed: 5)
        let w = (0..<set.count).map { _ in Double.random(in: -1...1, using: &rng) }
        let weighted = Self.weightedGradient(set, d, type, w)
        for s in 0..<d.count {
            let expected = (0..<set.count).reduce(SIMD3<Double>.zero) { $0 + w[$1] * grads[s * set.count + $1] }
            XCTAssertLessThan(length(weighted[s] - expected), 1e-12 * max(1, length(expected)), "slot \(s)")
        }
    }

    func testCutoffFunctions() {
        for kind in CutoffFunction.Kind.allCases {
            let f = CutoffFunction(kind: kind, radius: 5, alpha: kind == .tanh || kind == .tanhu ? 0 : 0.25)
            var worst = 0.0
            for r in stride(from: 0.3, to: 4.99, by: 0.173) {
                let h = 1e-6
                let numeric = (f.value(r + h).f - f.value(r - h).f) / (2 * h)
                worst = max(worst, abs(numeric - f.value(r).df))
            }
            XCTAssertLessThan(worst, 1e-8, kind.rawValue)
            if kind != .hard { XCTAssertEqual(f.value(5 - 1e-9).f, 0, accuracy: 1e-6, "\(kind.rawValue) reaches 0 at r_c") }
            if kind != .tanhu { XCTAssertEqual(f.value(0.5).f, 1, accuracy: kind == .tanh ? 0.2 : 1e-12, kind.rawValue) }
        }
    }

    func testActivations() {
        for a in Activation.allCases {
            for x in stride(from: -3.1, through: 3.1, by: 0.37) {
                let h = 1e-6
                let numeric = (a(x + h).0 - a(x - h).0) / (2 * h)
                XCTAssertEqual(a(x).1, numeric, accuracy: 1e-7, "\(a.rawValue) at \(x)")
            }
        }
        XCTAssertEqual(Activation.scaledTanh(1).0, 1.7159 * tanh(2.0 / 3), accuracy: 1e-15)
        XCTAssertEqual(Activation.shiftedSoftplus(0).0, 0, accuracy: 1e-15)
        XCTAssertEqual(Activation.softplus(800).0, 800, accuracy: 1e-12)
    }
}
