import Atoms
import Foundation
import Potentials
import TestSupport
import XCTest

/// aenet's Cu dimer unit test: the network file read from aenet's binary against the
/// cohesive energies and forces `predict.x` printed (`forces.dat`, 6 decimals).
final class AenetImportTests: XCTestCase {
    static let copper = Element(symbol: "Cu")!
    static let path = Fixtures.reference("nn/aenet-Cu-dimer/Cu.05t-05t.nn")

    static func dimer(_ d: Double) -> Structure {
        Structure(cell: Cell(Matrix3(SIMD3(30, 0, 0), SIMD3(0, 30, 0), SIMD3(0, 0, 30))),
                  positions: [SIMD3(10, 10, 10), SIMD3(10 + d, 10, 10)], elements: [copper, copper])
    }

    func testCopperDimerMatchesAenet() throws {
        let p = try AenetReader.read([Self.path])
        XCTAssertEqual(p.species, [Self.copper])
        XCTAssertEqual(p.cutoff, 6.5)
        let eAtom = p.models[0].referenceEnergy
        var worst = (energy: 0.0, force: 0.0)
        let rows = try String(contentsOfFile: Fixtures.reference("nn/aenet-Cu-dimer/forces.dat"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: " ").compactMap { Double($0) } }
        XCTAssertEqual(rows.count, 81)
        for row in rows {
            let r = try p.evaluate(Self.dimer(row[0]))
            worst.energy = max(worst.energy, abs(r.energy! - 2 * eAtom - row[1]))
            worst.force = max(worst.force, abs(r.forces![1].x - row[2]))
            XCTAssertEqual(r.forces![0].x, -r.forces![1].x, accuracy: 1e-12)
        }
        print("aenet Cu dimer: cohesive energy \(worst.energy) eV, force \(worst.force) eV/Å (file has 6 decimals)")
        XCTAssertLessThanOrEqual(worst.energy, 5.0001e-7)
        XCTAssertLessThanOrEqual(worst.force, 5.0001e-7)
    }
}

extension AenetImportTests {
    func testTruncatedAndCorruptFilesAreReported() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.path))
        let dir = Fixtures.temporaryDirectory()
        for (what, bytes) in [("truncated", data.prefix(5000)), ("corrupt marker", data.prefix(20) + Data([9, 9, 9, 9]) + data.dropFirst(24))] {
            let path = dir.appendingPathComponent("Cu.nn").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            XCTAssertThrowsError(try PotentialLoader.load(path), what) { error in
                guard let e = error as? InputError else { return XCTFail("\(what): \(error)") }
                XCTAssertEqual(e.file, path, what)
                XCTAssertTrue(e.message.contains("record"), "\(what): \(e)")
            }
        }
    }
}
