import Atoms
import Foundation
import Potentials
import TestSupport
import Training
import Validation
import XCTest

/// GAP fits (`props train --model gap`): the kernel rows are the derivatives they claim to be,
/// the sparse-GP solution equals the full GP computed densely, a refit recovers the model that
/// labelled the data, the written xml reads back to the same model, and the sparse-point
/// choice is deterministic.
final class GAPFitTests: XCTestCase {
    static let copper = Element(symbol: "Cu")!

    /// Small, fast SOAP settings for 8-atom Cu cells.
    static func settings(sparse: Int = 500, sigma: (Double, Double, Double) = (0.001, 0.1, 0.05), jitter: Double = 1e-8) -> GAPFitSettings {
        var s = GAPFitSettings(species: [copper])
        s.cutoff = 4.0
        s.transitionWidth = 1.0
        s.lMax = 3
        s.nMax = 4
        s.zeta = 2
        s.delta = 0.5
        s.sparseCount = sparse
        (s.sigmaEnergy, s.sigmaForce, s.sigmaVirial) = sigma
        s.jitter = jitter
        return s
    }

    static func design(_ s: GAPFitSettings) throws -> SOAPKernelDesign {
        try SOAPKernelDesign(descriptor: s.descriptorText(centre: copper), delta: s.delta, zeta: s.zeta)
    }

    func testCovarianceRowsAreDerivativesOfTheEnergyRow() throws {
        let design = try Self.design(Self.settings())
        var s = try CopperData.frames(1, strain: 0.04, rattle: 0.2, seed: 3)[0].structure
        let sparse = try design.descriptors(CopperData.frames(1, seed: 9)[0].structure).values
        let rows = try design.covariances(s, sparse: sparse, gradients: true)
        let m = rows.count, h = 1e-5
        var worst = 0.0
        for (atom, axis) in [(0, 0), (5, 2)] {
            s.positions[atom][axis] += h
            let plus = try design.covariances(s, sparse: sparse, gradients: false).energy
            s.positions[atom][axis] -= 2 * h
            let minus = try design.covariances(s, sparse: sparse, gradients: false).energy
            s.positions[atom][axis] += h
            for t in 0..<m {
                worst = max(worst, abs(-(plus[t] - minus[t]) / (2 * h) - rows.forces[(3 * atom + axis) * m + t]))
            }
        }
        // Strain row xz: d/dh of the energy row under the symmetric strain ε_xz = ε_zx = h/2.
        var e = Matrix3.zero, f = Matrix3.zero
        (e[0, 2], e[2, 0], f[0, 2], f[2, 0]) = (h / 2, h / 2, -h / 2, -h / 2)
        let plus = try design.covariances(s.strained(e), sparse: sparse, gradients: false).energy
        let minus = try design.covariances(s.strained(f), sparse: sparse, gradients: false).energy
        for t in 0..<m { worst = max(worst, abs((plus[t] - minus[t]) / (2 * h) - rows.strain[4 * m + t])) }
        print("GAP covariance rows vs finite differences: \(worst)")
        XCTAssertLessThan(worst, 1e-7)
    }

