import Atoms
import Foundation
import Neighbors
import Potentials
import TestSupport
import XCTest

/// Domain evaluation (what `pair_style props` runs on each LAMMPS process): a periodic cell
/// split into two "processes", each owning half of the atoms and seeing every other atom and
/// every periodic image within reach as ghosts with open boundaries. The domains' energies,
/// their forces added back onto the owning atoms, and their strain derivatives must sum to
/// the periodic evaluation's, to round-off.
final class DomainEvaluationTests: XCTestCase {
    func assertDomainsSumToPeriodic(_ spec: String, _ unwrapped: Structure, onePerAtom: Bool = false,
                                    file: StaticString = #filePath, line: UInt = #line) throws {
        var s = unwrapped
        s.positions = s.positions.map(s.cell.wrap)
        let p = try PotentialLoader.load(spec)
        guard let domainPotential = p as? DomainPotential else { return XCTFail("\(p.name) is no DomainPotential", file: file, line: line) }
        let reference = try p.evaluate(s)
        var energy = 0.0, w = Matrix3.zero
        var forces = [SIMD3<Double>](repeating: .zero, count: s.count)
        let halves = [Array(0..<s.count / 2), Array(s.count / 2..<s.count)]
        for owned in onePerAtom ? (0..<s.count).map { [$0] } : halves {
            let (atoms, origin) = LAMMPSDomains.domain(s, owned: owned, reach: p.cutoff + 1)
            let list = NeighborList(openBoundary: atoms.positions, rowCount: owned.count, cutoff: p.cutoff + 0.5)
            let e = try domainPotential.evaluateDomain(atoms, owned: owned.count, neighbors: list, wanted: .all)
            energy += e.energy!
            XCTAssertEqual(e.perAtomEnergies!.reduce(0, +), e.energy!, accuracy: 1e-9, file: file, line: line)
            w += e.stress!
            for (k, f) in e.forces!.enumerated() { forces[origin[k]] += f }
        }
        let n = Double(s.count)
        XCTAssertEqual(energy / n, reference.energy! / n, accuracy: 1e-10, "\(spec) energy", file: file, line: line)
        let df = zip(forces, reference.forces!).map { length($0 - $1) }.max()!
        XCTAssertLessThan(df, 1e-9, "\(spec) forces", file: file, line: line)
        XCTAssertLessThan((w - s.cell.volume * reference.stress!).maxAbs, 1e-8, "\(spec) virial", file: file, line: line)
        XCTAssertGreaterThan(reference.forces!.map(length).max()!, 0.01, "a structure with forces", file: file, line: line)
    }

    func testDomainsOfClassicalPotentialsSumToThePeriodicEvaluation() throws {
        let si = Element(symbol: "Si")!, cu = Element(symbol: "Cu")!
        let diamond = PotentialChecks.randomTriclinic(try Lattices.build(.diamond, elements: [si], a: 5.43), strain: 0.04, rattle: 0.1)
        let fcc = PotentialChecks.randomTriclinic(try Supercell.make(Lattices.build(.fcc, elements: [cu], a: 3.62), repeats: SIMD3(2, 1, 1)),
                                                  strain: 0.04, rattle: 0.1)
        try assertDomainsSumToPeriodic(Fixtures.classicalPotential("Si.sw"), diamond)
        try assertDomainsSumToPeriodic(Fixtures.classicalPotential("Si.tersoff"), diamond)
        try assertDomainsSumToPeriodic(Fixtures.classicalPotential("Cu_mishin1.eam.alloy"), fcc)
        try assertDomainsSumToPeriodic(Fixtures.classicalPotential("Cu_u3.eam"), fcc)
    }

    func testDomainsOfTheShippedNetworkSumToThePeriodicEvaluation() throws {
        let si = Element(symbol: "Si")!
        let diamond = PotentialChecks.randomTriclinic(try Lattices.build(.diamond, elements: [si], a: 5.43), strain: 0.04, rattle: 0.1)
        try assertDomainsSumToPeriodic(Fixtures.reference("potentials/Si.pot"), diamond)
    }

