import Analysis
import Atoms
import Engines
import Foundation
import Potentials
import Thermodynamics

/// The molecular-dynamics properties of a report (`cp`, `melt`, `diffusion`), computed by
/// the `Thermodynamics` protocols in this process with the settings `props cp`, `props
/// melt` and `props md` use by default; the ramp and sample tables are kept in the report's
/// directory.
struct ReportDynamics {
    let recipe: ReportRecipe
    let outDir: String
    let console: Console

    /// The potential's directory name inside the report directory.
    static func slug(_ label: String) -> String {
        String(ReportBuilder.short(label).map { $0.isLetter || $0.isNumber || $0 == "." ? $0 : "-" })
    }

    /// Adds the MD properties the recipe names to `props`.
    func compute(_ label: String, into props: inout PotentialProperties) throws {
        let base = outDir + "/md-" + Self.slug(label)
        let potential = props.potential
        var tally = ExtrapolationTally()
        if recipe.properties.contains("cp") {
            console.note("\(label): heat capacity at \(recipe.cpTemperatures.map { fmt($0, 0) }.joined(separator: ", ")) K")
            let (_, cell, _) = try ThermalCell.unitAndSupercell(potential, structure: recipe.structure,
                                                                supercell: recipe.cpSupercell.map { "\($0)" }, console: console)
            let md = try MDSettings(["ensemble": "npt", "temperature": "\(recipe.cpTemperatures[0])", "dt": "2", "seed": "\(recipe.seed)"],
                                    command: "cp")
            let settings = HeatCapacitySettings(ensemble: md.ensembleSettings, steps: recipe.cpSteps, equilibrate: recipe.cpSteps / 4,
                                                sampleEvery: 5, blocks: 10, nvt: false)
            try settings.validate()
            try FileManager.default.createDirectory(atPath: base + "/cp", withIntermediateDirectories: true)
            let temperatures = recipe.cpTemperatures
            let results = runJobs(temperatures.count, jobs: min(temperatures.count, Parallel.threads)) { k in
                try HeatCapacityProtocol.measure(settings, temperatureK: temperatures[k], seed: md.seed &+ UInt64(k), structure: cell,
                                                 potential: potential, outputDirectory: base + "/cp")
            }
            var points: [HeatCapacityPoint] = []
            for r in results {
                let p = try r.get()
                let n = Double(p.atoms)
                props.values["Cp_\(Int(p.temperatureK.rounded()))K"] = p.cp.value / n * PhononReport.gasConstant
                props.values["Cp_\(Int(p.temperatureK.rounded()))K_error"] = p.cp.error / n * PhononReport.gasConstant
                tally.add(p.extrapolation)
                points.append(p)
            }
            let atoms = points.first?.atoms ?? 0
            props.notes.append("Cp: NPT (2 fs, \(atoms) atoms), \(recipe.cpSteps / 4) + \(recipe.cpSteps) steps per temperature, seeds \(recipe.seed)…\(recipe.seed + UInt64(temperatures.count - 1)); enthalpy fluctuations at each temperature, errors from 10 blocks (\(base)/cp)")
            if let fit = HeatCapacityProtocol.enthalpyFit(points), let low = temperatures.min(), let high = temperatures.max() {
                let key = "Cp_dHdT_\(Int((0.5 * (low + high)).rounded()))K"
                props.values[key] = fit.slope * PhononReport.gasConstant
                props.values[key + "_error"] = fit.error * PhononReport.gasConstant
                props.notes.append("Cp(dH/dT): slope of a straight line fitted (weights 1/σ²) to the mean enthalpy at \(temperatures.map { fmt($0, 0) }.joined(separator: ", ")) K, error propagated from the block errors of the means")
            }
        }
        if recipe.properties.contains("melt") {
            console.note("\(label): heating ramps at \(recipe.meltRates.map { "\($0)" }.joined(separator: ", ")) K/step")
            var values = ["rates": recipe.meltRates.map { "\($0)" }.joined(separator: ","), "seed": "\(recipe.seed)", "potential": label]
            if let dt = recipe.meltTimestep { values["dt"] = "\(dt)" }
            if let stop = recipe.meltStop { values["tstop"] = "\(stop)" }
            if let start = recipe.meltStart { values["tstart"] = "\(start)" }
            if let steps = recipe.meltEquilibrate { values["equilibrate"] = "\(steps)" }
            let settings = try MeltSettings(values)
            try settings.md.ensembleSettings.validate()
            let (_, cell, _) = try ThermalCell.unitAndSupercell(potential, structure: recipe.structure, supercell: nil, console: console)
            let directory = base + "/melt"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let sites = LatticeDisplacement(reference: cell)
            // One ramp per rate and seed; several seeds at a rate go into seed-<k> directories.
            let seeds = recipe.meltSeeds
            let ramps = settings.rates.enumerated().flatMap { k, rate in
                (0..<seeds).map { j in
                    settings.ramp(rate: rate, seed: settings.md.seed &+ UInt64(k * seeds + j),
                                  outDir: seeds > 1 ? directory + "/seed-\(j + 1)" : directory)
                }
            }
            if seeds > 1 {
                for j in 1...seeds { try FileManager.default.createDirectory(atPath: directory + "/seed-\(j)", withIntermediateDirectories: true) }
            }
            let outcomes = runJobs(ramps.count, jobs: min(ramps.count, Parallel.threads)) { k in
                try ramps[k].run(potential: potential, initial: cell, sites: sites, resume: false)
            }
            var results: [RampResult] = []
            for (ramp, outcome) in zip(ramps, outcomes) {
                tally.add(try outcome.get())
                results.append(try RampResult(rate: ramp.settings.rateKPerStep, seed: ramp.seed, series: ramp.readSeries(),
                                              atoms: cell.count, smoothK: settings.smoothK))
            }
            var how = ""
            if let fit = RateFit(results.map { ($0.rate, $0.tmCp) }, below: settings.fitBelow) {
                props.values["Tm_ramp"] = fit.fit.intercept
                props.values["Tm_ramp_error"] = fit.interceptError
                how = "extrapolated to zero rate (error from the fit)"
            } else if let slowest = results.map(\.rate).min() {
                let melted = results.filter { $0.rate == slowest }.compactMap(\.tmCp)
                if melted.count >= 2 {
                    let average = BlockAverage(estimates: melted)
                    props.values["Tm_ramp"] = average.mean
                    props.values["Tm_ramp_error"] = average.error
                    how = "mean of \(melted.count) seeds at \(slowest) K/step ± their standard error"
                } else if let tm = melted.first {
                    props.values["Tm_ramp"] = tm
                    how = "one ramp: no error bar (set melt.seeds ≥ 2)"
                }
                let unmelted = results.filter { $0.rate == slowest }.count - melted.count
                if unmelted > 0 { how += (how.isEmpty ? "" : "; ") + "\(unmelted) ramp(s) did not melt (raise melt.tstop)" }
            }
            props.notes.append("melting: perfect-crystal heating ramps (\(cell.count) atoms) from \(fmt(settings.tstartK, 0)) K at \(recipe.meltRates.map { "\($0)" }.joined(separator: ", ")) K/step, \(seeds) seed(s) per rate\(recipe.meltTimestep.map { ", \(fmt($0, 1)) fs steps" } ?? ""), maximum of dH/dT near the melting event, \(how) (\(base)/melt); a ramp measures the superheating limit, typically 20–30 % above the melting point")
        }
        if recipe.properties.contains("diffusion") {
            let t = recipe.diffusionTemperature
            console.note("\(label): liquid at \(fmt(t, 0)) K (premelted at \(fmt(recipe.diffusionPremelt, 0)) K)")
            let spec = try recipe.structure ?? groundStateSpec(props)
            let cell = try StructureInput.structure(spec, supercell: "\(recipe.diffusionSupercell)")
            var mdValues = ["ensemble": "npt", "temperature": "\(t)", "dt": "2", "seed": "\(recipe.seed)"]
            // LAMMPS has no stochastic cell rescaling: MTK (fix npt) there.
            if recipe.engine.kind == .lammps { mdValues["barostat"] = "mtk" }
            let md = try MDSettings(mdValues)
            var liquidSettings = LiquidSettings(ensemble: md.ensembleSettings, premeltK: recipe.diffusionPremelt,
                                                premeltSteps: recipe.diffusionPremeltSteps, temperatureK: t,
                                                steps: recipe.diffusionSteps, seed: recipe.seed)
            liquidSettings.equilibrateSteps = recipe.diffusionEquilibrate
            liquidSettings.fitRange = recipe.diffusionFit
            liquidSettings.errorTarget = recipe.diffusionError
            let liquid: LiquidResult
            if recipe.engine.kind == .lammps {
                let run = try LAMMPSLiquidDiffusion.run(liquidSettings, spec: label, potential: potential, structure: cell,
                                                        directory: base + "/liquid-lammps", installation: try LAMMPSInstallation.locate(),
                                                        ranks: recipe.engine.ranks)
                liquid = run.result
                props.notes.append("liquid run by LAMMPS \(run.version) on \(recipe.engine.ranks) rank(s), MTK barostat (\(base)/liquid-lammps)")
            } else {
                liquid = try LiquidDiffusion.run(liquidSettings, potential: potential, structure: cell)
            }
            if !liquid.drift.isStationary {
                let why = "\(ReportBuilder.short(label)): the liquid at \(fmt(t, 0)) K was not stationary (\(liquid.drift.description)): it was still melting, or freezing or opening voids below this potential's melting point; its g(r) and D are not reported (premelt longer or hotter, relax longer, or choose a temperature where this potential is liquid)"
                console.warn(why)
                props.notes.append(why)
            } else if let peak = liquid.rdf.total.firstPeak {
                props.values["gr_peak_r"] = peak.r
                props.values["gr_peak_g"] = peak.g
            }
            if liquid.drift.isStationary, let blocks = liquid.peakBlocks {
                props.values["gr_peak_r_error"] = blocks.position.error
                props.values["gr_peak_g_error"] = blocks.height.error
            }
            if liquid.drift.isStationary, let d = liquid.diffusion.first {
                props.values["D_liquid"] = d.coefficientCm2PerS
                if d.error.isFinite { props.values["D_liquid_error"] = d.error * 1e-4 }
            }
            tally.add(liquid.extrapolation)
            if let d = liquid.diffusion.first {
                let stopped = liquid.sampledSteps < recipe.diffusionSteps
                    ? String(format: "; stopped when D's error reached %.3g %%, at most %d steps", 100 * (recipe.diffusionError ?? 0), recipe.diffusionSteps)
                    : ""
                props.notes.append("liquid: premelted \(recipe.diffusionPremeltSteps) steps at \(fmt(recipe.diffusionPremelt, 0)) K, then \(recipe.diffusionEquilibrate) + \(liquid.sampledSteps) steps of 2 fs NPT at \(fmt(t, 0)) K (sampled in the second part\(stopped)), \(recipe.diffusionSupercell)³ cells; g(r) and self-diffusion from the MSD (all time origins, fitted over lags \(fmt(d.fitRange.lowerBound, 2))–\(fmt(d.fitRange.upperBound, 2)) ps), D's error from \(d.blocks) consecutive blocks fitted alike, g(r)'s from 5")
            }
        }
        if recipe.properties.contains("freeenergy") {
            guard let guess = recipe.freeEnergyGuess else {
                throw InputError("the freeenergy property needs 'freeenergy.tguess = K' in the recipe (a temperature near the expected melting point)")
            }
            let n = recipe.freeEnergySupercell
            console.note("\(label): free-energy melting point near \(fmt(guess, 0)) K (\(n)×\(n)×\(n) cells)")
            let (_, cell, _) = try ThermalCell.unitAndSupercell(potential, structure: recipe.structure, supercell: "\(n)", console: console)
            let equilibrate = 5000
            let settings = FreeEnergyMeltingSettings(
                guessK: guess, lowK: (0.85 * guess).rounded(), highK: (1.15 * guess).rounded(), equilibrationSteps: equilibrate,
                integration: SwitchingSettings(equilibrationSteps: equilibrate / 2, switchSteps: recipe.freeEnergySwitchSteps),
                sweep: SwitchingSettings(equilibrationSteps: equilibrate / 2, switchSteps: recipe.freeEnergySweepSteps),
                seeds: (0..<recipe.freeEnergySeeds).map { recipe.seed &+ UInt64($0) })
            try settings.validate()
            let clock = Date()
            let r = try FreeEnergyMelting.run(settings, potential: potential, crystal: cell)
            let report = FreeEnergyReport(result: r, settings: settings, atoms: cell.count, seconds: Date().timeIntervalSince(clock),
                                          potential: (potential.name, label, props.checksum), earlier: [])
            try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
            try writeFile(report.csv, to: base + "/freeenergy.csv")
            try writeFile(report.json.text + "\n", to: base + "/freeenergy.json")
            props.figures.append((file: "freeenergy-\(Self.slug(label)).svg", svg: report.svg,
                                  caption: "\(ReportBuilder.short(label)): Gibbs energies of solid and liquid against T (reversible scaling from \(fmt(guess, 0)) K); they cross at the melting point. Tables in \(base)/freeenergy.csv."))
            props.values["Tm_free_energy"] = r.meltingPoint.mean
            props.values["Tm_free_energy_error"] = r.meltingPoint.error
            props.values["dH_m_free_energy"] = r.enthalpy.mean
            tally.add(r.extrapolation)
            if !r.phasesKept { props.notes.append("free energy: a phase did not stay solid or liquid over the range; the melting point is not reliable") }
            props.notes.append("free energy: Frenkel–Ladd (solid) and Uhlenbeck–Ford (liquid) switches of \(recipe.freeEnergySwitchSteps) steps at \(fmt(guess, 0)) K, reversible scaling over ±15 %, \(cell.count) atoms, \(recipe.freeEnergySeeds) seed(s), dt 2 fs (props melt --method free-energy)")
        }
        ExtrapolationOutput.warn(tally, console: console, what: label)
        if let line = tally.summary { props.notes.append("MD: " + line) }
    }

    /// The lattice spec of the potential's ground state at its relaxed lattice constant.
    func groundStateSpec(_ props: PotentialProperties) throws -> String {
        guard let element = props.potential.species.first, let g = GroundState.of(element) else {
            throw InputError("diffusion needs 'structure =' in the recipe for \(props.label)")
        }
        return "\(g.lattice.rawValue):\(element.symbol):\(props.values["a0"] ?? g.a)"
    }
}