    /// With every environment a sparse point, no jitter and energies only, the sparse GP is
    /// the full GP: f* = k*ᵀ (K + Σ)⁻¹ y with K_AB = Σ_{i∈A, j∈B} k(q_i, q_j), solved densely here.
    func testSparseFitWithAllPointsEqualsFullGP() throws {
        var settings = Self.settings(sigma: (0.01, 0, 0), jitter: 0)
        settings.e0 = [Self.copper: -3.5]
        let frames = try CopperData.frames(10, strain: 0.05, rattle: 0.25, seed: 21)
        let probe = try CopperData.frames(3, strain: 0.05, rattle: 0.25, seed: 22)
        let fit = try GAPFit(frames: frames, settings: settings, validationFraction: 0, seed: 1, name: "toy")
        XCTAssertEqual(fit.terms[0].alpha.count, 80)
        let design = try Self.design(settings)
        let q = try frames.map { try design.descriptors($0.structure).values }
        let d = design.dimension
        func k(_ a: [Double], _ b: [Double]) -> Double {
            var total = 0.0
            for i in 0..<(a.count / d) {
                for j in 0..<(b.count / d) {
                    var dot = 0.0
                    for t in 0..<d { dot += a[i * d + t] * b[j * d + t] }
                    total += 0.25 * dot * dot
                }
            }
            return total
        }
        let n = frames.count
        var a = [Double](repeating: 0, count: n * n), y = [Double](repeating: 0, count: n)
        for r in 0..<n {
            for c in 0..<n { a[r * n + c] = k(q[r], q[c]) }
            let atoms = Double(frames[r].structure.count)
            a[r * n + r] += 0.01 * 0.01 * atoms
            y[r] = frames[r].energy! + 3.5 * atoms
        }
        let w = Self.solve(a, y, n)
        var worst = 0.0
        for f in probe {
            let qs = try design.descriptors(f.structure).values
            var expected = -3.5 * Double(f.structure.count)
            for r in 0..<n { expected += k(qs, q[r]) * w[r] }
            let got = try fit.potential.evaluate(f.structure, wanted: .energy).energy!
            worst = max(worst, abs(got - expected) / Double(f.structure.count))
        }
        print("GAP sparse fit vs dense full GP: \(worst) eV/atom")
        XCTAssertLessThan(worst, 1e-8)
    }

    func testRefitRecoversTheModelThatLabelledTheData() throws {
        let settings = Self.settings(sigma: (1e-7, 1e-7, 1e-7), jitter: 0)
        let design = try Self.design(settings)
        let pool = try design.descriptors(CopperData.frames(2, strain: 0.05, rattle: 0.25, seed: 31)[0].structure).values
        let sparse = Array(pool[0..<(6 * design.dimension)])
        var random = SeededGenerator(seed: 4)
        let alpha = (0..<6).map { _ in Double.random(in: -2...2, using: &random) }
        let teacher = GAP(name: "teacher", terms: [FittedSOAPTerm(design: design, sparse: sparse, alpha: alpha)], e0: [(Self.copper, -3.2)])
        func labelled(_ frames: [Frame]) throws -> [Frame] {
            try frames.map { f in
                let r = try teacher.evaluate(f.structure, wanted: .all)
                return Frame(structure: f.structure, energy: r.energy, forces: r.forces, stress: r.stress)
            }
        }
        var s = settings
        s.e0 = [Self.copper: -3.2]
        let frames = try labelled(CopperData.frames(6, strain: 0.05, rattle: 0.25, seed: 32))
        let fit = try GAPFit(frames: frames, settings: s, validationFraction: 0, seed: 1, name: "refit", sparse: [sparse])
        let worstAlpha = zip(fit.terms[0].alpha, alpha).map { abs($0 - $1) }.max()!
        var worst = (energy: 0.0, force: 0.0)
        for f in try labelled(CopperData.frames(3, strain: 0.05, rattle: 0.25, seed: 33)) {
            let r = try fit.potential.evaluate(f.structure, wanted: .all)
            worst.energy = max(worst.energy, abs(r.energy! - f.energy!) / Double(f.structure.count))
            for (x, y) in zip(r.forces!, f.forces!) { worst.force = max(worst.force, max((x - y).max(), (y - x).max())) }
        }
        print("GAP refit: α \(worstAlpha), energy \(worst.energy) eV/atom, force \(worst.force) eV/Å")
        XCTAssertLessThan(worstAlpha, 1e-6)
        XCTAssertLessThan(worst.energy, 1e-8)
        XCTAssertLessThan(worst.force, 1e-7)
    }

