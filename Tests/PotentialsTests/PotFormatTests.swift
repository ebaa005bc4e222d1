import Atoms
import Foundation
import Potentials
import TestSupport
import XCTest

/// The native `.pot` format: exact round trips, classical files inline, and malformed
/// files reported with file and line.
final class PotFormatTests: XCTestCase {
    func write(_ text: String, _ name: String) throws -> String {
        let path = Fixtures.temporaryDirectory().appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testRoundTripsChangeNoNumber() throws {
        let potentials: [BehlerParrinello] = [
            try NeuralNetworkTests.madeUp(), try N2P2ImportTests.zuo("Si"), try N2P2ImportTests.synthetic("tanhu-sigma"),
            try AenetReader.read([AenetImportTests.path]),
        ]
        let s = try StillingerWeberTests.rattled([NeuralNetworkTests.silicon, NeuralNetworkTests.copper], a: 5.2)
        for p in potentials {
            let text = PotFormat.write(p)
            let path = try write(text, "p.pot")
            guard let loaded = try PotentialLoader.load(path) as? BehlerParrinello else { return XCTFail("not a network") }
            XCTAssertEqual(loaded.models, p.models, p.name)
            XCTAssertEqual(loaded.provenance, p.provenance, p.name)
            XCTAssertEqual(PotFormat.write(loaded), text, "save → load → save of \(p.name)")
            var structure = s
            structure.elements = s.elements.map { p.species.contains($0) ? $0 : p.species[0] }
            let a = try p.evaluate(structure), b = try loaded.evaluate(structure)
            XCTAssertEqual(a.energy, b.energy, p.name)
            XCTAssertEqual(a.forces, b.forces, p.name)
        }
    }

    func testClassicalPotentialsInline() throws {
        for name in ["Si.sw", "Si.tersoff", "Cu_mishin1.eam.alloy", "Cu_u3.eam"] {
            let original = try PotentialLoader.load(Fixtures.classicalPotential(name))
            let path = try write(try PotentialLoader.potText(Fixtures.classicalPotential(name)), "x.pot")
            let inline = try PotentialLoader.load(path)
            let s = try Lattices.build(original.species[0].symbol == "Si" ? .diamond : .fcc, elements: [original.species[0]],
                                       a: original.species[0].symbol == "Si" ? 5.431 : 3.615)
            XCTAssertEqual(try inline.evaluate(s).energy, try original.evaluate(s).energy, name)
            XCTAssertEqual(try PotentialLoader.potText(path), try String(contentsOfFile: path, encoding: .utf8), name)
        }
    }

    /// Each corruption of a `.pot` file and the line its error must name.
    func testMalformedFilesNameTheLine() throws {
        let text = PotFormat.write(try N2P2ImportTests.synthetic("poly2-minmax"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func line(containing s: String) -> Int { lines.firstIndex { $0.contains(s) }! + 1 }
        func replacing(_ n: Int, _ f: (String) -> String) -> String {
            var l = lines
            l[n - 1] = f(l[n - 1])
            return l.joined(separator: "\n")
        }
        let descriptorLine = line(containing: "\"type\": \"G4\"")
        let activationLine = line(containing: "\"activation\"")
        let cases: [(String, String, Int)] = [
            ("truncated", lines[0..<40].joined(separator: "\n"), 40),
            ("unknown activation", replacing(activationLine) { $0.replacingOccurrences(of: "tanh", with: "swish") }, activationLine),
            ("bad number", replacing(descriptorLine) { $0.replacingOccurrences(of: "\"eta\": ", with: "\"eta\": 1.2.3") }, descriptorLine),
            ("unknown species", replacing(descriptorLine) { $0.replacingOccurrences(of: "\"neighbor1\": \"Si\"", with: "\"neighbor1\": \"Xx\"") },
             descriptorLine),
            ("missing key", replacing(descriptorLine) { $0.replacingOccurrences(of: "\"lambda\"", with: "\"lambada\"") }, descriptorLine),
            ("future version", replacing(line(containing: "\"version\"")) { $0.replacingOccurrences(of: "1", with: "7") },
             line(containing: "\"version\"")),
        ]
        for (what, corrupted, expected) in cases {
            let path = try write(corrupted, "bad.pot")
            XCTAssertThrowsError(try PotentialLoader.load(path), what) { error in
                guard let e = error as? InputError else { return XCTFail("\(what): \(error)") }
                XCTAssertEqual(e.file, path, what)
                XCTAssertEqual(e.line, expected, "\(what): \(e)")
            }
        }
    }
}
