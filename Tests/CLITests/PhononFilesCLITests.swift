import Foundation
import TestSupport
import XCTest

/// `props phonons` on cells in other settings, the phonopy files and the figure options;
/// `props elastic` on a hexagonal crystal.
final class PhononFilesCLITests: XCTestCase {
    let gan = "reference/classical/potentials/GaN.tersoff"

    /// The figure names the reduced formula and the potential's base name, has axis titles
    /// in the chosen unit and a clipped range; the phonopy files and eigenvectors are written.
    func testFigureAndPhonopyFiles() throws {
        let dir = Fixtures.temporaryDirectory().path
        let r = try CLIRunner.run(["phonons", gan, "zincblende:Ga-N:4.5", "--supercell", "2", "--mesh", "4", "--eigenvectors",
                                   "--unit", "meV", "--fmax", "80", "--size", "900x500", "--out", dir])
        XCTAssertEqual(r.status, 0, r.stderr)
        let svg = try String(contentsOfFile: dir + "/phonons.svg", encoding: .utf8)
        XCTAssertTrue(svg.contains(">GaN phonons — Tersoff GaN.tersoff<"), String(svg.prefix(600)))
        XCTAssertFalse(svg.contains("reference/classical"))
        for text in [">Wave vector<", ">Frequency (meV)<", ">DOS (states/meV)<", ">80<", "width=\"900\"", "clip-path"] {
            XCTAssertTrue(svg.contains(text), text)
        }
        for name in ["FORCE_CONSTANTS", "FORCE_SETS", "phonopy_disp.yaml"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/" + name), name)
        }
        let band = try String(contentsOfFile: dir + "/band.yaml", encoding: .utf8)
        XCTAssertTrue(band.contains("    eigenvector:\n    - # atom 1\n      - ["))
        let bad = try CLIRunner.run(["phonons", gan, "zincblende:Ga-N:4.5", "--supercell", "2", "--unit", "eV", "--out", dir])
        XCTAssertEqual(bad.status, 2)
        let zero = try CLIRunner.run(["phonons", gan, "zincblende:Ga-N:4.5", "--supercell", "2", "--mesh", "0", "--out", dir])
        XCTAssertEqual(zero.status, 2)
    }

    /// hcp given with γ = 60°: the hexagonal path by default and a user path with M, K;
    /// an unknown label stops before any displaced supercell is computed.
    func testNonStandardHexagonalCell() throws {
        let dir = Fixtures.temporaryDirectory().path
        let poscar = dir + "/POSCAR"
        let a = 3.2094, c = 5.2103
        try """
        Mg hcp with gamma = 60
        1.0
        \(a) 0 0
        \(a / 2) \(a * 3.0.squareRoot() / 2) 0
        0 0 \(c)
        Mg
        2
        Direct
        \(-1.0 / 3 + 1) \(2.0 / 3) 0.25
        \(1.0 / 3) \(1.0 / 3) 0.75
        """.write(toFile: poscar, atomically: true, encoding: .utf8)
        let pot = "reference/classical/potentials/Mg_mm.eam.fs"
        let r = try CLIRunner.run(["phonons", pot, poscar, "--supercell", "4x4x3", "--mesh", "2", "--path", "G M K G A", "--json", "--out", dir + "/o"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let labels = try XCTUnwrap(try CLIRunner.json(r)["points"] as? [[String: Any]]).compactMap { $0["label"] as? String }
        XCTAssertEqual(labels, ["G", "M", "K", "A"])
        XCTAssertTrue(r.stderr.contains("less than twice the force constants' reach"), r.stderr)
        let svg = try String(contentsOfFile: dir + "/o/phonons.svg", encoding: .utf8)
        XCTAssertTrue(svg.contains(">Mg phonons — EAM (eam/fs) Mg_mm.eam.fs<"), String(svg.prefix(600)))
        let bad = try CLIRunner.run(["phonons", pot, poscar, "--supercell", "4x4x3", "--path", "G X", "--out", dir + "/o"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stderr.contains("unknown point 'X'"), bad.stderr)
        XCTAssertFalse(bad.stderr.contains("displaced supercell"), bad.stderr)
    }

    /// Zincblende GaN's primitive cell given as a1, a2, a1 + a2 + a3 without --supercell: it
    /// is replaced by its standard primitive cell and gives the conventional cell's
    /// frequencies at the fcc points (1e-6 THz).
    func testSkewedCellIsStandardised() throws {
        let dir = Fixtures.temporaryDirectory().path
        let h = 2.25
        let poscar = dir + "/POSCAR"
        // a1 = (0, h, h), a2 = (h, 0, h), a3' = a1 + a2 + (h, h, 0); N at (¼, ¼, ¼) of the standard cell.
        try """
        GaN zincblende primitive, skewed
        1.0
        0 \(h) \(h)
        \(h) 0 \(h)
        \(2 * h) \(2 * h) \(2 * h)
        Ga N
        1 1
        Cartesian
        0 0 0
        \(h / 2) \(h / 2) \(h / 2)
        """.write(toFile: poscar, atomically: true, encoding: .utf8)
        let skewed = try CLIRunner.run(["phonons", gan, poscar, "--mesh", "2", "--json", "--out", dir + "/a"])
        XCTAssertEqual(skewed.status, 0, skewed.stderr)
        XCTAssertTrue(skewed.stderr.contains("not a standard primitive cell"), skewed.stderr)
        let standard = try CLIRunner.run(["phonons", gan, "zincblende:Ga-N:4.5", "--mesh", "2", "--json", "--out", dir + "/b"])
        XCTAssertEqual(standard.status, 0, standard.stderr)
        func points(_ r: CLIRunner.Result) throws -> [String: [Double]] {
            var out: [String: [Double]] = [:]
            for p in try XCTUnwrap(try CLIRunner.json(r)["points"] as? [[String: Any]]) {
                out[p["label"] as! String] = p["frequencies_THz"] as? [Double]
            }
            return out
        }
        let (a, b) = (try points(skewed), try points(standard))
        XCTAssertEqual(Set(a.keys), Set(["G", "X", "U", "K", "L", "W"]))
        for (label, fa) in a {
            for (x, y) in zip(fa, try XCTUnwrap(b[label])) { XCTAssertEqual(x, y, accuracy: 1e-6, label) }
        }
    }

    /// Zr (hcp): the hexagonal constants by name, no cubic average under "C11".
    func testHexagonalElasticJSON() throws {
        let r = try CLIRunner.run(["elastic", "reference/classical/potentials/Zr_mm.eam.fs", "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let j = try CLIRunner.json(r)
        XCTAssertEqual(j["laue_class"] as? String, "6/mmm")
        XCTAssertEqual(try XCTUnwrap(j["C11"] as? Double), 142.09, accuracy: 0.1)
        XCTAssertEqual(try XCTUnwrap(j["C33"] as? Double), 169.03, accuracy: 0.1)
        for key in ["C12", "C13", "C44", "C66", "B_hill", "G_hill", "E_hill", "poisson_hill"] { XCTAssertNotNil(j[key], key) }
        XCTAssertEqual(j["born_stable"] as? Bool, true)
    }
}
