import Atoms
import TestSupport
import XCTest

final class FileFormatTests: XCTestCase {
    func file(_ text: String, _ name: String = "test.extxyz") -> TextFile { TextFile(path: name, text: text) }

    let poscar = """
    Si2 test
    1.0
      0.0 2.715 2.715
      2.715 0.0 2.715
      2.715 2.715 0.0
    Si
    2
    Direct
      0.0 0.0 0.0
      0.25 0.25 0.25
    """

    func testPOSCARDirectCartesianAndVolumeScale() throws {
        let s = try POSCAR.read(file(poscar, "POSCAR")).structure
        XCTAssertEqual(s.count, 2)
        XCTAssertEqual(s.elements[0].symbol, "Si")
        XCTAssertLessThan(length(s.positions[1] - SIMD3(1.3575, 1.3575, 1.3575)), 1e-12)
        // Negative scale = volume; Cartesian coordinates are scaled too.
        let cart = """
        Cu
        -47.0
        1 0 0
        0 1 0
        0 0 1
        Cu
        1
        Selective dynamics
        Cartesian
        0.5 0.5 0.5 T T T
        """
        let c = try POSCAR.read(file(cart, "POSCAR")).structure
        XCTAssertEqual(c.cell.volume, 47, accuracy: 1e-10)
        XCTAssertLessThan(length(c.positions[0] - SIMD3(repeating: 0.5)), 1e-12)
        // VASP 4: species on the comment line.
        let vasp4 = poscar.replacingOccurrences(of: "Si2 test", with: "Si").replacingOccurrences(of: "\nSi\n2\n", with: "\n2\n")
        XCTAssertEqual(try POSCAR.read(file(vasp4, "POSCAR")).structure.count, 2)
    }

    func testPOSCARRoundTrip() throws {
        var s = try Supercell.make(try StructureInput.lattice("rocksalt:NaCl:5.64"), repeats: SIMD3(1, 1, 2))
        s = PotentialChecks.randomTriclinic(s, strain: 0.05, rattle: 0.1)
        let back = try POSCAR.read(file(POSCAR.write(s), "POSCAR")).structure
        XCTAssertEqual(back.formula, s.formula)
        XCTAssertLessThan((back.cell.matrix - s.cell.matrix).maxAbs, 1e-13)
        // Written grouped by species: compare as sets of (element, wrapped position).
        for (e, r) in zip(back.elements, back.positions) {
            XCTAssertTrue(zip(s.elements, s.positions).contains { $0.0 == e && length(s.cell.minimumImage($0.1 - r)) < 1e-12 })
        }
    }

    func testPOSCARErrorsNameTheLine() {
        func line(_ text: String) -> Int? {
            do { _ = try POSCAR.read(file(text, "POSCAR")); return nil } catch let e as InputError { return e.line } catch { return -1 }
        }
        XCTAssertEqual(line(poscar.replacingOccurrences(of: "  0.25 0.25 0.25", with: "")), 10)  // truncated
        XCTAssertEqual(line(poscar.replacingOccurrences(of: "2.715 0.0 2.715", with: "2.715 x 2.715")), 4)
        XCTAssertEqual(line(poscar.replacingOccurrences(of: "\nSi\n", with: "\nQq\n")), 6)
        XCTAssertEqual(line(poscar.replacingOccurrences(of: "Direct", with: "Xdirect")), 8)
        XCTAssertEqual(line(poscar.replacingOccurrences(of: "0.25 0.25 0.25", with: "0.25 0.25")), 10)
        XCTAssertEqual(line("Si\n1.0\n"), 3)  // the missing line
    }

    func testReadsTheLAMMPSReferenceFrames() throws {
        let frames = try Fixtures.lammpsFrames("Si_sw.extxyz")
        XCTAssertEqual(frames.count, 5)
        XCTAssertEqual(frames[0].structure.count, 64)
        XCTAssertEqual(frames[0].energy!, -277.54239968254507, accuracy: 0)
        XCTAssertEqual(frames[2].structure.cell[1].x, 0.21820529266468092, accuracy: 0)
        XCTAssertNotNil(frames[1].forces)
        XCTAssertEqual(frames[1].info("note"), "rattled")
    }

