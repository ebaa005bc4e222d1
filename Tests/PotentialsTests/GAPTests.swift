import Atoms
import Foundation
import Potentials
import TestSupport
import XCTest

/// GAP potentials read from QUIP's files against QUIP's own energies, forces and stresses
/// (`reference/gap/`, see reference/README.md), and the conformance checks.
final class GAPTests: XCTestCase {
    static let cuAlDirectory = Fixtures.reference("gap/CuAl")
    static let cuAl = cuAlDirectory + "/CuAl_gap.xml"

    /// The Mo SOAP-GAP of `../shared/data/gap-reference/` when that directory is present.
    static var sharedMoDirectory: String? {
        [Fixtures.root.deletingLastPathComponent().appendingPathComponent("shared/data/gap-reference").path,
         "/work/shared/data/gap-reference"].first { FileManager.default.fileExists(atPath: $0 + "/potentials/soap.xml") }
    }

    /// Asserts that `p` reproduces the reference frames to `tolerance` in energy per atom
    /// (eV/atom), force components (eV/Å) and stress (eV/Å³), printing the largest errors.
    static func assertMatches(_ p: Potential, _ frames: [Frame], tolerance: Double, _ label: String,
                              file: StaticString = #filePath, line: UInt = #line) throws {
        var worst = (energy: 0.0, force: 0.0, stress: 0.0)
        for f in frames {
            let r = try p.evaluate(f.structure)
            worst.energy = max(worst.energy, abs(r.energy! - f.energy!) / Double(f.structure.count))
            for (a, b) in zip(r.forces!, f.forces!) { worst.force = max(worst.force, (a - b).max(), (b - a).max()) }
            worst.stress = max(worst.stress, (r.stress! - f.stress!).maxAbs)
        }
        print("\(label) vs QUIP: energy \(worst.energy) eV/atom, force \(worst.force) eV/Å, stress \(worst.stress) eV/Å³")
        for (name, value) in [("energy", worst.energy), ("force", worst.force), ("stress", worst.stress)] {
            XCTAssertLessThan(value, tolerance, "\(label) \(name)", file: file, line: line)
        }
    }

    func testTwoSpeciesSOAPWithPairTermMatchesQUIP() throws {
        let p = try GAPReader.read(Self.cuAl)
        XCTAssertEqual(p.species.map(\.symbol), ["Al", "Cu"])
        XCTAssertEqual(p.cutoff, 4.0)
        let frames = try ExtendedXYZ.read(TextFile(path: Self.cuAlDirectory + "/CuAl_test_gap.extxyz"))
        try Self.assertMatches(p, frames, tolerance: 1e-8, "GAP CuAl")
    }

    func testMoSOAPMatchesQUIP() throws {
        guard let dir = Self.sharedMoDirectory else {
            throw XCTSkip("the Mo GAP reference (../shared/data/gap-reference) is not present; skipped")
        }
        let p = try PotentialLoader.load(dir + "/potentials/soap.xml")
        XCTAssertEqual(p.species.map(\.symbol), ["Mo"])
        let all = try ExtendedXYZ.read(TextFile(path: dir + "/Mo_test_gap.extxyz"))
        let frames = [all[0], all[11], all[22]]  // all 23 take ~30 s in a debug build; README gives the full run
        try Self.assertMatches(p, frames, tolerance: 1e-8, "GAP Mo (3 frames)")
    }

    func testConformanceOnRandomTriclinicCell() throws {
        let p = try GAPReader.read(Self.cuAl)
        let frame = try ExtendedXYZ.read(TextFile(path: Self.cuAlDirectory + "/CuAl_test_gap.extxyz"))[0]
        let s = PotentialChecks.randomTriclinic(frame.structure, strain: 0.05, rattle: 0.1, seed: 3)
        try assertConformance(p, s, forceTolerance: 1e-6, stressTolerance: 1e-7)
    }

    func testSupercellIsExtensive() throws {
        let p = try GAPReader.read(Self.cuAl)
        let path = Self.cuAlDirectory + "/CuAl_test_gap.extxyz"
        let last = try ExtendedXYZ.read(TextFile(path: path)).last!.structure  // the frame StructureInput takes
        let big = try StructureInput.structure(path, supercell: "2x1x2")
        XCTAssertEqual(big.count, 4 * last.count)
        XCTAssertEqual(try p.evaluate(big).energy!, 4 * (try p.evaluate(last).energy!), accuracy: 1e-9)
    }

