import Atoms
import Foundation
import Mechanics
import Phonons
import Potentials

/// `props phonons POT [STRUCT]`: frozen-phonon force constants, band structure, DOS and
/// harmonic thermal properties; or the same from phonopy's FORCE_SETS (e.g. DFT).
enum PhononsCommand {
    static let spec = CommandSpec(
        name: "phonons",
        summary: "Phonons by finite displacements: dispersion, DOS, harmonic thermal properties (phonopy conventions).",
        positionals: [("POT", "potential file or spec (omit with --force-sets)", false),
                      ("STRUCT", "unit cell (default: the element's ground state, relaxed with the potential)", false)],
        options: [.labelMap, .atomTypes, OptionSpec(name: "supercell", value: "N|NxMxK|9 ints", help: "supercell of the unit cell (default: faces ≥ 4 × cutoff apart)"),
                  OptionSpec(name: "displacement", value: "A", help: "displacement amplitude, Å (default 0.01)"),
                  OptionSpec(name: "path", value: "PATH", help: "labels \"G X U|K G L\" or reduced points \"0 0 0, 0.5 0 0.5\" (default: standard path)"),
                  OptionSpec(name: "points", value: "N", help: "q-points per path segment, both ends included (default 51)"),
                  OptionSpec(name: "mesh", value: "N|NxMxK", help: "Γ-centred mesh for DOS and thermal properties (default 20)"),
                  OptionSpec(name: "dos", value: "tetrahedron|gaussian", help: "DOS method (default tetrahedron)"),
                  OptionSpec(name: "sigma", value: "THZ", help: "Gaussian width, THz (default 0.1)"),
                  OptionSpec(name: "tmin", value: "K", help: "thermal properties from (default 0)"),
                  OptionSpec(name: "tmax", value: "K", help: "… to (default 1000)"),
                  OptionSpec(name: "tstep", value: "K", help: "… in steps of (default 10)"),
                  OptionSpec(name: "force-sets", value: "FILE", help: "phonopy FORCE_SETS to use instead of a potential (e.g. DFT forces)"),
                  OptionSpec(name: "phonopy-yaml", value: "FILE", help: "phonopy_disp.yaml for --force-sets/--compare (default: next to FORCE_SETS)"),
                  OptionSpec(name: "compare", value: "FILE", help: "draw reference bands on the same axes: band.yaml or FORCE_SETS"),
                  OptionSpec(name: "no-symmetry", value: nil, help: "displace every primitive atom ± along x, y, z; no site symmetry"),
                  OptionSpec(name: "eigenvectors", value: nil, help: "write the eigenvectors into band.yaml (phonopy's layout)"),
                  OptionSpec(name: "fc-format", value: "FORM", help: "FORCE_CONSTANTS as phonopy's compact (primitive rows, default) or full (N×N) form"),
                  OptionSpec(name: "unit", value: "THz|meV|cm-1", help: "frequency unit of the figure (default THz; files stay in THz)"),
                  OptionSpec(name: "fmin", value: "F", help: "figure's frequency axis from F (in --unit; default: 0 or the lowest mode)"),
                  OptionSpec(name: "fmax", value: "F", help: "… to F (default: 5 % above the highest mode)"),
                  OptionSpec(name: "size", value: "WxH", help: "figure size in px (default 760x480)")],
        details: """
        Conventions follow phonopy: q in reduced coordinates of the primitive reciprocal lattice,
        frequencies in THz (imaginary modes negative), band.yaml in phonopy's layout.
        Writes into --out DIR (default phonons-<formula>): band.yaml, band.csv, dos.csv, thermal.csv,
        phonons.svg, summary.json, and phonopy's FORCE_CONSTANTS; from a potential also
        phonopy_disp.yaml and FORCE_SETS (diagonal supercells; Å, eV/Å, AMU), so phonopy and
        phono3py can continue: phonopy-load phonopy_disp.yaml.
        --json prints the summary: {"a0", "supercell", "points": [{"label", "q", "frequencies_THz"}], ...}.
        """)