    func testExtendedXYZLabelsStressVoigtVirialAndRoundTrip() throws {
        let text = """
        2
        Lattice="4 0 0 0 4 0 0 0 4" Properties=species:S:1:pos:R:3:forces:R:3 energy=-1.5 stress="1 2 3 4 5 6" config_type=bulk pbc="T T T" extra="a b"
        Cu 0 0 0 0.1 0.2 0.3
        Cu 2 2 2 -0.1 -0.2 -0.3
        2
        Lattice="4 0 0 0 4 0 0 0 4" Properties=species:S:1:pos:R:3 virial="64 0 0 0 64 0 0 0 64"
        Cu 0 0 0
        Cu 2 2 2
        """
        let frames = try ExtendedXYZ.read(file(text))
        XCTAssertEqual(frames.count, 2)
        let f = frames[0]
        XCTAssertEqual(f.energy, -1.5)
        XCTAssertEqual(f.configType, "bulk")
        XCTAssertEqual(f.stress![1, 2], 4)  // Voigt yz
        XCTAssertEqual(f.stress![0, 1], 6)  // Voigt xy
        XCTAssertEqual(f.forces![1], SIMD3(-0.1, -0.2, -0.3))
        XCTAssertTrue(f.pbc.2)
        XCTAssertEqual(f.info("extra"), "a b")
        XCTAssertEqual(frames[1].stress![0, 0], -1, accuracy: 1e-15)  // −virial/V
        var out = frames[0]
        out.velocities = [SIMD3(1, 2, 3), SIMD3(-1, 0.5, 1e-7)]
        let back = try ExtendedXYZ.read(file(ExtendedXYZ.write(out)))[0]
        XCTAssertEqual(back.structure, out.structure)
        XCTAssertEqual(back.forces!, out.forces!)
        XCTAssertEqual(back.velocities!, out.velocities!)
        XCTAssertEqual(back.stress!, out.stress!)
        XCTAssertEqual(back.configType, "bulk")
        XCTAssertEqual(back.info("extra"), "a b")
    }

    func testExtendedXYZErrorsNameTheLine() {
        func line(_ text: String) -> Int? {
            do { _ = try ExtendedXYZ.read(file(text)); return nil } catch let e as InputError { return e.line } catch { return -1 }
        }
        let good = "2\nLattice=\"4 0 0 0 4 0 0 0 4\" Properties=species:S:1:pos:R:3\nCu 0 0 0\nCu 2 2 2\n"
        XCTAssertNil(line(good))
        XCTAssertEqual(line(good + "3\n"), 5)  // a second frame cut off after its count
        XCTAssertEqual(line(good.replacingOccurrences(of: "Cu 2 2 2\n", with: "")), 1)  // truncated frame
        XCTAssertEqual(line(good.replacingOccurrences(of: "Cu 2 2 2", with: "Cu 2 x 2")), 4)
        XCTAssertEqual(line(good.replacingOccurrences(of: "Cu 2 2 2", with: "Zz 2 2 2")), 4)
        XCTAssertEqual(line(good.replacingOccurrences(of: "Cu 2 2 2", with: "Cu 2 2")), 4)
        XCTAssertEqual(line(good.replacingOccurrences(of: "0 0 0 4\"", with: "0 0 4\"")), 2)
        XCTAssertEqual(line(good.replacingOccurrences(of: "Lattice=\"4 0 0 0 4 0 0 0 4\" ", with: "")), 2)
        XCTAssertEqual(line(good.replacingOccurrences(of: "pos:R:3\"", with: "")
            .replacingOccurrences(of: "Properties=species:S:1:pos:R:3", with: "Properties=\"species:S:1:pos:R:3")), 2)
        XCTAssertEqual(line(good.replacingOccurrences(of: "2\nLattice", with: "two\nLattice")), 1)
    }
}

final class RecipeAndChecksumTests: XCTestCase {
    func testSHA256KnownVectors() {
        XCTAssertEqual(SHA256.hex(Data("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(Data()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    func testRecipeParsingAndErrors() throws {
        let r = try Recipe(TextFile(path: "r.recipe", text: "# comment\nelement = Si\nproperties = eos, phonons  # inline\nphonons.supercell = 3\n"))
        XCTAssertEqual(r.string("element"), "Si")
        XCTAssertEqual(r.list("properties"), ["eos", "phonons"])
        XCTAssertEqual(try r.int("phonons.supercell"), 3)
        XCTAssertThrowsError(try r.check(known: ["element", "properties"])) { XCTAssertEqual(($0 as? InputError)?.line, 4) }
        XCTAssertThrowsError(try Recipe(TextFile(path: "r", text: "a = 1\nnonsense\n"))) { XCTAssertEqual(($0 as? InputError)?.line, 2) }
        XCTAssertThrowsError(try Recipe(TextFile(path: "r", text: "a = 1\na = 2\n"))) { XCTAssertEqual(($0 as? InputError)?.line, 2) }
        XCTAssertThrowsError(try Recipe(TextFile(path: "r", text: "n = x\n")).int("n")) { XCTAssertEqual(($0 as? InputError)?.line, 1) }
    }
}
