import Analysis
import Atoms
import Foundation
import Potentials
import Reports
import Thermodynamics

/// melt.json, the text summary and melt.svg of the ramps.
struct MeltReport {
    let results: [RampResult]
    let failures: [(rate: Double, message: String)]
    /// Wall-clock seconds of each rate run in this invocation (none for rates finished earlier).
    let seconds: [Double: Double]
    let settings: MeltSettings
    let atoms: Int
    let structure: String
    let potential: (name: String, path: String, sha256: String?)
    /// Neural-network extrapolations of the ramps run in this invocation.
    let extrapolation: ExtrapolationTally

    var fitCp: RateFit? { RateFit(results.map { ($0.rate, $0.tmCp) }, below: settings.fitBelow) }
    var fitLindemann: RateFit? { RateFit(results.map { ($0.rate, $0.tmLindemann) }, below: settings.fitBelow) }

    static let superheatingNote = "a heating ramp of a perfect crystal measures the superheating limit of the crystal, typically 20-30 % above the thermodynamic melting point, and extrapolating to zero rate does not remove that; --start void, surface or coexistence remove the nucleation barrier"

    /// Why criterion A is missing and what the run is instead, for a potential with forces only.
    static func forceOnlyNote(_ potential: String) -> String {
        "\(potential) supplies forces but no energy or stress: criterion A (dH/dT) is unavailable and the ramp runs at "
            + "constant volume (NVT at the starting cell's volume; without stress there is no pressure for a barostat), with no "
            + "conserved quantity to check; criterion B (Lindemann) is computed, for melting at that volume, not at zero pressure"
    }

    var method: String {
        "melting event: the target temperature at which L = sqrt(<u²>)/d first reaches \(MeltingCriteria.liquidRatio) (u from the initial lattice sites following the cell, centre-of-mass drift removed, d the nearest-neighbour distance scaled with V^(1/3)); criterion A: maximum of dH/dT, criterion B: maximum of d²L/dT², both searched from \(fmt(MeltingCriteria.eventWindow.below, 0)) K below to \(fmt(MeltingCriteria.eventWindow.above, 0)) K above the event (spurious maxima of a thermostat's energy exchange elsewhere are ignored); both against the thermostat's target temperature, derivatives from local least-squares quadratics over a window of \(fmt(settings.smoothK, 0)) K, spread = half the range of the estimates over windows of \(MeltingCriteria.widths(reference: settings.smoothK).map { fmt($0, 0) }.joined(separator: ", ")) K"
    }

    var json: JSON {
        func num(_ x: Double?) -> JSON { x.map { .number($0) } ?? .null }
        func peakJSON(_ p: RampPeak?) -> JSON {
            guard let p else { return .null }
            return .object([("Tm", .number(p.temperatureK)), ("spread", .number(p.spreadK)), ("widths_K", .numbers(p.widths)),
                            ("Tm_by_width", .array(p.estimates.map(num))), ("prominence", .number(p.prominence))])
        }
        let runs: [JSON] = results.map { r in
            .object([("rate", .number(r.rate)), ("Tm_cp", num(r.tmCp)), ("Tm_lindemann", num(r.tmLindemann)),
                     ("Tm_cp_spread", num(r.cp?.spreadK)), ("Tm_lindemann_spread", num(r.lindemann?.spreadK)),
                     ("melted", .bool(r.melted)), ("melting_event_K", num(r.event)), ("final_lindemann_ratio", .number(r.finalRatio)),
                     ("criterion_cp", peakJSON(r.cp)), ("criterion_lindemann", peakJSON(r.lindemann)),
                     ("seed", .string("\(r.seed)")), ("file", .string("ramp-\(MeltSettings.label(r.rate)).csv")),
                     ("seconds", num(seconds[r.rate]))])
        }
        let a = fitCp, b = fitLindemann
        return .object([
            ("runs", .array(runs)),
            ("extrapolated", .object([
                ("Tm_cp", num(a?.fit.intercept)), ("Tm_cp_error", num(a?.interceptError)),
                ("Tm_lindemann", num(b?.fit.intercept)), ("Tm_lindemann_error", num(b?.interceptError)),
                ("slope_cp_K_per_rate", num(a?.fit.slope)), ("slope_cp_error", num(a?.slopeError)),
                ("slope_lindemann_K_per_rate", num(b?.fit.slope)), ("slope_lindemann_error", num(b?.slopeError)),
                ("rates_cp", .numbers(a?.rates ?? [])), ("rates_lindemann", .numbers(b?.rates ?? [])),
            ])),
            ("failed", .array(failures.map { .object([("rate", .number($0.rate)), ("error", .string($0.message))]) })),
            ("start", .string(settings.start.rawValue)), ("atoms", .int(atoms)), ("structure", .string(structure)),
            ("potential", .object([("name", .string(potential.name)), ("path", .string(potential.path)),
                                   ("sha256", potential.sha256.map { .string($0) } ?? .null)])),
            ("settings", .object(MeltSettings.keys.compactMap { k in settings.values[k].map { (k, .string($0)) } })),
            ("method", .string(method)),
            ("extrapolation", ExtrapolationOutput.json(extrapolation)),
            ("criterion_cp_unavailable", settings.constantVolume ? .string(MeltReport.forceOnlyNote(potential.name)) : .null),
            ("note", .string(settings.start == .crystal ? MeltReport.superheatingNote : "the \(settings.start.rawValue) start removes the nucleation barrier of a perfect crystal; at fast rates melting still lags behind the target temperature")),
        ])
    }

