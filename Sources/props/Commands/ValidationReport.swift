import Atoms
import Foundation
import Reports
import Validation

/// One potential on one data set.
struct ValidationResult {
    /// The potential as the user named it.
    let potentialLabel: String
    let evaluation: DatasetEvaluation
    let summary: ValidationSummary
}

/// Tables, JSON and figures of `props validate`.
struct ValidationReport {
    let results: [ValidationResult]

    static func metricsJSON(_ m: ErrorMetrics?, unit: String) -> JSON {
        guard let m else { return .null }
        return .object([("mae", .number(m.mae)), ("rmse", .number(m.rmse)), ("max", .number(m.max)),
                        ("cc", .number(m.cc)), ("count", .int(m.count)), ("unit", .string(unit))])
    }

    static func quantitiesJSON(_ q: ValidationSummary.Quantities) -> [(String, JSON)] {
        [("structures", .int(q.structures)),
         ("energy", metricsJSON(q.energy, unit: "meV/atom")), ("forces", metricsJSON(q.forces, unit: "eV/Å")),
         ("stress", metricsJSON(q.stress, unit: "GPa")), ("pressure", metricsJSON(q.pressure, unit: "GPa"))]
    }

    static func alignmentText(_ a: DatasetEvaluation.EnergyAlignment) -> String {
        switch a {
        case .none: return "none (energies compared as they are)"
        case .perElementShift(let shift):
            let parts = shift.keys.sorted { $0.number < $1.number }.map { e in String(format: "%@ %+.4f eV", e.symbol, shift[e]!) }
            return "per-element constant fitted (" + parts.joined(separator: ", ") + "): energy differences only"
        case .referenceStructure(_, _, let name): return "relative to \(name)"
        }
    }

    static func worstJSON(_ w: [ValidationSummary.Worst]) -> JSON {
        .array(w.map { .object([("frame", .int($0.index + 1)), ("config_type", $0.configType.map { .string($0) } ?? .null),
                                ("atoms", .int($0.atoms)), ("error", .number($0.value))]) })
    }

    static func resultJSON(_ r: ValidationResult) -> JSON {
        let s = r.summary
        var pairs: [(String, JSON)] = [("potential", .string(r.potentialLabel)), ("potential_name", .string(r.evaluation.potentialName)),
                                       ("data", .string(r.evaluation.dataName))]
        pairs += quantitiesJSON(s.overall)
        pairs.append(("energy_alignment", .string(alignmentText(r.evaluation.alignment))))
        pairs.append(("extrapolation", ExtrapolationOutput.json(r.evaluation.extrapolation)))
        pairs.append(("groups", .object(s.groups.map { ($0.name, .object(quantitiesJSON($0.quantities))) })))
        pairs.append(("forces_by_element", .object(s.forcesByElement.map { ($0.element.symbol, metricsJSON($0.metrics, unit: "eV/Å")) })))
        pairs.append(("force_bins", .array(s.forceBins.map { b in
            .object([("from_eV_per_A", .number(b.range.0)), ("to_eV_per_A", b.range.1.isFinite ? .number(b.range.1) : .null),
                     ("metrics", metricsJSON(b.metrics, unit: "eV/Å"))])
        })))
        pairs.append(("worst", .object([("energy_meV_per_atom", worstJSON(s.worstEnergy)),
                                        ("force_eV_per_A", worstJSON(s.worstForce)),
                                        ("stress_GPa", worstJSON(s.worstStress))])))
        return .object(pairs)
    }

    var json: JSON { .object([("results", .array(results.map(Self.resultJSON)))]) }

