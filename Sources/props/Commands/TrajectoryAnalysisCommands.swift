import Analysis
import Atoms
import Foundation

/// Reading a trajectory for `props rdf`, `msd` and `vdos`: every frame of an extended-XYZ
/// file or LAMMPS dump (or a POSCAR), minus the first --skip frames.
private func loadTrajectory(_ args: ParsedArguments) throws -> Trajectory {
    let path = args.positionals[0]
    let frames = try StructureInput.readFrames(path: path, types: args.atomTypes())
    let skip = try args.int("skip", default: 0, range: 0...Int(Int32.max))
    guard skip < frames.count else {
        throw InputError("--skip \(skip) leaves no frames (the file has \(frames.count))", file: path)
    }
    let interval = args.string("frame-dt") == nil ? nil : try args.double("frame-dt", default: 0, range: 1e-9...1e9)
    do {
        return try Trajectory(frames: frames, frameInterval: interval).dropping(skip)
    } catch let e as InputError {
        throw e.at(file: path)
    }
}

/// Writes `table` to --output (default `name` in --out or .) and `figure` beside it (the
/// same name ending in .svg), then emits `json` with --json, or prints the summary lines and
/// where the table went.
private func deliver(_ args: ParsedArguments, _ inputs: Inputs, table: String, figure: String, name: String,
                     json: @autoclosure () -> JSON, summary: @autoclosure () -> [String]) throws {
    let output = args.outputPath(default: name)
    try writeFile(table, to: output)
    let svg = figurePath(beside: output)
    try writeFile(figure, to: svg)
    if args.flag("json") {
        inputs.console.emit(json())
        return
    }
    for line in summary() { inputs.console.print(line) }
    inputs.console.print("table: \(output), figure: \(svg)")
}

/// `path` with its extension replaced by .svg (or .svg appended).
private func figurePath(beside path: String) -> String {
    ((path as NSString).deletingPathExtension) + ".svg"
}

private let trajectoryArgument = [("TRAJ", "extended-XYZ trajectory (props md's trajectory.extxyz, or any other code's)", true)]
private let skipOption = OptionSpec(name: "skip", value: "N", help: "drop the first N frames (equilibration)")
private let frameDtOption = OptionSpec(name: "frame-dt", value: "PS", help: "time between frames in ps when frames carry no time_ps= key")

/// `props rdf TRAJ`: partial and total g(r), coordination, first peak and minimum.
enum RDFCommand {
    static let spec = CommandSpec(
        name: "rdf",
        summary: "Radial distribution functions (total and per species pair) of a trajectory.",
        positionals: trajectoryArgument,
        options: [.atomTypes, OptionSpec(name: "rmax", value: "A", help: "largest distance in Å (default: 10 or half the smallest cell height)"),
                  OptionSpec(name: "dr", value: "A", help: "bin width in Å (default 0.02)"),
                  skipOption,
                  OptionSpec(name: "output", value: "FILE", help: "table of r, g and running coordination (default rdf.csv in --out or .; the figure beside it as .svg)", short: "-o")],
        details: """
        g is normalised per frame with that frame's volume (NPT and triclinic cells are fine) so
        that an ideal gas has g = 1. The first peak is the vertex of a parabola through the top
        five bins; the first minimum the lowest point (5-bin running mean) after it; the
        coordination is the running count of neighbors up to the first minimum.
        --json: {"first_peak": {"r", "g"}, "first_minimum": {"r"}, "coordination", "pairs": {"Cu-Cu": {...}}}
        """)

    static func run(_ args: ParsedArguments) throws {
        let inputs = try Inputs(args)
        let t = try loadTrajectory(args)
        let heights = t.cells.map { $0.faceDistances.min() }.min()!
        let rmax = try args.double("rmax", default: min(10, 0.5 * heights), range: 0.01...1000)
        if rmax > 0.5 * heights {
            inputs.console.note("note: rmax \(fmt(rmax, 3)) Å exceeds half the cell height (\(fmt(0.5 * heights, 3)) Å): periodic images of atoms count as neighbors")
        }
        var rdf = RadialDistribution(elements: t.elements, rmax: rmax, binWidth: try args.double("dr", default: 0.02, range: 1e-5...10))
        for k in 0..<t.count {
            try rdf.add(Structure(cell: t.cells[k], positions: t.positions[k], elements: t.elements, masses: t.masses))
            inputs.console.progress("frame \(k + 1) of \(t.count)")
        }
        inputs.console.endProgress()
        let result = rdf.result()
        try deliver(args, inputs, table: AnalysisOutput.rdfTable(result), figure: AnalysisFigures.rdf(result), name: "rdf.csv",
                    json: AnalysisOutput.rdfJSON(result), summary: AnalysisOutput.rdfSummary(result))
    }
}

