import Atoms
import Dispatch
import Dynamics
import Engines
import Foundation
import Potentials
import Reports
import Thermodynamics

/// `props melt --method free-energy`: parses the options, runs the library's
/// `FreeEnergyMelting` protocol and writes freeenergy.csv, freeenergy.svg,
/// freeenergy-summary.txt and freeenergy.json.
struct MeltFreeEnergy {
    let settings: MeltSettings
    let potential: Potential
    let crystal: Structure
    let outDir: String
    let console: Console
    let identity: (name: String, path: String, sha256: String?)
    /// `--engine lammps` runs the protocol in LAMMPS (`LAMMPSFreeEnergy`, in `outDir/lammps`).
    let engine: EngineOption
    let lammps: LAMMPSInstallation?

    /// The library settings from the command's values.
    func librarySettings() throws -> FreeEnergyMeltingSettings {
        guard let guess = settings.guessK else {
            throw UsageError("--method free-energy needs --tguess K, the temperature of the free-energy integrations (near the expected melting point)", command: "melt")
        }
        guard settings.md.pressureGPa == 0 else {
            throw UsageError("--method free-energy runs at zero pressure (reversible scaling would have to scale a pressure too); drop --pressure", command: "melt")
        }
        var low = (0.85 * guess).rounded(), high = (1.15 * guess).rounded()
        if let r = settings.values["trange"] {
            let parts = r.split(separator: ",").compactMap { Double($0) }
            guard parts.count == 2, parts[0] > 0, parts[0] <= guess, parts[1] >= guess, parts[1] > parts[0] else {
                throw UsageError("--trange must be T1,T2 in K with T1 ≤ --tguess ≤ T2, got '\(r)'", command: "melt")
            }
            (low, high) = (parts[0], parts[1])
        }
        func integer(_ key: String, _ d: Int, _ range: ClosedRange<Int>) throws -> Int {
            guard let s = settings.values[key] else { return d }
            guard let x = Int(s), range.contains(x) else {
                throw UsageError("--\(key) must be an integer in \(range.lowerBound)...\(range.upperBound), got '\(s)'", command: "melt")
            }
            return x
        }
        let dt = settings.md.timestepFs * Units.fsInPs
        let equilibrate = try integer("equilibrate", Int((10 / dt).rounded()), 10...Int(Int32.max))
        let switchSteps = try integer("switch-steps", Int((15 / dt).rounded()), 10...Int(Int32.max))
        let sweepSteps = try integer("sweep-steps", Int((25 / dt).rounded()), 10...Int(Int32.max))
        let seeds = try integer("seeds", 2, 1...100)
        return FreeEnergyMeltingSettings(guessK: guess, lowK: low, highK: high, timestepPs: dt,
                                         thermostatDampingPs: settings.md.tdampFs * Units.fsInPs,
                                         barostatDampingPs: settings.md.pdampFs * Units.fsInPs, equilibrationSteps: equilibrate,
                                         integration: SwitchingSettings(equilibrationSteps: equilibrate / 2, switchSteps: switchSteps),
                                         sweep: SwitchingSettings(equilibrationSteps: equilibrate / 2, switchSteps: sweepSteps),
                                         seeds: (0..<seeds).map { settings.md.seed &+ UInt64($0) })
    }

    func run(json: Bool) throws {
        let s = try librarySettings()
        console.note(String(format: "free energy: %d atoms per phase, T0 = %.0f K, G(T) over %.0f-%.0f K, dt = %g fs, Langevin (τ = %g ps) + %@ (τ = %g ps) at 0 GPa; %d + %d steps of equilibration, switches 2 × %d steps (Frenkel-Ladd / Uhlenbeck-Ford), sweeps 2 × %d steps; %d seeds%@",
                            crystal.count, s.guessK, s.lowK, s.highK, s.timestepPs * 1000, s.thermostatDampingPs,
                            lammps == nil ? "c-rescale" : "MTK (fix nph)", s.barostatDampingPs,
                            s.equilibrationSteps, s.equilibrationSteps, s.integration.switchSteps, s.sweep.switchSteps, s.seeds.count,
                            lammps == nil ? "" : String(format: "; LAMMPS, %d rank(s)", engine.ranks)))
        let clock = DispatchTime.now().uptimeNanoseconds
        var lammpsVersion: String?
        let r: FreeEnergyMeltingResult
        if let lammps {
            let run = try LAMMPSFreeEnergy.run(s, spec: identity.path, potential: potential, crystal: crystal, directory: outDir + "/lammps",
                                               installation: lammps, ranks: engine.ranks) { console.note($0) }
            (r, lammpsVersion) = (run.result, run.version)
        } else {
            r = try FreeEnergyMelting.run(s, potential: potential, crystal: crystal) { console.note($0) }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - clock) * 1e-9
        ExtrapolationOutput.warn(r.extrapolation, console: console)
        for p in r.solid + r.liquid where !p.keptPhase {
            console.warn(String(format: "the %@ of seed %@ did not stay %@ (order ψ %@): its free energy is not that phase's; narrow --trange",
                                p.phase.rawValue, "\(p.seed)", p.phase.rawValue, ([p.orderAtStart] + p.orderAtEnds).map { fmt($0, 2) }.joined(separator: ", ")))
        }
        let report = FreeEnergyReport(result: r, settings: s, atoms: crystal.count, seconds: seconds, potential: identity,
                                      earlier: MeltFreeEnergy.earlierValues(in: outDir), engine: engine.json(lammpsVersion: lammpsVersion))
        try writeFile(report.csv, to: outDir + "/freeenergy.csv")
        try writeFile(report.svg, to: outDir + "/freeenergy.svg")
        try writeFile(report.summary.joined(separator: "\n") + "\n", to: outDir + "/freeenergy-summary.txt")
        try writeFile(report.json.text + "\n", to: outDir + "/freeenergy.json")
        if json {
            console.emit(report.json)
        } else {
            for line in report.summary { console.print(line) }
            console.print("files in \(outDir)/: settings.txt, freeenergy.csv (T, G_s, G_l per seed and mean), freeenergy.svg, freeenergy-summary.txt, freeenergy.json")
        }
        if r.meltingPoint.mean == nil {
            throw CommandFailure(String(format: "G_s and G_l do not cross between %.0f and %.0f K: widen --trange or move --tguess", s.lowK, s.highK))
        }
    }

