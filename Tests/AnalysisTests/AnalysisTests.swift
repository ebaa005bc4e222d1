import Analysis
import Atoms
import Foundation
import TestSupport
import XCTest

final class AnalysisTests: XCTestCase {
    let ar = Element(symbol: "Ar")!

    /// Uniformly random points (an ideal gas) in a triclinic cell have g(r) = 1, partial
    /// and total, and coordination ρ·4πr³/3.
    func testIdealGasHasFlatRDF() throws {
        var rng = SeededGenerator(seed: 2)
        let cell = Cell(SIMD3(14, 0, 0), SIMD3(3, 13, 0), SIMD3(-2, 2.5, 15))
        let n = 300
        let elements = (0..<n).map { $0 % 3 == 0 ? Element(symbol: "Na")! : Element(symbol: "Cl")! }
        var rdf = RadialDistribution(elements: elements, rmax: 5, binWidth: 0.25)
        for _ in 0..<60 {
            let positions = (0..<n).map { _ in
                cell.cartesian(SIMD3(Double.random(in: 0..<1, using: &rng), Double.random(in: 0..<1, using: &rng),
                                     Double.random(in: 0..<1, using: &rng)))
            }
            try rdf.add(Structure(cell: cell, positions: positions, elements: elements))
        }
        let result = rdf.result()
        XCTAssertEqual(result.pairs.map(\.name), ["Na-Na", "Na-Cl", "Cl-Cl"])
        for curve in [result.total] + result.pairs.map(\.curve) {
            // Bins beyond 2 Å hold enough pairs for a 5 % check.
            let far = zip(curve.r, curve.g).filter { $0.0 > 2 }.map(\.1)
            XCTAssertEqual(far.reduce(0, +) / Double(far.count), 1, accuracy: 0.02)
            for g in far { XCTAssertEqual(g, 1, accuracy: 0.12) }
        }
        let rho = Double(n - 1) / cell.volume
        XCTAssertEqual(result.total.coordination(at: 5), rho * 4 / 3 * Double.pi * 125, accuracy: 0.3)
    }

    /// The fcc crystal: first peak at a/√2 with 12 neighbors up to the first minimum.
    func testFCCFirstShell() throws {
        let s = try Supercell.make(Lattices.build(.fcc, elements: [Element(symbol: "Cu")!], a: 3.6), repeats: SIMD3(repeating: 4))
        var rdf = RadialDistribution(elements: s.elements, rmax: 4.0, binWidth: 0.02)
        var rng = SeededGenerator(seed: 1)
        for _ in 0..<4 {
            var t = s
            t.positions = s.positions.map { $0 + SIMD3((0..<3).map { _ in Double.random(in: -0.08...0.08, using: &rng) }) }
            try rdf.add(t)
        }
        let curve = rdf.result().total
        XCTAssertEqual(try XCTUnwrap(curve.firstPeak).r, 3.6 / 2.0.squareRoot(), accuracy: 0.03)
        let minimum = try XCTUnwrap(curve.firstMinimum)
        XCTAssertGreaterThan(minimum, 2.7)
        XCTAssertLessThan(minimum, 3.5)
        XCTAssertEqual(curve.coordination(at: minimum), 12, accuracy: 0.01)
    }

    /// The FFT MSD equals the direct average over all time origins.
    func testFFTMeanSquareDisplacementEqualsDirectAverage() {
        var rng = SeededGenerator(seed: 3)
        let frames = 57, atoms = 5
        var walk = [[SIMD3<Double>]](repeating: [SIMD3<Double>](repeating: .zero, count: atoms), count: frames)
        for t in 1..<frames {
            for i in 0..<atoms {
                walk[t][i] = walk[t - 1][i] + SIMD3((0..<3).map { _ in Double.random(in: -1...1, using: &rng) })
            }
        }
        let fast = MeanSquareDisplacement.compute(walk, atoms: [0, 2, 3])
        for m in 0..<frames {
            var direct = 0.0
            for i in [0, 2, 3] {
                for t in 0..<(frames - m) { direct += lengthSquared(walk[t + m][i] - walk[t][i]) }
            }
            direct /= Double(3 * (frames - m))
            XCTAssertEqual(fast[m], direct, accuracy: 1e-9 * max(1, direct))
        }
    }

