import Atoms
import Foundation
import Potentials
import TestSupport
import Training
import Validation
import XCTest

/// SNAP and quadratic SNAP fits: the bispectrum derivatives match finite differences, and a
/// fit to noiseless labels of a known SNAP recovers its coefficients.
final class SNAPFitTests: XCTestCase {
    static func parameters(twojmax: Int, quadratic: Bool) -> SNAPParameters {
        var p = SNAPParameters(species: [Element(symbol: "Cu")!], radii: [0.5], weights: [1], twojmax: twojmax, rcutfac: 4.1)
        p.quadratic = quadratic
        p.bzero = !quadratic
        return p
    }

    /// Coefficients of a made-up SNAP: constant −3 eV, linear and quadratic terms of a size
    /// that keeps the energies of the rattled cells physical-looking.
    static func coefficients(_ p: SNAPParameters, seed: UInt64) -> [[Double]] {
        var random = SeededGenerator(seed: seed)
        let n = p.descriptorCount
        return [(0..<p.coefficientCount).map { k in
            k == 0 ? -3 : k <= n ? Double.random(in: -0.1...0.1, using: &random) : Double.random(in: -0.01...0.01, using: &random)
        }]
    }

    /// Rattled, strained Cu cells labelled by `potential` (energies, forces, stresses).
    static func frames(_ count: Int, _ potential: Potential) throws -> [Frame] {
        try CopperData.frames(count, strain: 0.05, rattle: 0.2, seed: 11).map { f in
            let r = try potential.evaluate(f.structure, wanted: .all)
            return Frame(structure: f.structure, energy: r.energy, forces: r.forces, stress: r.stress)
        }
    }

    func testBispectrumDerivativesMatchFiniteDifferences() throws {
        let p = Self.parameters(twojmax: 4, quadratic: false)
        let basis = try p.potential(coefficients: Self.coefficients(p, seed: 1), name: "test")
        var s = try CopperData.frames(1, rattle: 0.2, seed: 5)[0].structure
        let d = try basis.bispectrumDerivatives(s)
        let n = d.count, h = 1e-5
        let (atom, axis) = (3, 1)
        var analytic = [Double](repeating: 0, count: s.count * n)
        for i in 0..<s.count {
            for pair in d.start[i]..<d.start[i + 1] {
                for t in 0..<n {
                    let g = d.gradient[pair * n + t][axis]
                    if d.neighbor[pair] == atom { analytic[i * n + t] += g }
                    if i == atom { analytic[i * n + t] -= g }
                }
            }
        }
        s.positions[atom][axis] += h
        let plus = try basis.bispectrumDerivatives(s).b
        s.positions[atom][axis] -= 2 * h
        let minus = try basis.bispectrumDerivatives(s).b
        var largest = 0.0
        for k in analytic.indices {
            let numeric = (plus[k] - minus[k]) / (2 * h)
            XCTAssertEqual(analytic[k], numeric, accuracy: 1e-7 * max(1, abs(numeric)), "component \(k % n) of atom \(k / n)")
            largest = max(largest, abs(numeric))
        }
        XCTAssertGreaterThan(largest, 1e-3, "the derivatives must not all vanish")
    }

