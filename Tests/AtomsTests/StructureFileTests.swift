import Atoms
import Foundation
import TestSupport
import XCTest

/// LAMMPS data and dump files written by LAMMPS (`reference/scripts/lammps_structures.py`),
/// CIFs written by hand from published structures, and the new lattice specs.
final class StructureFileTests: XCTestCase {
    func structure(_ name: String, types: AtomTypes = AtomTypes()) throws -> [Frame] {
        try StructureInput.readFrames(path: Fixtures.reference("structures/\(name)"), types: types)
    }

    /// Same cell (Å) and the same atoms at the same fractional positions (modulo lattice
    /// vectors, in any order).
    func assertSame(_ a: Structure, _ b: Structure, tolerance: Double = 1e-9, line: UInt = #line) {
        XCTAssertLessThan((a.cell.matrix - b.cell.matrix).maxAbs, tolerance, "cell", line: line)
        XCTAssertEqual(a.count, b.count, "atoms", line: line)
        XCTAssertEqual(a.formula.count, b.formula.count, line: line)
        for i in 0..<a.count {
            let f = a.cell.fractional(a.positions[i])
            let match = (0..<b.count).contains { j in
                var d = f - b.cell.fractional(b.positions[j])
                d -= d.rounded(.toNearestOrAwayFromZero)
                return b.elements[j] == a.elements[i] && length(d * b.cell.matrix) < tolerance
            }
            XCTAssertTrue(match, "atom \(i + 1) (\(a.elements[i])) at \(f) has no partner", line: line)
        }
    }

    func testLAMMPSDataFiles() throws {
        let gan = try structure("GaN-wurtzite.data")
        XCTAssertEqual(gan.count, 1)
        assertSame(gan[0].structure, try StructureInput.lattice("wurtzite:Ga-N:3.19:5.19:0.377"))
        XCTAssertEqual(gan[0].velocities?.count, 4)
        XCTAssertEqual(gan[0].structure.masses, [69.723, 69.723, 14.007, 14.007])
        assertSame(try structure("NaCl-rocksalt.data")[0].structure, try StructureInput.lattice("rocksalt:Na-Cl:5.64"))
        assertSame(try structure("Cu3Au-L12.data")[0].structure, try StructureInput.lattice("l12:Cu3-Au:3.75"))
        // --types overrides the masses.
        let renamed = try structure("GaN-wurtzite.data", types: AtomTypes(parsing: "1=Al"))[0].structure
        XCTAssertEqual(renamed.species.map(\.symbol), ["Al", "N"])
    }

    /// Elements from `Atom Type Labels`, a `molecular` style without a mass section.
    func testTypeLabelsAndMolecularStyle() throws {
        let text = """
            by hand

            2 atoms
            2 atom types
            0 4 xlo xhi
            0 4 ylo yhi
            0 4 zlo zhi

            Atom Type Labels

            1 Cs
            2 Cl

            Atoms # molecular

            2 1 2 2 2 2
            1 1 1 0 0 0
            """
        let s = try LAMMPSData.read(TextFile(path: "labels.data", text: text)).structure
        assertSame(s, try StructureInput.lattice("b2:Cs-Cl:4"))
        XCTAssertEqual(s.elements.map(\.symbol), ["Cs", "Cl"])
    }

    func testLAMMPSDumps() throws {
        let types = try AtomTypes(parsing: "1=Ga,2=N")
        let wurtzite = try StructureInput.lattice("wurtzite:Ga-N:3.19:5.19:0.377")
        assertSame(try structure("GaN-wurtzite.custom.dump", types: types)[0].structure, wurtzite)
        let scaled = try structure("GaN-wurtzite.atom.dump", types: types)
        XCTAssertEqual(scaled.count, 2)
        // `dump atom` writes scaled coordinates with six digits.
        assertSame(scaled[0].structure, wurtzite, tolerance: 1e-5)
        XCTAssertEqual(scaled[1].structure.positions[0].x - scaled[0].structure.positions[0].x, 0.1, accuracy: 1e-5)
        XCTAssertThrowsError(try structure("GaN-wurtzite.custom.dump")) { error in
            XCTAssertEqual((error as? InputError)?.line, 10, "\(error)")
            XCTAssertTrue("\(error)".contains("--types"))
        }
    }

    func testCIF() throws {
        let gan = try structure("GaN-wurtzite.cif")[0].structure
        XCTAssertEqual(gan.count, 4)
        assertSame(gan, try StructureInput.lattice("wurtzite:Ga-N:3.189:5.185:0.377"), tolerance: 2e-5)
        let rutile = try structure("TiO2-rutile.cif")[0].structure
        let (a, c, x) = (4.5937, 2.9587, 0.30478)
        let ti = Element(symbol: "Ti")!, o = Element(symbol: "O")!
        let sites: [(SIMD3<Double>, Element)] = [
            (SIMD3(0, 0, 0), ti), (SIMD3(0.5, 0.5, 0.5), ti), (SIMD3(x, x, 0), o), (SIMD3(-x, -x, 0), o),
            (SIMD3(0.5 + x, 0.5 - x, 0.5), o), (SIMD3(0.5 - x, 0.5 + x, 0.5), o),
        ]
        let cell = Cell.orthorhombic(SIMD3(a, a, c))
        assertSame(rutile, Structure(cell: cell, positions: sites.map { cell.cartesian($0.0) }, elements: sites.map(\.1)))
        assertSame(try structure("NaCl-P1.cif")[0].structure, try StructureInput.lattice("rocksalt:Na-Cl:5.6402"))
    }