    func testDetectedByContent() throws {
        let dir = Fixtures.temporaryDirectory()
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.cuAlDirectory) where name.hasPrefix("CuAl_gap") {
            let target = name == "CuAl_gap.xml" ? "model.data" : name
            try FileManager.default.copyItem(atPath: Self.cuAlDirectory + "/" + name, toPath: dir.appendingPathComponent(target).path)
        }
        let p = try PotentialLoader.load(dir.appendingPathComponent("model.data").path)
        XCTAssertTrue(p is GAP, "\(type(of: p))")
        XCTAssertEqual(try PotentialLoader.detect(TextFile(path: Self.cuAl)), .gap)
    }

    /// Writes the CuAl xml changed by `edit` into a scratch directory (with the sparse files
    /// unless `sparse` is false) and returns the error reading it raises.
    func readError(sparse: Bool = true, _ edit: (String) -> String) throws -> InputError {
        let dir = Fixtures.temporaryDirectory()
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.cuAlDirectory) where name.hasPrefix("CuAl_gap.xml.") && sparse {
            try FileManager.default.copyItem(atPath: Self.cuAlDirectory + "/" + name, toPath: dir.appendingPathComponent(name).path)
        }
        let path = dir.appendingPathComponent("CuAl_gap.xml").path
        try edit(String(contentsOfFile: Self.cuAl, encoding: .utf8)).write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try PotentialLoader.load(path)
        } catch let e as InputError {
            XCTAssertEqual(e.file, path, "\(e)")
            return e
        }
        XCTFail("no error")
        return InputError("")
    }

    func testBadFilesAreRefusedWithFileAndLine() throws {
        let truncated = try readError { String($0.prefix($0.count / 2)) }
        XCTAssertTrue(truncated.message.contains("truncated"), "\(truncated)")
        XCTAssertNotNil(truncated.line)

        let missing = try readError(sparse: false) { $0 }
        XCTAssertTrue(missing.message.contains("sparse-point file") && missing.message.contains("missing"), "\(missing)")
        XCTAssertEqual(missing.line, 125, "\(missing)")

        let unknown = try readError { $0.replacingOccurrences(of: "central_weight=0.5", with: "central_weight=0.5 frobnicate=2") }
        XCTAssertTrue(unknown.message.contains("unknown keyword 'frobnicate'"), "\(unknown)")
        XCTAssertNotNil(unknown.line)

        let kind = try readError { $0.replacingOccurrences(of: "<descriptor>distance_2b", with: "<descriptor>angle_3b") }
        XCTAssertTrue(kind.message.contains("GAP descriptor 'angle_3b' is not supported"), "\(kind)")

        let basis = try readError { $0.replacingOccurrences(of: "central_weight=0.5", with: "radial_basis=GTO") }
        XCTAssertTrue(basis.message.contains("radial_basis=GTO"), "\(basis)")

        let dimension = try readError { $0.replacingOccurrences(of: "dimensions=\"145\"", with: "dimensions=\"144\"") }
        XCTAssertTrue(dimension.message.contains("145 components"), "\(dimension)")
    }
}


extension GAPTests {
    /// gap_fit with sparse_separate_file=F keeps the sparse points inside `<sparseX>`: the
    /// same model written that way gives the same numbers.
    func testInlineSparsePointsEqualSeparateFiles() throws {
        var xml = try String(contentsOfFile: Self.cuAl, encoding: .utf8)
        var dimension = 0
        var pending: [String] = []
        var lines: [String] = []
        for line in xml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.contains("<gpCoordinates"), let name = Self.attribute("sparseX_filename", in: line),
               let d = Self.attribute("dimensions", in: line).flatMap({ Int($0) }) {
                dimension = d
                pending = try String(contentsOfFile: Self.cuAlDirectory + "/" + name, encoding: .utf8)
                    .split(whereSeparator: \.isWhitespace).map(String.init)
                lines.append(line.replacingOccurrences(of: "sparseX_filename=\"\(name)\"", with: ""))
            } else if line.contains("<sparseX "), line.hasSuffix("/>") {
                let values = pending.prefix(dimension).joined(separator: " ")
                pending.removeFirst(dimension)
                lines.append(String(line.dropLast(2)) + ">" + values + "</sparseX>")
            } else {
                lines.append(line)
            }
        }
        xml = lines.joined(separator: "\n")
        let dir = Fixtures.temporaryDirectory()
        let path = dir.appendingPathComponent("inline.xml").path
        try xml.write(toFile: path, atomically: true, encoding: .utf8)
        let inline = try GAPReader.read(path), separate = try GAPReader.read(Self.cuAl)
        let s = try ExtendedXYZ.read(TextFile(path: Self.cuAlDirectory + "/CuAl_test_gap.extxyz"))[2].structure
        let a = try inline.evaluate(s), b = try separate.evaluate(s)
        XCTAssertEqual(a.energy!, b.energy!)
        XCTAssertEqual(a.forces!, b.forces!)
    }

    /// The value of `key="..."` in an xml line.
    static func attribute(_ key: String, in line: String) -> String? {
        guard let start = line.range(of: key + "=\"") else { return nil }
        let rest = line[start.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}
