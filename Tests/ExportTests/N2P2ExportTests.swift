import Atoms
import Export
import Foundation
import Potentials
import TestSupport
import XCTest

/// `props export --lammps` of Behler–Parrinello networks in n2p2's format: the exported
/// directory, read back by props' n2p2 reader (which follows n2p2's own reading), gives the
/// original energies, forces and stresses to 1e-10.
final class N2P2ExportTests: XCTestCase {
    /// Exports `p` (from `spec`) and compares both on `s`; returns the exported directory.
    @discardableResult
    func assertRoundTrip(_ p: Potential, spec: String, _ s: Structure, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let dir = Fixtures.temporaryDirectory().path
        let result = try LAMMPSExport.export(spec, to: dir, plugin: "propsplugin.so")
        XCTAssertEqual(result.pairStyle, "hdnnp", file: file, line: line)
        let back = try PotentialLoader.load(dir)
        let a = try p.evaluate(s), b = try back.evaluate(s)
        let n = Double(s.count)
        XCTAssertEqual(a.energy! / n, b.energy! / n, accuracy: 1e-10, file: file, line: line)
        var maxForce = 0.0
        for (f, g) in zip(a.forces!, b.forces!) { maxForce = max(maxForce, length(f - g)) }
        XCTAssertLessThan(maxForce, 1e-10, file: file, line: line)
        XCTAssertLessThan((a.stress! - b.stress!).maxAbs, 1e-10, file: file, line: line)
        XCTAssertGreaterThan(a.forces!.map { length($0) }.max()!, 0.01, "a test structure with forces", file: file, line: line)
        return dir
    }

    /// Si.pot and Cu.pot (trained by props) and the benchmark's n2p2 Cu network converted from
    /// Bohr and Hartree (`Cu-mlearn-nnp.pot`, energy scale 27.2 eV, n2p2's min–max input scaling).
    func testShippedSiAndCuNetworksRoundTrip() throws {
        for (file, name, lattice, a) in [("Si", "Si", LatticeKind.diamond, 5.47), ("Cu", "Cu", LatticeKind.fcc, 3.63),
                                         ("Cu-mlearn-nnp", "Cu", LatticeKind.fcc, 3.63)] {
            let spec = Fixtures.reference("potentials/\(file).pot")
            let p = try PotentialLoader.load(spec)
            let crystal = try Supercell.make(Lattices.build(lattice, elements: [Element(symbol: name)!], a: a), repeats: SIMD3(1, 1, 1))
            let dir = try assertRoundTrip(p, spec: spec, PotentialChecks.randomTriclinic(crystal, strain: 0.03, rattle: 0.1))
            let snippet = try String(contentsOfFile: dir + "/pair.lmp", encoding: .utf8)
            XCTAssertTrue(snippet.contains("pair_style hdnnp \(p.cutoff) dir ${propsdir}/ "), snippet)
            XCTAssertTrue(snippet.contains("cflength 1.0 cfenergy 1.0"))
            XCTAssertTrue(snippet.contains("pair_coeff * * \(name)"))
            XCTAssertTrue(try String(contentsOfFile: dir + "/README", encoding: .utf8).contains("ML-HDNNP"))
        }
    }

    /// A two-element network with G2, G4 and G5 functions in an order n2p2 would not use,
    /// species not in atomic-number order, centred scaling with offsets and per-element
    /// energy scales: every mapping of the writer matters here.
    func testTwoElementNetworkWithG5RoundTrips() throws {
        let p = try Self.twoElementNetwork()
        let dir = Fixtures.temporaryDirectory().path
        let pot = dir + "/SiC.pot"
        try PotFormat.write(p).write(toFile: pot, atomically: true, encoding: .utf8)
        var rng = SeededGenerator(seed: 3)
        let base = try Supercell.make(Lattices.build(.diamond, elements: [Element(symbol: "Si")!], a: 4.6), repeats: SIMD3(2, 1, 1))
        var s = PotentialChecks.randomTriclinic(base, strain: 0.05, rattle: 0.15, seed: 4)
        s.elements = s.elements.map { _ in Bool.random(using: &rng) ? Element(symbol: "C")! : Element(symbol: "Si")! }
        s.masses = s.elements.map(\.mass)
        let out = try assertRoundTrip(p, spec: pot, s)
        let input = try String(contentsOfFile: out + "/input.nn", encoding: .utf8)
        XCTAssertTrue(input.contains("elements C Si"), "n2p2 orders elements by atomic number")
        XCTAssertTrue(input.contains("symfunction_short Si 9 C Si"), "G5 is type 9")
        XCTAssertTrue(input.contains("symfunction_short C 3 Si Si"), "G4 is type 3")
    }

