import Atoms
import Foundation
import Mechanics
import Potentials
import TestSupport
import XCTest

final class FixedVolumeRelaxationTests: XCTestCase {
    /// hcp Cu (Mishin EAM) started with c/a = 1.75: the shape relaxes at fixed volume until
    /// the stress is hydrostatic (σ = −P·1); the volume stays; c/a moves towards ideal.
    func testShapeRelaxesAtFixedVolume() throws {
        let p = try EAM.setfl(TextFile(path: Fixtures.classicalPotential("Cu_mishin1.eam.alloy")))
        let start = try Lattices.build(.hcp, elements: p.species, a: 2.52, c: 2.52 * 1.75)
        var calc = Calculator(p)
        var settings = RelaxationSettings()
        settings.relaxCell = true
        settings.fixedVolume = true
        settings.forceTolerance = 1e-6
        settings.stressTolerance = 1e-7
        let r = try Relaxation.run(start, calculator: &calc, settings: settings)
        XCTAssertTrue(r.converged)
        XCTAssertEqual(r.structure.cell.volume, start.cell.volume, accuracy: 1e-3 * start.cell.volume)
        let sigma = try calc.evaluate(r.structure, wanted: [.stress]).stress!
        let deviatoric = sigma - Matrix3(diagonal: SIMD3(repeating: sigma.trace / 3))
        XCTAssertLessThan(deviatoric.maxAbs, 1e-7)
        XCTAssertGreaterThan(abs(sigma.trace), 1e-4, "the pressure stays: only the shape relaxed")
        let l = r.structure.cell.lengths
        XCTAssertLessThan(l.z / l.x, 1.72)
        XCTAssertLessThan(r.energy, try calc.evaluate(start, wanted: [.energy]).energy!)
    }
}
