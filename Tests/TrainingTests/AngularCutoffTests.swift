import Atoms
@testable import Potentials
import TestSupport
import Training
import XCTest

/// Automatic descriptors whose angular functions have a shorter cutoff than the radial ones
/// (`descriptors.angular_cutoff`): the recipe key, the descriptors it makes, and a network
/// with such mixed cutoffs against finite differences of its energy.
final class AngularCutoffTests: XCTestCase {
    static let silicon = Element(symbol: "Si")!, copper = Element(symbol: "Cu")!
    static let automatic = AutomaticDescriptors(cutoff: 6.0, angularCutoff: 3.8, radialCount: 4, zetas: [1, 4])

    /// A rattled triclinic 2×2×1 zincblende SiCu cell (32 atoms): within 6 Å each atom has
    /// about 90 neighbours, within 3.8 Å about 16, so most of the neighbour list lies
    /// between the two cutoffs, interleaved with the angular neighbours.
    static func cell() throws -> Structure {
        let crystal = try Supercell.make(Lattices.build(.zincblende, elements: [silicon, copper], a: 5.3), repeats: SIMD3(2, 2, 1))
        return PotentialChecks.randomTriclinic(crystal, strain: 0.04, rattle: 0.15, seed: 11)
    }

    func testRecipeKeyMakesShorterAngularFunctions() throws {
        let json = try PotJSON.parse(#"{"descriptors": {"cutoff": 6.0, "angular_cutoff": 3.8, "radial": 4, "zetas": [1, 4]}}"#)
        let settings = try TrainingSettings(json: json, species: [Self.silicon, Self.copper])
        guard case .automatic(let a) = settings.descriptors else { return XCTFail("automatic descriptors expected") }
        XCTAssertEqual(a, Self.automatic)
        XCTAssertEqual(a.angularEtas, [1, 2.5, 6].map { $0 / (3.8 * 3.8) })
        let descriptors = try a.descriptors(speciesCount: 2)
        XCTAssertEqual(descriptors.count, 2 * 4 + 3 * 3 * 2 * 2)
        for d in descriptors {
            switch d {
            case .radial: XCTAssertEqual(d.cutoff, 6.0)
            case .angular: XCTAssertEqual(d.cutoff, 3.8)
            case .chebyshev: XCTFail("no Chebyshev descriptors expected")
            }
        }
        // The provenance keeps the key, and reads back to the same settings.
        let again = try TrainingSettings(json: PotJSON.parse(settings.json(species: [Self.silicon, Self.copper]).text),
                                         species: [Self.silicon, Self.copper])
        guard case .automatic(let b) = again.descriptors else { return XCTFail("automatic descriptors expected") }
        XCTAssertEqual(b, a)
        // Without the key, one cutoff for all (and no key written).
        let plain = try TrainingSettings(json: PotJSON.parse(#"{"descriptors": {"cutoff": 5.0}}"#), species: [Self.silicon])
        guard case .automatic(let p) = plain.descriptors else { return XCTFail("automatic descriptors expected") }
        XCTAssertEqual(p.angularCutoff, 5.0)
        XCTAssertFalse(plain.json(species: [Self.silicon]).text.contains("angular_cutoff"))
    }

    func testAngularCutoffBeyondTheCutoffIsAnError() {
        let text = "{\n\"descriptors\": {\"cutoff\": 5.0,\n\"angular_cutoff\": 6.0}}"
        XCTAssertThrowsError(try TrainingSettings(json: PotJSON.parse(text), species: [Self.silicon])) { error in
            let e = error as? InputError
            XCTAssertEqual(e?.line, 3)
            XCTAssertTrue(e?.message.contains("angular_cutoff") == true, "\(error)")
        }
        XCTAssertThrowsError(try AutomaticDescriptors(cutoff: 5, angularCutoff: 5.5).descriptors(speciesCount: 1))
    }

    /// The angular values of the mixed set are those of the angular functions alone, whose
    /// neighbour list ends at the angular cutoff: the angular terms see every neighbour
    /// inside it and none outside.
    func testAngularValuesIgnoreNeighboursBeyondTheAngularCutoff() throws {
        let all = try Self.automatic.descriptors(speciesCount: 2)
        let angularOnly = all.filter { if case .angular = $0 { return true } else { return false } }
        let s = try Self.cell()
        let types = s.elements.map { $0 == Self.silicon ? 0 : 1 }
        let mixed = try DescriptorTable(s, types: types, sets: [DescriptorSet(all, speciesCount: 2), DescriptorSet(all, speciesCount: 2)])
        let alone = try DescriptorTable(s, types: types, sets: [DescriptorSet(angularOnly, speciesCount: 2),
                                                               DescriptorSet(angularOnly, speciesCount: 2)])
        let radialCount = all.count - angularOnly.count
        var worst = 0.0, largest = 0.0
        for i in 0..<s.count {
            for n in 0..<angularOnly.count {
                let a = mixed.values[mixed.valueStart[i] + radialCount + n], b = alone.values[alone.valueStart[i] + n]
                worst = max(worst, abs(a - b))
                largest = max(largest, abs(b))
            }
        }
        XCTAssertGreaterThan(largest, 1e-3)
        XCTAssertLessThan(worst, 1e-12 * largest)
        XCTAssertGreaterThan(mixed.slotStart[1], 3 * alone.slotStart[1])
    }

    /// A Si–Cu network on `set` for both elements, seeded random weights.
    static func network(_ set: DescriptorSet, name: String) throws -> BehlerParrinello {
        var rng = SeededGenerator(seed: 21)
        func random(_ n: Int, _ scale: Double) -> [Double] { (0..<n).map { _ in Double.random(in: -scale...scale, using: &rng) } }
        let n = set.count, shape = [n, 6, 5, 1]
        let models = try [Self.silicon, Self.copper].enumerated().map { k, element in
            let layers = (0..<3).map { l in
                Layer(inputs: shape[l], outputs: shape[l + 1], weights: random(shape[l] * shape[l + 1], 0.5),
                      biases: random(shape[l + 1], 0.3), activation: l < 2 ? .tanh : .linear)
            }
            return try BehlerParrinello.ElementModel(
                element: element, descriptors: set,
                scaling: InputScaling(factor: random(n, 0.05).map { 0.1 + $0 }, shift: random(n, 1), offset: random(n, 0.2)),
                trainingRange: TrainingRange(minimum: Array(repeating: 0, count: n), maximum: Array(repeating: 1e3, count: n)),
                network: try Network(layers: layers), energyScale: 0.5, energyShift: -4 + Double(k), referenceEnergy: 0)
        }
        return try BehlerParrinello(name: name, models: models, provenance: .object([]))
    }

    /// A Si–Cu network on the mixed descriptors: forces and stress against central
    /// differences of the energy, invariances, per-atom energies.
    func testMixedCutoffNetworkConformance() throws {
        try Self.checkConformance(of: Self.automatic, name: "mixed-cutoff")
    }

    static func checkConformance(of automatic: AutomaticDescriptors, name: String) throws {
        let p = try network(DescriptorSet(automatic.descriptors(speciesCount: 2), speciesCount: 2), name: "\(name) Si-Cu network")
        XCTAssertEqual(p.cutoff, 6.0)
        let s = try cell()
        let force = try PotentialChecks.forceError(p, s, atoms: [0, 5, 17])
        let stress = try PotentialChecks.stressError(p, s)
        print("\(name) network FD errors: force \(force) eV/Å, stress \(stress) eV/Å³")
        try assertConformance(p, s)
        let forces = try XCTUnwrap(try p.evaluate(s).forces)
        XCTAssertGreaterThan(forces.map { ($0 * $0).sum() }.max()!, 1e-4)
    }

    /// `descriptors.wide_zetas`: G5 at the radial cutoff beside G4 at the angular cutoff;
    /// the G5 go to `AngularMoments`, the G4 to the pair loop.
    func testWideZetasKeyAddsG5AtTheRadialCutoff() throws {
        let json = try PotJSON.parse(#"{"descriptors": {"cutoff": 6.0, "angular_cutoff": 3.8, "radial": 4, "zetas": [1, 4], "wide_zetas": [1, 2]}}"#)
        let settings = try TrainingSettings(json: json, species: [Self.silicon, Self.copper])
        guard case .automatic(let a) = settings.descriptors else { return XCTFail("automatic descriptors expected") }
        XCTAssertEqual(a.wideZetas, [1, 2])
        let descriptors = try a.descriptors(speciesCount: 2)
        let wide = descriptors.compactMap { d -> AngularFunction? in
            if case .angular(let f) = d, f.kind == .g5 { return f } else { return nil }
        }
        XCTAssertEqual(descriptors.count, 2 * 4 + 3 * 3 * 2 * 2 + 3 * 3 * 2 * 2)
        XCTAssertEqual(wide.count, 3 * 3 * 2 * 2)
        XCTAssertTrue(wide.allSatisfy { $0.cutoff.radius == 6.0 })
        XCTAssertEqual(Set(wide.map(\.eta)), Set([1, 2.5, 6].map { $0 / 36 }))
        let set = try DescriptorSet(descriptors, speciesCount: 2)
        XCTAssertEqual(set.moments.functions.count, wide.count)
        XCTAssertEqual(set.angular.count, 3 * 3 * 2 * 2)
        let again = try TrainingSettings(json: PotJSON.parse(settings.json(species: [Self.silicon, Self.copper]).text),
                                         species: [Self.silicon, Self.copper])
        guard case .automatic(let b) = again.descriptors else { return XCTFail("automatic descriptors expected") }
        XCTAssertEqual(b, a)
        XCTAssertFalse(try TrainingSettings(json: PotJSON.parse(#"{"descriptors": {"cutoff": 5.0}}"#), species: [Self.silicon])
                        .json(species: [Self.silicon]).text.contains("wide_zetas"))
    }

    func testWideG5NetworkConformance() throws {
        var automatic = Self.automatic
        automatic.wideZetas = [1, 2, 5]
        try Self.checkConformance(of: automatic, name: "G4 3.8 Å + G5 6 Å")
    }
}