    func testChebyshevDescriptorsAreRefusedWithTheReason() throws {
        let si = Element(symbol: "Si")!
        let basis = ChebyshevBasis(radialOrder: 2, radialCutoff: 4, angularOrder: 1, angularCutoff: 3.5, spins: [])
        let network = try Network(layers: [Layer(inputs: basis.width, outputs: 1, weights: Array(repeating: 0.1, count: basis.width),
                                                 biases: [0], activation: .linear)])
        let model = try BehlerParrinello.ElementModel(element: si, descriptors: DescriptorSet([.chebyshev(basis)], speciesCount: 1),
                                                      scaling: .identity(basis.width), trainingRange: nil, network: network,
                                                      energyScale: 1, energyShift: 0, referenceEnergy: 0)
        let p = try BehlerParrinello(name: "chebyshev test", models: [model])
        XCTAssertThrowsError(try N2P2Writer.files(p)) { error in
            XCTAssertTrue("\(error)".contains("Chebyshev"), "\(error)")
        }
        let dir = Fixtures.temporaryDirectory().path
        try PotFormat.write(p).write(toFile: dir + "/c.pot", atomically: true, encoding: .utf8)
        let result = try LAMMPSExport.export(dir + "/c.pot", to: dir + "/out", plugin: "/x/propsplugin.so")
        XCTAssertEqual(result.pairStyle, "props")
        XCTAssertTrue(result.nativeRefusal?.contains("Chebyshev") == true)
        let snippet = try String(contentsOfFile: dir + "/out/pair.lmp", encoding: .utf8)
        XCTAssertTrue(snippet.contains("plugin load ${propsplugin}") && snippet.contains("pair_style props"), snippet)
    }

    /// Species [Si, C]; Si: G2(Si), G5(Si,C), G2(C), G4(Si,Si) with two cutoffs; C: its own set.
    static func twoElementNetwork() throws -> BehlerParrinello {
        var rng = SeededGenerator(seed: 11)
        func r(_ a: Double, _ b: Double) -> Double { Double.random(in: a...b, using: &rng) }
        func cut(_ rc: Double) -> CutoffFunction { CutoffFunction(kind: .cos, radius: rc, alpha: 0) }
        let sets: [[Descriptor]] = [
            [.radial(RadialFunction(neighbor: 0, eta: 0.5, shift: 0, cutoff: cut(4.5))),
             .angular(AngularFunction(kind: .g5, neighbors: (0, 1), eta: 0.1, lambda: -1, zeta: 2, cutoff: cut(4.0))),
             .radial(RadialFunction(neighbor: 1, eta: 0.3, shift: 1.0, cutoff: cut(4.0))),
             .angular(AngularFunction(kind: .g4, neighbors: (0, 0), eta: 0.05, lambda: 1, zeta: 1, cutoff: cut(4.5))),
             .radial(RadialFunction(neighbor: 0, eta: 0.1, shift: 0, cutoff: cut(4.0))),
             .angular(AngularFunction(kind: .g5, neighbors: (1, 1), eta: 0.02, shift: 0.5, lambda: 1, zeta: 4, cutoff: cut(4.5)))],
            [.angular(AngularFunction(kind: .g4, neighbors: (0, 0), eta: 0.05, lambda: -1, zeta: 2, cutoff: cut(4.0))),
             .radial(RadialFunction(neighbor: 1, eta: 0.2, shift: 0, cutoff: cut(4.5))),
             .radial(RadialFunction(neighbor: 0, eta: 0.2, shift: 0, cutoff: cut(4.5))),
             .angular(AngularFunction(kind: .g5, neighbors: (0, 1), eta: 0.01, lambda: 1, zeta: 1, cutoff: cut(4.5)))],
        ]
        let models = try [Element(symbol: "Si")!, Element(symbol: "C")!].enumerated().map { t, e -> BehlerParrinello.ElementModel in
            let n = sets[t].count
            func layer(_ i: Int, _ o: Int, _ a: Activation) -> Layer {
                Layer(inputs: i, outputs: o, weights: (0..<i * o).map { _ in r(-0.8, 0.8) }, biases: (0..<o).map { _ in r(-0.3, 0.3) },
                      activation: a)
            }
            let network = try Network(layers: [layer(n, 5, .tanh), layer(5, 4, .softplus), layer(4, 1, .linear)])
            return try BehlerParrinello.ElementModel(
                element: e, descriptors: DescriptorSet(sets[t], speciesCount: 2),
                scaling: InputScaling(factor: (0..<n).map { _ in r(0.2, 3) }, shift: (0..<n).map { _ in r(0, 2) },
                                      offset: (0..<n).map { _ in r(-0.5, 0.5) }),
                trainingRange: TrainingRange(minimum: Array(repeating: 0, count: n), maximum: Array(repeating: 9, count: n)),
                network: network, energyScale: t == 0 ? 0.7 : 1.3, energyShift: r(-1, 1), referenceEnergy: r(-5, -1))
        }
        return try BehlerParrinello(name: "SiC test network", models: models)
    }
}
