import Atoms
import Dynamics
import Foundation
import Potentials

/// The settings of a `props melt` run, from the command line or, for `--resume`, from
/// `settings.txt` in the run's directory (one `key value` line per option).
struct MeltSettings {
    enum Start: String, CaseIterable { case crystal, void, surface, coexistence }
    /// How the melting point is found: heating ramps (and the starts above), or free energies.
    enum Method: String, CaseIterable { case ramp, freeEnergy = "free-energy" }

    /// The ensemble (thermostat, barostat, time step, pressure, seed) in `props md`'s terms.
    var md: MDSettings
    var values: [String: String]
    var start: Start
    var method: Method
    /// Heating rates, K per step.
    var rates: [Double]
    var tstartK: Double
    var tstopK: Double
    /// Steps at tstart before the ramp.
    var equilibrate: Int
    /// Steps between rows of ramp-<rate>.csv; nil: about one row per kelvin.
    var sampleEvery: Int?
    var checkpointEvery: Int
    /// Reference smoothing width of the criteria, K.
    var smoothK: Double
    /// Rates up to this enter the fit to zero rate.
    var fitBelow: Double
    /// Void radius in units of the nearest-neighbour distance; vacuum thickness, Å.
    var voidRadius: Double
    var vacuum: Double
    /// Coexistence: starting temperature guess (K) and the length of the isenthalpic run (steps).
    var guessK: Double?
    var coexistenceSteps: Int
    /// Coexistence: temperature the upper half is melted at (K); nil for the protocol's default.
    var meltK: Double?
    /// Coexistence: melt the upper half in the crystal's cell (NVT) instead of NPT.
    var meltAtFixedCell: Bool
    /// NVT at the starting cell's volume (`ensemble nvt` in settings.txt): how a potential
    /// without energy or stress (AGNI) is heated, as it gives no pressure for a barostat.
    var constantVolume: Bool

    /// Keys kept in settings.txt (the command's option names).
    static let keys = ["potential", "map", "structure", "supercell", "start", "rates", "tstart", "tstop", "equilibrate", "sample-every",
                       "checkpoint-every", "smooth", "fit-below", "void-radius", "vacuum", "tguess", "coexistence-steps", "tmelt", "melt-cell",
                       "pressure", "dt", "thermostat", "barostat", "tdamp", "pdamp", "cell", "seed", "ensemble",
                       "engine", "ranks", "method", "trange", "seeds", "switch-steps", "sweep-steps"]