    var table: [String] {
        var lines = ["Melting by heating ramps: \(structure), \(atoms) atoms, start: \(settings.start.rawValue)", "",
                     "  rate (K/step)   Tm A: max dH/dT (K)   Tm B: Lindemann (K)   L at end"]
        func tm(_ p: RampPeak?, _ melted: Bool) -> String {
            guard melted else { return "not melted" }
            return p.map { fmt($0.temperatureK, 1) + " ± " + fmt($0.spreadK, 1) } ?? "no peak"
        }
        for r in results {
            lines.append(pad(MeltSettings.label(r.rate), 15) + pad(tm(r.cp, r.melted), 22) + pad(tm(r.lindemann, r.melted), 22)
                         + pad(fmt(r.finalRatio, 3), 11))
        }
        for f in failures { lines.append(pad(MeltSettings.label(f.rate), 15) + "   failed: \(f.message)") }
        lines.append("  (± : half the range over smoothing windows of \(MeltingCriteria.widths(reference: settings.smoothK).map { fmt($0, 0) }.joined(separator: ", ")) K)")
        for (name, fit) in [("A", fitCp), ("B", fitLindemann)] {
            guard let fit else {
                lines.append("criterion \(name): fewer than two rates with a melting point; no extrapolation")
                continue
            }
            let e = fit.interceptError.map { " ± " + fmt($0, 1) } ?? " (2 rates: no error)"
            let se = fit.slopeError.map { " ± " + fmt($0, 1) } ?? ""
            lines.append("criterion \(name): Tm(rate → 0) = \(fmt(fit.fit.intercept, 1))\(e) K, slope \(fmt(fit.fit.slope, 1))\(se) K per (K/step), over rates \(fit.rates.map(MeltSettings.label).joined(separator: ", "))")
        }
        lines += ["", "Method: " + method + "."]
        if settings.constantVolume { lines.append("Criterion A: " + MeltReport.forceOnlyNote(potential.name) + ".") }
        if settings.start == .crystal { lines.append("Note: " + MeltReport.superheatingNote + ".") }
        return lines
    }

    /// melt.svg: H(T) and the smoothed Cp(T), the Lindemann ratio and its curvature, Tm
    /// against rate with the fits.
    var svg: String {
        let kB = Units.boltzmann
        var enthalpy = LinePlot(title: "enthalpy", xLabel: "target temperature (K)", yLabel: "H (eV/atom)", series: [])
        var cp = LinePlot(title: "Cp = dH/dT (smoothed, criterion A)", xLabel: "target temperature (K)", yLabel: "Cp (kB/atom)", series: [])
        var lindemann = LinePlot(title: "Lindemann ratio (solid, cut at 0.6) and d²L/dT² (dashed, scaled; B)",
                                 xLabel: "target temperature (K)", yLabel: "L = sqrt(<u²>)/d", series: [])
        for (k, r) in results.enumerated() {
            let name = "\(MeltSettings.label(r.rate)) K/step"
            if r.enthalpy.allSatisfy(\.isFinite) { enthalpy.series.append(.init(name: name, x: r.target, y: r.enthalpy, color: k)) }
            if let p = r.cp { cp.series.append(.init(name: name, x: p.curveX, y: p.curveY.map { $0 / kB }, color: k)) }
            lindemann.series.append(.init(name: name, x: r.target, y: r.ratio.map { min($0, 0.6) }, color: k))
            if let p = r.lindemann, let top = p.curveY.map(abs).max(), top > 0 {
                lindemann.series.append(.init(name: "", x: p.curveX, y: p.curveY.map { 0.3 * $0 / top }, dash: "4,3", color: k))
            }
            if let t = r.tmCp { cp.markers.append((t, k)) }
            if let t = r.tmLindemann { lindemann.markers.append((t, k)) }
        }
        var rates = LinePlot(title: "Tm against heating rate", xLabel: "rate (K/step)", yLabel: "Tm (K)", series: [])
        for (k, (name, fit, values)) in [("A dH/dT", fitCp, results.map { ($0.rate, $0.tmCp) }),
                                          ("B Lindemann", fitLindemann, results.map { ($0.rate, $0.tmLindemann) })].enumerated() {
            let known = values.compactMap { v in v.1.map { (v.0, $0) } }
            rates.series.append(.init(name: name, x: known.map(\.0), y: known.map(\.1), points: true, color: k))
            if let fit {
                let xmax = (known.map(\.0).max() ?? 1) * 1.05
                rates.series.append(.init(name: "", x: [0, xmax], y: [fit.fit.intercept, fit.fit.intercept + fit.fit.slope * xmax],
                                          dash: "5,3", color: k))
            }
        }
        rates.xRange = (0, (results.map(\.rate).max() ?? 1) * 1.05)
        return LinePlot.figure([enthalpy, cp, lindemann, rates], columns: 2)
    }
}
