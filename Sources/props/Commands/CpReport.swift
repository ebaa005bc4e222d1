import Analysis
import Atoms
import Foundation
import Potentials
import Thermodynamics

/// The table and JSON of `props cp`.
struct CpReport {
    let points: [HeatCapacityPoint]
    /// Harmonic quantum C_v per temperature, k_B/atom.
    let harmonic: [Double]?
    let run: CpRun
    let atoms: Int
    let structure: String
    let potential: String
    let identity: (path: String, sha256: String?)

    /// dH/dT per atom (k_B) between neighbouring temperatures.
    var slopes: [EnthalpySlope] { HeatCapacityProtocol.enthalpySlopes(points) }

    /// Correlation time of X, ps: (g − 1)/2 samples.
    func correlationTime(_ c: FluctuationHeatCapacity) -> Double {
        0.5 * (c.inefficiency - 1) * Double(run.sampleEvery) * run.settings.timestepFs * Units.fsInPs
    }

    var json: JSON {
        let n = Double(atoms)
        let r = CpCommand.kBInJPerMolK
        func perAtom(_ c: FluctuationHeatCapacity?) -> JSON { c.map { .number($0.value / n) } ?? .null }
        func errorPerAtom(_ c: FluctuationHeatCapacity?) -> JSON { c.map { .number($0.error / n) } ?? .null }
        let rows: [JSON] = points.enumerated().map { k, p in
            .object([
                ("T", .number(p.temperatureK)),
                ("Cp_kB_per_atom", .number(p.cp.value / n)), ("error_kB_per_atom", .number(p.cp.error / n)),
                ("Cp_J_per_mol_K", .number(p.cp.value / n * r)), ("error_J_per_mol_K", .number(p.cp.error / n * r)),
                ("Cv_kB_per_atom", perAtom(p.cv)), ("Cv_error_kB_per_atom", errorPerAtom(p.cv)),
                ("H_eV_per_atom", .number(p.cp.mean / n)), ("H_error_eV_per_atom", .number(p.cp.meanError / n)),
                ("V_A3_per_atom", .number(p.volume / n)),
                ("correlation_time_ps", .number(correlationTime(p.cp))),
                ("harmonic_quantum_Cv_kB_per_atom", harmonic.map { .number($0[k]) } ?? .null),
            ])
        }
        let s = run.settings
        return .object([
            ("temperatures", .array(rows)),
            ("dH_dT", .array(slopes.map { .object([("T", .number($0.temperatureK)), ("Cp_kB_per_atom", .number($0.slope)),
                                                   ("error_kB_per_atom", .number($0.error))]) })),
            ("dH_dT_fit", HeatCapacityProtocol.enthalpyFit(points).map {
                .object([("T", .number($0.temperatureK)), ("Cp_kB_per_atom", .number($0.slope)), ("error_kB_per_atom", .number($0.error)),
                         ("Cp_J_per_mol_K", .number($0.slope * r)), ("error_J_per_mol_K", .number($0.error * r))])
            } ?? .null),
            ("atoms", .int(atoms)), ("structure", .string(structure)),
            ("potential", .object([("name", .string(potential)), ("path", .string(identity.path)),
                                   ("sha256", identity.sha256.map { .string($0) } ?? .null)])),
            ("settings", .object(s.pairs.filter { !["steps", "thermo-every", "dump-every", "checkpoint-every", "sample-every", "temperature"].contains($0.key) }
                .map { ($0.key, .string($0.value)) } + [("steps", .int(run.steps)), ("equilibrate", .int(run.equilibrate)),
                                                          ("sample_every", .int(run.sampleEvery)), ("blocks", .int(run.blocks))])),
            ("extrapolation", ExtrapolationOutput.json(extrapolation)),
            ("note", .string(CpReport.classicalNote)),
        ])
    }

    /// Neural-network extrapolations over all runs.
    var extrapolation: ExtrapolationTally {
        points.reduce(into: ExtrapolationTally()) { $0.add($1.extrapolation) }
    }

    static let classicalNote = "classical MD gives the classical heat capacity (3 kB/atom for a harmonic solid plus anharmonic terms) at every temperature; the harmonic quantum Cv (phonons of the 0 K structure, no thermal expansion) is beside it"

    var table: [String] {
        let n = Double(atoms)
        let s = run.settings
        var lines = ["Heat capacity of \(structure), \(atoms) atoms, \(potential)",
                     "NPT: \(s.thermostat) thermostat (τ = \(fmt(s.tdampFs, 0)) fs), \(s.barostat) barostat (τ = \(fmt(s.pdampFs, 0)) fs) at \(s.pressureGPa) GPa, dt = \(s.timestepFs) fs;",
                     "\(run.equilibrate) steps equilibration + \(run.steps) steps per run, sampled every \(run.sampleEvery), errors from \(run.blocks) blocks"
                         + (run.nvt ? "; Cv from NVT at the mean NPT volume" : ""),
                     "",
                     "   T (K)   Cp (kB/atom)    Cp (J/mol/K)    Cv (kB/atom)    τ_H (ps)   harmonic quantum Cv (kB/atom)"]
        let r = CpCommand.kBInJPerMolK
        for (k, p) in points.enumerated() {
            let cp = pad(fmt(p.cp.value / n, 3), 6) + " ± " + fmt(p.cp.error / n, 3)
            let joule = pad(fmt(p.cp.value / n * r, 2), 6) + " ± " + fmt(p.cp.error / n * r, 2)
            let cv = p.cv.map { pad(fmt($0.value / n, 3), 6) + " ± " + fmt($0.error / n, 3) } ?? "n/a"
            lines.append(pad(fmt(p.temperatureK, 1), 8) + pad(cp, 16) + pad(joule, 16) + pad(cv, 16)
                         + pad(fmt(correlationTime(p.cp), 3), 12) + pad(harmonic.map { fmt($0[k], 3) } ?? "n/a", 16))
        }
        if !slopes.isEmpty {
            lines += ["", "dH/dT from the mean enthalpies (cross-check of the fluctuation formula):", "   T (K)   dH/dT (kB/atom)"]
            for d in slopes { lines.append(pad(fmt(d.temperatureK, 1), 8) + pad(fmt(d.slope, 3) + " ± " + fmt(d.error, 3), 18)) }
            if let fit = HeatCapacityProtocol.enthalpyFit(points) {
                lines.append("one weighted line through all mean enthalpies: dH/dT = \(fmt(fit.slope, 3)) ± \(fmt(fit.error, 3)) kB/atom"
                             + " = \(fmt(fit.slope * r, 2)) ± \(fmt(fit.error * r, 2)) J/(mol K) at \(fmt(fit.temperatureK, 1)) K")
            }
        }
        return lines + ["", "Note: " + CpReport.classicalNote + "."]
    }
}
