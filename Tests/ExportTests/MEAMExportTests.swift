import Atoms
import Export
import Foundation
import Potentials
import TestSupport
import XCTest

/// `props export --lammps` of a MEAM potential: pair_style meam with both files copied,
/// whose copies props reads back to the same numbers (also through the plugin's props.pot).
final class MEAMExportTests: XCTestCase {
    func testWritesPairStyleMEAMWithBothFiles() throws {
        let spec = Fixtures.classicalPotential("library.meam") + "," + Fixtures.classicalPotential("SiC.meam")
        let map = try LabelMap(parsing: "Si,C")
        let dir = Fixtures.temporaryDirectory().path
        let result = try LAMMPSExport.export(spec, to: dir, plugin: "propsplugin.so", map: map)
        XCTAssertEqual(result.pairStyle, "meam")
        XCTAssertEqual(Set(result.files), ["library.meam", "SiC.meam", "pair.lmp", "README", "props.pot", "pair-plugin.lmp"])
        let pair = try String(contentsOfFile: dir + "/pair.lmp", encoding: .utf8)
        XCTAssertTrue(pair.contains("pair_coeff * * ${propsdir}/library.meam Si C ${propsdir}/SiC.meam Si C"), pair)
        let s = PotentialChecks.randomTriclinic(try StructureInput.lattice("zincblende:Si-C:4.36"), seed: 5)
        let original = try PotentialLoader.load(spec, map: map).evaluate(s)
        let copy = try PotentialLoader.load(dir + "/library.meam," + dir + "/SiC.meam", map: map).evaluate(s)
        XCTAssertEqual(original.energy!, copy.energy!, accuracy: 1e-12)
        // The plugin's props.pot: a reference to the copies, with the labels.
        XCTAssertEqual(original.energy!, try PotentialLoader.load(dir + "/props.pot").evaluate(s).energy!, accuracy: 1e-12)
    }
}
