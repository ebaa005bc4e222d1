import Atoms
import Foundation
import Neighbors
import Potentials
import TestSupport
import XCTest

/// The ZBL core: the pair function against LAMMPS's `pair_style zbl`, forces and stress of a
/// wrapped potential against finite differences, the dimer scan of the shipped Si network
/// with and without the core, and `.pot` round trips.
final class ZBLCoreTests: XCTestCase {
    static let silicon = Element(symbol: "Si")!, copper = Element(symbol: "Cu")!

    /// LAMMPS 22 Jul 2025 `pair_style zbl 15 16` dimers (reference/zbl/lammps_zbl.py): the
    /// energy and force agree to 1e-9 relative + 1e-9 absolute (the switch constant LAMMPS adds below
    /// 15 Å is about 3e-10 eV for Si-O).
    func testPairMatchesLAMMPS() throws {
        let lines = try String(contentsOfFile: Fixtures.reference("zbl/lammps_zbl.csv"), encoding: .utf8)
            .split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.hasPrefix("pair") }
        XCTAssertEqual(lines.count, 16)
        for line in lines {
            let f = line.split(separator: ",").map(String.init)
            let zbl = ZBL(z1: Int(f[1])!, z2: Int(f[2])!)
            let (r, energy, force) = (Double(f[3])!, Double(f[4])!, Double(f[5])!)
            let (e, de) = zbl.energyAndDerivative(r)
            XCTAssertEqual(e, energy, accuracy: 1e-9 * energy + 1e-9, "\(f[0]) energy at \(r) Å")
            XCTAssertEqual(-de, force, accuracy: 1e-9 * abs(force) + 1e-9, "\(f[0]) force at \(r) Å")
        }
    }

    /// A compressed, rattled diamond cell whose nearest pairs (1.7–2.3 Å) fall in and around the switch.
    static func compressed(_ elements: [Element]) throws -> Structure {
        try StillingerWeberTests.rattled(elements, a: 4.6)
    }

    func testForcesAndStressMatchFiniteDifferences() throws {
        let network = try NeuralNetworkTests.madeUp()
        let (si, cu) = (Self.silicon, Self.copper)
        let wrappedNetwork = try ZBLCore(wrapping: network, pairs: [
            .init(si, si, rInner: 1.8, rOuter: 2.2), .init(si, cu, rInner: 1.7, rOuter: 2.1), .init(cu, cu, rInner: 1.9, rOuter: 2.3)])
        let lj = try ZBLCore(wrapping: LennardJones(element: si, epsilon: 0.1, sigma: 2.0, cutoff: 5), pairs: [
            .init(si, si, rInner: 1.8, rOuter: 2.2)])
        for (p, s) in [(wrappedNetwork, try Self.compressed([si, cu])), (lj, try Self.compressed([si]))] {
            let bare = try p.inner.evaluate(s).energy!, total = try p.evaluate(s).energy!
            XCTAssertGreaterThan(total - bare, 1, "the core adds energy to \(p.name)")
            XCTAssertLessThan(try PotentialChecks.forceError(p, s, atoms: [0, 3, 6]), 1e-6, p.name)
            XCTAssertLessThan(try PotentialChecks.stressError(p, s), 1e-7, p.name)
            XCTAssertLessThan(try PotentialChecks.invarianceError(p, s), 1e-9, p.name)
            let e = try p.evaluate(s)
            XCTAssertEqual(e.perAtomEnergies!.reduce(0, +), e.energy!, accuracy: 1e-9, p.name)
        }
    }

    /// The core is continuous with two derivatives at both radii, and nothing above r_outer.
    func testSwitchIsSmooth() throws {
        let core = try ZBLCore(wrapping: LennardJones(element: Self.silicon, epsilon: 0.1, sigma: 2.0, cutoff: 5),
                               pairs: [.init(Self.silicon, Self.silicon, rInner: 1.5, rOuter: 2.0)])
        let zbl = ZBL(z1: 14, z2: 14)
        for r in [1.5, 2.0] {
            let below = core.pairEnergy(0, r - 1e-7), above = core.pairEnergy(0, r + 1e-7)
            XCTAssertEqual(below.energy, above.energy, accuracy: 1e-5)
            XCTAssertEqual(below.derivative, above.derivative, accuracy: 1e-4)
        }
        XCTAssertEqual(core.pairEnergy(0, 1.2).energy, zbl.energyAndDerivative(1.2).energy)
        XCTAssertEqual(core.pairEnergy(0, 2.0).energy, 0)
    }

    /// The energy of a Si₂ dimer (30 Å box) from 0.5 Å, eV.
    static func dimer(_ p: Potential, _ r: Double) throws -> Double {
        let s = Structure(cell: Cell(Matrix3(diagonal: SIMD3(repeating: 30))),
                          positions: [SIMD3(10, 10, 10), SIMD3(10 + r, 10, 10)], elements: [silicon, silicon])
        return try p.evaluate(s, wanted: [.energy]).energy!
    }

    /// The shipped Si network with `--core zbl` (radii from its training data's shortest Si–Si
    /// distance) is monotonically repulsive from 0.5 Å out to that distance; the bare network is not.
    func testSiDimerScanIsRepulsiveWithCore() throws {
        let network = try PotentialLoader.load(Fixtures.reference("potentials/Si.pot"))
        let frames = try StructureInput.readFrames(path: Fixtures.reference("dft/Si/train.extxyz"), keys: ExtendedXYZ.Keys())
        let shortest = try ShortestDistances(frames.map(\.structure), range: 3)
        let dMin = try XCTUnwrap(shortest.distance(Self.silicon, Self.silicon))
        let pairs = try CoreSpec("zbl").pairs(species: [Self.silicon], shortest: shortest).pairs
        let core = try ZBLCore(wrapping: network, pairs: pairs)
        let radii = Array(stride(from: 0.5, through: dMin, by: 0.05))
        let bare = try radii.map { try Self.dimer(network, $0) }, wrapped = try radii.map { try Self.dimer(core, $0) }
        print("Si dimer, shortest Si-Si in training data \(dMin) Å; r (Å), bare network, with ZBL core (eV):")
        for (r, (b, w)) in zip(radii, zip(bare, wrapped)) { print(String(format: "  %.2f  %12.4f  %12.4f", r, b, w)) }
        for k in 1..<wrapped.count { XCTAssertLessThan(wrapped[k], wrapped[k - 1], "with the core, E falls with r at \(radii[k]) Å") }
        XCTAssertGreaterThan(wrapped[0], wrapped.last! + 100, "strongly repulsive at 0.5 Å")
        XCTAssertFalse(zip(bare, bare.dropFirst()).allSatisfy { $1 < $0 }, "the bare network is not monotonically repulsive here")
    }

    func testPotRoundTripKeepsTheCore() throws {
        let dir = Fixtures.temporaryDirectory()
        let plain = dir.appendingPathComponent("plain.pot").path, cored = dir.appendingPathComponent("core.pot").path
        let text = PotFormat.write(try NeuralNetworkTests.madeUp())
        try text.write(toFile: plain, atomically: true, encoding: .utf8)
        XCTAssertTrue(try PotentialLoader.load(plain) is BehlerParrinello, "a file without core loads as before")
        let pairs = [ZBLCore.Pair(Self.silicon, Self.copper, rInner: 1.25, rOuter: 2.125)]
        let withCore = try PotFormat.settingCore(text, pairs)
        try withCore.write(toFile: cored, atomically: true, encoding: .utf8)
        let loaded = try XCTUnwrap(try PotentialLoader.load(cored) as? ZBLCore)
        XCTAssertEqual(loaded.pairs, pairs)
        XCTAssertTrue(loaded.inner is BehlerParrinello)
        XCTAssertEqual(try PotentialLoader.potText(cored), withCore, "save → load → save")
        XCTAssertEqual(try PotFormat.settingCore(withCore, nil), text, "removing the core restores the file")
        let bad = withCore.replacingOccurrences(of: "\"r_inner_A\": 1.25", with: "\"r_inner_A\": 3")
        try bad.write(toFile: cored, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try PotentialLoader.load(cored)) { e in
            XCTAssertTrue("\(e)".contains("core.pot") && "\(e)".contains("r_inner < r_outer"), "\(e)")
        }
    }
}
