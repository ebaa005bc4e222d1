import Atoms
import XCTest

/// Reader guards found by fuzzing (issue 19): line endings, counts, magnitudes, limits.
final class RobustInputTests: XCTestCase {
    func testWindowsAndUnixLineEndingsGiveTheSameLines() {
        let unix = TextFile(path: "u", text: "a\nb c\n\nd\n")
        let windows = TextFile(path: "w", text: "a\r\nb c\r\n\r\nd\r\n")
        XCTAssertEqual(unix.lines, ["a", "b c", "", "d"])
        XCTAssertEqual(windows.lines, unix.lines)
        XCTAssertEqual(TextFile(path: "m", text: "a\r\nb\nc").lines, ["a", "b", "c"])
    }

    /// Lines are found in the bytes but stay whole Characters, as when they were split by
    /// Characters: multi-byte letters, a lone "\r" inside a line, "\r\r\n" (a "\r" before
    /// the line end is dropped, as with "\n"), no final line end.
    func testLinesFoundInBytesKeepTheirCharacters() {
        let file = TextFile(path: "c", text: "Å é\nb\rc\r\r\n\u{1F1E9}\u{1F1EA} d")
        XCTAssertEqual(file.lines, ["Å é", "b\rc", "\u{1F1E9}\u{1F1EA} d"])
        XCTAssertEqual(file.lines.map(\.count), [3, 3, 3])
        XCTAssertEqual(TextFile(path: "e", text: "").lines, [])
    }

    func testErrorsEchoAtMostEightyCharactersOfInput() {
        let huge = String(repeating: "9", count: 4_000_000)
        let e = InputError("expected a number, found '\(huge)'", file: "f", line: 3)
        XCTAssertLessThan(e.description.count, 200)
        XCTAssertTrue(e.description.hasPrefix("f:3: expected a number, found '999"))
        XCTAssertEqual(InputError("short 'x'").message, "short 'x'")
    }

    func testSupercellsBeyondTheLimitsAreErrors() throws {
        let si = try StructureInput.lattice("diamond:Si:5.431")
        XCTAssertThrowsError(try Supercell.make(si, matrix: Supercell.parseMatrix("100000")))
        XCTAssertThrowsError(try Supercell.parseMatrix("9223372036854775807"))
        XCTAssertThrowsError(try Supercell.parseMatrix("-9223372036854775808 0 0 0 1 0 0 0 1"))
        XCTAssertEqual(try Supercell.make(si, matrix: Supercell.parseMatrix("2")).count, 64)
    }

    func testPOSCARCountsLargerThanTheFileAreErrors() {
        let text = "Si\n1.0\n5 0 0\n0 5 0\n0 0 5\nSi\n4294967297\nDirect\n0 0 0\n"
        XCTAssertThrowsError(try POSCAR.read(TextFile(path: "POSCAR", text: text))) {
            XCTAssertEqual(($0 as? InputError)?.line, 7)
        }
    }

    func testExtendedXYZRefusesNonPeriodicHugeAndCorruptInput() {
        func line(_ comment: String, atom: String = "Si 0 0 0") -> Int? {
            do { _ = try ExtendedXYZ.read(TextFile(path: "x", text: "1\n\(comment)\n\(atom)\n")); return nil }
            catch let e as InputError { return e.line } catch { return -1 }
        }
        let lattice = "Lattice=\"5 0 0 0 5 0 0 0 5\""
        XCTAssertNil(line(lattice + " pbc=\"T T T\""))
        XCTAssertNil(line(lattice + " pbc=\"F F F\""))  // a molecule: read, isolated by the commands that can
        XCTAssertNil(line("pbc=\"F F F\""))  // a molecule needs no cell
        XCTAssertEqual(line("Properties=species:S:1:pos:R:3"), 2)  // a periodic frame does
        XCTAssertEqual(line(lattice + " pbc=\"T T\""), 2)
        XCTAssertEqual(line(lattice + " Properties=species:S:1:pos:R:4294967297"), 2)
        XCTAssertEqual(line(lattice + " energy=1e308"), 2)
        XCTAssertEqual(line(lattice, atom: "Si 0 nan 0"), 3)
        XCTAssertEqual(line(lattice, atom: "Si 0 -1e308 0"), 3)
        XCTAssertThrowsError(try ExtendedXYZ.read(TextFile(path: "x", text: "9223372036854775807\n\(lattice)\nSi 0 0 0\n")))
    }

    func testRecipeRangesNameTheLine() throws {
        let r = try Recipe(TextFile(path: "r.recipe", text: "# c\nseed = -1\nphonons.mesh = 0\nmelt.dt = 1e308\n"))
        XCTAssertThrowsError(try r.int("seed", in: 0...Int.max)) { XCTAssertEqual(($0 as? InputError)?.line, 2) }
        XCTAssertThrowsError(try r.int("phonons.mesh", in: 1...200)) { XCTAssertEqual(($0 as? InputError)?.line, 3) }
        XCTAssertThrowsError(try r.double("melt.dt", in: 1e-3...100)) { XCTAssertEqual(($0 as? InputError)?.line, 4) }
        XCTAssertNil(try r.int("absent", in: 0...1))
    }
}