    /// "MAE / RMSE / max / CC" cells with fixed decimals, n/a where missing.
    static func cells(_ m: ErrorMetrics?, _ decimals: Int) -> [String] {
        guard let m else { return ["n/a", "n/a", "n/a", "n/a"] }
        return [fmt(m.mae, decimals), fmt(m.rmse, decimals), fmt(m.max, decimals), m.cc.isFinite ? fmt(m.cc, 4) : "n/a"]
    }

    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var out = "| " + header.joined(separator: " | ") + " |\n|" + header.map { _ in " --- |" }.joined() + "\n"
        for r in rows { out += "| " + r.joined(separator: " | ") + " |\n" }
        return out
    }

    var dataNames: [String] {
        var seen: [String] = []
        for r in results where !seen.contains(r.evaluation.dataName) { seen.append(r.evaluation.dataName) }
        return seen
    }

    static func binLabel(_ b: ValidationSummary.ForceBin) -> String {
        b.range.1.isFinite ? String(format: "|F| %.1f–%.1f", b.range.0, b.range.1) : String(format: "|F| > %.1f", b.range.0)
    }

    static func worstList(_ w: [ValidationSummary.Worst], _ decimals: Int) -> String {
        w.isEmpty ? "n/a" : w.map { "#\($0.index + 1) \($0.configType ?? "") \(fmt($0.value, decimals))" }.joined(separator: "; ")
    }

    /// The tables of one data set, Markdown.
    func markdown(for data: String) -> String {
        let rs = results.filter { $0.evaluation.dataName == data }
        let first = rs[0].evaluation
        var out = "## \(data)\n\n\(first.entries.count) structures, \(first.entries.reduce(0) { $0 + $1.structure.count }) atoms. "
        out += "Energy (E) in meV/atom, force components (F) in eV/Å, stress components (σ) in GPa.\n\n"
        let header = ["potential", "E MAE", "E RMSE", "E max", "E CC", "F MAE", "F RMSE", "F max", "F CC",
                      "σ MAE", "σ RMSE", "σ max", "σ CC"]
        out += Self.table(header, rs.map { r in
            [r.potentialLabel] + Self.cells(r.summary.overall.energy, 2) + Self.cells(r.summary.overall.forces, 4)
                + Self.cells(r.summary.overall.stress, 3)
        })
        out += "\nEnergy scale: " + rs.map { "\($0.potentialLabel): \(Self.alignmentText($0.evaluation.alignment))" }.joined(separator: "; ") + ".\n"
        if let groups = rs.first?.summary.groups, !groups.isEmpty {
            out += "\n### By group (config_type), RMSE\n\n"
            out += Self.table(["potential", "group", "structures", "E (meV/atom)", "F (eV/Å)", "σ (GPa)"], rs.flatMap { r in
                r.summary.groups.map { g in
                    [r.potentialLabel, g.name, String(g.quantities.structures), Self.cells(g.quantities.energy, 2)[1],
                     Self.cells(g.quantities.forces, 4)[1], Self.cells(g.quantities.stress, 3)[1]]
                }
            })
        }
        let elements = rs[0].summary.forcesByElement.map { $0.element.symbol }
        let bins = rs[0].summary.forceBins.map(Self.binLabel)
        if !elements.isEmpty {
            out += "\n### Force RMSE (eV/Å) by element and by reference force magnitude (atoms in the bin)\n\n"
            out += Self.table(["potential"] + elements + bins, rs.map { r in
                [r.potentialLabel] + r.summary.forcesByElement.map { fmt($0.metrics.rmse, 4) }
                    + r.summary.forceBins.map { fmt($0.metrics.rmse, 4) + " (\($0.metrics.count / 3))" }
            })
        }
        out += "\n### Worst structures (frame number in the file, config_type, error)\n\n"
        out += Self.table(["potential", "energy (meV/atom)", "force component (eV/Å)", "stress component (GPa)"], rs.map { r in
            [r.potentialLabel, Self.worstList(r.summary.worstEnergy, 1), Self.worstList(r.summary.worstForce, 3),
             Self.worstList(r.summary.worstStress, 2)]
        })
        return out + "\n"
    }

    var markdown: String {
        "# Validation against labelled data\n\n" + dataNames.map(markdown(for:)).joined()
    }

    /// Figure file names of a data set: its file stem, made safe for file names.
    static func stem(_ data: String) -> String {
        String(URL(fileURLWithPath: data).deletingPathExtension().lastPathComponent.map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }

    /// Parity plots and error histograms of one data set, all potentials on the same axes.
    func figures(for data: String) -> [(name: String, svg: String)] {
        let rs = results.filter { $0.evaluation.dataName == data }
        let stem = Self.stem(data)
        let gpa = Units.eVPerA3InGPa
        func voigt(_ m: Matrix3) -> [Double] { [m[0, 0], m[1, 1], m[2, 2], m[1, 2], m[0, 2], m[0, 1]].map { $0 * gpa } }
        var energy: [ParityPlot.Series] = [], forces: [ParityPlot.Series] = [], stress: [ParityPlot.Series] = []
        var energyErrors: [(name: String, errors: [Double])] = [], forceErrors: [(name: String, errors: [Double])] = []
        for r in rs {
            let e = r.evaluation.entries.compactMap(\.energyPerAtom)
            if !e.isEmpty {
                energy.append(.init(name: r.potentialLabel, reference: e.map { $0.reference * 1000 }, predicted: e.map { $0.predicted * 1000 }))
                energyErrors.append((r.potentialLabel, e.map { ($0.predicted - $0.reference) * 1000 }))
            }
            let f = r.evaluation.entries.compactMap(\.forces)
            if !f.isEmpty {
                let ref = f.flatMap { $0.reference.flatMap { [$0.x, $0.y, $0.z] } }
                let pred = f.flatMap { $0.predicted.flatMap { [$0.x, $0.y, $0.z] } }
                forces.append(.init(name: r.potentialLabel, reference: ref, predicted: pred))
                forceErrors.append((r.potentialLabel, zip(pred, ref).map { $0 - $1 }))
            }
            let s = r.evaluation.entries.compactMap(\.stress)
            if !s.isEmpty {
                stress.append(.init(name: r.potentialLabel, reference: s.flatMap { voigt($0.reference) }, predicted: s.flatMap { voigt($0.predicted) }))
            }
        }
        func notes(_ metric: (ValidationSummary.Quantities) -> ErrorMetrics?, _ unit: String, _ d: Int) -> [String] {
            rs.compactMap { r in metric(r.summary.overall).map { "\(r.potentialLabel): RMSE \(fmt($0.rmse, d)) \(unit)" } }
        }
        var out: [(String, String)] = []
        if !energy.isEmpty {
            out.append(("\(stem)-parity-energy.svg", ParityPlot(title: "Energy — \(stem)", quantity: "(meV/atom)", series: energy,
                                                                notes: notes({ $0.energy }, "meV/atom", 2)).svg()))
            out.append(("\(stem)-errors-energy.svg", ErrorHistogram(title: "Energy errors — \(stem)", quantity: "(meV/atom)",
                                                                    series: energyErrors).svg()))
        }
        if !forces.isEmpty {
            out.append(("\(stem)-parity-forces.svg", ParityPlot(title: "Force components — \(stem)", quantity: "(eV/Å)", series: forces,
                                                                notes: notes({ $0.forces }, "eV/Å", 4)).svg()))
            out.append(("\(stem)-errors-forces.svg", ErrorHistogram(title: "Force errors — \(stem)", quantity: "(eV/Å)",
                                                                    series: forceErrors).svg()))
        }
        if !stress.isEmpty {
            out.append(("\(stem)-parity-stress.svg", ParityPlot(title: "Stress components — \(stem)", quantity: "(GPa)", series: stress,
                                                                notes: notes({ $0.stress }, "GPa", 3)).svg()))
        }
        return out
    }

    func write(to dir: String) throws {
        try writeFile(json.text + "\n", to: dir + "/validation.json")
        try writeFile(markdown, to: dir + "/validation.md")
        for data in dataNames {
            for (name, svg) in figures(for: data) { try writeFile(svg, to: dir + "/" + name) }
        }
    }
}
