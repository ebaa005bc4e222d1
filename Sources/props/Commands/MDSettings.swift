import Atoms
import Dynamics
import Foundation
import Potentials

/// The settings of a `props md` run, read from the command line or, for `--resume`, from
/// the checkpoint (where they are stored by option name, so a resumed run is the same run).
struct MDSettings {
    enum Ensemble: String { case nve, nvt, npt }

    var potential: String
    /// `--map LABEL=ELEMENT,...` of the potential's labels, as given (nil without it).
    var map: String?
    var ensemble: Ensemble
    /// Target (NVT/NPT) or initial (NVE) temperature, K; nil in NVE when velocities are given.
    var temperatureK: Double?
    var pressureGPa: Double
    var timestepFs: Double
    var thermostat: String
    var barostat: String
    var cell: CellCoupling
    var tdampFs: Double
    var pdampFs: Double
    var seed: UInt64
    var steps: Int
    var thermoEvery: Int
    var dumpEvery: Int
    var checkpointEvery: Int
    var sampleEvery: Int

    static let thermostats = ["csvr", "langevin", "nose-hoover", "berendsen"]
    static let barostats = ["c-rescale", "mtk", "berendsen"]

    /// Option names as stored in a checkpoint.
    var pairs: [(key: String, value: String)] {
        var out: [(key: String, value: String)] = [("potential", potential), ("ensemble", ensemble.rawValue)]
        if let m = map { out.append(("map", m)) }
        if let t = temperatureK { out.append(("temperature", "\(t)")) }
        if ensemble != .nve { out += [("thermostat", thermostat), ("tdamp", "\(tdampFs)")] }
        if ensemble == .npt {
            out += [("barostat", barostat), ("pdamp", "\(pdampFs)"), ("pressure", "\(pressureGPa)"), ("cell", cell.rawValue)]
        }
        return out + [("dt", "\(timestepFs)"), ("seed", "\(seed)"), ("steps", "\(steps)"),
                      ("thermo-every", "\(thermoEvery)"), ("dump-every", "\(dumpEvery)"),
                      ("checkpoint-every", "\(checkpointEvery)"), ("sample-every", "\(sampleEvery)")]
    }

    /// Reads settings from option values (`values[name]`, missing ones take defaults).
    init(_ values: [String: String], command: String = "md") throws {
        func number(_ key: String, _ d: Double?, _ range: ClosedRange<Double>) throws -> Double? {
            guard let s = values[key], !s.isEmpty else { return d }
            guard let v = Double(s), v.isFinite, range.contains(v) else {
                throw UsageError("--\(key) must be a number in \(range.lowerBound)...\(range.upperBound), got '\(s)'", command: command)
            }
            return v
        }
        func integer(_ key: String, _ d: Int, _ range: ClosedRange<Int>) throws -> Int {
            guard let s = values[key] else { return d }
            guard let v = Int(s), range.contains(v) else {
                throw UsageError("--\(key) must be an integer in \(range.lowerBound)...\(range.upperBound), got '\(s)'", command: command)
            }
            return v
        }
        func choice(_ key: String, _ d: String, _ allowed: [String]) throws -> String {
            let v = values[key] ?? d
            guard allowed.contains(v) else {
                throw UsageError("--\(key) must be one of \(allowed.joined(separator: ", ")), got '\(v)'", command: command)
            }
            return v
        }
        potential = values["potential"] ?? ""
        map = values["map"]
        ensemble = Ensemble(rawValue: try choice("ensemble", "nve", ["nve", "nvt", "npt"]))!
        temperatureK = try number("temperature", nil, 0...1e6)
        pressureGPa = try number("pressure", 0, -1e4...1e4)!
        timestepFs = try number("dt", 1, 1e-4...100)!
        barostat = try choice("barostat", "c-rescale", Self.barostats)
        // MTK's equations are those of Nosé–Hoover chains (LAMMPS fix npt): its default thermostat.
        thermostat = try choice("thermostat", ensemble == .npt && barostat == "mtk" ? "nose-hoover" : "csvr", Self.thermostats)
        cell = CellCoupling(rawValue: try choice("cell", "iso", CellCoupling.allCases.map(\.rawValue)))!
        tdampFs = try number("tdamp", 100, 1e-3...1e9)!
        pdampFs = try number("pdamp", 1000, 1e-3...1e9)!
        if let s = values["seed"] {
            guard let v = UInt64(s) else { throw UsageError("--seed must be a non-negative integer, got '\(s)'", command: command) }
            seed = v
        } else {
            seed = UInt64(Date().timeIntervalSince1970 * 1e6) % 1_000_000_007
        }
        steps = try integer("steps", 0, 0...Int(Int32.max))
        thermoEvery = try integer("thermo-every", 10, 1...Int(Int32.max))
        dumpEvery = try integer("dump-every", 100, 0...Int(Int32.max))
        checkpointEvery = try integer("checkpoint-every", 1000, 1...Int(Int32.max))
        sampleEvery = try integer("sample-every", 10, 1...Int(Int32.max))
        if ensemble != .nve && temperatureK == nil {
            throw UsageError("--ensemble \(ensemble.rawValue) needs --temperature K", command: command)
        }
        for (key, applies) in [("thermostat", ensemble != .nve), ("tdamp", ensemble != .nve),
                               ("barostat", ensemble == .npt), ("pdamp", ensemble == .npt),
                               ("pressure", ensemble == .npt), ("cell", ensemble == .npt)] where values[key] != nil && !applies {
            throw UsageError("--\(key) does not apply to --ensemble \(ensemble.rawValue)", command: command)
        }
    }

    /// The potential's label map (empty without `--map`).
    func labelMap() throws -> LabelMap {
        guard let text = map else { return LabelMap() }
        do { return try LabelMap(parsing: text) } catch let e as InputError { throw UsageError(e.message, command: "md") }
    }

    /// The typed equations of motion these settings describe.
    var ensembleSettings: EnsembleSettings {
        var t: ThermostatChoice?
        var b: BarostatChoice?
        if ensemble != .nve {
            let tau = tdampFs * Units.fsInPs
            switch thermostat {
            case "langevin": t = .langevin(dampingPs: tau)
            case "nose-hoover": t = .noseHoover(dampingPs: tau)
            case "berendsen": t = .berendsen(dampingPs: tau)
            default: t = .csvr(dampingPs: tau)
            }
        }
        if ensemble == .npt {
            let tau = pdampFs * Units.fsInPs
            switch barostat {
            case "mtk": b = .mtk(dampingPs: tau, coupling: cell)
            case "berendsen": b = .berendsen(dampingPs: tau, coupling: cell)
            default: b = .cellRescaling(dampingPs: tau, coupling: cell)
            }
        }
        return EnsembleSettings(timestepPs: timestepFs * Units.fsInPs, thermostat: t, barostat: b, pressureGPa: pressureGPa)
    }

    /// The integrator these settings describe, for atoms of `masses`.
    func integrator(masses: [Double]) -> Integrator {
        ensembleSettings.integrator(masses: masses, temperatureK: temperatureK)
    }

    /// One line describing the ensemble, for the run's header.
    var description: String {
        var s = ensemble.rawValue.uppercased()
        if ensemble != .nve { s += ", \(thermostat) thermostat at \(temperatureK!) K (τ = \(tdampFs) fs)" }
        if ensemble == .npt { s += ", \(barostat) barostat (\(cell.rawValue)) at \(pressureGPa) GPa (τ = \(pdampFs) fs)" }
        return s + ", dt = \(timestepFs) fs, seed \(seed)"
    }
}
