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

    /// Largest |ΔE| of the total energy (eV), |ΔF| component (eV/Å) and |Δσ| (eV/Å³) over
    /// the frames, each below 1e-8, 1e-8 and 1e-9.
    func assertMatches(_ parameters: String, map: String, _ reference: String, line: UInt = #line) throws {
        let p = try meam(parameters, map: map)
        let frames = try Fixtures.lammpsFrames(reference)
        XCTAssertGreaterThanOrEqual(frames.count, 3)
        // These files' stresses use LAMMPS's own bar factor, so they are exact (scale 1).
        let worst = try PotentialChecks.referenceErrors(p, frames, stressScale: 1)
        print("\(parameters) vs LAMMPS: \(worst.0) eV, \(worst.1) eV/Å, \(worst.2) eV/Å³")
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

    /// Forces and stress against finite differences of the energy, on strained and rattled
    /// cells where screening is partial (0 < S < 1) for many bonds: fcc second neighbours
    /// sit at Cmin, and the 2NN tungsten and SiC files screen with Cmin < 1.
    func testForcesAndStressAreEnergyGradients() throws {
        let cases: [(String, String, String)] = [
            ("Cu.meam", "Cu", "fcc:Cu:3.62"),
            ("WL.meam", "W", "bcc:W:3.16"),
            ("SiC.meam", "Si,C", "zincblende:Si-C:4.36"),
            ("AlSiMgCuFe.meam", "AlS=Al,SiS=Si,MgS=Mg,CuS=Cu,FeS=Fe", "rocksalt:Al-Cu:4.0"),
        ]
        for (file, map, lattice) in cases {
            let p = try meam(file, map: map)
            let s = PotentialChecks.randomTriclinic(try StructureInput.lattice(lattice), strain: 0.03, rattle: 0.12, seed: 3)
            try assertConformance(p, s, forceTolerance: 1e-6, stressTolerance: 1e-7)
        }
    }

    /// The library entry's label names its element, or --map chooses entries.
    func testLabels() throws {
        let copper = try meam("Cu.meam", map: "Cu")
        XCTAssertEqual(copper.species.map(\.symbol), ["Cu"])
        let library = Fixtures.classicalPotential("library.meam")
        XCTAssertThrowsError(try PotentialLoader.load(library + "," + Fixtures.classicalPotential("Cu.meam"))) { error in
            XCTAssertTrue("\(error)".contains("--map"), "\(error)")
        }
    }

    /// Writes `text` to a temporary file named `name` and returns its path.
    func temporary(_ name: String, _ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("meam-\(UUID().uuidString)-\(name)")
        try text.write(to: url, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }

    /// Bad library and parameter files are refused naming file, line and problem.
    func testBadFilesNameFileAndLine() throws {
        let good = "'Cu' 'fcc' 12. 29 63.54\n5.10570729 3.634 2.20 6 2.20 3.62 3.54 1.07\n1.0 3.13803254 2.49438711 2.95269237 1. 0\n"
        let parameters = try temporary("Cu.meam", "rc = 4.0\ndelr = 0.1\n")
        func refusal(_ library: String, _ params: String? = nil, map: String = "") throws -> String {
            let lib = try temporary("lib.meam", library)
            let par = try params.map { try temporary("p.meam", $0) } ?? parameters
            do {
                _ = try PotentialLoader.load(lib + "," + par, map: LabelMap(parsing: map))
                XCTFail("accepted \(library) \(params ?? "")")
                return ""
            } catch {
                return "\(error)"
            }
        }
        var m = try refusal(good.replacingOccurrences(of: "3.634", with: "3.6x4"))
        XCTAssertTrue(m.contains("lib.meam:2:") && m.contains("3.6x4"), m)
        m = try refusal(good.replacingOccurrences(of: "'fcc'", with: "'l12'"))
        XCTAssertTrue(m.contains(".meam:1:") && m.contains("l12") && m.contains("not supported"), m)
        m = try refusal(good + "'Ag' 'fcc' 12.\n")
        XCTAssertTrue(m.contains("19 fields") && m.contains(".meam:4:"), m)
        m = try refusal(good, "rc = 4.0\nCmin(1,1,2) = 0.5\n")
        XCTAssertTrue(m.contains("p.meam:2:") && m.contains("index '2'"), m)
        m = try refusal(good, "rc = 4.0\n\nfoo(1,1) = 2\n")
        XCTAssertTrue(m.contains(".meam:3:") && m.contains("'foo'"), m)
        m = try refusal(good, "lattce(1,1) = 'c11'\n")
        XCTAssertTrue(m.contains(".meam:1:") && m.contains("c11") && m.contains("not supported"), m)
        m = try refusal(good, "mixture_ref_t = 1\n")
        XCTAssertTrue(m.contains(".meam:1:") && m.contains("mixture_ref_t"), m)
        m = try refusal(good, "Ec(1,1) = fast\n")
        XCTAssertTrue(m.contains(".meam:1:") && m.contains("'fast'"), m)
        m = try refusal(good, map: "Ag")
        XCTAssertTrue(m.contains("'Ag'"), m)
    }
}
