import Atoms
import Foundation
import Potentials
import TestSupport
import XCTest

/// The multi-element LAMMPS files of issue 19 (zeros in unused two-body values, labels
/// such as `Si(D)`, eam/fs with O, tersoff/mod, tersoff/zbl) against LAMMPS 22 Jul 2025,
/// numbers made by `reference/scripts/lammps_multielement.py`.
final class LAMMPSFileTests: XCTestCase {
    /// Largest |ΔE| per atom (eV), |ΔF| component (eV/Å) and |Δσ| (eV/Å³) over the frames.
    func errors(_ file: String, _ reference: String, map: String = "") throws -> (Double, Double, Double) {
        let p = try PotentialLoader.load(Fixtures.classicalPotential(file), map: LabelMap(parsing: map))
        let frames = try Fixtures.lammpsFrames(reference)
        XCTAssertGreaterThanOrEqual(frames.count, 3)
        var worst = (0.0, 0.0, 0.0)
        for f in frames {
            let r = try p.evaluate(f.structure)
            worst.0 = max(worst.0, abs(r.energy! - f.energy!) / Double(f.structure.count))
            for (a, b) in zip(r.forces!, f.forces!) { worst.1 = max(worst.1, (a - b).max(), (b - a).max()) }
            worst.2 = max(worst.2, (r.stress! - f.stress!).maxAbs)
        }
        print("\(file) vs LAMMPS: \(worst.0) eV/atom, \(worst.1) eV/Å, \(worst.2) eV/Å³")
        return worst
    }

    func assertMatches(_ file: String, _ reference: String, map: String = "",
                       line: UInt = #line) throws {
        let (e, f, s) = try errors(file, reference, map: map)
        XCTAssertLessThan(e, 1e-8, "energy of \(file)", line: line)
        XCTAssertLessThan(f, 1e-8, "forces of \(file)", line: line)
        XCTAssertLessThan(s, 1e-9, "stress of \(file)", line: line)
    }

    func testFilesWithZerosInUnusedTwoBodyValues() throws {
        try assertMatches("SiC.tersoff", "SiC_tersoff.extxyz")
        try assertMatches("SiC_Erhart-Albe.tersoff", "SiC_Erhart-Albe_tersoff.extxyz")
        try assertMatches("SiO.tersoff", "SiO_tersoff.extxyz")
        try assertMatches("GaN.sw", "GaN_sw.extxyz")
        try assertMatches("CdTe.sw", "CdTe_sw.extxyz")
    }

    func testLabelMap() throws {
        try assertMatches("SiCGe.tersoff", "SiCGe_tersoff_map.extxyz", map: "Si(D)=Si,C")
        let silicon = try PotentialLoader.load(Fixtures.classicalPotential("SiCGe.tersoff"), map: LabelMap(parsing: "Si(D)=Si"))
        XCTAssertEqual(silicon.species.map(\.symbol), ["Si"])
        let path = Fixtures.classicalPotential("SiCGe.tersoff")
        XCTAssertThrowsError(try PotentialLoader.load(path)) {
            XCTAssertTrue("\($0)".contains("--map 'Si(B)=ELEMENT'"), "\($0)")
        }
        XCTAssertThrowsError(try PotentialLoader.load(path, map: LabelMap(parsing: "Si(Q)=Si"))) {
            XCTAssertTrue("\($0)".contains("does not have"), "\($0)")
        }
        XCTAssertThrowsError(try LabelMap(parsing: "Si(D)=Xx"))
        XCTAssertThrowsError(try LabelMap(parsing: "A=Si,B=Si"))
        XCTAssertThrowsError(try PotentialLoader.load("lj:Ar:0.0104:3.4:8.5", map: LabelMap(parsing: "X=Ar")))
        // eam/alloy labels are mapped too: Cu_mishin1's "Cu" read as Ni names Ni.
        let nickel = try PotentialLoader.load(Fixtures.classicalPotential("Cu_mishin1.eam.alloy"),
                                              map: LabelMap(parsing: "Cu=Ni"))
        XCTAssertEqual(nickel.species.map(\.symbol), ["Ni"])
    }

    /// NiO.eam.fs as LAMMPS ships it (converted to LF line endings here; CRLF reading
    /// is the text reader's business).
    func testFinnisSinclairWithOxygen() throws {
        try assertMatches("NiO.eam.fs", "NiO_eam_fs.extxyz")
    }