    func testWrittenXMLReadsBackAsTheFittedModel() throws {
        let frames = try CopperData.frames(4, strain: 0.05, rattle: 0.2, seed: 41)
        let fit = try GAPFit(frames: frames, settings: Self.settings(sparse: 12), validationFraction: 0, seed: 1, name: "xml")
        let path = Fixtures.temporaryDirectory().appendingPathComponent("cu_gap.xml").path
        let written = try GAPWriter.write(fit.terms, e0: fit.e0, label: "GAP_props", comment: "test", to: path)
        XCTAssertEqual(written.count, 2)
        let back = try PotentialLoader.load(path)
        var worst = 0.0
        for f in try CopperData.frames(2, strain: 0.05, rattle: 0.2, seed: 42) {
            let a = try fit.potential.evaluate(f.structure, wanted: .all), b = try back.evaluate(f.structure, wanted: .all)
            worst = max(worst, abs(a.energy! - b.energy!))
            for (x, y) in zip(a.forces!, b.forces!) { worst = max(worst, max((x - y).max(), (y - x).max())) }
            worst = max(worst, (a.stress! - b.stress!).maxAbs)
        }
        XCTAssertLessThan(worst, 1e-12)
    }

    /// A GAP written by `props train --model gap` (reference/gap-fit/, see reference/README.md)
    /// gives QUIP's own energies, forces and stresses (quippy, `quippy_check.py`) when props reads it.
    func testWrittenGAPMatchesQUIP() throws {
        let dir = Fixtures.reference("gap-fit")
        let gap = try PotentialLoader.load(dir + "/Mo_small_gap.xml")
        let frames = try ExtendedXYZ.read(TextFile(path: dir + "/Mo_small_quippy.extxyz"))
        XCTAssertEqual(frames.count, 3)
        var worst = (energy: 0.0, force: 0.0, stress: 0.0)
        for f in frames {
            let r = try gap.evaluate(f.structure, wanted: .all)
            worst.energy = max(worst.energy, abs(r.energy! - f.energy!) / Double(f.structure.count))
            for (x, y) in zip(r.forces!, f.forces!) { worst.force = max(worst.force, (x - y).max(), (y - x).max()) }
            worst.stress = max(worst.stress, (r.stress! - f.stress!).maxAbs)
        }
        print("props-written GAP, props vs QUIP: energy \(worst.energy) eV/atom, force \(worst.force) eV/Å, stress \(worst.stress) eV/Å³")
        XCTAssertLessThan(worst.energy, 1e-8)
        XCTAssertLessThan(worst.force, 1e-8)
        XCTAssertLessThan(worst.stress, 1e-9)
    }

    func testSparseSelectionIsDeterministic() throws {
        var random = SeededGenerator(seed: 5)
        let rows = 40, d = 6
        var x = (0..<(rows * d)).map { _ in Double.random(in: -0.1...0.1, using: &random) }
        for a in 0..<d { x[17 * d + a] = a == 2 ? 5 : 0 }  // an outlier direction only row 17 spans
        let cur = try SparseSelection.select(x, rows: rows, dimension: d, count: 5, method: .cur, seed: 1)
        XCTAssertEqual(cur, try SparseSelection.select(x, rows: rows, dimension: d, count: 5, method: .cur, seed: 2))
        XCTAssertTrue(cur.contains(17))
        XCTAssertEqual(cur.count, 5)
        let r1 = try SparseSelection.select(x, rows: rows, dimension: d, count: 5, method: .random, seed: 1)
        XCTAssertEqual(r1, try SparseSelection.select(x, rows: rows, dimension: d, count: 5, method: .random, seed: 1))
        XCTAssertNotEqual(r1, try SparseSelection.select(x, rows: rows, dimension: d, count: 5, method: .random, seed: 3))
        XCTAssertEqual(try SparseSelection.select(x, rows: rows, dimension: d, count: 50, method: .cur, seed: 1), Array(0..<rows))
    }

