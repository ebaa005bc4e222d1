import Atoms
import Foundation
import Neighbors
import Potentials
import TestSupport
import XCTest

/// The Behler–Parrinello potential as a whole: conformance (finite-difference forces and
/// stress, invariance, per-atom energies, net force) and extrapolation counting.
final class NeuralNetworkTests: XCTestCase {
    static let silicon = Element(symbol: "Si")!, copper = Element(symbol: "Cu")!

    /// A made-up Si–Cu potential with every descriptor kind, several cutoff functions and
    /// activations, two hidden layers, seeded random weights.
    static func madeUp() throws -> BehlerParrinello {
        var rng = SeededGenerator(seed: 5)
        func random(_ n: Int, _ scale: Double) -> [Double] { (0..<n).map { _ in Double.random(in: -scale...scale, using: &rng) } }
        let cos = CutoffFunction(kind: .cos, radius: 4.6)
        let descriptors: [Descriptor] = [
            .radial(RadialFunction(neighbor: 0, eta: 0.5, shift: 2.3, cutoff: cos)),
            .radial(RadialFunction(neighbor: 1, eta: 0.2, shift: 0, cutoff: CutoffFunction(kind: .tanh, radius: 4.4))),
            .angular(AngularFunction(kind: .g4, neighbors: (0, 1), eta: 0.03, lambda: -1, zeta: 2,
                                     cutoff: CutoffFunction(kind: .poly3, radius: 4.5, alpha: 0.2))),
            .angular(AngularFunction(kind: .g5, neighbors: (1, 1), eta: 0.01, shift: 0.5, lambda: 1, zeta: 4, cutoff: cos)),
            .angular(AngularFunction(kind: .g5, neighbors: (0, 0), eta: 0.02, lambda: 1, zeta: 1,
                                     cutoff: CutoffFunction(kind: .exp, radius: 4.2, alpha: 0.1))),
            .chebyshev(ChebyshevBasis(radialOrder: 3, radialCutoff: 4.3, angularOrder: 2, angularCutoff: 3.9,
                                      spins: ChebyshevBasis.aenetSpins(2))),
        ]
        let set = try DescriptorSet(descriptors, speciesCount: 2)
        let n = set.count
        let activations: [[Activation]] = [[.tanh, .softplus, .linear], [.scaledTanh, .gaussian, .linear]]
        let models = try [silicon, copper].enumerated().map { k, element in
            let shape = [n, 8, 6, 1]
            let layers = (0..<3).map { l in
                Layer(inputs: shape[l], outputs: shape[l + 1], weights: random(shape[l] * shape[l + 1], 0.6),
                      biases: random(shape[l + 1], 0.3), activation: activations[k][l])
            }
            return try BehlerParrinello.ElementModel(
                element: element, descriptors: set,
                scaling: InputScaling(factor: random(n, 0.5).map { 0.6 + $0 }, shift: random(n, 1), offset: random(n, 0.2)),
                trainingRange: TrainingRange(minimum: Array(repeating: 0, count: n), maximum: Array(repeating: 1e3, count: n)),
                network: try Network(layers: layers), energyScale: 0.7, energyShift: -3.1 + Double(k),
                referenceEnergy: -0.5 * Double(k + 1))
        }
        return try BehlerParrinello(name: "made-up Si-Cu network", models: models,
                                    provenance: .object([("note", .string("test"))]))
    }

    func testMadeUpPotentialConformance() throws {
        let p = try Self.madeUp()
        let s = try StillingerWeberTests.rattled([Self.silicon, Self.copper], a: 5.2)
        let force = try PotentialChecks.forceError(p, s)
        let stress = try PotentialChecks.stressError(p, s)
        print("made-up network FD errors: force \(force) eV/Å, stress \(stress) eV/Å³")
        try assertConformance(p, s)
    }

    func testImportedNetworksConformance() throws {
        let si = try N2P2ImportTests.zuo("Si")
        let crystal = try Lattices.build(.diamond, elements: [Self.silicon], a: 5.43)
        let s = PotentialChecks.randomTriclinic(crystal, strain: 0.03, rattle: 0.1, seed: 9)
        let force = try PotentialChecks.forceError(si, s)
        let stress = try PotentialChecks.stressError(si, s)
        print("zuo2020 Si FD errors (8-atom cell, own images within the cutoff): force \(force) eV/Å, stress \(stress) eV/Å³")
        try assertConformance(si, s)
        let synthetic = try N2P2ImportTests.synthetic("exp-center")
        try assertConformance(synthetic, try StillingerWeberTests.rattled([Self.silicon, Self.copper], a: 5.0))
    }

    func testExtrapolationsAreCounted() throws {
        let si = try N2P2ImportTests.zuo("Si")
        let equilibrium = try Lattices.build(.diamond, elements: [Self.silicon], a: 5.45)
        XCTAssertEqual(try si.evaluate(equilibrium).extrapolations, 0)
        let squeezed = try Lattices.build(.diamond, elements: [Self.silicon], a: 4.3)
        let count = try si.evaluate(squeezed).extrapolations!
        XCTAssertGreaterThan(count, 0)
        XCTAssertLessThanOrEqual(count, 8 * si.models[0].descriptors.count)
        XCTAssertNil(try StillingerWeber.read(TextFile(path: Fixtures.classicalPotential("Si.sw"))).evaluate(equilibrium).extrapolations)
    }

    func testNetworkGradientForEveryActivation() throws {
        var rng = SeededGenerator(seed: 2)
        for a in Activation.allCases {
            let layers = [Layer(inputs: 3, outputs: 4, weights: (0..<12).map { _ in Double.random(in: -1...1, using: &rng) },
                                biases: [0.1, -0.2, 0.3, 0.05], activation: a),
                          Layer(inputs: 4, outputs: 1, weights: [0.5, -0.7, 0.9, 0.2], biases: [0.1], activation: a)]
            let net = try Network(layers: layers)
            var scratch = Network.Scratch(for: net)
            let x = [0.3, -0.8, 0.55]
            var g = [0.0, 0, 0]
            _ = net.evaluate(x, gradient: &g, scratch: &scratch)
            for k in 0..<3 {
                var xp = x, xm = x, dummy = g
                xp[k] += 1e-6
                xm[k] -= 1e-6
                let numeric = (net.evaluate(xp, gradient: &dummy, scratch: &scratch) - net.evaluate(xm, gradient: &dummy, scratch: &scratch)) / 2e-6
                XCTAssertEqual(g[k], numeric, accuracy: 1e-7, a.rawValue)
            }
        }
    }
}
