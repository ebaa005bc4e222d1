import Atoms
import Foundation
@testable import Potentials
import TestSupport
import XCTest

/// G5 functions with integer ζ from moments of the neighbours (`AngularMoments`) against the
/// same functions over neighbour pairs (`momentDegreeLimit: 0`), and against finite differences.
final class AngularMomentTests: XCTestCase {
    /// G5 of both species pairs of two species, ζ = 1...8, λ = ±1, two cutoffs (one shorter
    /// than the environment), with and without r_s; a G4 and a G2 beside them.
    static func descriptors() -> [Descriptor] {
        let long = CutoffFunction(kind: .cos, radius: 8.0), short = CutoffFunction(kind: .poly2, radius: 5.5, alpha: 0.1)
        var out: [Descriptor] = [.radial(RadialFunction(neighbor: 0, eta: 0.1, shift: 2, cutoff: long))]
        for (a, b) in [(0, 0), (0, 1), (1, 1)] {
            for zeta in [1.0, 2, 3, 4, 8] {
                for lambda in [-1.0, 1] {
                    out.append(.angular(AngularFunction(kind: .g5, neighbors: (a, b), eta: 0.02, lambda: lambda, zeta: zeta, cutoff: long)))
                }
            }
            out.append(.angular(AngularFunction(kind: .g5, neighbors: (a, b), eta: 0.1, shift: 1.1, lambda: 1, zeta: 2, cutoff: short)))
        }
        out.append(.angular(AngularFunction(kind: .g4, neighbors: (0, 1), eta: 0.05, lambda: -1, zeta: 2, cutoff: short)))
        return out
    }

    /// A random environment of `count` neighbours of two species between 1.8 and 8.4 Å.
    static func environment(_ count: Int, seed: UInt64) -> (d: [SIMD3<Double>], type: [Int]) {
        var rng = SeededGenerator(seed: seed)
        var d: [SIMD3<Double>] = []
        while d.count < count {
            let v = SIMD3((0..<3).map { _ in Double.random(in: -8.4...8.4, using: &rng) })
            if (1.8...8.4).contains(length(v)) { d.append(v) }
        }
        return (d, d.indices.map { _ in Int.random(in: 0...1, using: &rng) })
    }

    /// The neighbours of atom 0 of a rattled 2×2×2 diamond supercell within 8.4 Å, both species.
    static func crystal() throws -> (d: [SIMD3<Double>], type: [Int]) {
        let si = Element(symbol: "Si")!
        let base = try Supercell.make(Lattices.build(.diamond, elements: [si], a: 5.43), repeats: SIMD3(2, 2, 2))
        let s = PotentialChecks.randomTriclinic(base, strain: 0.02, rattle: 0.1, seed: 3)
        var d: [SIMD3<Double>] = []
        for pair in bruteForcePairs(s, cutoff: 8.4) where pair.i == 0 { d.append(pair.d) }
        return (d, d.indices.map { $0 % 3 == 0 ? 1 : 0 })
    }

    func testMomentsMatchThePairLoop() throws {
        let fast = try DescriptorSet(Self.descriptors(), speciesCount: 2)
        let slow = try DescriptorSet(Self.descriptors(), speciesCount: 2, momentDegreeLimit: 0)
        XCTAssertEqual(fast.moments.functions.count, 33, "every G5 goes to the moments")
        XCTAssertEqual(slow.moments.functions.count, 0)
        XCTAssertEqual(fast.angular.count, 1, "the G4 stays in the pair loop")
        for (name, env) in [("random 60", Self.environment(60, seed: 1)), ("random 150", Self.environment(150, seed: 2)),
                            ("diamond", try Self.crystal())] {
            let (vf, gf) = DescriptorTests.evaluate(fast, env.d, env.type)
            let (vs, gs) = DescriptorTests.evaluate(slow, env.d, env.type)
            var worstValue = 0.0, worstGradient = 0.0
            for n in 0..<fast.count {
                XCTAssertNotEqual(vs[n], 0, "\(name): function \(n) is zero here")
                worstValue = max(worstValue, abs(vf[n] - vs[n]) / abs(vs[n]))
                // Each function's derivatives relative to its largest one.
                let scale = env.d.indices.map { length(gs[$0 * fast.count + n]) }.max()!
                for s in env.d.indices {
                    worstGradient = max(worstGradient, length(gf[s * fast.count + n] - gs[s * fast.count + n]) / scale)
                }
            }
            print("moments vs pair loop, \(name) (\(env.d.count) neighbours): values \(worstValue), gradients \(worstGradient) relative")
            XCTAssertLessThan(worstValue, 1e-12, name)
            XCTAssertLessThan(worstGradient, 1e-12, name)
        }
    }

    func testMomentsAgainstFiniteDifferences() throws {
        let set = Self.descriptors().filter { d in
            if case .angular(let f) = d { return f.kind == .g5 && f.cutoff.radius < 6 }
            return false
        }
        XCTAssertEqual(try DescriptorSet(set, speciesCount: 2).moments.functions.count, 3)
        let zetas: [Descriptor] = [1.0, 3, 8].map {
            .angular(AngularFunction(kind: .g5, neighbors: (0, 1), eta: 0.03, shift: 0.4, lambda: -1, zeta: $0,
                                     cutoff: DescriptorTests.cos))
        }
        let e = try DescriptorTests.finiteDifferenceError(set + zetas)
        print("moment G5: FD error \(e)")
        XCTAssertLessThan(e, 1e-7)
    }

    /// ζ above the limit, non-integer ζ and |λ| > 1 stay in the pair loop.
    func testOnlyIntegerZetaUpToTheLimitGoesToMoments() throws {
        let cut = CutoffFunction(kind: .cos, radius: 5)
        let set = try DescriptorSet([9.0, 2.5, 4].map {
            .angular(AngularFunction(kind: .g5, neighbors: (0, 0), eta: 0.01, lambda: 1, zeta: $0, cutoff: cut))
        } + [.angular(AngularFunction(kind: .g5, neighbors: (0, 0), eta: 0.01, lambda: 2, zeta: 2, cutoff: cut))], speciesCount: 1)
        XCTAssertEqual(set.moments.functions.map(\.index), [2])
        XCTAssertEqual(set.angular.count, 3)
    }

    func testMonomialMultiplicitiesGiveThePowersOfTheCosine() {
        let basis = MonomialBasis(degree: 6)
        XCTAssertEqual(basis.count, 84)
        let a = SIMD3(0.3, -0.7, 0.2), b = SIMD3(-0.5, 0.1, 0.9), u = a / length(a), v = b / length(b)
        var mu = [Double](repeating: 0, count: basis.count), mv = mu
        basis.fill(u, &mu)
        basis.fill(v, &mv)
        for n in 0...6 {
            let sum = (basis.degreeStart[n]..<basis.degreeStart[n + 1]).reduce(0.0) { $0 + basis.multiplicity[$1] * mu[$1] * mv[$1] }
            XCTAssertEqual(sum, Foundation.pow(dot(u, v), Double(n)), accuracy: 1e-15, "degree \(n)")
        }
    }
}
