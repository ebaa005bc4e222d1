import Foundation
import TestSupport
import XCTest

/// Molecules and slabs (extended XYZ `pbc` with F, issue 19): `eval`, `relax --fixed-cell`
/// and `md` NVE/NVT treat them as isolated (vacuum wider than the cutoff across each
/// non-periodic direction); commands that need a periodic cell refuse them by name.
final class NonPeriodicCLITests: XCTestCase {
    let sw = Fixtures.classicalPotential("Si.sw")

    func write(_ text: String, _ name: String, in dir: URL) throws -> String {
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func frame(_ r: CLIRunner.Result) throws -> [String: Any] {
        XCTAssertEqual(r.status, 0, r.stderr)
        return try XCTUnwrap((try CLIRunner.json(r)["frames"] as? [[String: Any]])?.first)
    }

    /// A Si dimer in a 4 Å cell: periodic it is a chain of interacting images (the old,
    /// silently wrong +3.16 eV); with pbc="F F F" it is the isolated dimer, -ε = -2.168 eV
    /// for Stillinger–Weber at the pair minimum, the same as in a 60 Å box to round-off.
    func testIsolatedDimerIsTheDimerInVacuum() throws {
        let dir = Fixtures.temporaryDirectory()
        let atoms = "Si 0 0 0\nSi 2.3516 0.01 0.02\n"
        let isolated = try write("2\nLattice=\"4 0 0 0 4 0 0 0 4\" Properties=species:S:1:pos:R:3 pbc=\"F F F\"\n" + atoms, "dimer.extxyz", in: dir)
        let noCell = try write("2\nProperties=species:S:1:pos:R:3 pbc=\"F F F\"\n" + atoms, "molecule.extxyz", in: dir)
        let periodic = try write("2\nLattice=\"4 0 0 0 4 0 0 0 4\" Properties=species:S:1:pos:R:3\n" + atoms, "chain.extxyz", in: dir)
        let box = try write("2\nLattice=\"60 0 0 0 60 0 0 0 60\" Properties=species:S:1:pos:R:3\n" + atoms, "box.extxyz", in: dir)
        let reference = try frame(try CLIRunner.run(["eval", sw, box, "--json", "--forces"]))
        let e = try XCTUnwrap(reference["energy"] as? Double)
        XCTAssertEqual(e, -2.1683, accuracy: 1e-3)
        for path in [isolated, noCell] {
            let f = try frame(try CLIRunner.run(["eval", sw, path, "--json"]))
            XCTAssertEqual(try XCTUnwrap(f["energy"] as? Double), e, accuracy: 1e-10)
            let forces = try XCTUnwrap(f["forces"] as? [[Double]]), expected = try XCTUnwrap(reference["forces"] as? [[Double]])
            for (a, b) in zip(forces.joined(), expected.joined()) { XCTAssertEqual(a, b, accuracy: 1e-10) }
            XCTAssertTrue(f["stress"] is NSNull, "no stress across a vacuum gap")
        }
        let chain = try frame(try CLIRunner.run(["eval", sw, periodic, "--json"]))
        XCTAssertGreaterThan(abs(try XCTUnwrap(chain["energy"] as? Double) - e), 1, "the periodic chain is another system")
    }

    /// A four-layer Si(001) slab (the conventional diamond cell with pbc="T T F") gives the
    /// energy of the same slab with 40 Å of vacuum; relax --fixed-cell and md NVT run on it,
    /// while NPT, cell relaxation, phonons and elastic constants refuse it.
    func testSlabRunsWhereThePhysicsAllows() throws {
        let dir = Fixtures.temporaryDirectory()
        let a = 5.431
        let sites: [(Double, Double, Double)] = [(0, 0, 0), (0, 0.5, 0.5), (0.5, 0, 0.5), (0.5, 0.5, 0), (0.25, 0.25, 0.25),
                                                 (0.25, 0.75, 0.75), (0.75, 0.25, 0.75), (0.75, 0.75, 0.25)]
        let atoms = sites.map { "Si \($0.0 * a) \($0.1 * a) \($0.2 * a)\n" }.joined()
        let slab = try write("8\nLattice=\"\(a) 0 0 0 \(a) 0 0 0 \(a)\" Properties=species:S:1:pos:R:3 pbc=\"T T F\"\n" + atoms, "slab.extxyz", in: dir)
        let vacuum = try write("8\nLattice=\"\(a) 0 0 0 \(a) 0 0 0 40\" Properties=species:S:1:pos:R:3\n" + atoms, "vacuum.extxyz", in: dir)
        let e = try XCTUnwrap(try frame(try CLIRunner.run(["eval", sw, vacuum, "--json"]))["energy"] as? Double)
        XCTAssertEqual(try XCTUnwrap(try frame(try CLIRunner.run(["eval", sw, slab, "--json"]))["energy"] as? Double), e, accuracy: 1e-10)
        XCTAssertGreaterThan(e, -34.69 + 1, "two free surfaces cost energy against the bulk's -34.69 eV")

        func relaxed(_ path: String) throws -> Double {
            let r = try CLIRunner.run(["relax", sw, path, "--fixed-cell", "--fmax", "1e-4", "--json",
                                       "-o", dir.appendingPathComponent(UUID().uuidString + ".extxyz").path])
            XCTAssertEqual(r.status, 0, r.stderr)
            return try XCTUnwrap(try CLIRunner.json(r)["energy"] as? Double)
        }
        let eSlab = try relaxed(slab)
        XCTAssertLessThan(eSlab, e)
        XCTAssertEqual(eSlab, try relaxed(vacuum), accuracy: 1e-6)

        let md = try CLIRunner.run(["md", sw, slab, "--ensemble", "nvt", "--temperature", "300", "--steps", "4", "--thermo-every", "2",
                                    "--out", dir.appendingPathComponent("md").path, "--quiet"])
        XCTAssertEqual(md.status, 0, md.stderr)
        // Found by fuzzing: a slab whose periodic vector is zero crashed the isolation; now
        // the degenerate cell is refused as for any structure.
        let flat = try write("8\nLattice=\"0 0 0 0 \(a) 0 0 0 \(a)\" Properties=species:S:1:pos:R:3 pbc=\"T T F\"\n" + atoms, "flat.extxyz", in: dir)
        for command in ["eval", "md"] {
            let r = try CLIRunner.run([command, sw, flat, "--ensemble", "nvt", "--temperature", "300", "--steps", "2",
                                       "--out", dir.appendingPathComponent("flat").path].prefix(command == "eval" ? 3 : 11).map { $0 })
            XCTAssertEqual(r.status, 1, r.stderr)
            XCTAssertTrue(r.stderr.contains("flat.extxyz"), r.stderr)
        }
        for args in [["md", sw, slab, "--ensemble", "npt", "--temperature", "300", "--steps", "4", "--out", dir.appendingPathComponent("npt").path],
                     ["phonons", sw, slab, "--out", dir.appendingPathComponent("ph").path],
                     ["elastic", sw, slab],
                     ["relax", sw, slab, "-o", dir.appendingPathComponent("r.extxyz").path]] {
            let r = try CLIRunner.run(args)
            XCTAssertEqual(r.status, 1, "\(args[0]): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("slab.extxyz") && r.stderr.contains("non-periodic direction"), "\(args[0]): \(r.stderr)")
        }
    }
}
