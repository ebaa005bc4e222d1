import Analysis
import Foundation

/// Tables, JSON and summaries of the analyses, shared by `props rdf`/`msd`/`vdos` and
/// `props md --rdf --msd`.
enum AnalysisOutput {
    /// `rdf.csv`: r, total g and running coordination, then g and coordination per pair.
    static func rdfTable(_ result: RDFResult) -> String {
        var header = "r_A,g_total,n_total"
        for p in result.pairs { header += ",g_\(p.name),n_\(p.name)" }
        var out = header + "\n"
        for b in result.total.r.indices {
            var row = String(format: "%.5f,%.6f,%.6f", result.total.r[b], result.total.g[b], result.total.coordination[b])
            for p in result.pairs { row += String(format: ",%.6f,%.6f", p.curve.g[b], p.curve.coordination[b]) }
            out += row + "\n"
        }
        return out
    }

    /// The contract keys: first_peak {r, g}, first_minimum {r}, coordination (to the first minimum).
    static func curveJSON(_ c: RDFCurve) -> [(String, JSON)] {
        let peak = c.firstPeak, minimum = c.firstMinimum
        return [
            ("first_peak", peak.map { .object([("r", .number($0.r)), ("g", .number($0.g))]) } ?? .null),
            ("first_minimum", minimum.map { .object([("r", .number($0))]) } ?? .null),
            ("coordination", minimum.map { .number(c.coordination(at: $0)) } ?? .null),
        ]
    }

    static func rdfJSON(_ result: RDFResult) -> JSON {
        .object(curveJSON(result.total) + [
            ("pairs", .object(result.pairs.map { ($0.name, .object(curveJSON($0.curve))) })),
            ("frames", .int(result.frames)),
        ])
    }

    static func rdfSummary(_ result: RDFResult) -> [String] {
        var lines = ["g(r) over \(result.frames) frames:", "  pair       first peak r (Å)   g(peak)   first minimum (Å)   coordination"]
        for (name, c) in [("total", result.total)] + result.pairs.map({ ($0.name, $0.curve) }) {
            let p = c.firstPeak, m = c.firstMinimum
            lines.append("  " + name.padding(toLength: 9, withPad: " ", startingAt: 0)
                + pad(p.map { fmt($0.r, 4) } ?? "n/a", 18) + pad(p.map { fmt($0.g, 3) } ?? "n/a", 10)
                + pad(m.map { fmt($0, 3) } ?? "n/a", 20) + pad(m.map { fmt(c.coordination(at: $0), 2) } ?? "n/a", 15))
        }
        return lines
    }

    /// `msd.csv`: lag (ps) and MSD (Å²) per species.
    static func msdTable(_ results: [Diffusion]) -> String {
        guard let first = results.first else { return "" }
        var out = "t_ps" + results.map { ",msd_\($0.element.symbol)_A2" }.joined() + "\n"
        for m in first.lags.indices {
            out += String(format: "%.6g", first.lags[m]) + results.map { String(format: ",%.8g", $0.msd[m]) }.joined() + "\n"
        }
        return out
    }

    static func msdJSON(_ results: [Diffusion]) -> JSON {
        let range = results.first?.fitRange
        return .object([
            ("D", .object(results.map { d in
                (d.element.symbol, .object([("A2_per_ps", .number(d.coefficient)), ("error_A2_per_ps", .number(d.error)),
                                            ("cm2_per_s", .number(d.coefficientCm2PerS))]))
            })),
            ("fit_ps", range.map { .numbers([$0.lowerBound, $0.upperBound]) } ?? .null),
        ])
    }

    static func msdSummary(_ results: [Diffusion]) -> [String] {
        guard let range = results.first?.fitRange else { return [] }
        var lines = [String(format: "self-diffusion from MSD = 6Dt, fitted over %.4g–%.4g ps (error from %d blocks fitted alike):",
                            range.lowerBound, range.upperBound, results.first?.blocks ?? 0)]
        for d in results {
            lines.append(String(format: "  %-3@ D = %.5g ± %.2g Å²/ps = %.4g cm²/s", d.element.symbol as NSString,
                                d.coefficient, d.error, d.coefficientCm2PerS))
        }
        if results.contains(where: { $0.error.isNaN }) {
            lines.append("  no error: fewer than two blocks of twice the window's end fit in the run (fit shorter lags or run longer)")
        }
        return lines
    }
}
