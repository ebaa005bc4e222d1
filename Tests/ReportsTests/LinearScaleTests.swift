import Reports
import XCTest

/// Axis ticks hung forever when the plotted values differed by about one ulp (`props
/// validate` on a single structure), and drew "nan" for values off every scale.
final class LinearScaleTests: XCTestCase {
    func testDomainsOneUlpWideGetTicks() {
        let a = -4.371844
        let scale = LinearScale(domain: (a, a.nextUp), range: (0, 100))
        let ticks = scale.ticks()
        XCTAssertFalse(ticks.isEmpty)
        XCTAssertLessThanOrEqual(ticks.count, 14)
        XCTAssertTrue(ticks.allSatisfy { $0 >= scale.domain.0 && $0 <= scale.domain.1 })
        XCTAssertTrue(scale(a).isFinite)
    }

    func testOrdinaryDomainsKeepTheirTicks() {
        XCTAssertEqual(LinearScale(domain: (0, 10), range: (0, 1)).ticks(), [0, 2, 4, 6, 8, 10])
    }

    func testNonFiniteDomainsGiveNoTicksAndFiniteDocuments() {
        XCTAssertEqual(LinearScale(domain: (-1e308, 1e308), range: (0, 1)).ticks(), [])
        XCTAssertEqual(LinearScale(domain: (0, .infinity), range: (0, 1)).ticks(), [])
        var doc = SVGDocument(width: 10, height: 10)
        doc.line(0, .infinity, .nan, 1e300)
        XCTAssertFalse(doc.text.contains("nan"))
        XCTAssertFalse(doc.text.contains("inf"))
    }
}
