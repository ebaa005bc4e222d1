import Atoms
import Foundation
import Mechanics
import Phonons
import Potentials
import Reports
import Thermodynamics

/// `props qha POT [STRUCT]`: quasi-harmonic thermal expansion, bulk modulus and heat capacity.
enum QHACommand {
    static let spec = CommandSpec(
        name: "qha",
        summary: "Quasi-harmonic approximation: V(T), thermal expansion, B_T(T), Cp(T), Grüneisen parameters.",
        positionals: [("POT", "potential file or spec", true),
                      ("STRUCT", "unit cell (default: the element's ground state); relaxed first", false)],
        options: [.labelMap, OptionSpec(name: "volumes", value: "N", help: "number of volumes (default 7, at least 5)"),
                  OptionSpec(name: "vrange", value: "LO,HI", help: "volumes as fractions of the static V0 (default 0.97,1.07)"),
                  OptionSpec(name: "tmax", value: "K", help: "highest temperature (default 1000)"),
                  OptionSpec(name: "tstep", value: "K", help: "temperature step (default 10)"),
                  OptionSpec(name: "supercell", value: "N|NxMxK|9 ints", help: "phonon supercell (default: faces ≥ 4 × cutoff apart)"),
                  OptionSpec(name: "mesh", value: "N|NxMxK", help: "Γ-centred q mesh of the primitive cell (default 16)"),
                  OptionSpec(name: "displacement", value: "A", help: "displacement amplitude, Å (default 0.01)"),
                  OptionSpec(name: "md", value: nil, help: "also classical NPT MD V(T), α(T), Cp(T) at --md-temperatures"),
                  OptionSpec(name: "md-temperatures", value: "K,K2,...", help: "MD temperatures (default: 100 K steps from 100 K to --tmax, at most 10)"),
                  OptionSpec(name: "md-steps", value: "N", help: "NPT production steps per temperature (default 20000; a quarter more, at least 2500, to equilibrate)"),
                  OptionSpec(name: "md-supercell", value: "N|NxMxK", help: "MD cell (default: the smallest N×N×N with ≥ 500 atoms)"),
                  OptionSpec(name: "tdamp", value: "FS", help: "MD thermostat time constant in fs (default 100)"),
                  OptionSpec(name: "pdamp", value: "FS", help: "MD barostat time constant in fs (default 1000)"),
                  OptionSpec(name: "seed", value: "S", help: "seed of the MD velocities (default 1)")] + EngineOption.specs,
        details: """
        The structure is relaxed (cell and positions); at each volume the cell is scaled
        isotropically (non-cubic cells: then shape-relaxed at fixed volume), positions relaxed,
        phonons computed on the mesh. F(V,T) = E(V) + F_vib(V,T)
        (quantum harmonic, zero-point included) is fitted per temperature with a 3rd-order
        Birch–Murnaghan form; its minimum gives V(T) and B_T = V ∂²F/∂V². α = (1/3V) dV/dT by central
        differences (the mean linear expansion for non-cubic cells); Cp = Cv(V(T)) + T V B_T (3α)². Temperatures whose minimum leaves the scanned
        volumes are dropped with a warning; imaginary modes at any volume are warned about.
        --md runs classical NPT MD (CSVR thermostat, stochastic cell rescaling, dt 2 fs, as props cp)
        at each MD temperature: ⟨V⟩, α from the V–H cross-fluctuations (and from dV/dT between
        temperatures), Cp from the enthalpy fluctuations, each with its block error. Where the two
        differ at low T quantum effects matter (MD is classical); at high T anharmonicity does.
        Writes with --out: qha.csv, qha-volumes.csv, qha.svg (V, α, Cp against T; MD as points),
        qha-md.csv and the MD runs' npt-<T>K.csv.
        --md --engine lammps [--ranks N] runs the same NPT runs in LAMMPS (MTK barostat, fix nph,
        as LAMMPS has no stochastic cell rescaling; same thermostat, time constants, steps and
        sampling); props analyses what LAMMPS wrote.
        --json: {"temperatures_K", "V_A3_per_atom", "alpha_per_K", "B_GPa", "Cp_J_per_mol_K",
        "Cv_J_per_mol_K", "gruneisen", "mode_gruneisen": {"mean","min","max"}, ..., "md": {"temperatures_K",
        "V_A3_per_atom", "V_error", "alpha_per_K", "alpha_error", "Cp_J_per_mol_K", "Cp_error", "seed", ...} or null}
        """)

