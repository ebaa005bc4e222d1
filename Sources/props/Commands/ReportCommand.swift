import Atoms
import Foundation
import Phonons
import Potentials
import Reports
import Validation

/// `props report POT [POT2 ...] [--recipe R] --out DIR`: properties of each potential beside
/// DFT and experiment, in one self-contained HTML page and a Markdown file.
enum ReportCommand {
    static let spec = CommandSpec(
        name: "report",
        summary: "A validation report: properties of each potential beside DFT and experiment (HTML and Markdown).",
        positionals: [("POT", "potential file or spec; several side by side (or 'potentials =' in the recipe)", false)],
        options: [OptionSpec(name: "recipe", value: "FILE", help: "what to compute and compare with (recipes/*.recipe)")],
        details: """
        Recipe keys (paths relative to the recipe file): title, element, structure, potentials (a SNAP or ML-IAP file pair
        as two neighbouring entries: X.snapcoeff, X.snapparam), properties (eos, elastic,
        phonons, validate by default; also cp, melt, diffusion, which run props cp / melt / md and take minutes, and
        qha (α, B_T, Cp at 300 K) and defects (vacancy, NEB barrier, surfaces, stacking fault), as props qha / defects,
        and freeenergy (props melt --method free-energy; hours)),
        data (labelled DFT files for validate), phonons.supercell, phonons.mesh, phonons.compare (DFT FORCE_SETS
        or band.yaml drawn over the bands), seed, cp.temperatures (with several: Cp as dH/dT of one weighted line through
        the mean enthalpies, with its error), cp.steps, cp.supercell, melt.rates, melt.dt, melt.tstop, melt.tstart,
        melt.equilibrate, melt.seeds (ramps per rate: the melting point's error bar), diffusion.temperature,
        diffusion.premelt, diffusion.steps, diffusion.supercell, qha.volumes (7), qha.supercell, defects.size (3: the
        vacancy's n×n×n conventional supercell), defects.neb_images (5), freeenergy.tguess (K, required with freeenergy),
        freeenergy.supercell (4), freeenergy.seeds (2), freeenergy.switch_steps (7500), freeenergy.sweep_steps (12500), experiment and dft (reference CSV files:
        element,property,value,unit,source).
        Writes DIR/index.html (figures inline, no scripts), DIR/report.md with the same tables, the figures as SVG
        files, and report.json. Default --out: report-<element>.
        """,
        variadic: true)

    static func run(_ args: ParsedArguments) throws {
        let inputs = try Inputs(args)
        let console = inputs.console
        let recipe = try args.string("recipe").map { try Recipe(path: $0) }
        let settings = try ReportRecipe(recipe, potentials: args.positionals)
        let experiment = try settings.experiment.map { try ReferenceTable(path: $0) }
        let dft = try settings.dft.map { try ReferenceTable(path: $0) }
        var results: [PotentialProperties] = []
        let element0 = settings.element
        let out = args.string("out") ?? "report-\(element0.isEmpty ? "potentials" : element0)"
        let dynamics = ReportDynamics(recipe: settings, outDir: out, console: console)
        for spec in settings.potentials {
            let potential = try PotentialLoader.load(spec)
            if !settings.element.isEmpty, !potential.species.contains(where: { $0.symbol == settings.element }) {
                throw InputError("the recipe's element is \(settings.element) but \(potential.name) describes "
                                 + "\(potential.species.map(\.symbol).joined(separator: ", ")) only", file: args.string("recipe"),
                                 line: recipe?.line(of: "element"))
            }
            var props = try PotentialProperties.compute(spec, potential, recipe: settings, console: console)
            try dynamics.compute(spec, into: &props)
            results.append(props)
        }
        let element = settings.element.isEmpty ? (results.first?.potential.species.first?.symbol ?? "") : settings.element
        let document = try ReportBuilder(settings: settings, element: element, results: results,
                                         experiment: experiment, dft: dft).document()
        try writeFile(document.html, to: out + "/index.html")
        try writeFile(document.markdown, to: out + "/report.md")
        for (file, svg) in document.figures { try writeFile(svg, to: out + "/" + file) }
        let json = JSON.object([
            ("element", .string(element)),
            ("potentials", .array(results.map { r in
                .object([("potential", .string(r.label)), ("checksum", .string(r.checksum)),
                         ("values", .object(r.values.keys.sorted().map { ($0, .number(r.values[$0]!)) })),
                         ("phonons_THz", .object(r.phonons.keys.sorted().map { ($0, .numbers(r.phonons[$0]!)) })),
                         ("validation", .array(r.validation.map(ValidationReport.resultJSON)))])
            })),
            ("output_dir", .string(out)),
        ])
        try writeFile(json.text + "\n", to: out + "/report.json")
        if args.flag("json") { console.emit(json) } else {
            console.print("report written: \(out)/index.html, \(out)/report.md (\(document.figures.count) figures)")
        }
    }
}

