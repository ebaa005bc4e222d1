import Atoms
import Foundation
import TestSupport
import XCTest

/// The command line with the zuo2020 Si n2p2 network (Bohr/Hartree files, `bohr:` prefix).
final class NeuralNetworkCLITests: XCTestCase {
    let silicon = "bohr:reference/nn/zuo2020-nnp/Si"
    let frames = "reference/nn/zuo2020-nnp/Si_test_subset.extxyz"

    func energies(_ r: CLIRunner.Result) throws -> [Double] {
        try XCTUnwrap(try CLIRunner.json(r)["frames"] as? [[String: Any]]).map { try XCTUnwrap($0["energy"] as? Double) }
    }

    func testEvalReproducesN2P2() throws {
        let r = try CLIRunner.run(["eval", silicon, frames, "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let reference = try ExtendedXYZ.read(TextFile(path: Fixtures.root.appendingPathComponent(frames).path))
        for (e, f) in zip(try energies(r), reference) { XCTAssertEqual(e, f.energy!, accuracy: 1e-6) }
    }

    func testConvertRoundTripGivesTheSameNumbers() throws {
        let dir = Fixtures.temporaryDirectory()
        let out = dir.appendingPathComponent("Si.pot").path
        let c = try CLIRunner.run(["convert", silicon, "-o", out])
        XCTAssertEqual(c.status, 0, c.stderr)
        let again = dir.appendingPathComponent("again.pot").path
        XCTAssertEqual(try CLIRunner.run(["convert", out, "-o", again]).status, 0)
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), try String(contentsOfFile: again, encoding: .utf8))
        let a = try CLIRunner.run(["eval", silicon, frames, "--json"])
        let b = try CLIRunner.run(["eval", out, frames, "--json"])
        XCTAssertEqual(try energies(a), try energies(b))
        let truncated = dir.appendingPathComponent("bad.pot").path
        try String(try String(contentsOfFile: out, encoding: .utf8).prefix(3000)).write(toFile: truncated, atomically: true, encoding: .utf8)
        let bad = try CLIRunner.run(["eval", truncated, "diamond:Si:5.43"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("bad.pot:"), bad.stderr)
    }

    /// aenet ASCII network files (aenet-PyTorch's TiO2 example) converted and evaluated like
    /// the binary ones: the .pot gives the same numbers, and both match predict.x's total energies.
    func testAenetASCIIFilesConvertAndEvaluate() throws {
        let dir = "reference/nn/aenet-pytorch-TiO2"
        let networks = "\(dir)/Ti.pytorch.nn.ascii,\(dir)/O.pytorch.nn.ascii"
        let structures = "\(dir)/predict-structures-1-4.extxyz"
        let out = Fixtures.temporaryDirectory().appendingPathComponent("TiO2.pot").path
        let c = try CLIRunner.run(["convert", networks, "-o", out])
        XCTAssertEqual(c.status, 0, c.stderr)
        let a = try CLIRunner.run(["eval", networks, structures, "--json"])
        let b = try CLIRunner.run(["eval", out, structures, "--json"])
        XCTAssertEqual(a.status, 0, a.stderr)
        XCTAssertEqual(try energies(a), try energies(b))
        let reference = try ExtendedXYZ.read(TextFile(path: Fixtures.root.appendingPathComponent(structures).path))
        for (e, f) in zip(try energies(a), reference) { XCTAssertEqual(e, f.energy!, accuracy: 24 * 1e-8) }
    }

    func testEOSOfTheNetwork() throws {
        let r = try CLIRunner.run(["eos", silicon, "diamond:Si:5.45", "--points", "7", "--json", "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let j = try CLIRunner.json(r)
        let a0 = try XCTUnwrap(j["a0"] as? Double), b0 = try XCTUnwrap(j["B0"] as? Double)
        print("zuo2020 Si network EOS: a0 \(a0) Å, E0 \(j["E0"]!) eV/atom, B0 \(b0) GPa")
        XCTAssertEqual(a0, 5.47, accuracy: 0.1)
        XCTAssertEqual(b0, 90, accuracy: 25)
        XCTAssertFalse(r.stderr.contains("training range"), r.stderr)
    }

    func testExtrapolationWarning() throws {
        let r = try CLIRunner.run(["eval", silicon, "diamond:Si:4.3", "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("extrapolated in 1 of 1 evaluations"), r.stderr)
        XCTAssertTrue(r.stderr.contains("most evaluations were extrapolations"), r.stderr)
    }

    /// Every command that evaluates the network reports its extrapolation on stderr and in
    /// its JSON (here on diamond Si compressed to a = 4.3 Å, far outside the training data).
    func testExtrapolationIsReportedByEveryCommand() throws {
        let dir = Fixtures.temporaryDirectory()
        let data = dir.appendingPathComponent("squeezed.extxyz").path
        try """
        2
        Lattice="0 2.15 2.15 2.15 0 2.15 2.15 2.15 0" Properties=species:S:1:pos:R:3:forces:R:3 energy=-5.0 pbc="T T T"
        Si 0 0 0 0 0 0
        Si 1.075 1.075 1.075 0 0 0

        """.write(toFile: data, atomically: true, encoding: .utf8)
        let commands: [(String, [String])] = [
            ("eval", ["eval", silicon, "diamond:Si:4.3"]),
            ("phonons", ["phonons", silicon, data, "--supercell", "1", "--mesh", "2", "--points", "2", "--out", dir.path + "/ph"]),
            ("validate", ["validate", silicon, "--data", data, "--out", dir.path + "/val"]),
        ]
        for (name, arguments) in commands {
            let r = try CLIRunner.run(arguments + ["--json", "--quiet"])
            XCTAssertEqual(r.status, 0, "\(name): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("extrapolated in"), "\(name): \(r.stderr)")
            var j = try CLIRunner.json(r)
            if name == "validate" { j = try XCTUnwrap((j["results"] as? [[String: Any]])?.first) }
            let e = try XCTUnwrap(j["extrapolation"] as? [String: Any], name)
            XCTAssertGreaterThan(try XCTUnwrap(e["extrapolated_evaluations"] as? Int), 0, name)
            XCTAssertNotNil(e["worst_descriptor"] as? String, name)
        }
    }

    /// Phonons of the network's own relaxed diamond Si, end to end.
    func testPhononsWithTheNetwork() throws {
        let dir = Fixtures.temporaryDirectory().path
        let r = try CLIRunner.run(["phonons", silicon, "--supercell", "2", "--mesh", "6", "--points", "5", "--json", "--out", dir])
        XCTAssertEqual(r.status, 0, r.stderr)
        let j = try CLIRunner.json(r)
        let a0 = try XCTUnwrap(j["a0"] as? Double)
        XCTAssertEqual(a0, 5.47, accuracy: 0.05)  // PBE-trained: near the PBE 5.469 Å
        let points = try XCTUnwrap(j["points"] as? [[String: Any]])
        let gamma = try XCTUnwrap(points.first { $0["label"] as? String == "G" }?["frequencies_THz"] as? [Double])
        for k in 0..<3 { XCTAssertEqual(gamma[k], 0, accuracy: 0.01) }
        XCTAssertEqual(gamma[5], 15.1, accuracy: 1.5)  // PBE Γ optical 15.1 THz
    }

    /// A short NVE run with the network conserves energy.
    func testMolecularDynamicsWithTheNetwork() throws {
        let dir = Fixtures.temporaryDirectory().path
        let r = try CLIRunner.run(["md", silicon, "diamond:Si:5.47", "--supercell", "2", "--ensemble", "nve", "--temperature", "300",
                                   "--steps", "40", "--dt", "1", "--seed", "3", "--out", dir, "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let thermo = try String(contentsOfFile: dir + "/thermo.csv", encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") }
        let header = thermo[0].split(separator: ",").map(String.init)
        let column = try XCTUnwrap(header.firstIndex(of: "Etot_eV"))
        let totals = thermo.dropFirst().map { Double($0.split(separator: ",")[column])! }
        XCTAssertGreaterThan(totals.count, 2)
        XCTAssertLessThan(totals.max()! - totals.min()!, 64 * 1e-3)  // < 1 meV/atom over 40 fs
    }
}
