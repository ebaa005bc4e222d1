import Atoms
import Foundation
import Neighbors
import Potentials
import TestSupport
import XCTest

final class TersoffTests: XCTestCase {
    static let silicon = Element(symbol: "Si")!
    static let carbon = Element(symbol: "C")!

    func load() throws -> Tersoff {
        try Tersoff.read(TextFile(path: Fixtures.classicalPotential("Si.tersoff")))
    }

    func testSiliconMatchesLAMMPS() throws {
        let p = try load()
        XCTAssertEqual(p.species, [Self.silicon])
        XCTAssertEqual(p.cutoff, 3.2, accuracy: 1e-12)
        let e = try PotentialChecks.referenceErrors(p, Fixtures.lammpsFrames("Si_tersoff.extxyz"))
        print("Tersoff reference errors: energy \(e.energy) eV, force \(e.force) eV/Å, stress \(e.stress) eV/Å³")
        XCTAssertLessThan(e.energy, 1e-6)
        XCTAssertLessThan(e.force, 1e-6)
        XCTAssertLessThan(e.stress, 1e-8)
    }

    func testFiniteDifferencesAndInvariance() throws {
        let p = try load()
        let s = try StillingerWeberTests.rattled([Self.silicon], a: 5.43)
        try assertConformance(p, s, strainStep: 1e-5)
    }

    /// Made-up Si–C parameters (after Tersoff's 1989 mixing, with distinct angular terms
    /// per triplet and an m = 1 entry) so that every triplet is told apart.
    static let siliconCarbon = """
        # m gamma lambda3 c d costheta0 n beta lambda2 B R D lambda1 A
        Si Si Si 3.0 1.0 1.3258 4.8381 2.0417 0.0000 22.956
                 0.33675 1.3258 95.373 3.0 0.2 3.2394 3264.7
        C  C  C  3.0 1.0 0.0 38049 4.3484 -0.57058 0.72751 1.5724e-7 2.2119 346.74 1.95 0.15 3.4879 1393.6
        Si C  C  3.0 1.0 0.0 100390 16.217 -0.59825 0.78734 1.1000e-6 1.97205 395.126 2.36 0.15 2.9839 1597.3111
        C  Si Si 3.0 1.0 0.0 38049 4.3484 -0.57058 0.72751 1.5724e-7 1.97205 395.126 2.36 0.15 2.9839 1597.3111
        Si Si C  1.0 1.1 0.5 100390 16.217 -0.59825 0.78734 1.1000e-6 1.7322 471.18 2.85 0.15 2.4799 1830.8
        Si C  Si 3.0 0.9 0.2 100390 16.217 -0.59825 0.78734 1.1000e-6 1.97205 395.126 2.36 0.15 2.9839 1597.3111
        C  C  Si 3.0 1.0 0.3 38049 4.3484 -0.57058 0.72751 1.5724e-7 1.97205 395.126 2.36 0.15 2.9839 1597.3111
        C  Si C  1.0 1.2 0.1 38049 4.3484 -0.57058 0.72751 1.5724e-7 2.2119 346.74 1.95 0.15 3.4879 1393.6
        """

    func testTwoElementFiniteDifferences() throws {
        let p = try Tersoff.read(TextFile(path: "SiC.tersoff", text: Self.siliconCarbon))
        XCTAssertEqual(p.species, [Self.silicon, Self.carbon])
        let s = try StillingerWeberTests.rattled([Self.silicon, Self.carbon], a: 4.36)
        let force = try PotentialChecks.forceError(p, s, h: 1e-5)
        let stress = try PotentialChecks.stressError(p, s, h: 1e-5)
        print("Tersoff SiC FD errors: force \(force) eV/Å, stress \(stress) eV/Å³")
        XCTAssertLessThan(force, 1e-6)
        XCTAssertLessThan(stress, 1e-7)
        let c = try Tersoff.read(TextFile(path: "SiC.tersoff", text: Self.siliconCarbon), elements: [Self.carbon])
        XCTAssertEqual(c.species, [Self.carbon])
        XCTAssertEqual(c.cutoff, 2.1, accuracy: 1e-12)
    }

    /// Each corruption of the Si–C file and the line its error must name.
    func testMalformedFilesNameTheLine() throws {
        let lines = Self.siliconCarbon.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func replacing(_ line: Int, _ text: String) -> String {
            var l = lines
            l[line - 1] = text
            return l.joined(separator: "\n")
        }
        let entry = "C  C  C  3.0 1.0 0.0 38049 4.3484 -0.57058 0.72751 1.5724e-7 2.2119 346.74 1.95 0.15 3.4879 1393.6"
        func withValue(_ k: Int, _ value: String) -> String {
            var words = entry.split(separator: " ").map(String.init)
            words[3 + k] = value
            return replacing(4, words.joined(separator: " "))
        }
        let cases: [(String, String, Int)] = [
            ("truncated entry", lines[0..<9].joined(separator: "\n") + "\nC Si C 1.0 1.2 0.1 38049", 10),
            ("truncated continuation", replacing(3, "         0.33675 1.3258 95.373 3.0 0.2 3.2394"), 4),
            ("non-numeric value", withValue(4, "4.34.84"), 4),
            ("extra value", replacing(4, entry + " 7"), 4),
            ("unknown element", replacing(4, entry.replacingOccurrences(of: "C  C  C", with: "C  Q  C")), 4),
            ("m not 1 or 3", withValue(0, "2.0"), 4),
            ("negative c", withValue(3, "-38049"), 4),
            ("zero d", withValue(4, "0"), 4),
            ("zero n", withValue(6, "0"), 4),
            ("negative beta", withValue(7, "-1e-7"), 4),
            ("zero R", withValue(10, "0"), 4),
            ("D larger than R", withValue(11, "2.5"), 4),
            ("negative A", withValue(13, "-1393.6"), 4),
            ("duplicate entry", replacing(5, entry), 5),
            ("missing entry", replacing(10, "# no C Si C"), lines.count),
        ]
        let dir = Fixtures.temporaryDirectory()
        for (what, text, line) in cases {
            let path = dir.appendingPathComponent("bad.tersoff").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            XCTAssertThrowsError(try Tersoff.read(TextFile(path: path)), what) { error in
                guard let e = error as? InputError else { return XCTFail("\(what): \(error)") }
                XCTAssertEqual(e.file, path, what)
                XCTAssertEqual(e.line, line, "\(what): \(e)")
            }
        }
    }
}
