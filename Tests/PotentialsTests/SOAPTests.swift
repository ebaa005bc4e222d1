import Atoms
import Foundation
@testable import Potentials
import TestSupport
import XCTest

/// The pieces of the SOAP descriptor alone, at higher l_max than the shipped CuAl fixture:
/// real spherical harmonics against the addition theorem and central differences, and a
/// synthetic two-species SOAP-GAP (l_max 8, ζ = 3) against finite differences.
final class SOAPTests: XCTestCase {
    /// Legendre polynomial P_l(t).
    static func legendre(_ l: Int, _ t: Double) -> Double {
        var (p0, p1) = (1.0, t)
        if l == 0 { return p0 }
        for k in 1..<l { (p0, p1) = (p1, (Double(2 * k + 1) * t * p1 - Double(k) * p0) / Double(k + 1)) }
        return p1
    }

    func testRealHarmonicsObeyAdditionTheoremAndDifferentiateCorrectly() {
        let lMax = 10
        let h = RealSphericalHarmonics(lMax: lMax)
        let n = h.count
        let y1 = UnsafeMutablePointer<Double>.allocate(capacity: n), y2 = UnsafeMutablePointer<Double>.allocate(capacity: n)
        let g = UnsafeMutablePointer<SIMD3<Double>>.allocate(capacity: n)
        let q = UnsafeMutablePointer<Double>.allocate(capacity: n), dq = UnsafeMutablePointer<SIMD3<Double>>.allocate(capacity: n)
        defer { [y1, y2, q].forEach { $0.deallocate() }; [g, dq].forEach { $0.deallocate() } }
        let a = SIMD3(0.3, -1.2, 0.7), b = SIMD3(-0.9, 0.4, 1.5)
        h.evaluate(a, y: y1, gradient: g, q: q, dq: dq)
        h.evaluate(b, y: y2, gradient: nil, q: q, dq: dq)
        let cosine = (a * b).sum() / ((a * a).sum() * (b * b).sum()).squareRoot()
        for l in 0...lMax {
            var sum = 0.0
            for k in (l * l)..<((l + 1) * (l + 1)) { sum += y1[k] * y2[k] }
            XCTAssertEqual(sum, Double(2 * l + 1) / (4 * Double.pi) * Self.legendre(l, cosine), accuracy: 1e-12, "l = \(l)")
        }
        var worst = 0.0
        let step = 1e-6
        for axis in 0..<3 {
            var plus = a, minus = a
            plus[axis] += step
            minus[axis] -= step
            h.evaluate(plus, y: y2, gradient: nil, q: q, dq: dq)
            let yp = Array(UnsafeBufferPointer(start: y2, count: n))
            h.evaluate(minus, y: y2, gradient: nil, q: q, dq: dq)
            for k in 0..<n { worst = max(worst, abs((yp[k] - y2[k]) / (2 * step) - g[k][axis])) }
        }
        XCTAssertLessThan(worst, 1e-7)
    }

    /// A SOAP-GAP with random (positive, unit) sparse points on a descriptor of l_max 8,
    /// n_max 5, two species and a centre weight of 0.7.
    static func syntheticGAP() throws -> GAP {
        let file = TextFile(path: "synthetic", text: "")
        var rng = SeededGenerator(seed: 5)
        var terms: [SOAPTerm] = []
        for centre in [13, 29] {
            var args = try DescriptorArguments("soap l_max=8 n_max=5 atom_sigma=0.6 cutoff=4.2 cutoff_transition_width=0.8 "
                                               + "central_weight=0.7 n_species=2 species_Z={13 29} Z=\(centre)", file: file, line: 1)
            let soap = try SOAPDescriptor(&args, xmlVersion: 1_700_000_000)
            try args.checkAllRead()
            let d = soap.dimension, count = 6
            var points: [Double] = []
            for _ in 0..<count {
                var v = (0..<d).map { _ in Double.random(in: 0...1, using: &rng) }
                let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
                v = v.map { $0 / norm }
                points += v
            }
            let alpha = (0..<count).map { _ in Double.random(in: -2...2, using: &rng) }
            terms.append(SOAPTerm(descriptor: soap,
                                  kernel: DotProductKernel(dimension: d, sparse: points, alpha: alpha,
                                                           sparseCutoff: [Double](repeating: 1, count: count), delta: 0.8, zeta: 3)))
        }
        return GAP(name: "synthetic SOAP-GAP", species: [Element(symbol: "Al")!, Element(symbol: "Cu")!], soap: terms, pairs: [],
                   e0: [Double](repeating: -0.1, count: 119), energyScale: 1)
    }

    func testSyntheticHighOrderSOAPConformance() throws {
        let p = try Self.syntheticGAP()
        let cell = Cell(Matrix3(SIMD3(4.1, 0.2, -0.3), SIMD3(0.4, 3.9, 0.1), SIMD3(-0.2, 0.3, 4.3)))
        let s = Structure(cell: cell, positions: [SIMD3(0, 0, 0), SIMD3(2.0, 1.9, 0.2), SIMD3(1.9, 0.1, 2.2), SIMD3(0.2, 2.1, 2.0)],
                          elements: ["Al", "Cu", "Cu", "Al"].map { Element(symbol: $0)! })
        try assertConformance(p, PotentialChecks.randomTriclinic(s, strain: 0.03, rattle: 0.1, seed: 9),
                              forceTolerance: 1e-6, stressTolerance: 1e-7)
    }
}