    func recover(twojmax: Int, quadratic: Bool, count: Int) throws {
        let p = Self.parameters(twojmax: twojmax, quadratic: quadratic)
        let truth = Self.coefficients(p, seed: 2)
        let known = try p.potential(coefficients: truth, name: "known")
        var settings = SNAPFitSettings(species: p.species, quadratic: quadratic)
        settings.parameters = p
        settings.stressWeight = 1
        settings.ridge = [0, 1]
        let fit = try SNAPFit(frames: try Self.frames(count, known), settings: settings, validationFraction: 0.2, seed: 1,
                              name: "fitted")
        XCTAssertEqual(fit.best, 0, "noiseless data: no ridge is best")
        let beta = fit.result.coefficients[0]
        let scale = truth[0].map(abs).max()!
        for k in beta.indices {
            XCTAssertEqual(beta[k], truth[0][k], accuracy: 1e-8 * scale, "coefficient \(k)")
        }
        XCTAssertNotEqual(fit.solutions[1].coefficients[0][1], truth[0][1], accuracy: 1e-8 * scale, "ridge must change the fit")
        XCTAssertLessThan(fit.result.metrics[1].quantities.forces!.rmse, 1e-7)
        // The written files read back as the fitted potential.
        let directory = Fixtures.temporaryDirectory()
        let coeff = directory.appendingPathComponent("fit.snapcoeff").path, param = directory.appendingPathComponent("fit.snapparam").path
        try p.coefficientFile(fit.result.coefficients, comments: ["test"]).write(toFile: coeff, atomically: true, encoding: .utf8)
        try p.parameterFile(comments: ["test"]).write(toFile: param, atomically: true, encoding: .utf8)
        let read = try PotentialLoader.load("\(coeff),\(param)")
        let s = try CopperData.frames(1, seed: 9)[0].structure
        XCTAssertEqual(try read.evaluate(s, wanted: .energy).energy!, try known.evaluate(s, wanted: .energy).energy!,
                       accuracy: 1e-9 * Double(s.count))
    }

    func testLinearFitRecoversAKnownSNAP() throws {
        try recover(twojmax: 4, quadratic: false, count: 10)
    }

    func testQuadraticFitRecoversAKnownQuadraticSNAP() throws {
        try recover(twojmax: 2, quadratic: true, count: 10)
    }
}

/// `props train --model snap|qsnap` end to end on small EAM-labelled Cu data with the SNAP recipe.
final class SNAPTrainCLITests: XCTestCase {
    func testSNAPRecipeWritesFilesThatLoadAndRecordsTheRun() throws {
        let data = try CopperData.file(try CopperData.frames(8, seed: 11))
        let test = try CopperData.file(try CopperData.frames(3, seed: 12), name: "test.extxyz")
        let dir = Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("Cu.snapcoeff").path
        let r = try CLIRunner.run(["train", "--recipe", "recipes/train-Cu-snap.recipe", "--data", data, "--test", test,
                                   "--out", out, "--twojmax", "2", "--ridge", "0,1e-6", "--threads", "1", "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try CLIRunner.json(r)
        let metrics = try XCTUnwrap(json["metrics"] as? [String: Any])
        XCTAssertEqual(Set(metrics.keys), ["training", "validation", "test"])
        let potential = try PotentialLoader.load(out + "," + dir.appendingPathComponent("Cu.snapparam").path)
        XCTAssertEqual(potential.species.map(\.symbol), ["Cu"])
        let summary = try String(contentsOfFile: dir.appendingPathComponent("Cu-training/summary.json").path, encoding: .utf8)
        XCTAssertTrue(summary.contains(try XCTUnwrap(SHA256.hex(file: data))))
        let ridge = try String(contentsOfFile: dir.appendingPathComponent("Cu-training/ridge.csv").path, encoding: .utf8)
        XCTAssertEqual(ridge.split(separator: "\n").filter { !$0.hasPrefix("#") }.count, 3, "header and one row per ridge")
    }

    func testUnknownModelAndBadSNAPKeysAreRefused() throws {
        let data = try CopperData.file(try CopperData.frames(2, seed: 11))
        let out = Fixtures.temporaryDirectory().appendingPathComponent("x.snapcoeff").path
        let bad = try CLIRunner.run(["train", "--data", data, "--out", out, "--model", "mtp"])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("bp, snap, qsnap, gap or direct-force"), bad.stderr)
        let recipe = Fixtures.temporaryDirectory().appendingPathComponent("r.recipe").path
        try "data = \(data)\nout = \(out)\nmodel = snap\nsnap.twojmax = 4\nsnap.cutoff = 5\n".write(toFile: recipe, atomically: true, encoding: .utf8)
        let unknown = try CLIRunner.run(["train", "--recipe", recipe])
        XCTAssertNotEqual(unknown.status, 0)
        XCTAssertTrue(unknown.stderr.contains("r.recipe") && unknown.stderr.contains("cutoff"),
                      unknown.stderr)
    }
}