    static func run(_ args: ParsedArguments) throws {
        let inputs = try Inputs(args)
        let console = inputs.console
        // Options first, so a bad one fails before any work.
        let pointsPerSegment = try args.int("points", default: 51, range: 2...10_000)
        let meshSize = try parseMesh(args.string("mesh") ?? "20")
        let method: DensityOfStates.Method
        switch args.string("dos") ?? "tetrahedron" {
        case "tetrahedron": method = .tetrahedron
        case "gaussian": method = .gaussian(sigmaTHz: try args.double("sigma", default: 0.1, range: 1e-4...10))
        case let other: throw UsageError("--dos must be tetrahedron or gaussian, not '\(other)'", command: "phonons")
        }
        let fullForceConstants: Bool
        switch args.string("fc-format") ?? "compact" {
        case "compact": fullForceConstants = false
        case "full": fullForceConstants = true
        case let other: throw UsageError("--fc-format must be compact or full, not '\(other)'", command: "phonons")
        }
        var figureOptions = PhononReport.FigureOptions()
        if let text = args.string("unit") {
            guard let unit = PhononReport.FrequencyUnit.allCases.first(where: { $0.rawValue.lowercased() == text.lowercased() || (text == "cm^-1" && $0 == .cm) }) else {
                throw UsageError("--unit must be THz, meV or cm-1, not '\(text)'", command: "phonons")
            }
            figureOptions.unit = unit
        }
        if args.string("fmin") != nil { figureOptions.min = try args.double("fmin", default: 0, range: -1e5...1e5) }
        if args.string("fmax") != nil { figureOptions.max = try args.double("fmax", default: 0, range: -1e5...1e5) }
        if let lo = figureOptions.min, let hi = figureOptions.max, hi <= lo {
            throw UsageError("--fmax (\(hi)) must be above --fmin (\(lo))", command: "phonons")
        }
        if let text = args.string("size") {
            let v = text.split(whereSeparator: { $0 == "x" || $0 == "X" }).compactMap { Double($0) }
            guard v.count == 2, v.allSatisfy({ $0 >= 200 && $0 <= 10_000 }) else {
                throw UsageError("--size must be WxH in px, each 200 to 10000, not '\(text)'", command: "phonons")
            }
            (figureOptions.width, figureOptions.height) = (v[0], v[1])
        }
        let tmin = try args.double("tmin", default: 0, range: 0...1e5)
        let tmax = try args.double("tmax", default: 1000, range: tmin...1e5)
        let tstep = try args.double("tstep", default: 10, range: 1e-3...1e5)
        /// The band path, decided (and a given path's labels checked) before any forces.
        func decidePath(_ primitive: PrimitiveCell) throws -> QPath {
            let bravais = primitive.bravais
            let points = QPath.standardPoints(bravais)
            guard let text = args.string("path") ?? QPath.standardPathText(bravais) else {
                let (l, a) = (primitive.structure.cell.lengths, primitive.structure.cell.anglesDegrees)
                throw InputError(String(format: "no standard path for this lattice (primitive cell a, b, c = %.4f, %.4f, %.4f Å, α, β, γ = %.2f, %.2f, %.2f°: not cubic or hexagonal in any setting): give --path with reduced coordinates, e.g. \"G=0 0 0, X=0.5 0 0\"",
                                        l.x, l.y, l.z, a.x, a.y, a.z))
            }
            return try QPath.parse(text, points: points)
        }
        let calculation: PhononCalculation
        var chosenPath: QPath? = nil
        if let forceSets = args.string("force-sets") {
            guard args.positionals.isEmpty else {
                throw UsageError("with --force-sets give no POT or STRUCT (the cell comes from phonopy_disp.yaml)", command: "phonons")
            }
            calculation = try PhononCalculation.fromForceSets(forceSets, yaml: args.string("phonopy-yaml"))
            console.note("force constants from \(forceSets) (\(calculation.records) displacement\(calculation.records == 1 ? "" : "s"), \(calculation.source))")
        } else {
            guard args.positional(0) != nil else { throw UsageError("missing POT (or --force-sets FILE)", command: "phonons") }
            calculation = try PhononCalculation.fromPotential(inputs) { chosenPath = try decidePath($0) }
        }
        let dm = calculation.dynamicalMatrix
        let primitive = calculation.supercell.primitive
        let path = try chosenPath ?? decidePath(primitive)
        let bands = try BandStructure(dm, path: path, pointsPerSegment: pointsPerSegment)
        console.note("mesh \(meshSize.x)×\(meshSize.y)×\(meshSize.z) (Γ-centred) for DOS and thermal properties")
        let mesh = try PhononMesh(dm, size: meshSize)
        let dos = DensityOfStates(mesh, method: method)
        let temperatures = stride(from: tmin, through: tmax + 1e-9, by: tstep).map { $0 }
        let thermal = ThermalProperties(mesh, temperatures: temperatures)
        let reference = try args.string("compare").map { try ReferenceBands.load($0, yaml: args.string("phonopy-yaml"), path: path, bands: bands) }
        let imaginary = PhononReport.imaginaryModes(bands)
        if let worst = imaginary.min(by: { $0.frequency < $1.frequency }) {
            console.warn(String(format: "imaginary modes (down to %.3f THz) on the path, e.g. at q = (%.3f, %.3f, %.3f) between %@ and %@: the structure is not a minimum",
                                worst.frequency, worst.q.x, worst.q.y, worst.q.z, worst.segment.0, worst.segment.1))
        }
        let out = args.string("out") ?? "phonons-\(primitive.structure.formula)"
        let cv300 = ThermalProperties(mesh, temperatures: [300]).rows[0].heatCapacity
        let report = PhononReport(calculation: calculation, path: path, bands: bands, dos: dos, thermal: thermal,
                                  cv300: cv300, reference: reference, eigenvectors: args.flag("eigenvectors"),
                                  fullForceConstants: fullForceConstants,
                                  forceSets: args.string("force-sets") == nil && calculation.supercell.isDiagonal,
                                  figureOptions: figureOptions)
        try report.write(to: out)
        ExtrapolationOutput.warn(calculation.extrapolation, console: console)
        if args.flag("json") {
            console.emit(ExtrapolationOutput.adding(calculation.extrapolation, to: try report.summary(files: out)))
            return
        }
        report.printTable(console)
        console.print("")
        console.print("files in \(out)/: band.yaml band.csv dos.csv thermal.csv phonons.svg summary.json"
                      + (calculation.supercell.isDiagonal ? " FORCE_CONSTANTS" : "") + (report.forceSets ? " phonopy_disp.yaml FORCE_SETS" : ""))
    }

    static func parseMesh(_ text: String) throws -> SIMD3<Int> {
        let v = text.split(whereSeparator: { $0 == "x" || $0 == "X" || $0 == " " }).compactMap { Int($0) }
        switch v.count {
        case 1 where v[0] > 0: return SIMD3(repeating: v[0])
        case 3 where v.allSatisfy({ $0 > 0 }): return SIMD3(v[0], v[1], v[2])
        default: throw UsageError("--mesh must be N or NxMxK with positive integers, not '\(text)'", command: "phonons")
        }
    }
}

extension Optional {
    /// The value, or `error` thrown.
    func orThrow(_ error: @autoclosure () -> Error) throws -> Wrapped {
        guard let v = self else { throw error() }
        return v
    }
}