    func testBadRecipeValuesNameFileAndLine() throws {
        let dir = Fixtures.temporaryDirectory()
        let recipe = dir.appendingPathComponent("gap.recipe").path
        try "data = x.extxyz\nout = x.xml\nmodel = gap\ngap.cutoff = 5\ngap.n_max = 0\n".write(toFile: recipe, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try TrainingRecipe(path: recipe).gapSettings(species: [Self.copper])) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("gap.recipe:5") && text.contains("n_max"), text)
        }
        try "data = x.extxyz\nmodel = gap\ngap.sparse_method = best\n".write(toFile: recipe, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try TrainingRecipe(path: recipe).gapSettings(species: [Self.copper])) { error in
            XCTAssertTrue("\(error)".contains("gap.recipe:3") && "\(error)".contains("cur or random"), "\(error)")
        }
        try "data = x.extxyz\nmodel = gap\ngap.n_sparce = 10\n".write(toFile: recipe, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try TrainingRecipe(path: recipe).gapSettings(species: [Self.copper])) { error in
            XCTAssertTrue("\(error)".contains("gap.recipe") && "\(error)".contains("n_sparce"), "\(error)")
        }
    }

    /// Gaussian elimination with partial pivoting (the test's own dense solver).
    static func solve(_ a: [Double], _ b: [Double], _ n: Int) -> [Double] {
        var m = a, x = b
        for c in 0..<n {
            let p = (c..<n).max { abs(m[$0 * n + c]) < abs(m[$1 * n + c]) }!
            if p != c {
                for k in 0..<n { m.swapAt(c * n + k, p * n + k) }
                x.swapAt(c, p)
            }
            for r in (c + 1)..<n {
                let f = m[r * n + c] / m[c * n + c]
                for k in c..<n { m[r * n + k] -= f * m[c * n + k] }
                x[r] -= f * x[c]
            }
        }
        for r in stride(from: n - 1, through: 0, by: -1) {
            for k in (r + 1)..<n { x[r] -= m[r * n + k] * x[k] }
            x[r] /= m[r * n + r]
        }
        return x
    }
}

/// `props train --model gap` end to end on small EAM-labelled Cu data with a recipe.
final class GAPTrainCLITests: XCTestCase {
    func testGAPRecipeWritesQUIPFilesThatLoadAndRecordsTheRun() throws {
        let data = try CopperData.file(try CopperData.frames(6, seed: 11))
        let test = try CopperData.file(try CopperData.frames(2, seed: 12), name: "test.extxyz")
        let dir = Fixtures.temporaryDirectory()
        let recipe = dir.appendingPathComponent("cu-gap.recipe").path
        try """
            data = \(data)
            test = \(test)
            out = Cu-gap.xml
            model = gap
            gap.cutoff = 4.0
            gap.transition_width = 1.0
            gap.l_max = 3
            gap.n_max = 4
            gap.zeta = 2
            gap.groups.even = 0.002, 0.2, 0.1

            """.write(toFile: recipe, atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["train", "--recipe", recipe, "--n-sparse", "10", "--sigma", "0.001,0.1,0.05", "--threads", "1", "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try CLIRunner.json(r)
        let metrics = try XCTUnwrap(json["metrics"] as? [String: Any])
        XCTAssertEqual(Set(metrics.keys), ["training", "validation", "test"])
        let gap = try PotentialLoader.load(dir.appendingPathComponent("Cu-gap.xml").path)
        XCTAssertEqual(gap.species.map(\.symbol), ["Cu"])
        let summary = try String(contentsOfFile: dir.appendingPathComponent("Cu-gap-training/summary.json").path, encoding: .utf8)
        XCTAssertTrue(summary.contains(try XCTUnwrap(SHA256.hex(file: data))))
        XCTAssertTrue(summary.contains("\"even\""), "per-group sigmas recorded")
        let bad = try CLIRunner.run(["train", "--recipe", recipe, "--sigma", "0.001,-1,0"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("--sigma"), bad.stderr)
    }
}