/// `props msd TRAJ`: MSD per species and self-diffusion coefficients.
enum MSDCommand {
    static let spec = CommandSpec(
        name: "msd",
        summary: "Mean-square displacement per species and self-diffusion coefficient D of a trajectory.",
        positionals: trajectoryArgument,
        options: [.atomTypes, skipOption, frameDtOption,
                  OptionSpec(name: "fit-from", value: "PS", help: "start of the linear fit in ps (default 2 % of the trajectory: 10 % of a fifth)"),
                  OptionSpec(name: "fit-to", value: "PS", help: "end of the linear fit in ps (default 10 % of the trajectory: 50 % of a fifth)"),
                  OptionSpec(name: "output", value: "FILE", help: "MSD table (default msd.csv in --out or .; the figure beside it as .svg)", short: "-o")],
        details: """
        Positions are unwrapped (frame to frame by the shortest image, so wrapped input is fine as
        long as no atom moves half a cell between frames), the centre-of-mass drift is removed,
        and the MSD is averaged over all time origins by FFT. D = slope/6 over the fit range,
        by default 10–50 % of a fifth of the run; the error is from consecutive blocks fitted
        over the same range (5 by default; with --fit-to, as many as are twice its length, at
        most 100), so it is the error of D. Frames must be evenly spaced.
        --json: {"D": {"Cu": {"A2_per_ps", "error_A2_per_ps", "cm2_per_s"}}, "fit_ps": [from, to]}
        """)

    static func run(_ args: ParsedArguments) throws {
        let inputs = try Inputs(args)
        let t = try loadTrajectory(args)
        var range: ClosedRange<Double>?
        if args.string("fit-from") != nil || args.string("fit-to") != nil {
            let span = t.times.last! - t.times.first!
            let defaults = Diffusion.defaultFitRange(blockSpan: span / Double(Diffusion.defaultBlocks))
            let from = try args.double("fit-from", default: defaults.lowerBound, range: 0...1e12)
            let to = try args.double("fit-to", default: defaults.upperBound, range: 0...1e12)
            guard to > from else { throw UsageError("--fit-to must be larger than --fit-from", command: "msd") }
            range = from...to
        }
        let results = try Diffusion.analyse(t, fitRange: range)
        try deliver(args, inputs, table: AnalysisOutput.msdTable(results), figure: AnalysisFigures.msd(results), name: "msd.csv",
                    json: AnalysisOutput.msdJSON(results), summary: AnalysisOutput.msdSummary(results))
    }
}

/// `props vdos TRAJ`: velocity autocorrelation and vibrational density of states, with
/// `--compare-phonons POT [STRUCT]` beside the harmonic phonon DOS of the crystal.
enum VDOSCommand {
    static let spec = CommandSpec(
        name: "vdos",
        summary: "Velocity autocorrelation and vibrational density of states (THz) of a trajectory with velocities.",
        positionals: trajectoryArgument + [("STRUCT", "with --compare-phonons: the crystal (default: the potential's ground state relaxed)", false)],
        options: [.atomTypes, skipOption, frameDtOption,
                  OptionSpec(name: "output", value: "FILE", help: "DOS table (default vdos.csv in --out or .; the VACF goes to vacf.csv and the figure to vdos.svg beside it)", short: "-o"),
                  OptionSpec(name: "compare-phonons", value: "POT", help: "also the phonon DOS of the crystal with this potential (vdos-phonons.csv, .svg)"),
                  OptionSpec(name: "phonon-supercell", value: "N|NxMxK", help: "supercell for the force constants (default: faces ≥ 4 × cutoff apart)"),
                  OptionSpec(name: "mesh", value: "N|NxMxK|md", help: "q-mesh for the phonon DOS (default 20); md: the q-points of the trajectory's cell")],
        details: """
        Mass-weighted VACF over all time origins (FFT), lags up to half the trajectory, Hann
        window, cosine transform: g(ν) in states/THz/atom integrating to 3, comparable with a
        phonon DOS. Needs velocities (props md writes them) and frames close enough to resolve
        the highest frequency (Nyquist: 1/(2 Δt)).
        --compare-phonons POT [STRUCT]: force constants of STRUCT (or the relaxed ground state)
        as `props phonons` computes them, DOS on the mesh broadened by a Gaussian of σ = the
        vDOS resolution 1/(2 t_max) so the two curves have the same width, per atom; both
        drawn in vdos-phonons.svg and tabulated on the vDOS grid in vdos-phonons.csv
        (nu_THz,vdos_per_THz,phonon_dos_per_THz), with their main peaks. A small MD cell holds
        only the modes at its commensurate q-points: --mesh md takes the phonon DOS at exactly
        those, the harmonic counterpart of the run (at low T the peaks must coincide).
        --json: {"frequencies_THz": [...], "dos_per_THz": [...], "peak_THz": x,
                 "phonons": {"peaks_THz": [...], "vdos_peaks_THz": [...], "sigma_THz": s}}
        """)

