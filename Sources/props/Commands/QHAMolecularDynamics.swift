import Analysis
import Atoms
import Engines
import Foundation
import Phonons
import Potentials
import Thermodynamics

/// `props qha --md`: classical NPT molecular dynamics beside the quasi-harmonic result —
/// ⟨V⟩(T), α(T) and Cp(T) with their statistical errors, from the heat-capacity protocol's
/// NPT runs (the settings of `props cp`).
struct QHAMolecularDynamics {
    /// k_B per atom in J/(mol K).
    static let gasConstant = Units.boltzmann * Units.eVInJPerMol

    let temperatures: [Double]
    let settings: MDSettings
    let steps: Int
    let supercell: String?
    let outputDirectory: String?
    /// The MD engine (`--engine lammps` runs the NPT runs in LAMMPS) and the potential's spec.
    let engine: EngineOption
    let potentialSpec: String

    init(_ args: ParsedArguments, tmax: Double) throws {
        if let text = args.string("md-temperatures") {
            temperatures = try text.split(separator: ",").map { part in
                guard let t = Double(part.trimmingCharacters(in: .whitespaces)), t > 0, t <= 1e5 else {
                    throw UsageError("--md-temperatures must be temperatures in K separated by commas, not '\(text)'", command: "qha")
                }
                return t
            }
        } else {
            let step = max(100, (tmax / 10 / 100).rounded(.up) * 100)
            temperatures = stride(from: 100.0, through: tmax + 1e-9, by: step).map { $0 }
        }
        guard !temperatures.isEmpty, Set(temperatures).count == temperatures.count else {
            throw UsageError("--md needs distinct temperatures (--md-temperatures or a --tmax of at least 100 K)", command: "qha")
        }
        var values = ["ensemble": "npt", "temperature": "\(temperatures[0])", "dt": "2", "seed": "1"]
        for key in ["seed", "tdamp", "pdamp"] { if let v = args.string(key) { values[key] = v } }
        engine = try EngineOption(args.values, command: "qha")
        potentialSpec = args.positionals[0]
        // LAMMPS has no stochastic cell rescaling: its engine uses MTK (fix nph), as props cp does.
        if engine.kind == .lammps { values["barostat"] = "mtk" }
        settings = try MDSettings(values, command: "qha")
        steps = try args.int("md-steps", default: 20000, range: 100...Int(Int32.max))
        supercell = args.string("md-supercell")
        outputDirectory = args.string("out")
    }

    /// The MD points, one per temperature, and the dV/dT cross-check.
    struct Result {
        let points: [ClassicalExpansionPoint]
        let slopes: [EnthalpySlope]
        let atoms: Int
        let steps: Int
        /// Seed of the first temperature's velocities; temperature k uses seed + k.
        let seed: UInt64
        let engine: EngineOption
        let lammpsVersion: String?

        var json: JSON {
            let r = gasConstant
            let cp: [Double] = points.map { $0.cp * r }
            let cpError: [Double] = points.map { $0.cpError * r }
            let fromSlopes: [JSON] = slopes.map {
                JSON.object([("T", .number($0.temperatureK)), ("alpha_per_K", .number($0.slope)), ("error", .number($0.error))])
            }
            var fields: [(String, JSON)] = [("temperatures_K", .numbers(points.map(\.temperatureK)))]
            fields.append(("V_A3_per_atom", .numbers(points.map(\.volumePerAtom))))
            fields.append(("V_error", .numbers(points.map(\.volumeError))))
            fields.append(("alpha_per_K", .numbers(points.map(\.alpha))))
            fields.append(("alpha_error", .numbers(points.map(\.alphaError))))
            fields.append(("Cp_J_per_mol_K", .numbers(cp)))
            fields.append(("Cp_error", .numbers(cpError)))
            fields.append(("alpha_from_dV_dT", .array(fromSlopes)))
            fields.append(("atoms", .number(Double(atoms))))
            fields.append(("steps", .number(Double(steps))))
            fields.append(("seed", .number(Double(seed))))
            return JSON.object(fields).appending(engine.json(lammpsVersion: lammpsVersion))
        }

        func csv(label: String, potential: String) -> String {
            var text = "# classical NPT MD beside the QHA, \(label) with \(potential), \(atoms) atoms, \(steps) steps per temperature\n"
            text += "T_K,V_A3_per_atom,V_error,alpha_per_K,alpha_error,Cp_J_per_mol_K,Cp_error\n"
            for p in points {
                text += "\(p.temperatureK),\(p.volumePerAtom),\(p.volumeError),\(p.alpha),\(p.alphaError),"
                    + "\(p.cp * gasConstant),\(p.cpError * gasConstant)\n"
            }
            return text
        }