    /// Melting points of ramp and coexistence runs already in `directory` (its melt.json),
    /// to print beside the free-energy value.
    static func earlierValues(in directory: String) -> [(label: String, kelvin: Double, error: Double?)] {
        guard let data = FileManager.default.contents(atPath: directory + "/melt.json"),
              let top = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return [] }
        var out: [(label: String, kelvin: Double, error: Double?)] = []
        if let c = top["coexistence"] as? [String: Any], let t = c["Tm"] as? Double {
            out.append(("coexistence", t, c["error"] as? Double))
        }
        if let e = top["extrapolated"] as? [String: Any] {
            if let t = e["Tm_cp"] as? Double { out.append(("heating ramps, max dH/dT, zero rate", t, e["Tm_cp_error"] as? Double)) }
            if let t = e["Tm_lindemann"] as? Double { out.append(("heating ramps, Lindemann, zero rate", t, e["Tm_lindemann_error"] as? Double)) }
        }
        return out
    }
}

/// freeenergy.json, the summary, the G(T) table and figure of a free-energy melting point.
struct FreeEnergyReport {
    let result: FreeEnergyMeltingResult
    let settings: FreeEnergyMeltingSettings
    let atoms: Int
    let seconds: Double
    let potential: (name: String, path: String, sha256: String?)
    let earlier: [(label: String, kelvin: Double, error: Double?)]
    /// engine, lammps_version, ranks.
    var engine: [(String, JSON)] = []

    var json: JSON {
        func num(_ x: Double?) -> JSON { x.map { .number($0) } ?? .null }
        func phaseJSON(_ p: PhaseFreeEnergy) -> JSON {
            .object([("phase", .string(p.phase.rawValue)), ("seed", .string("\(p.seed)")), ("atoms", .int(p.atoms)),
                     ("volume_A3_per_atom", .number(p.volumePerAtom)), ("spring_constant_eV_per_A2", num(p.springConstant)),
                     ("reference_free_energy_eV_per_atom", .number(p.referenceFreeEnergy)),
                     ("switch_work_forward_eV", .number(p.work.forward)), ("switch_work_backward_eV", .number(p.work.backward)),
                     ("G_T0_eV_per_atom", .number(p.freeEnergy)), ("sweep_dissipation_eV_per_atom", .number(p.curve.dissipation)),
                     ("order_start", .number(p.orderAtStart)), ("order_ends", .numbers(p.orderAtEnds)), ("kept_phase", .bool(p.keptPhase))])
        }
        let tm = result.meltingPoint, h = result.enthalpy, s = result.entropy
        return .object([
            ("method", .string("free-energy")), ("Tm", num(tm.mean)), ("Tm_error", num(tm.error)),
            ("dH_m_eV_per_atom", num(h.mean)), ("dS_m_kB_per_atom", num(s.mean)),
            ("dH_m_error", num(h.error)), ("dS_m_error", num(s.error)),
            ("Tm_by_seed", .array(result.crossings.map { num($0.temperatureK) })),
            ("phases_kept", .bool(result.phasesKept)), ("T0_K", .number(settings.guessK)),
            ("trange_K", .numbers([settings.lowK, settings.highK])), ("atoms", .int(atoms)), ("seconds", .number(seconds)),
            ("runs", .array((result.solid + result.liquid).map(phaseJSON))),
            ("beside", .array(earlier.map { .object([("method", .string($0.label)), ("Tm", .number($0.kelvin)), ("error", num($0.error))]) })),
            ("potential", .object([("name", .string(potential.name)), ("path", .string(potential.path)),
                                   ("sha256", potential.sha256.map { .string($0) } ?? .null)])),
        ] + engine)
    }