    static func run(_ args: ParsedArguments) throws {
        let inputs = try Inputs(args)
        if args.positional(1) != nil && args.string("compare-phonons") == nil {
            throw UsageError("STRUCT is the crystal for --compare-phonons POT", command: "vdos")
        }
        let meshText = args.string("mesh") ?? "20"
        let meshSize = meshText == "md" ? nil : try PhononsCommand.parseMesh(meshText)
        let t = try loadTrajectory(args)
        guard let velocities = t.velocities else {
            throw InputError("the trajectory has no velocities column (Properties=...:velocities:R:3)", file: args.positionals[0])
        }
        let dt = (t.times.last! - t.times.first!) / Double(max(1, t.count - 1))
        let spectrum = try VibrationalSpectrum(velocities: velocities, masses: t.masses, interval: dt)
        let output = args.outputPath(default: "vdos.csv")
        var table = "nu_THz,dos_per_THz\n"
        for (nu, g) in zip(spectrum.frequencies, spectrum.dos) { table += String(format: "%.5f,%.6g\n", nu, g) }
        try writeFile(table, to: output)
        var vacf = "t_ps,vacf\n"
        for (l, c) in zip(spectrum.lags, spectrum.vacf) { vacf += String(format: "%.6g,%.6g\n", l, c) }
        let directory = (output as NSString).deletingLastPathComponent
        let beside = { (name: String) in directory.isEmpty ? name : directory + "/" + name }
        try writeFile(vacf, to: beside("vacf.csv"))
        try writeFile(AnalysisFigures.vdos(spectrum), to: figurePath(beside: output))
        let peak = spectrum.frequencies[spectrum.dos.indices.dropFirst().max(by: { spectrum.dos[$0] < spectrum.dos[$1] }) ?? 0]
        let comparison = try args.string("compare-phonons").map { pot in
            try PhononDOSComparison(args, potential: pot, spectrum: spectrum, mesh: meshSize, cell: t.cells[0])
        }
        if let comparison {
            try writeFile(comparison.table, to: beside("vdos-phonons.csv"))
            try writeFile(comparison.figure, to: beside("vdos-phonons.svg"))
        }
        if args.flag("json") {
            var fields: [(String, JSON)] = [("frequencies_THz", .numbers(spectrum.frequencies)), ("dos_per_THz", .numbers(spectrum.dos)),
                                            ("peak_THz", .number(peak))]
            if let comparison { fields.append(("phonons", comparison.json)) }
            inputs.console.emit(.object(fields))
            return
        }
        inputs.console.print("vibrational DOS from \(t.count) frames \(fmt(dt * 1000, 2)) fs apart: resolution \(fmt(spectrum.frequencies[1], 3)) THz, up to \(fmt(spectrum.frequencies.last!, 2)) THz")
        inputs.console.print("highest peak at \(fmt(peak, 2)) THz")
        inputs.console.print("tables: \(output), \(beside("vacf.csv")); figure: \(figurePath(beside: output))")
        if let comparison {
            for line in comparison.summary { inputs.console.print(line) }
            inputs.console.print("comparison: \(beside("vdos-phonons.csv")), \(beside("vdos-phonons.svg"))")
        }
    }
}
