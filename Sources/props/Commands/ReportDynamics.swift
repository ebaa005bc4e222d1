import Atoms
import Foundation

/// The molecular-dynamics properties of a report (`cp`, `melt`, `diffusion`): each runs as
/// its own `props` command (same binary) with `--json`, its outputs kept in the report's
/// directory, and the JSON contract keys read back. Reusing the commands keeps one
/// implementation of each method, with its checkpoints and honest labels.
struct ReportDynamics {
    let recipe: ReportRecipe
    let outDir: String
    let console: Console

    /// Runs `props args...` and parses its stdout as JSON.
    func runProps(_ args: [String]) throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        process.arguments = args + ["--json", "--quiet", "--threads", String(Parallel.threads)]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CommandFailure("`props \(args.joined(separator: " "))` failed: \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return json
    }

    /// The potential's directory name inside the report directory.
    static func slug(_ label: String) -> String {
        String(ReportBuilder.short(label).map { $0.isLetter || $0.isNumber || $0 == "." ? $0 : "-" })
    }

    /// Adds the MD properties the recipe names to `props`.
    func compute(_ label: String, into props: inout PotentialProperties) throws {
        let base = outDir + "/md-" + Self.slug(label)
        let structure = recipe.structure.map { [$0] } ?? []
        if recipe.properties.contains("cp") {
            console.note("\(label): heat capacity at \(recipe.cpTemperatures.map { fmt($0, 0) }.joined(separator: ", ")) K")
            let json = try runProps(["cp", label] + structure + [
                "--temperature", recipe.cpTemperatures.map { "\($0)" }.joined(separator: ","),
                "--steps", "\(recipe.cpSteps)", "--equilibrate", "\(recipe.cpSteps / 4)", "--seed", "\(recipe.seed)",
                "--no-phonons", "--no-cv", "--out", base + "/cp"])
            for t in (json["temperatures"] as? [[String: Any]]) ?? [] {
                guard let temperature = t["T"] as? Double, let cp = t["Cp_J_per_mol_K"] as? Double else { continue }
                props.values["Cp_\(Int(temperature.rounded()))K"] = cp
                if let e = t["error_kB_per_atom"] as? Double { props.values["Cp_\(Int(temperature.rounded()))K_error"] = e * PhononReport.gasConstant }
            }
            props.notes.append("Cp: NPT enthalpy fluctuations, \(recipe.cpSteps) steps per temperature, seed \(recipe.seed) (\(base)/cp)")
        }
        if recipe.properties.contains("melt") {
            console.note("\(label): heating ramps at \(recipe.meltRates.map { "\($0)" }.joined(separator: ", ")) K/step")
            let options = (recipe.meltTimestep.map { ["--dt", "\($0)"] } ?? []) + (recipe.meltStop.map { ["--tstop", "\($0)"] } ?? [])
            let json = try runProps(["melt", label] + structure + options + [
                "--rates", recipe.meltRates.map { "\($0)" }.joined(separator: ","), "--seed", "\(recipe.seed)", "--out", base + "/melt"])
            let runs = (json["runs"] as? [[String: Any]]) ?? []
            if let extrapolated = json["extrapolated"] as? [String: Any], let tm = extrapolated["Tm_cp"] as? Double {
                props.values["Tm_ramp"] = tm
            } else if let slowest = runs.min(by: { ($0["rate"] as? Double ?? 0) < ($1["rate"] as? Double ?? 0) }),
                      let tm = slowest["Tm_cp"] as? Double {
                props.values["Tm_ramp"] = tm
            }
            props.notes.append("melting: perfect-crystal heating ramps at \(recipe.meltRates.map { "\($0)" }.joined(separator: ", ")) K/step\(recipe.meltTimestep.map { ", \(fmt($0, 1)) fs steps" } ?? ""), maximum of dH/dT (\(base)/melt); a ramp measures the superheating limit, typically 20–30 % above the melting point")
        }
        if recipe.properties.contains("diffusion") {
            let t = recipe.diffusionTemperature
            console.note("\(label): liquid at \(fmt(t, 0)) K (premelted at \(fmt(recipe.diffusionPremelt, 0)) K)")
            let cell = try recipe.structure ?? groundStateSpec(props)
            _ = try runProps(["md", label, cell, "--supercell", "\(recipe.diffusionSupercell)", "--ensemble", "npt",
                              "--temperature", "\(recipe.diffusionPremelt)", "--steps", "\(recipe.diffusionSteps / 4)", "--dt", "2",
                              "--seed", "\(recipe.seed)", "--dump-every", "0", "--out", base + "/premelt"])
            let json = try runProps(["md", label, base + "/premelt/final.extxyz", "--ensemble", "npt", "--temperature", "\(t)",
                                     "--steps", "\(recipe.diffusionSteps)", "--dt", "2", "--seed", "\(recipe.seed + 1)",
                                     "--dump-every", "0", "--rdf", "--msd", "--out", base + "/liquid"])
            if let rdf = json["rdf"] as? [String: Any], let peak = rdf["first_peak"] as? [String: Any] {
                props.values["gr_peak_r"] = peak["r"] as? Double
                props.values["gr_peak_g"] = peak["g"] as? Double
            }
            if let msd = json["msd"] as? [String: Any], let d = (msd["D"] as? [String: Any])?.values.first as? [String: Any] {
                props.values["D_liquid"] = d["cm2_per_s"] as? Double
            }
            props.notes.append("liquid: premelted \(recipe.diffusionSteps / 4) steps at \(fmt(recipe.diffusionPremelt, 0)) K, then \(recipe.diffusionSteps) steps of 2 fs NPT at \(fmt(t, 0)) K, \(recipe.diffusionSupercell)³ cells; g(r) and self-diffusion from the MSD (\(base)/liquid)")
        }
    }

    /// The lattice spec of the potential's ground state at its relaxed lattice constant.
    func groundStateSpec(_ props: PotentialProperties) throws -> String {
        guard let element = props.potential.species.first, let g = GroundState.of(element) else {
            throw InputError("diffusion needs 'structure =' in the recipe for \(props.label)")
        }
        return "\(g.lattice.rawValue):\(element.symbol):\(props.values["a0"] ?? g.a)"
    }
}
