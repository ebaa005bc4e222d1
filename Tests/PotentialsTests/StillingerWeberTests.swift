import Atoms
import Foundation
import Neighbors
import Potentials
import TestSupport
import XCTest

final class StillingerWeberTests: XCTestCase {
    static let silicon = Element(symbol: "Si")!
    static let carbon = Element(symbol: "C")!

    func load() throws -> StillingerWeber {
        try StillingerWeber.read(TextFile(path: Fixtures.classicalPotential("Si.sw")))
    }

    /// A rattled triclinic 2×2×1 supercell of a diamond-like crystal.
    static func rattled(_ elements: [Element], a: Double) throws -> Structure {
        let kind: LatticeKind = elements.count == 1 ? .diamond : .zincblende
        let crystal = try Supercell.make(Lattices.build(kind, elements: elements, a: a), repeats: SIMD3(2, 2, 1))
        return PotentialChecks.randomTriclinic(crystal, strain: 0.04, rattle: 0.15, seed: 3)
    }

    func testSiliconMatchesLAMMPS() throws {
        let p = try load()
        XCTAssertEqual(p.species, [Self.silicon])
        XCTAssertEqual(p.cutoff, 2.0951 * 1.8, accuracy: 1e-12)
        let e = try PotentialChecks.referenceErrors(p, Fixtures.lammpsFrames("Si_sw.extxyz"))
        print("SW reference errors: energy \(e.energy) eV, force \(e.force) eV/Å, stress \(e.stress) eV/Å³")
        XCTAssertLessThan(e.energy, 1e-6)
        XCTAssertLessThan(e.force, 1e-6)
        XCTAssertLessThan(e.stress, 1e-8)
    }

    func testFiniteDifferencesAndInvariance() throws {
        let p = try load()
        let s = try Self.rattled([Self.silicon], a: 5.43)
        try assertConformance(p, s, strainStep: 1e-5)
    }

    func testToleranceShortensTheRange() throws {
        let text = "Si Si Si 2.1683 2.0951 1.80 21.0 1.20 -0.333333333333 7.049556277 0.6022245584 4.0 0.0 0.5"
        let p = try StillingerWeber.read(TextFile(path: "tol.sw", text: text))
        // tol is capped at 0.01; the range ends where exp(σ/(r − aσ)) = tol.
        XCTAssertEqual(p.cutoff, 2.0951 * 1.8 + 2.0951 / log(0.01), accuracy: 1e-12)
    }

    /// Made-up Si–C parameters with distinct values for every triplet, symmetric in the
    /// two neighbors as LAMMPS assumes.
    static let siliconCarbon = """
        # epsilon sigma a lambda gamma costheta0 A B p q tol
        Si Si Si 2.1683 2.0951 1.80 21.0 1.20 -0.333333333333
                 7.049556277 0.6022245584 4.0 0.0 0.0
        C  C  C  2.5 1.60 1.80 25.0 1.20 -0.333333333333 7.05 0.60 4.0 0.0 0.0
        Si C  C  2.3 1.85 1.80 23.0 1.10 -0.333333333333 7.05 0.60 4.0 0.0 0.0
        C  Si Si 2.3 1.85 1.80 23.0 1.10 -0.333333333333 7.05 0.60 4.0 0.0 0.0
        Si Si C  2.2 1.85 1.80 22.0 1.20 -0.30 7.05 0.60 4.0 0.0 0.0
        Si C  Si 2.2 1.85 1.80 22.0 1.20 -0.30 7.05 0.60 4.0 0.0 0.0
        C  C  Si 2.4 1.85 1.80 24.0 1.20 -0.35 7.05 0.60 4.0 0.0 0.0
        C  Si C  2.4 1.85 1.80 24.0 1.20 -0.35 7.05 0.60 4.0 0.0 0.0
        """