    static func run(_ args: ParsedArguments) throws {
        let inputs = try Inputs(args)
        let console = inputs.console
        var settings = QuasiHarmonicSettings()
        settings.volumes = try args.int("volumes", default: 7, range: 5...41)
        if let r = args.string("vrange") {
            let parts = r.split(separator: ",").compactMap { Double($0) }
            guard parts.count == 2, parts[0] > 0.8, parts[0] < 1, parts[1] > 1, parts[1] < 1.25 else {
                throw UsageError("--vrange must be LO,HI with 0.8 < LO < 1 < HI < 1.25, not '\(r)'", command: "qha")
            }
            (settings.smallest, settings.largest) = (parts[0], parts[1])
        }
        let tmax = try args.double("tmax", default: 1000, range: 1...5000)
        let tstep = try args.double("tstep", default: 10, range: 0.1...500)
        settings.mesh = try PhononsCommand.parseMesh(args.string("mesh") ?? "16")
        settings.amplitude = try args.double("displacement", default: 0.01, range: 1e-5...0.5)
        if !args.flag("md"), args.string("engine") != nil || args.string("ranks") != nil {
            throw UsageError("--engine and --ranks choose where the --md runs go: the phonons are props' own", command: "qha")
        }
        let molecularDynamics = args.flag("md") ? try QHAMolecularDynamics(args, tmax: tmax) : nil
        let potential = try inputs.potential()
        var calc = Calculator(potential)
        let start = try inputs.startingStructure(potential)
        let unit = try Equilibrium.relax(start, calculator: &calc).structure
        if let text = args.string("supercell") {
            settings.supercell = try Supercell.parseMatrix(text)
        } else {
            let (n, _) = PhononCalculation.defaultSupercell(unit, cutoff: potential.cutoff)
            settings.supercell = [[n, 0, 0], [0, n, 0], [0, 0, n]]
        }
        console.note(String(format: "%d volumes %.3f–%.3f × V0 = %.4f Å³/atom; phonon supercell %@ of the %d-atom cell; mesh %d×%d×%d",
                            settings.volumes, settings.smallest, settings.largest, unit.volumePerAtom,
                            settings.supercell.map { $0.map(String.init).joined(separator: " ") }.joined(separator: ", "),
                            unit.count, settings.mesh.x, settings.mesh.y, settings.mesh.z))
        var extrapolation = calc.extrapolation
        let points = try QuasiHarmonicScan.run(potential, unit: unit, settings: settings, extrapolation: { extrapolation.add($0) }) { k, n in
            console.progress("volume \(k + 1) of \(n)")
        }
        console.endProgress()
        ExtrapolationOutput.warn(extrapolation, console: console)
        let temperatures = stride(from: 0.0, through: tmax + 1e-9, by: tstep).map { $0 }
        let qha = try QuasiHarmonicResult(points: points, temperatures: temperatures)
        for p in qha.imaginary() {
            console.warn(String(format: "imaginary modes at V = %.4f Å³/atom (lowest %.3f THz): F_vib there leaves them out",
                                p.volume, p.lowestFrequency))
        }
        if let t = qha.truncatedAt {
            console.warn(String(format: "from %.0f K the free-energy minimum is outside the scanned volumes: results stop at %.0f K (raise the upper --vrange)",
                                t, qha.temperatures.last!))
        }
        let label = args.positional(1) ?? "\(unit.formula) ground state (relaxed)"
        let md = try molecularDynamics?.run(potential, unit: unit, qha: qha, inputs: inputs)
        if let dir = args.string("out") {
            try write(qha, md: md, to: dir, label: label, potential: potential.name)
            if let md { try writeFile(md.csv(label: label, potential: potential.name), to: dir + "/qha-md.csv") }
        }
        let gammas = qha.modeGruneisen
        let modeStats: JSON = gammas.isEmpty ? .null : .object([
            ("mean", .number(gammas.reduce(0, +) / Double(gammas.count))),
            ("min", .number(gammas.min()!)), ("max", .number(gammas.max()!))])
        if args.flag("json") {
            console.emit(ExtrapolationOutput.adding(extrapolation, to: .object([
                ("temperatures_K", JSON.numbers(qha.temperatures)),
                ("V_A3_per_atom", JSON.numbers(qha.volumes)),
                ("alpha_per_K", JSON.numbers(qha.alpha)),
                ("B_GPa", JSON.numbers(qha.bulkModulusGPa)),
                ("Cp_J_per_mol_K", JSON.numbers(qha.cp)),
                ("Cv_J_per_mol_K", JSON.numbers(qha.cv)),
                ("G_eV_per_atom", JSON.numbers(qha.freeEnergies)),
                ("gruneisen", JSON.numbers(qha.gruneisen)),
                ("mode_gruneisen", modeStats),
                ("static_V0_A3_per_atom", .number(qha.staticVolume)),
                ("scan_volumes_A3_per_atom", JSON.numbers(points.map(\.volume))),
                ("lowest_frequency_THz", JSON.numbers(points.map(\.lowestFrequency))),
                ("truncated_at_K", qha.truncatedAt.map { JSON.number($0) } ?? .null),
                ("potential", .string(potential.name)), ("structure", .string(label)),
                ("md", md?.json ?? .null),
            ])))
            return
        }
        console.print("potential: \(potential.name)")
        console.print("structure: \(label), static V0 = \(fmt(qha.staticVolume, 4)) Å³/atom")
        if !gammas.isEmpty {
            console.print(String(format: "mode Grüneisen parameters: mean %.3f, range %.3f to %.3f (%d modes)",
                                 gammas.reduce(0, +) / Double(gammas.count), gammas.min()!, gammas.max()!, gammas.count))
        }
        console.print("")
        console.print("   T (K)   V (Å³/atom)   α (1e-6/K)   B_T (GPa)   Cv (J/mol K)   Cp (J/mol K)   γ")
        let every = max(1, Int((50 / tstep).rounded()))
        for i in qha.temperatures.indices where i % every == 0 || i == qha.temperatures.count - 1 {
            console.print("\(fmt(qha.temperatures[i], 1, width: 8))\(fmt(qha.volumes[i], 5, width: 14))\(fmt(qha.alpha[i] * 1e6, 3, width: 13))"
                          + "\(fmt(qha.bulkModulusGPa[i], 2, width: 12))\(fmt(qha.cv[i], 3, width: 15))\(fmt(qha.cp[i], 3, width: 15))\(fmt(qha.gruneisen[i], 3, width: 8))")
        }
        if let md {
            console.print("")
            for line in md.table(beside: qha) { console.print(line) }
        }
    }