        /// MD beside the QHA at the MD temperatures (the QHA interpolated linearly).
        func table(beside qha: QuasiHarmonicResult) -> [String] {
            var lines = ["classical NPT MD (\(atoms) atoms, \(steps) steps per temperature) beside the QHA (quantum):",
                         "   T (K)   V MD (Å³/atom)   V QHA     α MD (1e-6/K)   α QHA    Cp MD (J/mol K)   Cp QHA"]
            for p in points {
                func q(_ y: [Double], _ scale: Double, _ decimals: Int, _ width: Int) -> String {
                    guard let v = QHAMolecularDynamics.interpolate(qha.temperatures, y, at: p.temperatureK) else { return String(repeating: " ", count: width - 3) + "n/a" }
                    return fmt(v * scale, decimals, width: width)
                }
                var line = fmt(p.temperatureK, 1, width: 8) + "  " + fmt(p.volumePerAtom, 4, width: 8) + " ± " + fmt(p.volumeError, 4)
                line += q(qha.volumes, 1, 4, 10) + "  " + fmt(p.alpha * 1e6, 2, width: 7) + " ± " + fmt(p.alphaError * 1e6, 2)
                line += q(qha.alpha, 1e6, 2, 9) + "  " + fmt(p.cp * gasConstant, 2, width: 8) + " ± " + fmt(p.cpError * gasConstant, 2)
                line += q(qha.cp, 1, 2, 10)
                lines.append(line)
            }
            for s in slopes {
                lines.append("α from dV/dT between neighbouring MD temperatures at \(fmt(s.temperatureK, 0)) K: "
                             + "\(fmt(s.slope * 1e6, 2)) ± \(fmt(s.error * 1e6, 2)) × 10⁻⁶/K")
            }
            return lines
        }

    }

    /// y(t) interpolated linearly in the table (x ascending); nil outside it.
    static func interpolate(_ x: [Double], _ y: [Double], at t: Double) -> Double? {
        guard let k = x.indices.dropFirst().first(where: { x[$0] >= t }), x[k - 1] <= t else { return nil }
        let w = (t - x[k - 1]) / (x[k] - x[k - 1])
        return y[k - 1] + w * (y[k] - y[k - 1])
    }

    /// Runs NPT at each temperature (one job per core) on a supercell of the relaxed `unit`,
    /// each started at the quasi-harmonic volume of its temperature (the last one the QHA
    /// has above its range), so that the barostat has little to do in the equilibration.
    func run(_ potential: Potential, unit: Structure, qha: QuasiHarmonicResult, inputs: Inputs) throws -> Result {
        let console = inputs.console
        try potential.require([.energy, .forces, .stress], for: "qha --md")
        let spec = supercell ?? {
            let n = Int((cbrt(500 / Double(unit.count)) - 1e-9).rounded(.up))
            return "\(max(1, n))"
        }()
        let cell = try Supercell.make(unit, matrix: Supercell.parseMatrix(spec))
        let cells = temperatures.map { t -> Structure in
            let v = Self.interpolate(qha.temperatures, qha.volumes, at: t) ?? qha.volumes.last ?? cell.volumePerAtom
            return cell.withCell(Cell(cbrt(v / cell.volumePerAtom) * cell.cell.matrix))
        }
        let protocolSettings = HeatCapacitySettings(ensemble: settings.ensembleSettings, steps: steps, equilibrate: max(2500, steps / 4),
                                                    sampleEvery: 5, blocks: 10, nvt: false)
        try protocolSettings.validate()
        if let w = settings.ensembleSettings.timestepWarning(cell, temperatureK: temperatures.max()!) { console.warn(w) }
        console.note("qha --md (\(engine.kind == .lammps ? "LAMMPS, \(engine.ranks) rank(s) per run" : "props engine")): \(cell.count) atoms, NPT at \(temperatures.map { fmt($0, 0) }.joined(separator: ", ")) K, \(settings.description)")
        if let dir = outputDirectory { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        let lammps = engine.kind == .lammps ? try LAMMPSInstallation.locate() : nil
        let lammpsVersion = LockedValue<String?>(nil)
        let lammpsRoot = outputDirectory ?? FileManager.default.temporaryDirectory.appendingPathComponent("props-qha-md-\(ProcessInfo.processInfo.processIdentifier)").path
        let progress = JobProgress(console: console, labels: temperatures.map { "\(fmt($0, 0)) K" })
        let results = runJobs(temperatures.count, jobs: min(temperatures.count, Parallel.threads)) { k in
            if let lammps {
                let r = try LAMMPSHeatCapacity.measure(protocolSettings, temperatureK: temperatures[k], seed: settings.seed &+ UInt64(k),
                                                       structure: cells[k], spec: potentialSpec, potential: potential,
                                                       directory: "\(lammpsRoot)/lammps-\(fmt(temperatures[k], 0))K",
                                                       outputDirectory: outputDirectory, installation: lammps, ranks: engine.ranks) {
                    progress.update(k, $0)
                }
                lammpsVersion.set(r.version)
                return r.point
            }
            return try HeatCapacityProtocol.measure(protocolSettings, temperatureK: temperatures[k], seed: settings.seed &+ UInt64(k),
                                             structure: cells[k], potential: potential, outputDirectory: outputDirectory) {
                progress.update(k, $0)
            }
        }
        progress.end()
        var points: [ClassicalExpansionPoint] = []
        var tally = ExtrapolationTally()
        for (t, r) in zip(temperatures, results) {
            switch r {
            case .success(let p):
                points.append(ClassicalExpansionPoint(p, blocks: protocolSettings.blocks))
                tally.add(p.extrapolation)
                if !p.cp.blocksAreLongEnough() {
                    console.warn("MD at \(fmt(t, 1)) K: the blocks are shorter than 5 correlation times, the errors are underestimated; raise --md-steps")
                }
            case .failure(let e): throw CommandFailure("the MD run at \(fmt(t, 1)) K failed: \(e)")
            }
        }
        ExtrapolationOutput.warn(tally, console: console)
        return Result(points: points, slopes: ClassicalExpansionPoint.volumeSlopes(points), atoms: cell.count, steps: steps,
                      seed: settings.seed, engine: engine, lammpsVersion: lammpsVersion.get())
    }
}