    /// With a ZBL core (`.pot` key `core`) around a network and around an EAM file, on a
    /// compressed cell with pairs inside the switch.
    func testDomainsWithAZBLCoreSumToThePeriodicEvaluation() throws {
        let si = Element(symbol: "Si")!, cu = Element(symbol: "Cu")!
        let dir = Fixtures.temporaryDirectory()
        let network = dir.appendingPathComponent("si-core.pot").path, eam = dir.appendingPathComponent("cu-core.pot").path
        try PotFormat.settingCore(try PotentialLoader.potText(Fixtures.reference("potentials/Si.pot")),
                                  [ZBLCore.Pair(si, si, rInner: 1.8, rOuter: 2.2)]).write(toFile: network, atomically: true, encoding: .utf8)
        try PotFormat.settingCore(try PotentialLoader.potText(Fixtures.classicalPotential("Cu_u3.eam")),
                                  [ZBLCore.Pair(cu, cu, rInner: 2.0, rOuter: 2.4)]).write(toFile: eam, atomically: true, encoding: .utf8)
        let diamond = PotentialChecks.randomTriclinic(try Lattices.build(.diamond, elements: [si], a: 4.7), strain: 0.04, rattle: 0.1)
        let fcc = PotentialChecks.randomTriclinic(try Supercell.make(Lattices.build(.fcc, elements: [cu], a: 3.3), repeats: SIMD3(2, 1, 1)),
                                                  strain: 0.04, rattle: 0.1)
        try assertDomainsSumToPeriodic(network, diamond)
        try assertDomainsSumToPeriodic(eam, fcc)
    }

    /// Domains that own a single atom, on two threads: fewer rows than the threads' chunks
    /// (4 per thread for SNAP, 1 for SW). Each chunk buffer must be one that a chunk zeroes;
    /// before, the extra buffers were summed uninitialised (inf forces through the C interface).
    func testOneAtomDomainsOnTwoThreads() throws {
        let saved = Parallel.threads
        defer { Parallel.threads = saved }
        Parallel.threads = 2
        let si = Element(symbol: "Si")!, cu = Element(symbol: "Cu")!
        let diamond = PotentialChecks.randomTriclinic(try Lattices.build(.diamond, elements: [si], a: 5.43), strain: 0.04, rattle: 0.1)
        let fcc = PotentialChecks.randomTriclinic(try Lattices.build(.fcc, elements: [cu], a: 3.62), strain: 0.04, rattle: 0.1)
        let ml = Fixtures.root.appendingPathComponent("reference/lammps-ml/potentials").path
        try assertDomainsSumToPeriodic(Fixtures.classicalPotential("Si.sw"), diamond, onePerAtom: true)
        try assertDomainsSumToPeriodic(ml + "/Cu_Zuo_JPCA2020.snapcoeff," + ml + "/Cu_Zuo_JPCA2020.snapparam", fcc, onePerAtom: true)
    }

    func testOpenBoundaryListEqualsBruteForce() {
        var rng = SeededGenerator(seed: 9)
        let positions = (0..<300).map { _ in SIMD3(Double.random(in: 0...20, using: &rng), Double.random(in: 0...9, using: &rng),
                                                   Double.random(in: -3...4, using: &rng)) }
        let list = NeighborList(openBoundary: positions, rowCount: 120, cutoff: 3.1)
        XCTAssertEqual(list.count, 300)
        for i in 0..<300 {
            let expected = i < 120 ? Set((0..<300).filter { $0 != i && length(positions[$0] - positions[i]) < 3.1 }) : []
            XCTAssertEqual(Set(list.range(of: i).map { list.neighbor($0) }), expected, "row \(i)")
        }
    }
}
