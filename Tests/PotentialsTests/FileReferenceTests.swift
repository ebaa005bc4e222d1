import Atoms
import Foundation
import Potentials
import TestSupport
import XCTest

/// `props convert` of SNAP, ML-IAP, GAP and MEAM: a `.pot` that refers to the original files
/// with their SHA-256 checksums; it evaluates exactly as the files do, and a changed or
/// missing file is an error naming it (and both checksums).
final class FileReferenceTests: XCTestCase {
    static func ml(_ names: String...) -> String { names.map { Fixtures.reference("lammps-ml/potentials/" + $0) }.joined(separator: ",") }

    func testReferencePotEvaluatesAsTheFiles() throws {
        let cu = PotentialChecks.randomTriclinic(try Lattices.build(.fcc, elements: [Element(symbol: "Cu")!], a: 3.62))
        let si = PotentialChecks.randomTriclinic(try Lattices.build(.diamond, elements: [Element(symbol: "Si")!], a: 5.45))
        let gap = try ExtendedXYZ.read(TextFile(path: Fixtures.reference("gap/CuAl/CuAl_test_gap.extxyz")))[0].structure
        let cases: [(String, String, Structure)] = [
            (Self.ml("Cu_Zuo_JPCA2020.snapcoeff", "Cu_Zuo_JPCA2020.snapparam"), "", cu),
            (Self.ml("Si.nn.mliap.model", "Si.nn.mliap.descriptor"), "", si),
            (Fixtures.reference("gap/CuAl/CuAl_gap.xml"), "", gap),
            (Fixtures.classicalPotential("library.meam") + "," + Fixtures.classicalPotential("Cu.meam"), "Cu", cu),
        ]
        for (spec, map, s) in cases {
            let text = try PotentialLoader.potText(spec, map: LabelMap(parsing: map))
            XCTAssertTrue(text.contains("\"files\"") && text.contains("sha256"), spec)
            let pot = Fixtures.temporaryDirectory().appendingPathComponent("ref.pot").path
            try text.write(toFile: pot, atomically: true, encoding: .utf8)
            let a = try PotentialLoader.load(spec, map: LabelMap(parsing: map)).evaluate(s)
            let b = try PotentialLoader.load(pot).evaluate(s)
            XCTAssertEqual(a.energy, b.energy, spec)
            XCTAssertEqual(a.forces!, b.forces!, spec)
            XCTAssertEqual(try PotentialLoader.potText(pot).trimmingCharacters(in: .whitespacesAndNewlines),
                           text.trimmingCharacters(in: .whitespacesAndNewlines), "a reference .pot converts to itself")
        }
    }

    func testChangedOrMissingFileIsAnErrorNamingIt() throws {
        // The GAP's xml and sparse-point files copied beside a reference that names them.
        let dir = Fixtures.temporaryDirectory()
        let source = Fixtures.reference("gap/CuAl")
        for name in try FileManager.default.contentsOfDirectory(atPath: source) where name.hasPrefix("CuAl_gap.xml") {
            try FileManager.default.copyItem(atPath: source + "/" + name, toPath: dir.appendingPathComponent(name).path)
        }
        let xml = dir.appendingPathComponent("CuAl_gap.xml").path
        let p = try PotentialLoader.load(xml)
        let reference = try FileReference.of(xml, potential: p, map: LabelMap(), namesOnly: true)
        XCTAssertEqual(reference.companions.count, 5)
        let pot = dir.appendingPathComponent("gap.pot").path
        try reference.text.write(toFile: pot, atomically: true, encoding: .utf8)
        XCTAssertEqual(try PotentialLoader.load(pot).species, p.species)

        let sparse = dir.appendingPathComponent(reference.companions[2].path).path
        let original = try String(contentsOfFile: sparse, encoding: .utf8)
        try (original + "\n1.0\n").write(toFile: sparse, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try PotentialLoader.load(pot)) { error in
            let m = "\(error)"
            XCTAssertTrue(m.contains("gap.pot") && m.contains(reference.companions[2].path) && m.contains(reference.companions[2].sha256)
                          && m.contains("changed"), m)
        }
        try FileManager.default.removeItem(atPath: sparse)
        XCTAssertThrowsError(try PotentialLoader.load(pot)) { error in
            XCTAssertTrue("\(error)".contains("gap.pot") && "\(error)".contains("missing"), "\(error)")
        }
        // A bad checksum field is an error at its line.
        try reference.text.replacingOccurrences(of: reference.files[0].sha256, with: "xyz").write(toFile: pot, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try PotentialLoader.load(pot)) { error in
            XCTAssertTrue("\(error)".contains("gap.pot:") && "\(error)".contains("64 hex digits"), "\(error)")
        }
    }
}
