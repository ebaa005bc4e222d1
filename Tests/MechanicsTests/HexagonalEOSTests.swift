import Atoms
import Foundation
import Mechanics
import Potentials
import TestSupport
import XCTest

/// The equation of state of a hexagonal crystal relaxes c/a at each volume.
final class HexagonalEOSTests: XCTestCase {
    /// hcp Mg (Mg_mm.eam.fs), ±10 % in volume: at each volume c/a and the energy are LAMMPS's
    /// minimum over c/a (reference/classical/lammps-eos/Mg_mm_eos.json: c/a within 1e-4,
    /// energy within 1e-7 eV/atom); the energies lie below the fixed-c/a scan's, and the
    /// small B0′ of this potential (≈ 0.2, both codes) is flagged by its spread.
    func testMagnesiumWithRelaxedAxialRatio() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.reference("classical/lammps-eos/Mg_mm_eos.json")))
        let json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let volumes = json["volumes_A3_per_atom"] as! [Double]
        let ratios = json["c_over_a"] as! [Double]
        let energies = json["energies_eV_per_atom"] as! [Double]
        let p = try PotentialLoader.load(Fixtures.classicalPotential("Mg_mm.eam.fs"))
        var calc = Calculator(p)
        let relaxed = try Equilibrium.relax(try Equilibrium.groundStateLattice(for: p), calculator: &calc).structure
        XCTAssertEqual(relaxed.volumePerAtom, volumes[5], accuracy: 1e-4)
        let scan = try EquationOfStateScan.run(relaxed, calculator: &calc, range: 0.1, points: 11)
        XCTAssertTrue(scan.shapeRelaxed)
        for k in volumes.indices {
            XCTAssertEqual(scan.volumes[k], volumes[k], accuracy: 1e-3)
            let s = scan.structures[k]
            XCTAssertEqual(s.cell.lengths.z / s.cell.lengths.x, ratios[k], accuracy: 1e-4, "V = \(volumes[k])")
            XCTAssertEqual(scan.energies[k], energies[k], accuracy: 1e-7, "V = \(volumes[k])")
            XCTAssertEqual(s.volumePerAtom, scan.volumes[k], accuracy: 1e-9)
        }
        let fixed = try EquationOfStateScan.run(relaxed, calculator: &calc, range: 0.1, points: 11, relaxShape: false)
        XCTAssertGreaterThan(fixed.energies[0], scan.energies[0] + 1e-4)
        XCTAssertEqual(scan.fit.B0prime, try BirchMurnaghan(volumes: volumes, energies: energies).B0prime, accuracy: 0.05)
        XCTAssertLessThan(scan.fit.B0prime, 1)
        XCTAssertGreaterThan(try XCTUnwrap(scan.b0PrimeSpread), 0.1)
    }
}
