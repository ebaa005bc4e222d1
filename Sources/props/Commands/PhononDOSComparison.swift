import Analysis
import Atoms
import Foundation
import Phonons
import Reports

/// `props vdos TRAJ --compare-phonons POT [STRUCT]`: the harmonic phonon DOS of the crystal
/// beside the vibrational DOS of the trajectory, per atom, on the vDOS frequency grid.
struct PhononDOSComparison {
    /// Frequencies (THz) and the two DOS (states/THz/atom) up to 1.2 × the top phonon frequency.
    let frequencies: [Double]
    let vdos: [Double]
    let phonon: [Double]
    /// Gaussian width applied to the phonon DOS, THz (the vDOS resolution).
    let sigma: Double
    /// The three main peaks of each, THz, strongest first.
    let phononPeaks: [Double]
    let vdosPeaks: [Double]
    let formula: String

    /// Force constants as `props phonons POT [STRUCT]` computes them (STRUCT is `args`'
    /// second positional, the supercell `--phonon-supercell`), DOS on a Γ-centred `mesh`, or
    /// (nil) at the q-points commensurate with `cell`, the trajectory's.
    init(_ args: ParsedArguments, potential: String, spectrum: VibrationalSpectrum, mesh: SIMD3<Int>?, cell: Cell) throws {
        var phononArgs = ParsedArguments(command: "vdos")
        phononArgs.positionals = [potential] + (args.positional(1).map { [$0] } ?? [])
        phononArgs.values["supercell"] = args.string("phonon-supercell")
        phononArgs.flags = args.flags
        let calculation = try PhononCalculation.fromPotential(Inputs(phononArgs))
        let primitive = calculation.supercell.primitive.structure
        formula = primitive.formula
        sigma = spectrum.frequencies[1]
        let dm = calculation.dynamicalMatrix
        let modes = try mesh.map { try PhononMesh(dm, size: $0) } ?? PhononMesh(dm, commensurateWith: cell)
        let dos = DensityOfStates(modes, method: .gaussian(sigmaTHz: sigma), points: 1201)
        let top = dos.frequencies.last!
        let grid = spectrum.frequencies.prefix { $0 <= 1.2 * top }
        frequencies = Array(grid)
        vdos = Array(spectrum.dos.prefix(grid.count))
        let perAtom = 1 / Double(primitive.count), step = dos.frequencies[1] - dos.frequencies[0]
        phonon = frequencies.map { nu in
            let u = (nu - dos.frequencies[0]) / step
            guard u >= 0, u < Double(dos.frequencies.count - 1) else { return 0 }
            let k = Int(u), w = u - Double(k)
            return perAtom * ((1 - w) * dos.total[k] + w * dos.total[k + 1])
        }
        phononPeaks = SpectrumPeaks.find(x: frequencies, y: phonon, count: 3)
        vdosPeaks = SpectrumPeaks.find(x: frequencies, y: vdos, count: 3)
    }

    var table: String {
        var out = "nu_THz,vdos_per_THz,phonon_dos_per_THz\n"
        for k in frequencies.indices { out += String(format: "%.5f,%.6g,%.6g\n", frequencies[k], vdos[k], phonon[k]) }
        return out
    }

    var figure: String {
        var plot = LinePlot(title: "\(formula): vibrational DOS (MD) and harmonic phonon DOS",
                            xLabel: "frequency (THz)", yLabel: "DOS (states/THz/atom)",
                            series: [.init(name: "MD (VACF)", x: frequencies, y: vdos, color: 0),
                                     .init(name: "phonons (σ = \(fmt(sigma, 3)) THz)", x: frequencies, y: phonon, dash: "5,3", color: 1)])
        plot.markers = vdosPeaks.map { ($0, 0) } + phononPeaks.map { ($0, 1) }
        plot.yFromZero = true
        return LinePlot.figure([plot], columns: 1, panelWidth: 720, panelHeight: 440)
    }

    var json: JSON {
        .object([("peaks_THz", .numbers(phononPeaks)), ("vdos_peaks_THz", .numbers(vdosPeaks)), ("sigma_THz", .number(sigma))])
    }

    var summary: [String] {
        ["phonon DOS (broadened by σ = \(fmt(sigma, 3)) THz) peaks: " + phononPeaks.map { fmt($0, 2) }.joined(separator: ", ") + " THz",
         "vibrational DOS peaks:                     " + vdosPeaks.map { fmt($0, 2) }.joined(separator: ", ") + " THz"]
    }
}
