import Atoms
import Foundation
@testable import Potentials
import TestSupport
@testable import Training
import XCTest

/// The direct-force network (Kuritz, Gordon and Natan 2018): covariance of its forces,
/// training gradients, the `.pot` round trip, selections, and `props train --model direct-force`
/// through eval, md and phonons.
final class DirectForceTests: XCTestCase {
    /// A rattled, strained 64-atom Si cell (no distance ties).
    static func silicon(seed: UInt64 = 3) throws -> Structure {
        let s = try Supercell.make(try Lattices.build(.diamond, elements: [Element(symbol: "Si")!], a: 5.43), repeats: SIMD3(2, 2, 2))
        return PotentialChecks.randomTriclinic(s, strain: 0.03, rattle: 0.15, seed: seed)
    }

    /// An untrained network of random weights with `neighbours` inputs.
    static func randomNetwork(neighbours: Int = 8, seed: UInt64 = 5) throws -> DirectForceNetwork {
        let env = LocalEnvironment(neighbours: neighbours, cutoff: 4.5)
        let layout = ParameterLayout(inputs: [env.inputCount, env.inputCount, env.inputCount], hidden: [7, 5], activation: .tanh)
        let theta = randomParameters(layout.count, seed: seed)
        return try DirectForceNetwork(name: "random", element: Element(symbol: "Si")!, environment: env,
                                      networks: layout.networks(theta), forceScale: 0.7)
    }