/// Turns computed properties and reference tables into the report document.
struct ReportBuilder {
    let settings: ReportRecipe
    let element: String
    let results: [PotentialProperties]
    let experiment: ReferenceTable?
    let dft: ReferenceTable?

    /// Short name of a potential for column headers: its file name, or for a directory
    /// (n2p2) its last two path components.
    static func short(_ label: String) -> String {
        var path = label.hasPrefix("bohr:") ? String(label.dropFirst(5)) : label
        // A two-file potential (X.snapcoeff,X.snapparam) is named by its first file.
        if let first = path.split(separator: ",").first, path.contains(",") { path = String(first) }
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return url.deletingLastPathComponent().lastPathComponent + "/" + url.lastPathComponent
        }
        return url.lastPathComponent
    }

    func number(_ x: Double?, _ decimals: Int) -> String { x.map { fmt($0, decimals) } ?? "n/a" }

    /// Deviation text of each potential from the DFT value (or else the experimental one).
    func deviations(_ values: [Double?], dft d: Double?, experiment e: Double?, percent: Bool = true, decimals: Int = 1) -> String {
        guard let ref = d ?? e else { return "—" }
        let against = d != nil ? "DFT" : "exp."
        return zip(results, values).compactMap { r, v in
            v.map { v in
                let delta = percent ? (v - ref) / abs(ref) * 100 : v - ref
                return "\(Self.short(r.label)): \(delta >= 0 ? "+" : "")\(fmt(delta, decimals))\(percent ? " %" : " THz") vs \(against)"
            }
        }.joined(separator: "; ")
    }

    func propertyTable() -> ReportDocument.Table {
        let header = ["property", "unit"] + results.map { Self.short($0.label) } + ["DFT (PBE)", "experiment", "deviation"]
        var rows: [[String]] = []
        let scalar: [(key: String, name: String, unit: String, decimals: Int, scale: Double)] = [
            ("a0", "lattice constant a0", "Å", 4, 1), ("B0", "bulk modulus B0", "GPa", 1, 1), ("C11", "C11", "GPa", 1, 1),
            ("C12", "C12", "GPa", 1, 1), ("C44", "C44", "GPa", 1, 1), ("E0", "energy per atom E0", "eV/atom", 4, 1),
            ("Cv_300K", "harmonic Cv(300 K) (experiment: Cp at 298 K)", "J/(mol K)", 2, 1),
            ("Cp_dHdT_300K", "Cp(300 K) from MD, dH/dT of ⟨H⟩ at \(settings.cpTemperatures.map { fmt($0, 0) }.joined(separator: "/")) K (classical)", "J/(mol K)", 2, 1),
            ("Cp_dHdT_300K_error", "  statistical error of that Cp (fit to block-averaged ⟨H⟩)", "J/(mol K)", 2, 1),
            ("Cp_300K", "Cp(300 K) from MD enthalpy fluctuations (classical)", "J/(mol K)", 2, 1),
            ("Cp_300K_error", "  statistical error of that Cp (block averages)", "J/(mol K)", 2, 1),
            ("Tm_ramp", "melting by heating ramp (superheating limit)", "K", 0, 1),
            ("Tm_ramp_error", "  statistical error of that Tm (independent ramps)", "K", 0, 1),
            ("Tm_free_energy", "melting point from free energies (G_s = G_l)", "K", 0, 1),
            ("Tm_free_energy_error", "  statistical error of that Tm (independent seeds)", "K", 0, 1),
            ("dH_m_free_energy", "latent heat of melting at that Tm", "eV/atom", 4, 1),
            ("gr_peak_r", "liquid g(r) first peak position", "Å", 3, 1),
            ("gr_peak_r_error", "  statistical error of that position (5 blocks)", "Å", 3, 1),
            ("D_liquid", "liquid self-diffusion at \(fmt(settings.diffusionTemperature, 0)) K", "10⁻⁵ cm²/s", 2, 1e5),
            ("D_liquid_error", "  statistical error of that D (consecutive blocks; see the notes)", "10⁻⁵ cm²/s", 2, 1e5),
            ("alpha_300K", "linear thermal expansion α(300 K), quasi-harmonic", "10⁻⁶/K", 2, 1e6),
            ("B_T_300K", "isothermal bulk modulus B_T(300 K), quasi-harmonic", "GPa", 1, 1),
            ("Cp_qha_300K", "Cp(300 K), quasi-harmonic (quantum)", "J/(mol K)", 2, 1),
            ("vacancy_formation_eV", "vacancy formation energy (relaxed, zero pressure)", "eV", 3, 1),
            ("vacancy_migration_eV", "vacancy migration barrier (CI-NEB)", "eV", 3, 1),
            ("surface_100_J_per_m2", "surface energy (100)", "J/m²", 3, 1),
            ("surface_110_J_per_m2", "surface energy (110)", "J/m²", 3, 1),
            ("surface_111_J_per_m2", "surface energy (111)", "J/m²", 3, 1),
            ("surface_0001_J_per_m2", "surface energy (0001)", "J/m²", 3, 1),
            ("stacking_fault_mJ_per_m2", "intrinsic stacking-fault energy", "mJ/m²", 1, 1),
        ]
        // The fluctuation Cp of a short run is noise beside dH/dT: in report.json, not in the table.
        let dHdT = results.contains { $0.values["Cp_dHdT_300K"] != nil }
        for p in scalar where results.contains(where: { $0.values[p.key] != nil }) && !(dHdT && p.key.hasPrefix("Cp_300K")) {
            let values = results.map { $0.values[p.key].map { $0 * p.scale } }
            let isError = p.key.hasSuffix("_error")
            let refKey = isError ? "" : ["Cv_300K": "Cp_298K", "Cp_300K": "Cp_298K", "Cp_dHdT_300K": "Cp_298K", "Cp_qha_300K": "Cp_298K", "B_T_300K": "B0", "Tm_ramp": "Tm", "Tm_free_energy": "Tm",
                          "D_liquid": "D_liquid_\(Int(settings.diffusionTemperature.rounded()))K"][p.key] ?? p.key
            let d = dft?.value(element, refKey)?.numbers.first.map { $0 * p.scale }
            let e = experiment?.value(element, refKey)?.numbers.first.map { $0 * p.scale }
            rows.append([p.name, p.unit] + values.map { number($0, p.decimals) } + [number(d, p.decimals), number(e, p.decimals),
                                                                                   p.key == "E0" || isError ? "—" : deviations(values, dft: d, experiment: e)])
        }
        // Phonons: one row per group of degenerate reference branches at each point.
        for point in ["G", "X", "L", "W", "K"] {
            let refList = dft?.value(element, "phonons_\(point)_THz")?.numbers ?? experiment?.value(element, "phonons_\(point)_THz")?.numbers
            guard let reference = refList, results.contains(where: { $0.phonons[point]?.count == reference.count }) else { continue }
            var groups: [[Int]] = []
            for (k, v) in reference.enumerated() {
                if let last = groups.last, abs(reference[last[0]] - v) < 1e-6 { groups[groups.count - 1].append(k) } else { groups.append([k]) }
            }
            for g in groups where reference[g[0]] > 0 {
                func mean(_ list: [Double]?) -> Double? {
                    guard let list, list.count == reference.count else { return nil }
                    return g.map { list[$0] }.reduce(0, +) / Double(g.count)
                }
                let values = results.map { mean($0.phonons[point]) }
                let d = mean(dft?.value(element, "phonons_\(point)_THz")?.numbers)
                let e = mean(experiment?.value(element, "phonons_\(point)_THz")?.numbers)
                let branch = g.count > 1 ? "branches \(g[0] + 1)–\(g.last! + 1)" : "branch \(g[0] + 1)"
                rows.append(["phonon ν(\(point == "G" ? "Γ" : point)), \(branch)", "THz"] + values.map { number($0, 3) }
                             + [number(d, 3), number(e, 3), deviations(values, dft: d, experiment: e, percent: false, decimals: 3)])
            }
        }
        let numeric = Set(2..<(2 + results.count + 2))
        return ReportDocument.Table(header: header, rows: rows, numericColumns: numeric)
    }

    func sources() -> [String] {
        var used: [String] = []
        for table in [dft, experiment].compactMap({ $0 }) {
            for e in table.entries where e.element == element {
                let line = "\(e.property) = \(e.value) \(e.unit): \(e.source) [\(table.path)]"
                if !used.contains(line) { used.append(line) }
            }
        }
        return used
    }

    func document() throws -> ReportDocument {
        var doc = ReportDocument(title: settings.title)
        let names = results.map { "\(Self.short($0.label)) (\($0.potential.name))" }
        doc.sections.append(.init(title: "Properties", blocks: [
            .paragraph("Potentials: \(names.joined(separator: "; ")). Each property is computed at the potential's own relaxed ground state of \(element). Deviations are relative to DFT (PBE) where a DFT value exists, otherwise to experiment."),
            .table(propertyTable()),
        ]))
        if let figure = try phononFigure() {
            doc.sections.append(.init(title: "Phonon dispersion", blocks: [
                .figure(svg: figure.svg(), file: "phonons.svg",
                        caption: "Phonon bands of each potential" + (settings.phononCompare.map { "; dashed: DFT from \($0)" } ?? "") + ". Frequencies in THz."),
            ] + results.compactMap { r in r.notes.first.map { .paragraph("\(Self.short(r.label)) — \($0).") } }))
        }
        let withQHA = results.filter { $0.quasiHarmonic != nil }
        if !withQHA.isEmpty {
            var alpha = LinePlot(title: "Linear thermal expansion (quasi-harmonic)", xLabel: "T (K)", yLabel: "α (10⁻⁶/K)", series: [])
            var cp = LinePlot(title: "Heat capacity (quasi-harmonic, quantum)", xLabel: "T (K)", yLabel: "Cp (J/mol K)", series: [])
            for (k, r) in withQHA.enumerated() {
                let q = r.quasiHarmonic!
                alpha.series.append(.init(name: Self.short(r.label), x: q.temperatures, y: q.alpha.map { $0 * 1e6 }, color: k))
                cp.series.append(.init(name: Self.short(r.label), x: q.temperatures, y: q.cp, color: k))
            }
            doc.sections.append(.init(title: "Quasi-harmonic thermodynamics", blocks: [
                .figure(svg: LinePlot.figure([alpha, cp], columns: 2), file: "qha.svg",
                        caption: "α(T) and Cp(T) of each potential from phonons at \(settings.qhaVolumes) volumes (props qha); experiment at 300 K: see the table."),
            ]))
        }
        let figures = results.flatMap(\.figures)
        if !figures.isEmpty {
            doc.sections.append(.init(title: "Free-energy melting", blocks: figures.map { .figure(svg: $0.svg, file: $0.file, caption: $0.caption) }))
        }
        let validation = results.flatMap(\.validation)
        if !validation.isEmpty {
            let report = ValidationReport(results: validation)
            var blocks: [ReportDocument.Block] = []
            for data in report.dataNames {
                let rs = validation.filter { $0.evaluation.dataName == data }
                blocks.append(.paragraph("\(data): \(rs[0].evaluation.entries.count) structures. RMSE against the DFT labels; energies of potentials not trained on this DFT data are compared after a fitted per-element shift (energy differences only)."))
                blocks.append(.table(ReportDocument.Table(
                    header: ["potential", "energy RMSE (meV/atom)", "force RMSE (eV/Å)", "stress RMSE (GPa)", "energy scale"],
                    rows: rs.map { r in
                        [r.potentialLabel, number(r.summary.overall.energy?.rmse, 2), number(r.summary.overall.forces?.rmse, 4),
                         number(r.summary.overall.stress?.rmse, 3), ValidationReport.alignmentText(r.evaluation.alignment)]
                    }, numericColumns: [1, 2, 3])))
                for (file, svg) in report.figures(for: data) where file.contains("parity") {
                    blocks.append(.figure(svg: svg, file: file, caption: "Parity plot: \(file)"))
                }
            }
            doc.sections.append(.init(title: "Errors against DFT data", blocks: blocks))
        }
        doc.sections.append(.init(title: "Sources of reference values", blocks: [.list(sources())]))
        var reproduce = ["props report \(results.map(\.label).joined(separator: " "))" + (settings.settings.isEmpty ? "" : " --recipe …"),
                         "props \(PropsVersion.string), \(ISO8601DateFormatter().string(from: Date())), \(Parallel.threads) threads; no random numbers are used by these properties"]
        reproduce += settings.settings.map { "recipe: \($0.key) = \($0.value)" }
        reproduce += results.map { "potential \($0.label): SHA-256 \($0.checksum)" }
        reproduce += settings.data.map { "data \($0): SHA-256 \(SHA256.hex(file: $0) ?? "unreadable")" }
        reproduce += results.flatMap { r in r.notes.map { "\(Self.short(r.label)): \($0)" } }
        reproduce += ["equation of state: 11 volumes within ±2 % of the relaxed volume, positions relaxed, 3rd-order Birch–Murnaghan",
                      "elastic constants: strains ±0.5 %, ±1 % of each Voigt component with internal relaxation"]
        doc.sections.append(.init(title: "Reproducing this report", blocks: [.list(reproduce)]))
        return doc
    }

    func phononFigure() throws -> BandFigure? {
        guard let first = results.first(where: { $0.bands != nil })?.bands else { return nil }
        var series: [BandFigure.Series] = []
        for (k, r) in results.enumerated() {
            guard let bands = r.bands, bands.segments.count == first.segments.count else { continue }
            // Each potential's bands on the first one's x axis, segment by segment.
            let segments = zip(bands.segments, first.segments).map { seg, axis in
                BandFigure.Segment(x: Self.mapped(seg.distances, onto: axis.distances),
                                   bands: (0..<seg.modes[0].frequencies.count).map { b in seg.modes.map { $0.frequencies[b] } })
            }
            series.append(.init(name: Self.short(r.label), segments: segments, color: Palette.colors[k % Palette.colors.count]))
        }
        if let compare = settings.phononCompare {
            let path = QPath(runs: first.segments.map { [$0.start, $0.end] })
            let reference = try ReferenceBands.load(compare, yaml: nil, path: path, bands: first)
            series.append(.init(name: "DFT", segments: reference.segments.map { s in
                BandFigure.Segment(x: s.x, bands: (0..<(s.frequencies.first?.count ?? 0)).map { b in s.frequencies.map { $0[b] } })
            }, color: "#000", dashed: true))
        }
        var ticks: [(x: Double, label: String)] = []
        for (k, s) in first.segments.enumerated() {
            let label = k > 0 && first.segments[k - 1].end.label != s.start.label ? "\(first.segments[k - 1].end.label)|\(s.start.label)" : s.start.label
            if let last = ticks.last, last.x == s.distances.first! { ticks[ticks.count - 1] = (last.x, label) } else { ticks.append((s.distances.first!, label)) }
            ticks.append((s.distances.last!, s.end.label))
        }
        return BandFigure(title: "\(element) phonons", yLabel: "Frequency (THz)", series: series, ticks: ticks)
    }

    /// Distances of one segment rescaled onto another segment's span.
    static func mapped(_ x: [Double], onto axis: [Double]) -> [Double] {
        let (a, b) = (x.first!, x.last!), (c, d) = (axis.first!, axis.last!)
        return x.map { b > a ? c + ($0 - a) / (b - a) * (d - c) : c }
    }
}

/// The version printed in reports and `props --version`.
enum PropsVersion {
    static let string = "0.1.0"
}