    init(_ given: [String: String]) throws {
        var v = given
        func number(_ key: String, _ d: Double, _ range: ClosedRange<Double>) throws -> Double {
            guard let s = v[key] else { return d }
            guard let x = Double(s), range.contains(x) else {
                throw UsageError("--\(key) must be a number in \(range.lowerBound)...\(range.upperBound), got '\(s)'", command: "melt")
            }
            return x
        }
        func integer(_ key: String, _ d: Int, _ range: ClosedRange<Int>) throws -> Int {
            guard let s = v[key] else { return d }
            guard let x = Int(s), range.contains(x) else {
                throw UsageError("--\(key) must be an integer in \(range.lowerBound)...\(range.upperBound), got '\(s)'", command: "melt")
            }
            return x
        }
        guard let s = Start(rawValue: v["start"] ?? "crystal") else {
            throw UsageError("--start must be one of \(Start.allCases.map(\.rawValue).joined(separator: ", "))", command: "melt")
        }
        start = s
        guard let m = Method(rawValue: v["method"] ?? "ramp") else {
            throw UsageError("--method must be one of \(Method.allCases.map(\.rawValue).joined(separator: ", "))", command: "melt")
        }
        method = m
        var rateList: [Double] = []
        if m == .freeEnergy {
            guard s == .crystal else { throw UsageError("--method free-energy takes no --start", command: "melt") }
            v["dt"] = v["dt"] ?? "2"
            v["thermostat"] = v["thermostat"] ?? "langevin"
            v["barostat"] = v["barostat"] ?? "c-rescale"
            v["tdamp"] = v["tdamp"] ?? "100"
            v["pressure"] = v["pressure"] ?? "0"
        } else if s == .coexistence {
            v["dt"] = v["dt"] ?? "2"
            v["thermostat"] = v["thermostat"] ?? "csvr"
            // LAMMPS has no stochastic cell rescaling: its engine defaults to MTK (fix nph).
            v["barostat"] = v["barostat"] ?? (v["engine"] == "lammps" ? "mtk" : "c-rescale")
            v["tdamp"] = v["tdamp"] ?? "100"
        } else {
            guard let r = v["rates"] else { throw UsageError("give --rate R or --rates R1,R2,... (K per step)", command: "melt") }
            rateList = try r.split(separator: ",").map { part in
                guard let x = Double(part), x > 0, x <= 1000 else {
                    throw UsageError("rates must be positive numbers (K per step) separated by commas, got '\(r)'", command: "melt")
                }
                return x
            }
            guard Set(rateList.map(MeltSettings.label)).count == rateList.count else { throw UsageError("a rate is given twice", command: "melt") }
        }
        constantVolume = v["ensemble"] == "nvt"
        guard v["ensemble"] == nil || constantVolume else {
            throw UsageError("ensemble must be nvt when given (settings.txt), got '\(v["ensemble"]!)'", command: "melt")
        }
        if constantVolume {
            guard s != .coexistence else {
                throw UsageError("--start coexistence runs at constant enthalpy and needs the potential's energy and stress", command: "melt")
            }
            if let key = ["pressure", "barostat", "pdamp", "cell"].first(where: { v[$0] != nil }) {
                throw UsageError("--\(key) does not apply: a potential without stress is heated at constant volume (NVT)", command: "melt")
            }
        } else {
            if s == .surface || s == .coexistence { v["cell"] = "aniso" }
            v["barostat"] = v["barostat"] ?? "berendsen"
            v["pdamp"] = v["pdamp"] ?? "1000"
            v["pressure"] = v["pressure"] ?? "0.0001"
        }
        v["dt"] = v["dt"] ?? "10"
        v["thermostat"] = v["thermostat"] ?? "berendsen"
        v["tdamp"] = v["tdamp"] ?? "500"
        if v["seed"] == nil { v["seed"] = "\(UInt64(Date().timeIntervalSince1970 * 1e6) % 1_000_000_007)" }
        tstartK = try number("tstart", 100, 0...1e5)
        tstopK = try number("tstop", 2500, tstartK...1e5)
        var mdValues = v.filter { ["pressure", "dt", "thermostat", "barostat", "tdamp", "pdamp", "cell", "seed"].contains($0.key) }
        mdValues["ensemble"] = constantVolume ? "nvt" : "npt"
        mdValues["temperature"] = "\(tstartK)"
        md = try MDSettings(mdValues, command: "melt")
        rates = rateList.sorted()
        guard tstopK > tstartK || s == .coexistence || m == .freeEnergy else { throw UsageError("--tstop must be above --tstart", command: "melt") }
        equilibrate = try integer("equilibrate", 2000, 0...Int(Int32.max))
        sampleEvery = v["sample-every"] == nil ? nil : try integer("sample-every", 1, 1...1_000_000)
        checkpointEvery = try integer("checkpoint-every", 1000, 1...Int(Int32.max))
        smoothK = try number("smooth", 50, 1...1e4)
        fitBelow = try number("fit-below", .infinity, 0...Double.infinity)
        voidRadius = try number("void-radius", 1.5, 0.1...100)
        vacuum = try number("vacuum", 15, 1...1000)
        guessK = v["tguess"] == nil ? nil : try number("tguess", 0, 1...1e5)
        coexistenceSteps = try integer("coexistence-steps", 25000, 100...Int(Int32.max))
        meltK = v["tmelt"] == nil ? nil : try number("tmelt", 0, 1...1e5)
        switch v["melt-cell"] ?? "npt" {
        case "npt": meltAtFixedCell = false
        case "fixed": meltAtFixedCell = true
        case let other: throw UsageError("--melt-cell must be npt or fixed, got '\(other)'", command: "melt")
        }
        values = v
    }

    /// The potential's label map (`--map`, kept in settings.txt; empty without it).
    func labelMap() throws -> LabelMap {
        guard let text = values["map"] else { return LabelMap() }
        do { return try LabelMap(parsing: text) } catch let e as InputError { throw UsageError(e.message, command: "melt") }
    }

    /// The label of a rate in file names: `ramp-<label>.csv`.
    static func label(_ rate: Double) -> String { String(format: "%g", rate) }

    /// Steps between rows for `rate`: as given, or about one row per kelvin.
    func sampleEvery(rate: Double) -> Int { sampleEvery ?? max(1, Int((1 / rate).rounded())) }

    /// settings.txt: one `key value` line per setting.
    var text: String {
        MeltSettings.keys.compactMap { k in values[k].map { "\(k) \($0)" } }.joined(separator: "\n") + "\n"
    }

    /// Reads settings.txt written by `text`.
    static func read(directory: String) throws -> [String: String] {
        let file = try TextFile(path: directory + "/settings.txt")
        var out: [String: String] = [:]
        for (k, line) in file.lines.enumerated() where !line.isEmpty {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, keys.contains(String(parts[0])) else { throw file.error("expected 'key value' with a known key", line: k + 1) }
            out[String(parts[0])] = String(parts[1])
        }
        return out
    }

    /// The defaults and choices, for the header of the run.
    var description: String {
        var s = "\(md.thermostat) thermostat (τ = \(fmt(md.tdampFs, 0)) fs), "
            + (constantVolume ? "constant volume (NVT)" : "\(md.barostat) barostat (\(md.cell.rawValue), τ = \(fmt(md.pdampFs, 0)) fs) at \(md.pressureGPa) GPa")
            + ", dt = \(md.timestepFs) fs"
        if start != .coexistence && method == .ramp {
            s += "; \(fmt(tstartK, 0)) K for \(equilibrate) steps, then \(rates.map(MeltSettings.label).joined(separator: ", ")) K/step to \(fmt(tstopK, 0)) K"
        }
        return s + "; seed \(md.seed)"
    }
}
