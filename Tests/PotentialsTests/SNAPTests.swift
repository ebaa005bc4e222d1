import Atoms
import Foundation
import Neighbors
@testable import Potentials
import TestSupport
import XCTest

/// SNAP and quadratic SNAP (Zuo et al. 2020 Cu and Si) against LAMMPS 22 Jul 2025, and the
/// conformance checks of the bispectrum machinery.
final class SNAPTests: XCTestCase {
    static func potentialPath(_ name: String) -> String { Fixtures.reference("lammps-ml/potentials/\(name)") }
    static func frames(_ name: String) throws -> [Frame] {
        try ExtendedXYZ.read(TextFile(path: Fixtures.reference("lammps-ml/lammps-reference/\(name)")))
    }
    static func load(_ a: String, _ b: String) throws -> Potential {
        try PotentialLoader.load(potentialPath(a) + "," + potentialPath(b))
    }

    /// Compares with LAMMPS on the reference file's strained triclinic and small primitive
    /// cells (the others add little but debug-build time): energy per atom, forces and
    /// stress to 1e-6 (eV, eV/Å, eV/Å³).
    func check(_ p: Potential, _ reference: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let frames = try Self.frames(reference).filter { f in f.info.contains { $0.key == "note" && ["strained-triclinic", "primitive-small"].contains($0.value) } }
        XCTAssertEqual(frames.count, 2, file: file, line: line)
        let e = try PotentialChecks.referenceErrors(p, frames)
        print("\(reference): energy \(e.energy) eV, force \(e.force) eV/Å, stress \(e.stress) eV/Å³")
        XCTAssertLessThan(e.energy / Double(frames.map(\.structure.count).min()!), 1e-6, "energy per atom", file: file, line: line)
        XCTAssertLessThan(e.force, 1e-6, "forces", file: file, line: line)
        XCTAssertLessThan(e.stress, 1e-6, "stress", file: file, line: line)
    }

    func testCuLinearMatchesLAMMPS() throws {
        try check(Self.load("Cu_Zuo_JPCA2020.snapcoeff", "Cu_Zuo_JPCA2020.snapparam"), "Cu_snap_zuo2020.extxyz")
    }

    func testCuQuadraticMatchesLAMMPS() throws {
        try check(Self.load("Cu_Zuo_JPCA2020.quadratic.snapcoeff", "Cu_Zuo_JPCA2020.quadratic.snapparam"),
                  "Cu_qsnap_zuo2020.extxyz")
    }

    func testSiLinearMatchesLAMMPS() throws {
        try check(Self.load("Si_Zuo_JPCA2020.snapcoeff", "Si_Zuo_JPCA2020.snapparam"), "Si_snap_zuo2020.extxyz")
    }

    func testMLIAPNeuralNetworkOnSNAPMatchesLAMMPS() throws {
        try check(Self.load("Cu.nn.mliap.model", "Cu.snap.mliap.descriptor"), "Cu_mliap_nn.extxyz")
    }
}
