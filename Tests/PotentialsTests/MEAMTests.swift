import Atoms
import Foundation
import Potentials
import TestSupport
import XCTest

/// MEAM (`pair_style meam`) against LAMMPS 22 Jul 2025, numbers made by
/// `reference/scripts/lammps_meam.py` from LAMMPS's own potential files.
final class MEAMTests: XCTestCase {
    func meam(_ parameters: String, map: String = "") throws -> Potential {
        try PotentialLoader.load(Fixtures.classicalPotential("library.meam") + "," + Fixtures.classicalPotential(parameters),
                                 map: LabelMap(parsing: map))
    }

    /// Largest |ΔE| per atom (eV), |ΔF| component (eV/Å) and |Δσ| (eV/Å³) over the frames.
    func assertMatches(_ parameters: String, map: String, _ reference: String, line: UInt = #line) throws {
        let p = try meam(parameters, map: map)
        let frames = try Fixtures.lammpsFrames(reference)
        XCTAssertGreaterThanOrEqual(frames.count, 3)
        var worst = (0.0, 0.0, 0.0)
        for f in frames {
            let r = try p.evaluate(f.structure)
            worst.0 = max(worst.0, abs(r.energy! - f.energy!) / Double(f.structure.count))
            for (a, b) in zip(r.forces!, f.forces!) { worst.1 = max(worst.1, (a - b).max(), (b - a).max()) }
            worst.2 = max(worst.2, (r.stress! - f.stress!).maxAbs)
        }
        print("\(parameters) vs LAMMPS: \(worst.0) eV/atom, \(worst.1) eV/Å, \(worst.2) eV/Å³")
        XCTAssertLessThan(worst.0, 1e-8, "energy of \(parameters)", line: line)
        XCTAssertLessThan(worst.1, 1e-8, "forces of \(parameters)", line: line)
        XCTAssertLessThan(worst.2, 1e-9, "stress of \(parameters)", line: line)
    }

    func testFCCCopper() throws { try assertMatches("Cu.meam", map: "Cu", "Cu_meam.extxyz") }

    func testSecondNeighborTungsten() throws { try assertMatches("WL.meam", map: "W", "W_meam.extxyz") }

    func testSiliconCarbideDiamondReference() throws { try assertMatches("SiC.meam", map: "Si,C", "SiC_meam.extxyz") }

    /// Five library entries (indices of the parameter file), two of them used: ialloy = 1,
    /// emb_lin_neg, bkgd_dyn, b1 cross reference with second neighbours.
    func testAlloyAlCu() throws {
        try assertMatches("AlSiMgCuFe.meam", map: "AlS=Al,SiS=Si,MgS=Mg,CuS=Cu,FeS=Fe", "AlCu_meam.extxyz")
    }
}
