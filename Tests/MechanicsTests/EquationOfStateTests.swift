import Atoms
import Foundation
import Mechanics
import Potentials
import TestSupport
import XCTest

final class EquationOfStateTests: XCTestCase {
    /// Synthetic Birch–Murnaghan data is fitted back exactly.
    func testFitRecoversBirchMurnaghanParameters() throws {
        let (v0, e0, b0, bp) = (16.0, -4.2, 0.6, 4.5)
        func bm(_ v: Double) -> Double {
            let x = pow(v0 / v, 2.0 / 3.0) - 1
            return e0 + 9 * v0 * b0 / 16 * (x * x * x * bp + x * x * (6 - 4 * (x + 1)))
        }
        let volumes = (0..<9).map { 14.5 + 0.4 * Double($0) }
        let fit = try BirchMurnaghan(volumes: volumes, energies: volumes.map(bm))
        XCTAssertEqual(fit.V0, v0, accuracy: 1e-9)
        XCTAssertEqual(fit.E0, e0, accuracy: 1e-12)
        XCTAssertEqual(fit.B0, b0, accuracy: 1e-9)
        XCTAssertEqual(fit.B0prime, bp, accuracy: 1e-7)
        XCTAssertLessThan(fit.rmsResidual, 1e-13)
    }

    func testFitRejectsCurvesWithoutMinimum() {
        let volumes = (0..<6).map { 10 + Double($0) }
        XCTAssertThrowsError(try BirchMurnaghan(volumes: volumes, energies: volumes.map { -$0 }))
    }

    /// Cu (Mishin eam/alloy): a0 = 3.6149 Å, E0 = −3.5402 eV/atom, B0 = 138.8 GPa (LAMMPS).
    func testMishinCopper() throws {
        let p = try EAM.setfl(TextFile(path: Fixtures.classicalPotential("Cu_mishin1.eam.alloy")))
        var calc = Calculator(p)
        let relaxed = try Equilibrium.relax(try Equilibrium.groundStateLattice(for: p), calculator: &calc).structure
        XCTAssertEqual(relaxed.cell.lengths.x, 3.6149, accuracy: 0.001)
        let scan = try EquationOfStateScan.run(relaxed, calculator: &calc, range: 0.02, points: 11)
        XCTAssertEqual(cbrt(4 * scan.fit.V0), 3.6149, accuracy: 0.001)
        XCTAssertEqual(scan.fit.E0, -3.5402, accuracy: 1e-4)
        XCTAssertEqual(scan.fit.B0GPa, 138.8, accuracy: 138.8 * 0.015)
    }
}
