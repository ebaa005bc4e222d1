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
        let s = 0.3, dt = 0.01
        let trajectory = try randomWalk(atoms: 200, frames: 400, step: s, dt: dt, rng: &rng)
        let d = try XCTUnwrap(try Diffusion.analyse(trajectory).first)
        let expected = 3 * s * s / (6 * dt)
        XCTAssertEqual(d.coefficient, expected, accuracy: 0.05 * expected)
        XCTAssertLessThan(abs(d.coefficient - expected), 4 * d.error + 0.01 * expected)
        // 5 blocks of 80 frames (0.79 ps), each and the whole run fitted over 10–50 % of a block
        XCTAssertEqual(d.blocks, 5)
        XCTAssertEqual(d.fitRange.lowerBound, 0.079, accuracy: 1e-9)
        XCTAssertEqual(d.fitRange.upperBound, 0.395, accuracy: 1e-9)
        XCTAssertEqual(d.coefficientCm2PerS, d.coefficient * 1e-4)
        // An explicit window: as many blocks as are twice its end long (400 frames / 2 ps → 1)
        let wide = try XCTUnwrap(try Diffusion.analyse(trajectory, fitRange: 0.2...1.0).first)
        XCTAssertEqual(wide.blocks, 0)
        XCTAssertTrue(wide.error.isNaN)
        XCTAssertEqual(try XCTUnwrap(try Diffusion.analyse(trajectory, fitRange: 0.05...0.2).first).blocks, 9)
        XCTAssertEqual(try XCTUnwrap(try Diffusion.analyse(trajectory, fitRange: 0.05...0.2, blocks: 4).first).blocks, 4)
    }

    /// The error is the error of D itself: over 40 independent random walks, D scatters about
    /// the exact value as the reported errors say. With errors from 5 blocks, z = (D − exact)/error
    /// follows Student's t with 4 degrees of freedom, median |z| = 0.741. (Fitting the whole run
    /// over 10–50 % of it while taking the error from 5 blocks, as before, gives D a scatter
    /// about √5 times its error: median |z| ≈ 1.7.)
    func testDiffusionErrorMatchesScatterOverIndependentRuns() throws {
        var rng = SeededGenerator(seed: 11)
        let s = 0.3, dt = 0.01, expected = 3 * s * s / (6 * dt)
        var z: [Double] = []
        for _ in 0..<40 {
            let d = try XCTUnwrap(try Diffusion.analyse(try randomWalk(atoms: 20, frames: 500, step: s, dt: dt, rng: &rng)).first)
            z.append(abs(d.coefficient - expected) / d.error)
        }
        let median = z.sorted()[20]
        XCTAssertGreaterThan(median, 0.45)
        XCTAssertLessThan(median, 1.1)
    }

    /// `atoms` random walkers of ±`step` per axis every `dt` ps, written wrapped into a 6 Å cube.
    private func randomWalk(atoms n: Int, frames: Int, step s: Double, dt: Double, rng: inout SeededGenerator) throws -> Trajectory {
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
        return try Trajectory(frames: trajectory)
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
