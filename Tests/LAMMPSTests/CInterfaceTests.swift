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
        let missing = message { handle = props_load("/no/such/Si.pot", nil, $0, 512) }
        XCTAssertNil(handle)
        XCTAssertTrue(missing.contains("/no/such/Si.pot"), missing)
        let h = try XCTUnwrap(props_load(Fixtures.classicalPotential("Si.sw"), nil, nil, 0))
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

    /// Every kind props reads, on a small triclinic cell whose domain holds many images of
    /// each atom.
    static func everyKind() throws -> [(spec: String, structure: Structure, map: String)] {
        func rattled(_ kind: LatticeKind, _ symbol: String, a: Double, repeats: Int = 1) throws -> Structure {
            let crystal = try Supercell.make(Lattices.build(kind, elements: [Element(symbol: symbol)!], a: a),
                                             repeats: SIMD3(repeating: repeats))
            return PotentialChecks.randomTriclinic(crystal, strain: 0.03, rattle: 0.1)
        }
        func ml(_ files: String...) -> String { files.map { Fixtures.reference("lammps-ml/potentials/" + $0) }.joined(separator: ",") }
        let si = try rattled(.diamond, "Si", a: 5.45), cu = try rattled(.fcc, "Cu", a: 3.62)
        let gap = try ExtendedXYZ.read(TextFile(path: Fixtures.reference("gap/CuAl/CuAl_test_gap.extxyz")))[0].structure
        let kinds: [(String, Structure)] = [(Fixtures.reference("potentials/Si.pot"), si), (Fixtures.classicalPotential("Si.tersoff"), si),
                (Fixtures.classicalPotential("Si.sw"), si), (Fixtures.classicalPotential("Cu_mishin1.eam.alloy"), cu),
                ("lj:Ar:0.0104:3.4:8.5", try rattled(.fcc, "Ar", a: 5.3)),
                (ml("Cu_Zuo_JPCA2020.snapcoeff", "Cu_Zuo_JPCA2020.snapparam"), cu),
                (ml("Cu_Zuo_JPCA2020.quadratic.snapcoeff", "Cu_Zuo_JPCA2020.quadratic.snapparam"), cu),
                (ml("Cu.nn.mliap.model", "Cu.snap.mliap.descriptor"), cu), (ml("Si.nn.mliap.model", "Si.nn.mliap.descriptor"), si),
                (Fixtures.reference("gap/CuAl/CuAl_gap.xml"), gap),
                (Fixtures.classicalPotential("library.meam") + "," + Fixtures.classicalPotential("Cu.meam"), cu),
                (ml("Al_jpc.agni"), try rattled(.fcc, "Al", a: 4.05)), (try Self.directForceFile(), si)]
        return kinds.map { ($0.0, $0.1, $0.0.hasSuffix(".meam") ? "Cu" : "") }
    }

    /// `tolerance` (eV/Å), or 1e-4 eV/Å for AGNI: its forces are sums of kernel terms with
    /// weights up to 7e7 eV/Å (Σ|α_t| = 3.7e10 eV/Å in Al_jpc.agni) cancelling to ~1 eV/Å, so
    /// the order in which neighbors are summed alone moves them by ~1e-5 eV/Å.
    static func forceTolerance(_ spec: String, _ tolerance: Double) -> Double { spec.hasSuffix(".agni") ? 1e-4 : tolerance }

    /// A direct-force network of random weights for Si, written as a `.pot` file.
    static func directForceFile() throws -> String {
        var rng = SeededGenerator(seed: 7)
        let environment = LocalEnvironment(neighbours: 6, cutoff: 4.5)
        let networks = try (0..<3).map { _ in
            try Network(layers: [(environment.inputCount, 5, Activation.tanh), (5, 1, Activation.linear)].map { n, m, a in
                Layer(inputs: n, outputs: m, weights: (0..<(n * m)).map { _ in Double.random(in: -0.5...0.5, using: &rng) },
                      biases: (0..<m).map { _ in Double.random(in: -0.5...0.5, using: &rng) }, activation: a)
            })
        }
        let p = try DirectForceNetwork(name: "random", element: Element(symbol: "Si")!, environment: environment,
                                       networks: networks, forceScale: 0.7)
        let path = Fixtures.temporaryDirectory().appendingPathComponent("direct-force.pot").path
        try DirectForceFormat.write(p).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// One domain holding a whole periodic cell (its atoms owned, all images within the
    /// cutoff + 1 Å as ghosts), evaluated through the C interface with props' own neighbor
    /// search and with a LAMMPS-style full list: with the ghost forces and per-atom virials
    /// added onto their owners it gives props' periodic energy (1e-9 eV), per-atom energies,
    /// forces (1e-9 eV/Å) and virial (1e-8 eV), and the per-atom virials sum to the virial.
    /// Forces-only kinds: forces, and energy and virial 0. AGNI: see `forceTolerance`.
    func testOneDomainGivesThePeriodicEvaluationForEveryKind() throws {
        for (spec, structure, map) in try Self.everyKind() {
            let p = try PotentialLoader.load(spec, map: LabelMap(parsing: map))
            var s = structure
            s.positions = s.positions.map(s.cell.wrap)
            let reference = try p.evaluate(s)
            let (atoms, origin) = LAMMPSDomains.domain(s, owned: Array(0..<s.count), reach: p.cutoff + 1)
            var message = [CChar](repeating: 0, count: 512)
            let h = try XCTUnwrap(props_load(spec, map, &message, 512), String(cString: message))
            defer { props_free(h) }
            let symbols = p.species.map { strdup($0.symbol) }
            defer { symbols.forEach { free($0) } }
            var cSymbols = symbols.map { UnsafePointer($0) }
            XCTAssertEqual(props_map_types(h, Int32(symbols.count), &cSymbols, nil, 0), 0)
            let x = atoms.positions.flatMap { [$0.x, $0.y, $0.z] }
            let types = atoms.elements.map { Int32(p.species.firstIndex(of: $0)! + 1) }
            // LAMMPS-style full list of the owned atoms (within cutoff + skin).
            let list = NeighborList(openBoundary: atoms.positions, rowCount: s.count, cutoff: p.cutoff + 1)
            var flat = (0..<list.pairCount).map { Int32(list.neighbor($0)) }
            let ilist = (0..<Int32(s.count)).map { $0 }, numneigh = (0..<s.count).map { Int32(list.range(of: $0).count) }
            let what = (spec as NSString).lastPathComponent
            for useList in [false, true] {
                var f = [Double](repeating: 0, count: 3 * atoms.count)
                var eatom = [Double](repeating: 0, count: atoms.count)
                var vatom = [Double](repeating: 0, count: 6 * atoms.count)
                var energy = 0.0
                var virial = [Double](repeating: 0, count: 6)
                let status = flat.withUnsafeMutableBufferPointer { r -> Int32 in
                    let first: [UnsafeMutablePointer<Int32>?] = (0..<s.count).map { r.baseAddress! + list.start[$0] }
                    return first.withUnsafeBufferPointer { firstneigh in
                        props_evaluate(h, Int32(s.count), Int32(atoms.count), x, types, Int32(s.count),
                                       useList ? ilist : nil, useList ? numneigh : nil, useList ? firstneigh.baseAddress : nil, 0x1FFF_FFFF,
                                       &f, &eatom, &vatom, &energy, &virial, &message, 512)
                    }
                }
                XCTAssertEqual(status, 0, String(cString: message))
                var forces = [SIMD3<Double>](repeating: .zero, count: s.count)
                for k in 0..<atoms.count { forces[origin[k]] += SIMD3(f[3 * k], f[3 * k + 1], f[3 * k + 2]) }
                XCTAssertLessThan(zip(forces, reference.forces!).map { length($0 - $1) }.max()!, Self.forceTolerance(spec, 1e-9), what)
                var perAtom = [Double](repeating: 0, count: s.count)
                for k in 0..<atoms.count { perAtom[origin[k]] += eatom[k] }
                let w = reference.stress.map { s.cell.volume * $0 } ?? .zero
                for (k, (a, b)) in [(0, 0), (1, 1), (2, 2), (0, 1), (0, 2), (1, 2)].enumerated() {
                    XCTAssertEqual(virial[k], -w[a, b], accuracy: 1e-8, "\(what) virial \(k)")
                    let sum = (0..<atoms.count).reduce(0) { $0 + vatom[6 * $1 + k] }
                    XCTAssertEqual(sum, virial[k], accuracy: 1e-8, "\(what): per-atom virials sum to the virial (\(k))")
                }
                guard let e = reference.energy else {
                    XCTAssertEqual(energy, 0, what)
                    XCTAssertEqual(p.supplies, [.forces], what)
                    continue
                }
                XCTAssertEqual(energy, e, accuracy: 1e-9, what)
                XCTAssertEqual(eatom.reduce(0, +), e, accuracy: 1e-9, what)
                if let reference = reference.perAtomEnergies {
                    XCTAssertLessThan(zip(perAtom, reference).map { abs($0 - $1) }.max()!, 1e-9, "\(what) per-atom energies")
                }
            }
        }
    }
}
