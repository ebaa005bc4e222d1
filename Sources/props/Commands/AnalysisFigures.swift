import Analysis
import Dynamics
import Foundation
import Reports

/// The figures of the MD analyses, written beside their tables by `props md` (thermo, and
/// with --rdf/--msd) and by `props rdf`/`msd`/`vdos`: every axis titled with its unit.
enum AnalysisFigures {
    /// g(r): the total and (with several species) each pair.
    static func rdf(_ result: RDFResult) -> String {
        var series = [LinePlot.Series(name: "total", x: result.total.r, y: result.total.g, color: 0)]
        if result.pairs.count > 1 {
            for (k, p) in result.pairs.enumerated() {
                series.append(.init(name: p.name, x: p.curve.r, y: p.curve.g, dash: "5,3", color: k + 1))
            }
        }
        var plot = LinePlot(title: "Radial distribution function (\(result.frames) frames)", xLabel: "r (Å)", yLabel: "g(r)", series: series)
        plot.yFromZero = true
        return LinePlot.figure([plot], columns: 1)
    }

    /// MSD per species against the lag, with the fitted range marked.
    static func msd(_ results: [Diffusion]) -> String {
        var plot = LinePlot(title: "Mean square displacement", xLabel: "lag t (ps)", yLabel: "MSD (Å²)",
                            series: results.enumerated().map { k, d in
                                .init(name: String(format: "%@  D = %.3g Å²/ps", d.element.symbol, d.coefficient), x: d.lags, y: d.msd, color: k)
                            })
        if let range = results.first?.fitRange { plot.markers = [(range.lowerBound, 7), (range.upperBound, 7)] }
        plot.yFromZero = true
        return LinePlot.figure([plot], columns: 1)
    }

    /// The vibrational density of states and the velocity autocorrelation.
    static func vdos(_ spectrum: VibrationalSpectrum) -> String {
        var dos = LinePlot(title: "Vibrational density of states", xLabel: "ν (THz)", yLabel: "g(ν) (states/THz/atom)",
                           series: [.init(name: "vDOS", x: spectrum.frequencies, y: spectrum.dos, color: 0)])
        dos.yFromZero = true
        let vacf = LinePlot(title: "Velocity autocorrelation", xLabel: "lag t (ps)", yLabel: "normalised VACF",
                            series: [.init(name: "VACF", x: spectrum.lags, y: spectrum.vacf, color: 1)])
        return LinePlot.figure([dos, vacf], columns: 2)
    }

    /// Temperature, energies, pressure and volume against time, from thermo.csv's rows.
    static func thermo(_ samples: [ThermoSample]) -> String {
        let t = samples.map(\.timePs)
        let line = { (name: String, key: KeyPath<ThermoSample, Double>, color: Int) in
            LinePlot.Series(name: name, x: t, y: samples.map { $0[keyPath: key] }, color: color)
        }
        let panels = [
            LinePlot(title: "Temperature", xLabel: "time (ps)", yLabel: "T (K)", series: [line("T", \.temperatureK, 0)]),
            LinePlot(title: "Energy", xLabel: "time (ps)", yLabel: "E (eV)",
                     series: [line("total", \.totalEnergy, 0), line("potential", \.potentialEnergy, 1), line("conserved", \.conserved, 2)]),
            LinePlot(title: "Pressure", xLabel: "time (ps)", yLabel: "P (GPa)", series: [line("P", \.pressureGPa, 0)]),
            LinePlot(title: "Volume", xLabel: "time (ps)", yLabel: "V (Å³)", series: [line("V", \.volume, 0)]),
        ]
        return LinePlot.figure(panels, columns: 2)
    }
}