    var summary: [String] {
        var out: [String] = []
        let tm = result.meltingPoint, h = result.enthalpy, s = result.entropy
        if let t = tm.mean {
            out.append(String(format: "Free-energy melting point (%d atoms per phase, %d seeds): Tm = %.1f ± %@ K", atoms, result.crossings.count, t,
                              tm.error.map { String(format: "%.1f", $0) } ?? "? (one seed)"))
        } else {
            out.append("Free-energy melting point: G_s and G_l do not cross in the range")
        }
        if let dh = h.mean, let ds = s.mean {
            out.append(String(format: "ΔH_m = %.4f eV/atom (%.2f kJ/mol), ΔS_m = %.3f k_B/atom", dh, dh * Units.eVInJPerMol / 1000, ds))
        }
        for c in result.crossings {
            out.append("  seed \(c.seed): Tm = " + (c.temperatureK.map { String(format: "%.1f K", $0) } ?? "no crossing"))
        }
        for p in result.solid + result.liquid {
            out.append(String(format: "  %@ seed %@: V = %.4f Å³/atom%@, F_ref = %.5f, ΔF(switch) = %.5f (dissipation %.2g), G(%.0f K) = %.5f eV/atom, order ψ %@ → %@",
                              p.phase.rawValue, "\(p.seed)", p.volumePerAtom, p.springConstant.map { String(format: ", k = %.4f eV/Å²", $0) } ?? "",
                              p.referenceFreeEnergy, p.work.reversible / Double(p.atoms), p.work.dissipation / Double(p.atoms), settings.guessK,
                              p.freeEnergy, fmt(p.orderAtStart, 2), p.orderAtEnds.map { fmt($0, 2) }.joined(separator: ", ")))
        }
        out.append(result.phasesKept ? "the solids stayed crystalline and the liquids liquid at both ends of the sweeps"
            : "WARNING: a phase changed during its runs (see the order ψ): the crossing is not a melting point")
        for e in earlier {
            out.append(String(format: "beside it in this directory: %@ Tm = %.1f%@ K", e.label, e.kelvin, e.error.map { String(format: " ± %.1f", $0) } ?? ""))
        }
        out.append(String(format: "run time %.0f s", seconds))
        return out
    }

    /// T every kelvin, then G_s and G_l of the mean and of each seed, eV/atom.
    var csv: String {
        let s = result.meanCurve(.solid), l = result.meanCurve(.liquid)
        var header = ["T_K", "G_solid_eV_per_atom", "G_liquid_eV_per_atom"]
        for p in result.solid { header.append("G_solid_seed\(p.seed)") }
        for p in result.liquid { header.append("G_liquid_seed\(p.seed)") }
        var rows = [header.joined(separator: ",")]
        let first = (s.temperaturesK.first ?? 0).rounded(.up), last = (s.temperaturesK.last ?? -1).rounded(.down)
        for t in stride(from: first, through: last, by: 1) {
            guard let gl = l.value(at: t), let gs = s.value(at: t) else { continue }
            let seeds = (result.solid + result.liquid).map { $0.curve.value(at: t).map { String(format: "%.8f", $0) } ?? "" }
            rows.append(([String(format: "%.3f", t), String(format: "%.8f", gs), String(format: "%.8f", gl)] + seeds).joined(separator: ","))
        }
        return rows.joined(separator: "\n") + "\n"
    }

    var svg: String {
        let s = result.meanCurve(.solid), l = result.meanCurve(.liquid)
        var g = LinePlot(title: "Gibbs energy at zero pressure (reversible scaling)", xLabel: "T (K)", yLabel: "G (eV/atom)",
                         series: [LinePlot.Series(name: "solid", x: s.temperaturesK, y: s.freeEnergies, color: 0),
                                  LinePlot.Series(name: "liquid", x: l.temperaturesK, y: l.freeEnergies, color: 1)])
        var d = LinePlot(title: "G_liquid − G_solid", xLabel: "T (K)", yLabel: "ΔG (meV/atom)",
                         series: [LinePlot.Series(name: "ΔG", x: s.temperaturesK.filter { l.value(at: $0) != nil },
                                                  y: s.temperaturesK.compactMap { t in l.value(at: t).map { 1000 * ($0 - s.value(at: t)!) } }, color: 2)])
        if let t = result.meltingPoint.mean {
            g.markers = [(t, 3)]
            d.markers = [(t, 3)]
        }
        return LinePlot.figure([g, d], columns: 2)
    }
}