    /// qha.csv, qha-volumes.csv and qha.svg in `dir`.
    static func write(_ qha: QuasiHarmonicResult, md: QHAMolecularDynamics.Result?, to dir: String, label: String, potential: String) throws {
        var csv = "# quasi-harmonic approximation, \(label) with \(potential)\n"
        csv += "T_K,V_A3_per_atom,alpha_per_K,B_GPa,Cv_J_per_mol_K,Cp_J_per_mol_K,gruneisen,G_eV_per_atom\n"
        for i in qha.temperatures.indices {
            csv += "\(qha.temperatures[i]),\(qha.volumes[i]),\(qha.alpha[i]),\(qha.bulkModulusGPa[i]),\(qha.cv[i]),\(qha.cp[i]),\(qha.gruneisen[i]),\(qha.freeEnergies[i])\n"
        }
        try writeFile(csv, to: dir + "/qha.csv")
        var scan = "# static energies and lowest phonon frequency at each volume\nV_A3_per_atom,E_eV_per_atom,lowest_frequency_THz\n"
        for p in qha.points { scan += "\(p.volume),\(p.energy),\(p.lowestFrequency)\n" }
        try writeFile(scan, to: dir + "/qha-volumes.csv")
        let t = qha.temperatures
        var panels = [
            LinePlot(title: "Volume", xLabel: "T (K)", yLabel: "V (Å³/atom)",
                     series: [.init(name: "QHA", x: t, y: qha.volumes, color: 0)]),
            LinePlot(title: "Linear thermal expansion", xLabel: "T (K)", yLabel: "α (10⁻⁶/K)",
                     series: [.init(name: "QHA", x: t, y: qha.alpha.map { $0 * 1e6 }, color: 0)]),
            LinePlot(title: "Heat capacity", xLabel: "T (K)", yLabel: "C (J/mol K)",
                     series: [.init(name: "Cp", x: t, y: qha.cp, color: 0),
                              .init(name: "Cv", x: t, y: qha.cv, dash: "5,3", color: 1)]),
        ]
        if let md {
            let tm = md.points.map(\.temperatureK)
            let r = QHAMolecularDynamics.gasConstant
            panels[0].series.append(.init(name: "MD (classical)", x: tm, y: md.points.map(\.volumePerAtom), points: true, color: 2))
            panels[1].series.append(.init(name: "MD (classical)", x: tm, y: md.points.map { $0.alpha * 1e6 }, points: true, color: 2))
            panels[2].series.append(.init(name: "Cp MD (classical)", x: tm, y: md.points.map { $0.cp * r }, points: true, color: 2))
        }
        try writeFile(LinePlot.figure(panels, columns: 3), to: dir + "/qha.svg")
    }
}