    func testTwoElementFiniteDifferences() throws {
        let p = try StillingerWeber.read(TextFile(path: "SiC.sw", text: Self.siliconCarbon))
        XCTAssertEqual(p.species, [Self.silicon, Self.carbon])
        let s = try Self.rattled([Self.silicon, Self.carbon], a: 4.36)
        let force = try PotentialChecks.forceError(p, s, h: 1e-5)
        let stress = try PotentialChecks.stressError(p, s, h: 1e-5)
        print("SW SiC FD errors: force \(force) eV/Å, stress \(stress) eV/Å³")
        XCTAssertLessThan(force, 1e-6)
        XCTAssertLessThan(stress, 1e-7)
        // Entries (i, j, k) and (i, k, j) that differ are averaged, so the energy does not
        // depend on the order of the atoms.
        let asymmetric = Self.siliconCarbon.replacingOccurrences(of: "C  Si C  2.4 1.85 1.80 24.0 1.20 -0.35",
                                                                 with: "C  Si C  2.0 1.85 1.80 20.0 1.20 -0.25")
        let q = try StillingerWeber.read(TextFile(path: "SiC.sw", text: asymmetric))
        XCTAssertLessThan(try PotentialChecks.invarianceError(q, s), 1e-9)
        XCTAssertLessThan(try PotentialChecks.forceError(q, s, h: 1e-5, atoms: [0, 1, 17]), 1e-6)
        // Restricted to Si, the mixed entries are ignored and the Si–Si one is used.
        let si = try StillingerWeber.read(TextFile(path: "SiC.sw", text: Self.siliconCarbon), elements: [Self.silicon])
        XCTAssertEqual(si.species, [Self.silicon])
        let e = try PotentialChecks.referenceErrors(si, Fixtures.lammpsFrames("Si_sw.extxyz"))
        XCTAssertLessThan(e.energy, 1e-6)
    }

    /// Each corruption of the Si–C file and the line its error must name.
    func testMalformedFilesNameTheLine() throws {
        let lines = Self.siliconCarbon.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func replacing(_ line: Int, _ text: String) -> String {
            var l = lines
            l[line - 1] = text
            return l.joined(separator: "\n")
        }
        let cases: [(String, String, Int)] = [
            ("truncated entry", lines[0..<9].joined(separator: "\n") + "\nC Si C 2.4 1.85 1.80", 10),
            ("non-numeric value", replacing(4, "C  C  C  2.5 1.60 x.80 25.0 1.20 -0.333 7.05 0.60 4.0 0.0 0.0"), 4),
            ("extra value", replacing(5, lines[4] + " 1.0"), 5),
            ("missing value", replacing(5, "Si C  C  2.3 1.85 1.80 23.0 1.10 -0.333 7.05 0.60 4.0 0.0"), 6),
            ("unknown element", replacing(4, "C  Xx C  2.5 1.60 1.80 25.0 1.20 -0.333 7.05 0.60 4.0 0.0 0.0"), 4),
            ("negative epsilon", replacing(4, "C  C  C  -2.5 1.60 1.80 25.0 1.20 -0.333 7.05 0.60 4.0 0.0 0.0"), 4),
            ("zero sigma", replacing(4, "C  C  C  2.5 0.0 1.80 25.0 1.20 -0.333 7.05 0.60 4.0 0.0 0.0"), 4),
            ("negative a", replacing(4, "C  C  C  2.5 1.60 -1.80 25.0 1.20 -0.333 7.05 0.60 4.0 0.0 0.0"), 4),
            ("negative tol", replacing(3, "         7.049556277 0.6022245584 4.0 0.0 -0.1"), 3),
            ("duplicate entry", replacing(5, "C  C  C  2.5 1.60 1.80 25.0 1.20 -0.333 7.05 0.60 4.0 0.0 0.0"), 5),
            ("missing entry", replacing(9, "# no C C Si"), lines.count),
        ]
        let dir = Fixtures.temporaryDirectory()
        for (what, text, line) in cases {
            let path = dir.appendingPathComponent("bad.sw").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            XCTAssertThrowsError(try StillingerWeber.read(TextFile(path: path)), what) { error in
                guard let e = error as? InputError else { return XCTFail("\(what): \(error)") }
                XCTAssertEqual(e.file, path, what)
                XCTAssertEqual(e.line, line, "\(what): \(e)")
            }
        }
    }
}
