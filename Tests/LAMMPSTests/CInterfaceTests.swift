import Atoms
import Foundation
import Potentials
import Neighbors
import PropsC
import TestSupport
import XCTest

/// libPropsC's C interface called as the plugin calls it, without LAMMPS: errors come back as
/// text; one domain holding a whole periodic cell (owned atoms plus all images within reach)
/// gives, with ghost forces added onto their owners, props' periodic energy, forces and
/// virial — with props' own neighbor search and with a LAMMPS-style full list.
final class CInterfaceTests: XCTestCase {
    func message(_ body: (UnsafeMutablePointer<CChar>) -> Void) -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        buffer.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
        return String(cString: buffer)
    }

    func testErrorsComeBackAsText() throws {
        var handle: UnsafeMutableRawPointer?
        let missing = message { handle = props_load("/no/such/Si.pot", $0, 512) }
        XCTAssertNil(handle)
        XCTAssertTrue(missing.contains("/no/such/Si.pot"), missing)
        let lj = message { handle = props_load("lj:Ar:0.0104:3.4:8.5", $0, 512) }
        XCTAssertNil(handle)
        XCTAssertTrue(lj.contains("cannot yet evaluate"), lj)
        let h = try XCTUnwrap(props_load(Fixtures.classicalPotential("Si.sw"), nil, 0))
        defer { props_free(h) }
        XCTAssertEqual(props_cutoff(h), try PotentialLoader.load(Fixtures.classicalPotential("Si.sw")).cutoff)
        XCTAssertEqual(props_supplies(h), 15)
        var status: Int32 = 0
        let wrong = message { m in
            "Cu".withCString { cu in
                var symbols: [UnsafePointer<CChar>?] = [cu]
                status = props_map_types(h, 1, &symbols, m, 512)
            }
        }
        XCTAssertEqual(status, 1)
        XCTAssertTrue(wrong.contains("Cu") && wrong.contains("does not describe"), wrong)
    }

    func testOneDomainGivesThePeriodicEvaluation() throws {
        for spec in [Fixtures.reference("potentials/Si.pot"), Fixtures.classicalPotential("Si.tersoff")] {
            let p = try PotentialLoader.load(spec)
            var s = PotentialChecks.randomTriclinic(try Lattices.build(.diamond, elements: [Element(symbol: "Si")!], a: 5.45))
            s.positions = s.positions.map(s.cell.wrap)
            let reference = try p.evaluate(s)
            let (atoms, origin) = LAMMPSDomains.domain(s, owned: Array(0..<s.count), reach: p.cutoff + 1)
            let h = try XCTUnwrap(props_load(spec, nil, 0))
            defer { props_free(h) }
            "Si".withCString { si in
                var symbols: [UnsafePointer<CChar>?] = [si]
                XCTAssertEqual(props_map_types(h, 1, &symbols, nil, 0), 0)
            }
            let x = atoms.positions.flatMap { [$0.x, $0.y, $0.z] }
            let types = [Int32](repeating: 1, count: atoms.count)
            // LAMMPS-style full list of the owned atoms (within cutoff + skin).
            let list = NeighborList(openBoundary: atoms.positions, rowCount: s.count, cutoff: p.cutoff + 1)
            var flat = list.index
            let ilist = (0..<Int32(s.count)).map { $0 }, numneigh = (0..<s.count).map { Int32(list.range(of: $0).count) }
            for useList in [false, true] {
                var f = [Double](repeating: 0, count: 3 * atoms.count)
                var eatom = [Double](repeating: 0, count: atoms.count)
                var energy = 0.0
                var virial = [Double](repeating: 0, count: 6)
                let status = flat.withUnsafeMutableBufferPointer { r -> Int32 in
                    let first: [UnsafeMutablePointer<Int32>?] = (0..<s.count).map { r.baseAddress! + list.start[$0] }
                    return first.withUnsafeBufferPointer { firstneigh in
                        props_evaluate(h, Int32(s.count), Int32(atoms.count), x, types, Int32(s.count),
                                       useList ? ilist : nil, useList ? numneigh : nil, useList ? firstneigh.baseAddress : nil, 0x1FFF_FFFF,
                                       &f, &eatom, &energy, &virial, nil, 0)
                    }
                }
                XCTAssertEqual(status, 0)
                var forces = [SIMD3<Double>](repeating: .zero, count: s.count)
                for k in 0..<atoms.count { forces[origin[k]] += SIMD3(f[3 * k], f[3 * k + 1], f[3 * k + 2]) }
                XCTAssertEqual(energy, reference.energy!, accuracy: 1e-9, spec)
                XCTAssertEqual(eatom.reduce(0, +), reference.energy!, accuracy: 1e-9, spec)
                XCTAssertLessThan(zip(forces, reference.forces!).map { length($0 - $1) }.max()!, 1e-9, spec)
                let w = s.cell.volume * reference.stress!
                for (k, (a, b)) in [(0, 0), (1, 1), (2, 2), (0, 1), (0, 2), (1, 2)].enumerated() {
                    XCTAssertEqual(virial[k], -w[a, b], accuracy: 1e-8, "\(spec) virial \(k)")
                }
            }
        }
    }
}
