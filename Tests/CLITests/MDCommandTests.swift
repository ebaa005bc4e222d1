import Foundation
import TestSupport
import XCTest

/// `props md`, `rdf`, `msd`, `vdos` end to end on a 32-atom Cu cell.
final class MDCommandTests: XCTestCase {
    let mishin = "reference/classical/potentials/Cu_mishin1.eam.alloy"

    func md(_ dir: URL, _ extra: [String]) throws -> CLIRunner.Result {
        try CLIRunner.run(["md", mishin, "fcc:Cu:3.615", "--supercell", "2", "--dt", "2", "--seed", "3",
                           "--out", dir.path, "--quiet"] + extra)
    }

    func testRunWritesContractOutputsAndContinuesFromFinal() throws {
        let dir = Fixtures.temporaryDirectory()
        let r = try md(dir, ["--ensemble", "nvt", "--temperature", "600", "--steps", "40", "--dump-every", "2",
                             "--rdf", "--msd", "--sample-every", "2", "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let j = try CLIRunner.json(r)
        XCTAssertEqual(j["steps"] as? Int, 40)
        XCTAssertNotNil((j["rdf"] as? [String: Any])?["first_peak"])
        XCTAssertNotNil(((j["msd"] as? [String: Any])?["D"] as? [String: Any])?["Cu"])
        let thermo = try String(contentsOf: dir.appendingPathComponent("thermo.csv"), encoding: .utf8)
        let header = thermo.split(separator: "\n")[0].split(separator: ",").map(String.init)
        for key in ["step", "time_ps", "T_K", "Epot_eV", "Ekin_eV", "Etot_eV", "P_GPa", "V_A3", "H_eV", "conserved_eV",
                    "a_A", "b_A", "c_A", "alpha_deg", "beta_deg", "gamma_deg"] {
            XCTAssertTrue(header.contains(key), key)
        }
        XCTAssertEqual(thermo.split(separator: "\n").count, 1 + 5)  // steps 0, 10, ..., 40
        let final = dir.appendingPathComponent("final.extxyz").path
        let text = try String(contentsOfFile: final, encoding: .utf8)
        XCTAssertTrue(text.contains("velocities:R:3") && text.contains("seed=3") && text.contains("step=40"), text)

        // rdf / msd / vdos on the written trajectory (21 frames).
        let traj = dir.appendingPathComponent("trajectory.extxyz").path
        let rdf = try CLIRunner.json(try CLIRunner.run(["rdf", traj, "--json", "--out", dir.path]))
        let peak = try XCTUnwrap(rdf["first_peak"] as? [String: Any])
        XCTAssertEqual(try XCTUnwrap(peak["r"] as? Double), 3.615 / 2.0.squareRoot(), accuracy: 0.1)
        XCTAssertNotNil(peak["g"] as? Double)
        XCTAssertNotNil((rdf["pairs"] as? [String: Any])?["Cu-Cu"])
        XCTAssertNotNil((rdf["first_minimum"] as? [String: Any])?["r"] as? Double)
        XCTAssertEqual(try XCTUnwrap(rdf["coordination"] as? Double), 12, accuracy: 0.5)
        // 0.08 ps of frames: blocks twice the window's end (0.04 ps) long, 2 of them, give the error
        let msd = try CLIRunner.json(try CLIRunner.run(["msd", traj, "--json", "--fit-from", "0.008", "--fit-to", "0.02", "--out", dir.path]))
        XCTAssertEqual(msd["fit_ps"] as? [Double], [0.008, 0.02])
        let d = try XCTUnwrap((msd["D"] as? [String: Any])?["Cu"] as? [String: Any])
        for key in ["A2_per_ps", "error_A2_per_ps", "cm2_per_s"] { XCTAssertNotNil(d[key] as? Double, key) }
        let vdos = try CLIRunner.run(["vdos", traj, "--out", dir.path])
        XCTAssertEqual(vdos.status, 0, vdos.stderr)
        XCTAssertTrue(vdos.stdout.contains("THz"))

        // Continue from final.extxyz: its velocities are used, no --temperature needed in NVE.
        let next = Fixtures.temporaryDirectory()
        let c = try CLIRunner.run(["md", mishin, final, "--steps", "10", "--dt", "2", "--out", next.path])
        XCTAssertEqual(c.status, 0, c.stderr)
        XCTAssertTrue(c.stderr.contains("starting from the velocities"), c.stderr)
    }

    /// An interrupted run resumed from its checkpoint writes the same files, byte for byte:
    /// Langevin + stochastic cell rescaling, and MTK (Nosé–Hoover chains by default) with a
    /// fully flexible cell.
    func testResumeIsBitForBit() throws {
        for barostat in [["--thermostat", "langevin"], ["--barostat", "mtk", "--cell", "tri", "--pdamp", "200"]] {
            let whole = Fixtures.temporaryDirectory(), parts = Fixtures.temporaryDirectory()
            let options = ["--ensemble", "npt", "--temperature", "500", "--pressure", "1",
                           "--checkpoint-every", "20", "--dump-every", "10"] + barostat
            XCTAssertEqual(try md(whole, options + ["--steps", "40"]).status, 0)
            XCTAssertEqual(try md(parts, options + ["--steps", "20"]).status, 0)
            let r = try CLIRunner.run(["md", "--resume", parts.path, "--steps", "40", "--quiet"])
            XCTAssertEqual(r.status, 0, r.stderr)
            for name in ["thermo.csv", "trajectory.extxyz", "final.extxyz"] {
                XCTAssertEqual(try Data(contentsOf: whole.appendingPathComponent(name)),
                               try Data(contentsOf: parts.appendingPathComponent(name)), "\(barostat) \(name)")
            }
        }
    }

    /// `--rdf --msd` resumed: rdf.csv, msd.csv and summary.json cover the whole run, the same
    /// as the uninterrupted run's (the g(r) sums are in the checkpoint, the MSD frames in
    /// msd-frames.txt); figures are written; a cut or missing thermo.csv stops the resume.
    func testResumedSamplersCoverTheWholeRun() throws {
        let whole = Fixtures.temporaryDirectory(), parts = Fixtures.temporaryDirectory()
        let options = ["--ensemble", "nvt", "--temperature", "900", "--checkpoint-every", "20", "--dump-every", "0",
                       "--rdf", "--msd", "--sample-every", "2", "--json"]
        let w = try md(whole, options + ["--steps", "60"])
        XCTAssertEqual(w.status, 0, w.stderr)
        XCTAssertEqual(try md(parts, options + ["--steps", "40"]).status, 0)
        let thermo = parts.appendingPathComponent("thermo.csv")
        // --rdf repeats the stored setting (allowed).
        let p = try CLIRunner.run(["md", "--resume", parts.path, "--steps", "60", "--rdf", "--json", "--quiet"])
        XCTAssertEqual(p.status, 0, p.stderr)
        for name in ["rdf.csv", "msd.csv", "thermo.csv", "final.extxyz"] {
            XCTAssertEqual(try Data(contentsOf: whole.appendingPathComponent(name)), try Data(contentsOf: parts.appendingPathComponent(name)), name)
        }
        let (a, b) = (try CLIRunner.json(w), try CLIRunner.json(p))
        XCTAssertEqual((a["rdf"] as? [String: Any])?["frames"] as? Int, 30)
        XCTAssertEqual((b["rdf"] as? [String: Any])?["frames"] as? Int, 30)
        // The rows before the checkpoint are read back from thermo.csv (12 digits).
        let (av, bv) = (try XCTUnwrap(a["averages"] as? [String: Double]), try XCTUnwrap(b["averages"] as? [String: Double]))
        for (key, x) in av { XCTAssertEqual(x, try XCTUnwrap(bv[key]), accuracy: 1e-9 * abs(x), key) }
        XCTAssertEqual(a["time_ps"] as? Double, b["time_ps"] as? Double)
        for name in ["thermo.svg", "rdf.svg", "msd.svg"] {
            let svg = try String(contentsOf: parts.appendingPathComponent(name), encoding: .utf8)
            XCTAssertTrue(svg.hasPrefix("<svg") || svg.hasPrefix("<?xml"), name)
        }
        XCTAssertTrue(try String(contentsOf: parts.appendingPathComponent("rdf.svg"), encoding: .utf8).contains("r (Å)"))

        // A sampler cannot be added to a resumed run; a cut or missing thermo.csv stops it.
        let plain = Fixtures.temporaryDirectory()
        XCTAssertEqual(try md(plain, ["--steps", "20", "--temperature", "300"]).status, 0)
        let add = try CLIRunner.run(["md", "--resume", plain.path, "--steps", "30", "--msd"])
        XCTAssertEqual(add.status, 2, add.stderr)
        XCTAssertTrue(add.stderr.contains("--msd cannot be added"), add.stderr)
        try Data("step\n".utf8).write(to: thermo)
        let cut = try CLIRunner.run(["md", "--resume", parts.path, "--steps", "80"])
        XCTAssertEqual(cut.status, 1)
        XCTAssertTrue(cut.stderr.contains("thermo.csv") && cut.stderr.contains("shorter"), cut.stderr)
        try FileManager.default.removeItem(at: thermo)
        let missing = try CLIRunner.run(["md", "--resume", parts.path, "--steps", "80"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("thermo.csv") && missing.stderr.contains("missing"), missing.stderr)
    }

    /// `--barostat mtk --cell tri` on a rotated crystal: the cell is turned lower triangular,
    /// the run keeps it so, and the conserved quantity holds to 1e-4 eV/atom over 100 steps.
    func testMTKFlexibleCellRun() throws {
        let dir = Fixtures.temporaryDirectory()
        let rotated = dir.appendingPathComponent("rotated.extxyz").path
        // fcc Cu, 4 atoms, lattice vectors rotated by 30° about z.
        let c = 3.615 * cos(Double.pi / 6), s = 3.615 * sin(Double.pi / 6)
        try """
        4
        Lattice="\(c) \(s) 0 \(-s) \(c) 0 0 0 3.615" Properties=species:S:1:pos:R:3
        Cu 0 0 0
        Cu \((c - s) / 2) \((s + c) / 2) 0
        Cu \(c / 2) \(s / 2) 1.8075
        Cu \(-s / 2) \(c / 2) 1.8075

        """.write(toFile: rotated, atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["md", mishin, rotated, "--supercell", "2", "--ensemble", "npt", "--barostat", "mtk",
                                   "--cell", "tri", "--temperature", "300", "--pdamp", "200", "--steps", "100", "--dt", "2",
                                   "--seed", "1", "--out", dir.path, "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("rotated"), r.stderr)
        let rows = try String(contentsOf: dir.appendingPathComponent("thermo.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",").compactMap { Double($0) } }
        let conserved = rows.map { $0[9] / 32 }
        XCTAssertLessThan(conserved.max()! - conserved.min()!, 1e-4)
        let final = try String(contentsOf: dir.appendingPathComponent("final.extxyz"), encoding: .utf8)
        let lattice = try XCTUnwrap(final.split(separator: "\"").dropFirst().first).split(separator: " ").compactMap { Double($0) }
        XCTAssertEqual([lattice[1], lattice[2], lattice[5]], [0, 0, 0])
        XCTAssertEqual(try CLIRunner.json(r)["steps"] as? Int, 100)
    }

    func testBadInputAndUsage() throws {
        let dir = Fixtures.temporaryDirectory()
        let overlap = dir.appendingPathComponent("overlap.extxyz").path
        try "2\nLattice=\"6 0 0 0 6 0 0 0 6\" Properties=species:S:1:pos:R:3\nCu 0 0 0\nCu 0.1 0 0\n"
            .write(toFile: overlap, atomically: true, encoding: .utf8)
        let o = try CLIRunner.run(["md", mishin, overlap, "--steps", "5", "--temperature", "300", "--out", dir.path])
        XCTAssertEqual(o.status, 1)
        XCTAssertTrue(o.stderr.contains("overlap"), o.stderr)
        let nan = dir.appendingPathComponent("nan.extxyz").path
        try "1\nLattice=\"6 0 0 0 6 0 0 0 6\" Properties=species:S:1:pos:R:3\nCu nan 0 0\n"
            .write(toFile: nan, atomically: true, encoding: .utf8)
        let n = try CLIRunner.run(["md", mishin, nan, "--steps", "5", "--temperature", "300", "--out", dir.path])
        XCTAssertEqual(n.status, 1)
        XCTAssertTrue(n.stderr.contains("nan.extxyz:3"), n.stderr)
        for args in [["md", mishin, "fcc:Cu:3.615", "--temperature", "300"],
                     ["md", mishin, "fcc:Cu:3.615", "--steps", "5", "--ensemble", "nvt"],
                     ["md", mishin, "fcc:Cu:3.615", "--steps", "5", "--ensemble", "npt", "--temperature", "300", "--cell", "shear"],
                     ["md", mishin, "fcc:Cu:3.615", "--steps", "5", "--temperature", "300", "--thermostat", "csvr"]] {
            let r = try CLIRunner.run(args + ["--out", dir.path])
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
        }
        // A run that blows up stops naming the step; thermo.csv stays readable.
        let hot = try CLIRunner.run(["md", mishin, "fcc:Cu:3.615", "--supercell", "2", "--steps", "200", "--dt", "40",
                                     "--temperature", "3000", "--out", dir.path, "--quiet"])
        XCTAssertEqual(hot.status, 1)
        XCTAssertTrue(hot.stderr.contains("step "), hot.stderr)
        let rows = try String(contentsOf: dir.appendingPathComponent("thermo.csv"), encoding: .utf8).split(separator: "\n")
        XCTAssertTrue(rows.allSatisfy { $0.split(separator: ",").count == 16 })
    }
}
