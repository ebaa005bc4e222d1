import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TestSupport
import XCTest

/// `props report`: a well-formed page (parsed as XML), valid SVG figures, numbers where
/// numbers belong, reference sources listed, and a Markdown twin.
final class ReportCLITests: XCTestCase {
    /// Collects the text of every table cell of numeric class.
    final class NumericCells: NSObject, XMLParserDelegate {
        var cells: [String] = []
        var inNumeric = false
        var current = ""
        var svgCount = 0
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            if name == "td", attributes["class"] == "num" { inNumeric = true; current = "" }
            if name == "svg" { svgCount += 1 }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { if inNumeric { current += string } }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "td" && inNumeric { cells.append(current); inNumeric = false }
        }
    }

    func testSiliconReportWithClassicalPotentials() throws {
        let dir = Fixtures.temporaryDirectory()
        let recipe = dir.appendingPathComponent("test.recipe").path
        try """
        title = Test report
        element = Si
        properties = eos, elastic, phonons, validate
        data = \(Fixtures.reference("dft/Si/test.extxyz"))
        phonons.supercell = 2
        phonons.mesh = 6
        phonons.compare = \(Fixtures.reference("dft-phonons/Si-PBE-vasp/FORCE_SETS"))
        experiment = \(Fixtures.reference("properties/experiment.csv"))
        dft = \(Fixtures.reference("properties/dft-pbe.csv"))
        """.write(toFile: recipe, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("report").path
        let r = try CLIRunner.run(["report", "reference/classical/potentials/Si.sw", "reference/classical/potentials/Si.tersoff",
                                   "--recipe", recipe, "--out", out, "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let html = try Data(contentsOf: URL(fileURLWithPath: out + "/index.html"))
        let parser = XMLParser(data: html)
        let cells = NumericCells()
        parser.delegate = cells
        XCTAssertTrue(parser.parse(), "index.html is not well-formed: \(String(describing: parser.parserError))")
        XCTAssertGreaterThan(cells.cells.count, 40)
        for c in cells.cells { XCTAssertTrue(Double(c) != nil || c == "n/a", "numeric cell holds '\(c)'") }
        XCTAssertGreaterThanOrEqual(cells.svgCount, 4)
        let text = String(decoding: html, as: UTF8.self)
        XCTAssertFalse(text.contains("<script"))
        XCTAssertTrue(text.contains("Kittel"))
        XCTAssertTrue(text.contains("SHA-256"))
        let markdown = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        XCTAssertTrue(markdown.contains("| lattice constant a0 | Å |"))
        for file in try FileManager.default.contentsOfDirectory(atPath: out) where file.hasSuffix(".svg") {
            XCTAssertTrue(XMLParser(contentsOf: URL(fileURLWithPath: out + "/" + file))!.parse(), file)
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/report.json"))) as! [String: Any]
        let pots = try XCTUnwrap(json["potentials"] as? [[String: Any]])
        let sw = try XCTUnwrap(pots.first?["values"] as? [String: Double])
        XCTAssertEqual(try XCTUnwrap(sw["a0"]), 5.4309, accuracy: 0.001)
        XCTAssertEqual(try XCTUnwrap(sw["C11"]), 151.4, accuracy: 1.5)
    }

    /// The recipe's `qha` and `defects` properties: the same numbers as `props defects`
    /// (the 2×2×2 zero-pressure vacancy energy LAMMPS gives on the same cell,
    /// reference/classical/lammps-defects: 1.272074 eV; surfaces and fault as published for
    /// the potential) and a quasi-harmonic α(300 K) near props qha's 14.1e-6/K, in the table
    /// beside the DFT and experimental rows.
    /// The MD numbers of a report each come with an error bar (short runs of Cu EAM): Cp as
    /// dH/dT through 200/300/400 K with its error in the table instead of the fluctuation Cp
    /// (kept in report.json), the ramp melting point over two seeds, g(r) peak and D with
    /// block errors.
    func testReportMDNumbersCarryErrors() throws {
        let dir = Fixtures.temporaryDirectory()
        let recipe = dir.appendingPathComponent("cu-md.recipe").path
        try """
        element = Cu
        properties = eos, cp, melt, diffusion
        cp.temperatures = 200, 300, 400
        cp.steps = 400
        cp.supercell = 2
        melt.rates = 1
        melt.seeds = 2
        melt.tstart = 1800
        melt.tstop = 2400
        melt.equilibrate = 200
        diffusion.temperature = 1700
        diffusion.premelt_steps = 300
        diffusion.steps = 400
        diffusion.supercell = 3
        """.write(toFile: recipe, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("report").path
        let r = try CLIRunner.run(["report", "reference/classical/potentials/Cu_mishin1.eam.alloy", "--recipe", recipe, "--out", out, "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/report.json"))) as! [String: Any]
        let v = try XCTUnwrap((json["potentials"] as? [[String: Any]])?.first?["values"] as? [String: Double])
        XCTAssertEqual(try XCTUnwrap(v["Cp_dHdT_300K"]), 25, accuracy: 5)
        for key in ["Cp_dHdT_300K_error", "Cp_300K", "Cp_300K_error", "Tm_ramp_error", "gr_peak_r_error", "D_liquid_error"] {
            XCTAssertGreaterThan(try XCTUnwrap(v[key], key), 0, key)
        }
        XCTAssertEqual(try XCTUnwrap(v["Tm_ramp"]), 2100, accuracy: 250, "1 K/step superheats far")
        let markdown = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        for row in ["| Cp(300 K) from MD, dH/dT of ⟨H⟩ at 200/300/400 K (classical) |", "statistical error of that Tm (independent ramps)",
                    "statistical error of that D (consecutive blocks; see the notes)", "statistical error of that position (5 blocks)",
                    "D's error from 4 consecutive blocks fitted alike"] {
            XCTAssertTrue(markdown.contains(row), row)
        }
        XCTAssertFalse(markdown.contains("| Cp(300 K) from MD enthalpy fluctuations"), "the fluctuation Cp is not in the table beside dH/dT")
        XCTAssertTrue(markdown.contains("mean of 2 seeds at 1.0 K/step"), markdown)
    }

    func testCopperReportWithQHAAndDefects() throws {
        let dir = Fixtures.temporaryDirectory()
        let recipe = dir.appendingPathComponent("cu.recipe").path
        try """
        element = Cu
        properties = qha, defects
        phonons.mesh = 6
        qha.volumes = 5
        qha.supercell = 2
        defects.size = 2
        defects.neb_images = 1
        experiment = \(Fixtures.reference("properties/experiment.csv"))
        dft = \(Fixtures.reference("properties/dft-pbe.csv"))
        """.write(toFile: recipe, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("report").path
        let r = try CLIRunner.run(["report", "reference/classical/potentials/Cu_mishin1.eam.alloy", "--recipe", recipe, "--out", out, "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/report.json"))) as! [String: Any]
        let v = try XCTUnwrap((json["potentials"] as? [[String: Any]])?.first?["values"] as? [String: Double])
        XCTAssertEqual(try XCTUnwrap(v["vacancy_formation_eV"]), 1.272074, accuracy: 1e-4)
        XCTAssertEqual(try XCTUnwrap(v["surface_111_J_per_m2"]), 1.239, accuracy: 0.01)
        XCTAssertEqual(try XCTUnwrap(v["stacking_fault_mJ_per_m2"]), 44.4, accuracy: 1.5)
        XCTAssertEqual(try XCTUnwrap(v["vacancy_migration_eV"]), 0.69, accuracy: 0.1)
        XCTAssertEqual(try XCTUnwrap(v["alpha_300K"]), 14.1e-6, accuracy: 1.5e-6)
        XCTAssertEqual(try XCTUnwrap(v["Cp_qha_300K"]), 24.1, accuracy: 0.3)
        let markdown = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        XCTAssertTrue(markdown.contains("| vacancy formation energy (relaxed, zero pressure) | eV |"), markdown)
        XCTAssertTrue(markdown.contains("Lysogorskiy"), markdown)
        XCTAssertTrue(markdown.contains("Touloukian"), markdown)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/qha.svg"))
    }

    func testBadRecipe() throws {
        let dir = Fixtures.temporaryDirectory()
        let recipe = dir.appendingPathComponent("bad.recipe").path
        try "element = Si\nproperties = eos, levitation\n".write(toFile: recipe, atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["report", "reference/classical/potentials/Si.sw", "--recipe", recipe])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("levitation"), r.stderr)
        try "element = Si\nphonon.mesh = 4\n".write(toFile: recipe, atomically: true, encoding: .utf8)
        let typo = try CLIRunner.run(["report", "reference/classical/potentials/Si.sw", "--recipe", recipe])
        XCTAssertEqual(typo.status, 1)
        XCTAssertTrue(typo.stderr.contains("bad.recipe:2:"), typo.stderr)
        try "element = Si\nproperties = freeenergy\n".write(toFile: recipe, atomically: true, encoding: .utf8)
        let noGuess = try CLIRunner.run(["report", "reference/classical/potentials/Si.sw", "--recipe", recipe])
        XCTAssertEqual(noGuess.status, 1)
        XCTAssertTrue(noGuess.stderr.contains("freeenergy.tguess"), noGuess.stderr)
    }
}
