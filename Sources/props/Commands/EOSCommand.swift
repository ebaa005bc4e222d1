import Foundation
import Atoms
import Mechanics
import Potentials

/// `props eos POT [STRUCT]`: energy–volume scan and Birch–Murnaghan fit.
enum EOSCommand {
    static let spec = CommandSpec(
        name: "eos",
        summary: "Equation of state: energy–volume scan with relaxed positions (and cell shape if not cubic), Birch–Murnaghan fit.",
        positionals: [("POT", "potential file or spec", true),
                      ("STRUCT", "structure (default: the element's ground-state lattice, relaxed)", false)],
        options: [.labelMap, .atomTypes, OptionSpec(name: "supercell", value: "N|NxMxK", help: "repeat the structure"),
                  OptionSpec(name: "points", value: "N", help: "number of volumes (default 11)"),
                  OptionSpec(name: "range", value: "FRAC", help: "volume range ±FRAC around equilibrium (default 0.02)")],
        details: """
        The structure is first relaxed (cell and positions); volumes are then scanned, with positions
        relaxed at each volume and, for non-cubic crystals, the cell shape (hcp c/a) relaxed at fixed
        volume. A warning says when B0′ is ill-determined by the range (B0p_spread: its change when an
        end point is left out). Writes eos.csv with --out.
        --json: {"a0": Å (cubic cells), "V0": Å³/atom, "E0": eV/atom, "B0": GPa, "B0p": 1, ...}
        """)

    static func run(_ args: ParsedArguments) throws {
        let inputs = try Inputs(args)
        let console = inputs.console
        let points = try args.int("points", default: 11, range: 5...201)
        let range = try args.double("range", default: 0.02, range: 0.005...0.3)
        let potential = try inputs.potential()
        try potential.require([.energy], for: "eos")
        var calc = Calculator(potential)
        defer { inputs.reportExtrapolations(calc) }
        let (start, label) = try inputs.structureOrGroundState(potential, calculator: &calc)
        console.note("relaxing \(start.formula) (cell and positions)")
        let relaxed = try Equilibrium.relax(start, calculator: &calc).structure
        console.note("scanning \(points) volumes, ±\(range * 100) % around \(fmt(relaxed.volumePerAtom, 4)) Å³/atom")
        let scan = try EquationOfStateScan.run(relaxed, calculator: &calc, range: range, points: points)
        let fit = scan.fit
        if scan.shapeRelaxed {
            console.note("not cubic: the cell shape (e.g. c/a) and positions relaxed at each fixed volume")
        }
        let spread = scan.b0PrimeSpread
        let b0pIllDetermined = !(fit.B0prime > 1 && fit.B0prime < 12) || (spread.map { $0 > 0.5 } ?? true)
        if b0pIllDetermined {
            console.warn(String(format: "B0′ = %.2f is ill-determined by this scan (it changes by %@ when an end point is left out; physical values are about 3–7): widen --range (e.g. 0.1) or add --points",
                                fit.B0prime, spread.map { String(format: "%.2f", $0) } ?? "?"))
        }
        let repeats = uniformRepeats(args.string("supercell"))
        // a0 for cubic cells: the relaxed cubic edge scaled to the fitted volume.
        let a0 = cubicLatticeConstant(relaxed.cell, repeats: repeats).map { $0 * cbrt(fit.V0 / relaxed.volumePerAtom) }
        if let dir = args.string("out") {
            var csv = "# E(V) scan of \(label) with \(potential.name)\nvolume_A3_per_atom,energy_eV_per_atom,fit_eV_per_atom\n"
            for (v, e) in zip(scan.volumes, scan.energies) { csv += "\(v),\(e),\(fit.energy(at: v))\n" }
            try writeFile(csv, to: dir + "/eos.csv")
        }
        if args.flag("json") {
            let a0JSON: JSON = a0.map { JSON.number($0) } ?? .null
            let pairs: [(String, JSON)] = [
                ("a0", a0JSON),
                ("V0", .number(fit.V0)), ("E0", .number(fit.E0)), ("B0", .number(fit.B0GPa)),
                ("B0p", .number(fit.B0prime)),
                ("B0p_spread", spread.map { JSON.number($0) } ?? .null), ("B0p_ill_determined", .bool(b0pIllDetermined)),
                ("shape_relaxed", .bool(scan.shapeRelaxed)),
                ("c_over_a", .array(scan.structures.map { .number($0.cell.lengths.z / $0.cell.lengths.x) })),
                ("structure", .string(label)), ("potential", .string(potential.name)),
                ("natoms", .int(relaxed.count)),
                ("rms_residual_eV_per_atom", .number(fit.rmsResidual)),
                ("volumes_A3_per_atom", JSON.numbers(scan.volumes)),
                ("energies_eV_per_atom", JSON.numbers(scan.energies)),
            ]
            console.emit(ExtrapolationOutput.adding(calc.extrapolation, to: .object(pairs)))
            return
        }
        console.print("potential: \(potential.name)")
        console.print("structure: \(label), \(relaxed.count) atoms")
        console.print("")
        console.print("  V (Å³/atom)     E (eV/atom)     fit − E (meV/atom)")
        for (v, e) in zip(scan.volumes, scan.energies) {
            console.print("\(fmt(v, 4, width: 13))   \(fmt(e, 6, width: 13))   \(fmt((fit.energy(at: v) - e) * 1000, 4, width: 12))")
        }
        console.print("")
        console.print("Birch–Murnaghan (3rd order):")
        if let a0 { console.print("  a0  = \(fmt(a0, 5)) Å") }
        console.print("  V0  = \(fmt(fit.V0, 4)) Å³/atom")
        console.print("  E0  = \(fmt(fit.E0, 5)) eV/atom")
        console.print("  B0  = \(fmt(fit.B0GPa, 2)) GPa")
        console.print("  B0' = \(fmt(fit.B0prime, 3))")
        console.print("  rms residual \(fmt(fit.rmsResidual * 1000, 4)) meV/atom")
    }
}