    func testLAMMPSDataRoundTrip() throws {
        let base = try Supercell.make(StructureInput.lattice("perovskite:Sr-Ti-O:3.905"), repeats: SIMD3(1, 1, 2))
        let s = PotentialChecks.randomTriclinic(base, strain: 0.05, rattle: 0.1, seed: 5)
        let text = LAMMPSData.write(s)
        let back = try LAMMPSData.read(TextFile(path: "written.data", text: text)).structure
        XCTAssertLessThan(abs(back.cell.volume - s.cell.volume), 1e-9)
        let dl = back.cell.lengths - s.cell.lengths, da = back.cell.anglesDegrees - s.cell.anglesDegrees
        XCTAssertLessThan(max(dl.max(), -dl.min()), 1e-9)
        XCTAssertLessThan(max(da.max(), -da.min()), 1e-9)
        XCTAssertEqual(back.elements, s.elements)
        for i in 0..<s.count {
            XCTAssertLessThan(length(back.cell.fractional(back.positions[i]) - s.cell.fractional(s.positions[i])), 1e-10)
        }
    }

    func testNewLatticeSpecs() throws {
        let b2 = try StructureInput.lattice("b2:Cs-Cl:4.12")
        XCTAssertEqual(b2.formula, "Cs1Cl1")
        let l12 = try StructureInput.lattice("l12:Cu3-Au:3.75")
        XCTAssertEqual(l12.formula, "Au1Cu3")
        let perovskite = try StructureInput.lattice("perovskite:SrTiO3:3.905")
        XCTAssertEqual(perovskite.formula, "Sr1Ti1O3")
        // Ti–O bond a/2; wurtzite Ga–N bond along c is u·c.
        XCTAssertEqual(length(perovskite.positions[1] - perovskite.positions[2]), 3.905 / 2, accuracy: 1e-12)
        let w = try StructureInput.lattice("wurtzite:Ga-N:3.19:5.19:0.377")
        XCTAssertEqual(w.formula, "Ga2N2")
        XCTAssertEqual(length(w.positions[2] - w.positions[0]), 0.377 * 5.19, accuracy: 1e-12)
        XCTAssertEqual(try StructureInput.lattice("wurtzite:Ga-N:3.19").cell[2].z, 3.19 * (8.0 / 3).squareRoot(), accuracy: 1e-12)
        XCTAssertThrowsError(try StructureInput.lattice("b2:Cs-Cl:4.12:5"))
        XCTAssertThrowsError(try StructureInput.lattice("wurtzite:Ga-N:3.19:5.19:1.5"))
        XCTAssertTrue(StructureInput.isLatticeSpec("perovskite:Sr-Ti-O:3.905"))
    }

    /// Malformed files: errors name the file and line.
    func testMalformedFilesNameTheLine() throws {
        let data = try String(contentsOfFile: Fixtures.reference("structures/GaN-wurtzite.data"), encoding: .utf8)
        func dataError(_ text: String) -> InputError? {
            do { _ = try LAMMPSData.read(TextFile(path: "bad.data", text: text)); return nil } catch { return error as? InputError }
        }
        XCTAssertEqual(dataError(data.replacingOccurrences(of: "1 1 0 1.841747358714906 0 0 0 0",
                                                           with: "1 1 0 1.84x 0 0 0 0"))?.line, 18)
        XCTAssertEqual(dataError(data.replacingOccurrences(of: "4 atoms", with: "5 atoms"))?.file, "bad.data")
        XCTAssertEqual(dataError(data.replacingOccurrences(of: "0 3.19 xlo xhi", with: "3.19 0 xlo xhi"))?.line, 6)
        XCTAssertEqual(dataError(data.replacingOccurrences(of: "2 14.007", with: "2 99.5"))?.line, 14)
        let dump = try String(contentsOfFile: Fixtures.reference("structures/GaN-wurtzite.custom.dump"), encoding: .utf8)
        XCTAssertThrowsError(try LAMMPSDump.read(TextFile(path: "cut.dump", text: String(dump.dropLast(40))),
                                                 types: AtomTypes(parsing: "1=Ga,2=N"))) { error in
            XCTAssertEqual((error as? InputError)?.file, "cut.dump")
            XCTAssertNotNil((error as? InputError)?.line)
        }
        let cif = try String(contentsOfFile: Fixtures.reference("structures/NaCl-P1.cif"), encoding: .utf8)
        func cifError(_ text: String) -> InputError? {
            do { _ = try CIF.read(TextFile(path: "bad.cif", text: text)); return nil } catch { return error as? InputError }
        }
        XCTAssertEqual(cifError(cif.replacingOccurrences(of: "Cl2 Cl 0.5 0.5 0.5 1", with: "Cl2 Cl 0.5 0.5 0.5 0.5"))?.line, 26)
        XCTAssertEqual(cifError(cif.replacingOccurrences(of: "'x, y, z'", with: "'x, y, z"))?.line, 13)
        XCTAssertEqual(cifError(cif.replacingOccurrences(of: "_cell_angle_gamma 90", with: "_cell_angle_gamma 9Q"))?.line, 9)
    }
}
