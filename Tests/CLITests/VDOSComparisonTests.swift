import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TestSupport
import XCTest

/// `props vdos --compare-phonons`: the vibrational DOS of a cold Cu EAM crystal against its
/// harmonic phonon DOS.
final class VDOSComparisonTests: XCTestCase {
    let mishin = "reference/classical/potentials/Cu_mishin1.eam.alloy"

    /// 108 atoms at 20 K (NVT, gentle CSVR), 7.5 ps, frames every 10 fs: the vDOS
    /// resolution is 1/(2 × 3.75 ps) = 0.133 THz. The phonon DOS is taken at the q-points
    /// the 3×3×3 cell holds (`--mesh md`) from force constants of that same supercell, so
    /// the two hold the same modes; at 20 K anharmonic shifts are below 0.5 % (0.03 THz).
    /// Each of the phonon DOS's two main peaks must have a vDOS peak within one resolution
    /// bin.
    func testColdCopperVDOSMatchesPhononPeaks() throws {
        let dir = Fixtures.temporaryDirectory()
        let md = try CLIRunner.run(["md", mishin, "fcc:Cu:3.61492", "--supercell", "3", "--ensemble", "nvt", "--temperature", "20",
                                    "--tdamp", "1000", "--steps", "1500", "--dt", "5", "--dump-every", "2", "--seed", "4",
                                    "--out", dir.path, "--quiet"])
        XCTAssertEqual(md.status, 0, md.stderr)
        let r = try CLIRunner.run(["vdos", dir.appendingPathComponent("trajectory.extxyz").path, "--compare-phonons", mishin,
                                   "--phonon-supercell", "3", "--mesh", "md", "--out", dir.path, "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let phonons = try XCTUnwrap(try CLIRunner.json(r)["phonons"] as? [String: Any])
        let resolution = try XCTUnwrap(phonons["sigma_THz"] as? Double)
        let reference = try XCTUnwrap(phonons["peaks_THz"] as? [Double]), md2 = try XCTUnwrap(phonons["vdos_peaks_THz"] as? [Double])
        print("phonon DOS peaks \(reference), vDOS peaks \(md2), resolution \(resolution) THz")
        XCTAssertEqual(resolution, 1 / 7.5, accuracy: 0.01)
        XCTAssertGreaterThanOrEqual(reference.count, 2)
        for peak in reference.prefix(2) {
            let nearest = md2.min { abs($0 - peak) < abs($1 - peak) } ?? .nan
            XCTAssertEqual(nearest, peak, accuracy: resolution, "phonon peak \(peak) THz")
        }
        let table = try String(contentsOf: dir.appendingPathComponent("vdos-phonons.csv"), encoding: .utf8)
        XCTAssertTrue(table.hasPrefix("nu_THz,vdos_per_THz,phonon_dos_per_THz\n"))
        let svg = try String(contentsOf: dir.appendingPathComponent("vdos-phonons.svg"), encoding: .utf8)
        XCTAssertTrue(svg.hasPrefix("<svg") && svg.contains("MD (VACF)"))
        XCTAssertTrue(XMLParser(data: Data(svg.utf8)).parse(), "the SVG is well-formed XML")
        // STRUCT without --compare-phonons is a usage error.
        let bad = try CLIRunner.run(["vdos", dir.appendingPathComponent("trajectory.extxyz").path, "fcc:Cu:3.615"])
        XCTAssertEqual(bad.status, 2, bad.stderr)
    }
}
