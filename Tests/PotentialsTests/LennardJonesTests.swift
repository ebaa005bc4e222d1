import Atoms
import Potentials
import TestSupport
import XCTest

final class LennardJonesTests: XCTestCase {
    let ar = Element(symbol: "Ar")!

    /// fcc energy per atom against a direct lattice sum over shells.
    func testFCCLatticeSum() throws {
        let (eps, sigma, rc, a) = (0.0104, 3.4, 8.5, 5.26)
        let p = LennardJones(element: ar, epsilon: eps, sigma: sigma, cutoff: rc)
        let s = try Lattices.build(.fcc, elements: [ar], a: a, primitive: true)
        var sum = 0.0
        let shift = 4 * eps * (pow(sigma / rc, 12) - pow(sigma / rc, 6))
        for i in -4...4 { for j in -4...4 { for k in -4...4 where (i, j, k) != (0, 0, 0) {
            let r = length(s.cell.cartesian(SIMD3(Double(i), Double(j), Double(k))))
            if r < rc { sum += 0.5 * (4 * eps * (pow(sigma / r, 12) - pow(sigma / r, 6)) - shift) }
        }}}
        XCTAssertEqual(try p.evaluate(s).energy!, sum, accuracy: 1e-13)
    }

    func testFiniteDifferencesAndInvariance() throws {
        let p = LennardJones(element: ar, epsilon: 0.0104, sigma: 3.4, cutoff: 7.0)
        let s = PotentialChecks.randomTriclinic(try Supercell.make(Lattices.build(.fcc, elements: [ar], a: 5.3), repeats: SIMD3(2, 1, 1)),
                                                rattle: 0.2)
        try assertConformance(p, s, forceTolerance: 1e-7, stressTolerance: 1e-8)
    }
}
