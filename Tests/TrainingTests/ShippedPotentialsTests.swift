import Foundation
import TestSupport
import XCTest

/// The test-set metrics of the shipped potentials listed in `reference/potentials/README.md`
/// are what `props validate` gives now.
final class ShippedPotentialsTests: XCTestCase {
    /// Rows of the README's metrics table: potential file, data file, then numbers.
    func readmeRows() throws -> [(potential: String, data: String, numbers: [Double])] {
        let text = try String(contentsOfFile: Fixtures.reference("potentials/README.md"), encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 7, cells[0].hasPrefix("`reference/potentials/") else { return nil }
            let numbers = cells[2...].compactMap { Double($0) }
            guard numbers.count == 5 else { return nil }
            return (cells[0].trimmingCharacters(in: ["`"]), cells[1].trimmingCharacters(in: ["`"]), numbers)
        }
    }

    func testReadmeMetricsAreReproducedByValidate() throws {
        let rows = try readmeRows()
        XCTAssertEqual(rows.count, 3)
        for row in rows {
            let r = try CLIRunner.run(["validate", row.potential, "--data", row.data, "--energy-reference", "none", "--json",
                                       "--out", Fixtures.temporaryDirectory().path])
            XCTAssertEqual(r.status, 0, r.stderr)
            let result = try XCTUnwrap((try CLIRunner.json(r)["results"] as? [[String: Any]])?.first)
            func value(_ q: String, _ k: String) throws -> Double { try XCTUnwrap((result[q] as? [String: Any])?[k] as? Double) }
            // Energy RMSE and MAE (meV/atom), force RMSE and MAE (eV/Å), stress RMSE (GPa), to the printed digits.
            let measured = [try value("energy", "rmse"), try value("energy", "mae"), try value("forces", "rmse"),
                            try value("forces", "mae"), try value("stress", "rmse")]
            let decimals = [3.0, 3, 4, 4, 3]
            for (k, (m, printed)) in zip(measured, row.numbers).enumerated() {
                XCTAssertEqual(m, printed, accuracy: 0.51 * pow(10, -decimals[k]), "\(row.potential) column \(k)")
            }
        }
    }

    /// The shipped Si network against PBE: lattice constant (mlearn ground state) and phonons
    /// at Γ, X, L against phonopy's Quantum ESPRESSO force set, which the network never saw
    /// (it was trained on the VASP one). Numbers in `reference/potentials/README.md`.
    func testShippedSiliconPhononsAndLatticeConstantNearPBE() throws {
        let r = try CLIRunner.run(["phonons", Fixtures.reference("potentials/Si.pot"), "--compare",
                                   Fixtures.reference("dft-phonons/Si-PBE-qe/FORCE_SETS"), "--supercell", "4", "--mesh", "4",
                                   "--path", "G X|L G", "--json", "--out", Fixtures.temporaryDirectory().path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try CLIRunner.json(r)
        XCTAssertEqual(try XCTUnwrap(json["a0"] as? Double), 5.4687, accuracy: 0.0027)   // 0.05 %
        func points(_ j: [String: Any]?) throws -> [String: [Double]] {
            let list = try XCTUnwrap(j?["points"] as? [[String: Any]])
            return Dictionary(uniqueKeysWithValues: list.map { ($0["label"] as! String, $0["frequencies_THz"] as! [Double]) })
        }
        let mine = try points(json), dft = try points(json["reference"] as? [String: Any])
        var deviations: [Double] = []
        for label in ["G", "X", "L"] {
            for (f, g) in zip(try XCTUnwrap(mine[label]), try XCTUnwrap(dft[label])) where g > 1 {
                deviations.append(abs(f - g) / g)
            }
        }
        let mean = deviations.reduce(0, +) / Double(deviations.count)
        print("Si.pot phonons at G, X, L against PBE (QE): mean |deviation| \(mean), max \(deviations.max()!)")
        XCTAssertLessThan(mean, 0.035)
        XCTAssertLessThan(deviations.max()!, 0.06)
    }

    /// The shipped, props-trained Cu network beyond its test set: lattice constant against the
    /// mlearn PBE value (3.6343 Å, `reference/properties/dft-pbe.csv`) and phonons at X and L
    /// against neutron scattering (Svensson, Brockhouse and Rowe 1967, `experiment.csv`; no PBE
    /// phonons of Cu are shipped), every mode real. Numbers in the README ("The props-trained Cu network").
    func testShippedCopperLatticeConstantAndPhononsNearReference() throws {
        let r = try CLIRunner.run(["phonons", Fixtures.reference("potentials/Cu.pot"), "--supercell", "4", "--mesh", "4",
                                   "--points", "11", "--json", "--out", Fixtures.temporaryDirectory().path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertFalse(r.stderr.contains("imaginary"), r.stderr)   // none on the standard path G X U|K G L W X
        let json = try CLIRunner.json(r)
        XCTAssertEqual(try XCTUnwrap(json["a0"] as? Double), 3.6343, accuracy: 0.0018)   // 0.05 %
        let list = try XCTUnwrap(json["points"] as? [[String: Any]])
        let mine = Dictionary(uniqueKeysWithValues: list.map { ($0["label"] as! String, $0["frequencies_THz"] as! [Double]) })
        for (label, measured) in [("X", [5.13, 5.13, 7.25]), ("L", [3.42, 3.42, 7.30])] {
            let f = try XCTUnwrap(mine[label])
            XCTAssertEqual(f.count, 3)
            for (a, b) in zip(f, measured) { XCTAssertEqual(a, b, accuracy: 0.06 * b, "\(label): \(f)") }
        }
    }
}