    func testTersoffMod() throws {
        try assertMatches("Si.tersoff.mod", "Si_tersoff_mod.extxyz")
        let p = try PotentialLoader.load(Fixtures.classicalPotential("Si.tersoff.mod"))
        XCTAssertTrue(p.name.hasPrefix("tersoff/mod"))
        try assertConformance(p, StillingerWeberTests.rattled([TersoffTests.silicon], a: 5.43), strainStep: 1e-5)
    }

    func testTersoffZBL() throws {
        try assertMatches("SiC.tersoff.zbl", "SiC_tersoff_zbl.extxyz")
        let p = try PotentialLoader.load(Fixtures.classicalPotential("SiC.tersoff.zbl"))
        XCTAssertTrue(p.name.hasPrefix("tersoff/zbl"))
        // A compressed, sheared and rattled 2-atom cell: Si–C bonds near 1.3 Å, where the
        // ZBL term still weighs in, and the second neighbours inside the Tersoff cutoff.
        let cell = try StructureInput.lattice("primitive-zincblende:Si-C:3.0")
        let s = PotentialChecks.randomTriclinic(cell, strain: 0.04, rattle: 0.1, seed: 4)
        let zbl = try XCTUnwrap(p as? Tersoff)
        XCTAssertGreaterThan(zbl.cutoff, 2.5)
        print("tersoff/zbl compressed-cell stress:", try p.evaluate(s).stress!.maxAbs, "eV/Å³")
        try assertConformance(p, s, strainStep: 1e-6)
    }

    func testDetectionByLayout() throws {
        let expected: [String: PotentialLoader.Kind] = [
            "SiC.tersoff": .tersoff, "SiCGe.tersoff": .tersoff, "GaN.sw": .stillingerWeber,
            "NiO.eam.fs": .setfl, "Si.tersoff.mod": .tersoffMod, "SiC.tersoff.zbl": .tersoffZBL,
        ]
        for (name, kind) in expected {
            XCTAssertEqual(try PotentialLoader.detect(TextFile(path: Fixtures.classicalPotential(name))), kind, name)
        }
    }

    /// A bad number in the first entry or an EAM header is reported by the reader of the
    /// format, at its line; a file that fits no format says what each expected.
    func testErrorsNameFormatAndLine() throws {
        let sw = try String(contentsOfFile: Fixtures.classicalPotential("Si.sw"), encoding: .utf8)
        let badSW = TextFile(path: "bad.sw", text: sw.replacingOccurrences(of: "2.0951", with: "2.09x1"))
        XCTAssertEqual(try PotentialLoader.detect(badSW), .stillingerWeber)
        XCTAssertThrowsError(try StillingerWeber.read(badSW)) { error in
            let e = error as? InputError
            XCTAssertTrue(e?.message.contains("sigma") ?? false, "\(error)")
            XCTAssertNotNil(e?.line)
        }
        // A grid line (funcfl line 3, setfl line 5) with a bad number: the error is at that line.
        for (name, line, old, new) in [("Cu_u3.eam", 3, "e-02", "Q-02"),
                                       ("Cu_mishin1.eam.alloy", 5, "0.00089991", "0.0008x991")] {
            var lines = try String(contentsOfFile: Fixtures.classicalPotential(name), encoding: .utf8)
                .components(separatedBy: "\n")
            lines[line - 1] = lines[line - 1].replacingOccurrences(of: old, with: new)
            let bad = TextFile(path: "bad-" + name, text: lines.joined(separator: "\n"))
            XCTAssertEqual(try PotentialLoader.detect(bad), line == 3 ? .funcfl : .setfl)
            XCTAssertThrowsError(try line == 3 ? EAM.funcfl(bad) : EAM.setfl(bad)) {
                XCTAssertEqual(($0 as? InputError)?.line, line, "\($0)")
            }
        }
        let junk = TextFile(path: "junk", text: "Si Si Si 1 2 3\n")
        XCTAssertThrowsError(try PotentialLoader.detect(junk)) { error in
            let text = "\(error)"
            for word in ["funcfl", "setfl", "first entry (line 1) has 3"] { XCTAssertTrue(text.contains(word), text) }
        }
    }
}