    /// θ uniform in ±0.5.
    static func randomParameters(_ count: Int, seed: UInt64) -> [Double] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { _ in Double.random(in: -0.5...0.5, using: &rng) }
    }

    func testForcesRotateTranslateAndPermuteWithTheStructure() throws {
        let p = try Self.randomNetwork()
        XCTAssertEqual(p.supplies, [.forces])
        let s = try Self.silicon()
        let f = try p.evaluate(s, wanted: .all).forces!
        XCTAssertGreaterThan(f.map { length($0) }.max()!, 0.1, "a test that cannot fail: forces are all ~0")
        var rng = SeededGenerator(seed: 9)
        let axis = SIMD3(Double.random(in: -1...1, using: &rng), Double.random(in: -1...1, using: &rng), Double.random(in: -1...1, using: &rng))
        let rot = Matrix3.rotation(axis: axis, angle: Double.random(in: 0.3...3, using: &rng))
        var rotated = s
        rotated.cell = Cell(Matrix3(rot * s.cell[0], rot * s.cell[1], rot * s.cell[2]))
        rotated.positions = s.positions.map { rot * $0 + SIMD3(0.3, -2.1, 1.7) }
        let fr = try p.evaluate(rotated, wanted: .forces).forces!
        let rotationError = zip(f, fr).map { length(rot * $0.0 - $0.1) }.max()!
        print("direct-force: largest |R F − F(R x)| = \(rotationError) eV/Å")
        XCTAssertLessThan(rotationError, 1e-10)
        let order = Array(0..<s.count).shuffled(using: &rng)
        var permuted = s
        permuted.positions = order.map { s.positions[$0] }
        let fp = try p.evaluate(permuted, wanted: .forces).forces!
        XCTAssertLessThan(order.indices.map { length(fp[$0] - f[order[$0]]) }.max()!, 1e-12)
    }

    func testLossGradientMatchesFiniteDifferences() throws {
        let s = try Self.silicon()
        var rng = SeededGenerator(seed: 4)
        let labels: [SIMD3<Double>] = s.positions.map { _ in
            SIMD3(Double.random(in: -1...1, using: &rng), Double.random(in: -1...1, using: &rng), Double.random(in: -1...1, using: &rng))
        }
        let data = try DirectForceData(frames: [Frame(structure: s, forces: labels)],
                                       environment: LocalEnvironment(neighbours: 6, cutoff: 4.5), element: s.elements[0])
        let layout = ParameterLayout(inputs: [18, 18, 18], hidden: [6, 4], activation: .softplus)
        let objective = DirectForceObjective(data: data, layout: layout, forceScale: 0.8)
        let theta = Self.randomParameters(layout.count, seed: 2)
        let atoms = Array(stride(from: 0, to: s.count, by: 3))
        let analytic = objective.evaluate(theta, atoms: atoms).gradient
        var worst = 0.0
        for k in stride(from: 0, to: theta.count, by: 7) {
            let h = 1e-6
            var plus = theta, minus = theta
            plus[k] += h
            minus[k] -= h
            let numeric = (objective.evaluate(plus, atoms: atoms, gradient: false).loss
                           - objective.evaluate(minus, atoms: atoms, gradient: false).loss) / (2 * h)
            worst = max(worst, abs(numeric - analytic[k]) / max(abs(analytic[k]), 1e-3))
        }
        print("direct-force: largest relative gradient error \(worst)")
        XCTAssertLessThan(worst, 1e-6)
        // The loss is the mean squared lab-frame force-component error.
        let forces = objective.forces(theta, atoms: atoms)
        var direct = 0.0
        for (a, f) in zip(atoms, forces) {
            let d = f - labels[a]
            direct += (d * d).sum()
        }
        direct /= Double(3 * atoms.count)
        XCTAssertEqual(objective.evaluate(theta, atoms: atoms, gradient: false).loss, direct, accuracy: 1e-12)
        // And the training data agree with the potential's own evaluation.
        let p = try DirectForceNetwork(name: "x", element: s.elements[0], environment: data.environment,
                                       networks: layout.networks(theta), forceScale: 0.8)
        let fp = try p.evaluate(s, wanted: .forces).forces!
        XCTAssertLessThan(zip(atoms, forces).map { length(fp[$0.0] - $0.1) }.max()!, 1e-12)
    }

    func testPotFileRoundTripAndBadFiles() throws {
        let p = try Self.randomNetwork(neighbours: 5)
        let dir = Fixtures.temporaryDirectory()
        let path = dir.appendingPathComponent("df.pot").path
        try DirectForceFormat.write(p).write(toFile: path, atomically: true, encoding: .utf8)
        let q = try XCTUnwrap(try PotentialLoader.load(path) as? DirectForceNetwork)
        XCTAssertEqual(q.networks, p.networks)
        XCTAssertEqual(q.environment, p.environment)
        let s = try Self.silicon()
        XCTAssertEqual(try q.evaluate(s).forces!, try p.evaluate(s).forces!)
        XCTAssertEqual(try PotentialLoader.potText(path), DirectForceFormat.write(p))
        let text = DirectForceFormat.write(p).replacingOccurrences(of: "\"neighbours\": 5", with: "\"neighbours\": 6")
        XCTAssertNotEqual(text, DirectForceFormat.write(p))
        let bad = dir.appendingPathComponent("bad.pot").path
        try text.write(toFile: bad, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try PotentialLoader.load(bad)) { error in
            XCTAssertTrue("\(error)".contains("bad.pot:") && "\(error)".contains("must have 18 numbers"), "\(error)")
        }
    }

    func testSelectionsReadTemperatureAtomsAndKeys() throws {
        let frames = try ExtendedXYZ.read(TextFile(path: Fixtures.reference("dft/Si/test.extxyz")))
        let hot = FrameSelection.filter(frames, [try FrameSelection("config_type=AIMD-NVT"), try FrameSelection("T=3000-4000")])
        XCTAssertEqual(hot.count, 2)
        XCTAssertEqual(FrameSelection.temperature(hot[0]), 3374)
        XCTAssertEqual(FrameSelection.filter(frames, [try FrameSelection("atoms=1-40")]).count, 2)
        for bad in ["T", "T=hot", "atoms=0", "=3"] { XCTAssertThrowsError(try FrameSelection(bad), bad) }
    }

    func testTrainingLowersTheForceError() throws {
        let frames = try Array(ExtendedXYZ.read(TextFile(path: Fixtures.reference("dft/Si/test.extxyz")))
            .filter { $0.configType == "AIMD-NVT" }.prefix(4))
        var settings = TrainingSettings()
        (settings.epochs, settings.batchSize, settings.hidden, settings.learningRate) = (12, 16, [8], (3e-3, 1e-3))
        settings.validationFraction = 0.25
        let trainer = try DirectForceTrainer(frames: frames, environment: LocalEnvironment(neighbours: 4, cutoff: 4.5), settings: settings)
        let before = trainer.objective.errors(trainer.initial, atoms: trainer.trainingAtoms).mae
        var records: [DirectForceEpoch] = []
        let outcome = trainer.run { records.append($0) }
        XCTAssertEqual(outcome.epochsRun, 12)
        print("direct-force: training MAE \(before) → \(outcome.training.mae) eV/Å, validation \(outcome.validation!.mae)")
        XCTAssertLessThan(outcome.training.mae, 0.8 * before)
        let p = try trainer.potential(outcome.theta, name: "t")
        let all = Array(0..<trainer.objective.data.atomCount)
        XCTAssertEqual(try DirectForceTrainer.errors(p, frames: frames).mae, trainer.objective.errors(outcome.theta, atoms: all).mae,
                       accuracy: 1e-12)
        XCTAssertThrowsError(try DirectForceTrainer(frames: [Frame(structure: frames[0].structure)],
                                                    environment: LocalEnvironment(neighbours: 4, cutoff: 4.5), settings: settings))
    }

    func testTrainCommandNeighbourScanThenEvalMDAndPhonons() throws {
        let data = try CopperData.file(try CopperData.frames(4, seed: 21))
        let dir = Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("df.pot").path
        let r = try CLIRunner.run(["train", "--model", "direct-force", "--data", data, "--test", data, "--neighbours", "2,6",
                                   "--epochs", "3", "--hidden", "6", "--cutoff", "4.6", "--out", out, "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let runs = try XCTUnwrap(try CLIRunner.json(r)["runs"] as? [[String: Any]])
        XCTAssertEqual(runs.map { $0["neighbours"] as? Int }, [2, 6])
        XCTAssertTrue(runs.allSatisfy { ($0["test_force_mae"] as? Double ?? .nan).isFinite })
        for file in ["neighbours.csv", "neighbours.svg", "training.csv"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("df-training/\(file)").path), file)
        }
        let eval = try CLIRunner.run(["eval", out, "fcc:Cu:3.615", "--json"])
        XCTAssertEqual(eval.status, 0, eval.stderr)
        XCTAssertTrue(try XCTUnwrap((try CLIRunner.json(eval)["frames"] as? [[String: Any]])?.first)["energy"] is NSNull)
        let md = try CLIRunner.run(["md", out, "fcc:Cu:3.615", "--supercell", "2", "--ensemble", "nvt", "--temperature", "300",
                                    "--steps", "4", "--thermo-every", "2", "--out", dir.appendingPathComponent("md").path])
        XCTAssertEqual(md.status, 0, md.stderr)
        let phonons = try CLIRunner.run(["phonons", out, "fcc:Cu:3.615", "--supercell", "2", "--mesh", "4", "--points", "3", "--json"])
        XCTAssertEqual(phonons.status, 0, phonons.stderr)
        // Usage errors: an unknown model, a bad neighbour list, direct-force options without the model.
        for (args, message) in [(["--model", "gp"], "--model"), (["--model", "direct-force", "--neighbours", "0"], "--neighbours"),
                                (["--neighbours", "4"], "for --model direct-force"),
                                (["--model", "direct-force", "--select", "T=1"], "no training structure")] {
            let bad = try CLIRunner.run(["train", "--data", data, "--out", out] + args)
            XCTAssertNotEqual(bad.status, 0)
            XCTAssertTrue(bad.stderr.contains(message), "\(args): \(bad.stderr)")
        }
    }
}
