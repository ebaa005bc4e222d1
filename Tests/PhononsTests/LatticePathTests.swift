import Atoms
import Foundation
import Mechanics
import Phonons
import Potentials
import TestSupport
import XCTest

final class LatticePathTests: XCTestCase {
    let argon = LennardJones(element: Element(symbol: "Ar")!, epsilon: 0.0104, sigma: 3.40, cutoff: 8.5)

    /// hcp Ar (LJ), relaxed: the hexagonal path exists, Γ has three zero modes, nothing is
    /// imaginary, and the DOS integrates to 12 modes (4 bands × ... 2 atoms × 3).
    func testHexagonalLattice() throws {
        var calc = Calculator(argon)
        let start = try Lattices.build(.hcp, elements: argon.species, a: 3.75)
        let relaxed = try Equilibrium.relax(start, calculator: &calc).structure
        let result = try PhononCalculation.compute(argon, unit: relaxed, supercellMatrix: [[4, 0, 0], [0, 4, 0], [0, 0, 3]])
        XCTAssertEqual(result.supercell.primitive.bravais, .hexagonal)
        let path = try QPath.parse(XCTUnwrap(QPath.standardPathText(.hexagonal)), points: QPath.standardPoints(.hexagonal))
        let bands = try BandStructure(result.dynamicalMatrix, path: path, pointsPerSegment: 11)
        let lowest = bands.segments.flatMap { $0.modes.map { $0.frequencies[0] } }.min()!
        XCTAssertGreaterThan(lowest, -1e-3)
        let gamma = try result.dynamicalMatrix.modes(at: .zero).frequencies
        for k in 0..<3 { XCTAssertEqual(gamma[k], 0, accuracy: 1e-4) }
        XCTAssertGreaterThan(gamma[3], 0.5)
        let dos = DensityOfStates(try PhononMesh(result.dynamicalMatrix, size: SIMD3(8, 8, 6)))
        XCTAssertEqual(dos.integral, 6, accuracy: 0.02)
    }

    /// bcc is not stable for Lennard-Jones: imaginary modes appear on the bcc path.
    func testBodyCentredPathAndImaginaryModes() throws {
        let bcc = try Lattices.build(.bcc, elements: argon.species, a: 4.2)
        let result = try PhononCalculation.compute(argon, unit: bcc, supercellMatrix: [[4, 0, 0], [0, 4, 0], [0, 0, 4]])
        XCTAssertEqual(result.supercell.primitive.bravais, .bodyCentredCubic)
        XCTAssertEqual(result.supercell.primitive.structure.count, 1)
        let path = try QPath.parse(XCTUnwrap(QPath.standardPathText(.bodyCentredCubic)), points: QPath.standardPoints(.bodyCentredCubic))
        let bands = try BandStructure(result.dynamicalMatrix, path: path, pointsPerSegment: 11)
        XCTAssertLessThan(bands.segments.flatMap { $0.modes.map { $0.frequencies[0] } }.min()!, -0.1)
    }

    /// Two species (rocksalt Cu–Ag with a test EAM): the partial DOS add up to the total.
    func testPartialDOSOfTwoSpecies() throws {
        let (alloy, _, _) = try EAMFiles.twoElement(in: Fixtures.temporaryDirectory())
        let p = try EAM.setfl(TextFile(path: alloy))
        let unit = try Lattices.build(.rocksalt, elements: [Element(symbol: "Cu")!, Element(symbol: "Ag")!], a: 4.6)
        let result = try PhononCalculation.compute(p, unit: unit, supercellMatrix: [[2, 0, 0], [0, 2, 0], [0, 0, 2]])
        let dos = DensityOfStates(try PhononMesh(result.dynamicalMatrix, size: SIMD3(repeating: 8)))
        XCTAssertEqual(dos.partial.count, 2)
        for g in dos.total.indices { XCTAssertEqual(dos.partial[0][g] + dos.partial[1][g], dos.total[g], accuracy: 1e-9) }
        XCTAssertEqual(dos.integral, 6, accuracy: 0.05)
        // Each species carries three modes' worth of weight.
        let step = dos.frequencies[1] - dos.frequencies[0]
        XCTAssertEqual(dos.partial[0].reduce(0, +) * step, 3, accuracy: 0.05)
    }
}