    /// A random walk of ±s steps on each axis every Δt has D = s²/(2Δt) per axis, i.e.
    /// 3s²/(6Δt) = step²/(6Δt) with step² = 3s²; the walk is written wrapped into a small
    /// cell and must be unwrapped.
    func testRandomWalkDiffusionCoefficient() throws {
        var rng = SeededGenerator(seed: 4)
        let n = 200, frames = 400, s = 0.3, dt = 0.01
        let cell = Cell.orthorhombic(SIMD3(6, 6, 6))
        var r = (0..<n).map { _ in SIMD3((0..<3).map { _ in Double.random(in: 0..<6, using: &rng) }) }
        var trajectory: [Frame] = []
        for t in 0..<frames {
            if t > 0 {
                for i in 0..<n { r[i] += SIMD3((0..<3).map { _ in Bool.random(using: &rng) ? s : -s }) }
            }
            var f = Frame(structure: Structure(cell: cell, positions: r.map { cell.wrap($0) },
                                               elements: [Element](repeating: ar, count: n)))
            f.info = [("time_ps", "\(Double(t) * dt)")]
            trajectory.append(f)
        }
        let d = try XCTUnwrap(try Diffusion.analyse(Trajectory(frames: trajectory)).first)
        let expected = 3 * s * s / (6 * dt)
        XCTAssertEqual(d.coefficient, expected, accuracy: 0.05 * expected)
        XCTAssertLessThan(abs(d.coefficient - expected), 4 * d.error + 0.01 * expected)
        XCTAssertEqual(d.fitRange.lowerBound, 0.399, accuracy: 1e-9)
        XCTAssertEqual(d.coefficientCm2PerS, d.coefficient * 1e-4)
    }

    /// Atoms oscillating at one frequency give a DOS peak there, integrating to 3 per atom.
    func testVibrationalDOSPeaksAtOscillatorFrequency() throws {
        let nu = 5.0, dt = 0.005, frames = 800
        var rng = SeededGenerator(seed: 5)
        let phases = (0..<10).map { _ in SIMD3((0..<3).map { _ in Double.random(in: 0..<(2 * .pi), using: &rng) }) }
        let velocities = (0..<frames).map { t in
            phases.map { p in SIMD3((0..<3).map { k in cos(2 * .pi * nu * Double(t) * dt + p[k]) }) }
        }
        let spectrum = try VibrationalSpectrum(velocities: velocities, masses: [Double](repeating: 40, count: 10), interval: dt)
        let peak = spectrum.frequencies[spectrum.dos.indices.max(by: { spectrum.dos[$0] < spectrum.dos[$1] })!]
        XCTAssertEqual(peak, nu, accuracy: 0.3)
        let dnu = spectrum.frequencies[1]
        XCTAssertEqual(spectrum.dos.reduce(0, +) * dnu, 3, accuracy: 0.1)
        XCTAssertEqual(spectrum.vacf[0], 1, accuracy: 1e-12)
    }

    func testLinearFitAndBlockAverage() {
        let fit = LinearFit(x: [0, 1, 2, 3], y: [1, 3, 5, 7])
        XCTAssertEqual(fit.slope, 2, accuracy: 1e-12)
        XCTAssertEqual(fit.intercept, 1, accuracy: 1e-12)
        XCTAssertEqual(fit.slopeError, 0, accuracy: 1e-12)
        let b = BlockAverage([1, 1, 3, 3], blocks: 2)
        XCTAssertEqual(b.mean, 2)
        XCTAssertEqual(b.error, 1, accuracy: 1e-12)
    }
}
