import Atoms
import Mechanics
import Potentials

/// `props relax POT STRUCT -o OUT`: FIRE relaxation of positions and cell.
enum RelaxCommand {
    static let spec = CommandSpec(
        name: "relax",
        summary: "Relax positions and cell (FIRE) to force and stress tolerances; write the relaxed structure.",
        positionals: [("POT", "potential file or spec", true),
                      ("STRUCT", "structure file or LATTICE:ELEMENT:A", true)],
        options: [.labelMap, .atomTypes, OptionSpec(name: "output", value: "FILE", help: "relaxed structure (.extxyz/.xyz: extended XYZ, .data/.lmp: LAMMPS data, else POSCAR; default relaxed.extxyz in --out or .)", short: "-o"),
                  OptionSpec(name: "supercell", value: "N|NxMxK", help: "repeat the structure first"),
                  OptionSpec(name: "fmax", value: "EV_A", help: "force tolerance, eV/Å (default 0.001)"),
                  OptionSpec(name: "smax", value: "GPA", help: "stress tolerance, GPa (default 0.01)"),
                  OptionSpec(name: "pressure", value: "GPA", help: "target pressure, GPa (default 0)"),
                  OptionSpec(name: "fixed-cell", value: nil, help: "relax positions only"),
                  OptionSpec(name: "isotropic", value: nil, help: "relax the volume but keep the cell shape"),
                  OptionSpec(name: "max-steps", value: "N", help: "largest number of FIRE steps (default 5000)")],
        details: "Exit status 1 when the relaxation does not converge (the last structure is still written).")

    static func run(_ args: ParsedArguments) throws {
        let inputs = try Inputs(args)
        let console = inputs.console
        let potential = try inputs.potential()
        // With a fixed cell a molecule or slab (pbc with F) relaxes isolated by vacuum 5 Å
        // wider than the cutoff (room for the atoms to move).
        guard let start = try inputs.givenStructure(isolatedRange: args.flag("fixed-cell") ? potential.cutoff + 5 : nil) else {
            throw UsageError("missing STRUCT", command: "relax")
        }
        try start.checkOverlaps()
        var settings = RelaxationSettings()
        settings.forceTolerance = try args.double("fmax", default: 1e-3, range: 1e-10...10)
        settings.stressTolerance = try args.double("smax", default: 0.01, range: 1e-8...100) * Units.gpaInEVPerA3
        settings.pressureGPa = try args.double("pressure", default: 0)
        settings.relaxCell = !args.flag("fixed-cell")
        settings.isotropic = args.flag("isotropic")
        settings.maxSteps = try args.int("max-steps", default: 5000, range: 1...10_000_000)
        if settings.relaxCell || potential.supplies.contains(.stress) == false {
            try potential.require(settings.relaxCell ? [.energy, .forces, .stress] : [.energy, .forces], for: "relax")
        }
        var calc = Calculator(potential)
        defer { inputs.reportExtrapolations(calc) }
        let e0 = try calc.evaluate(start, wanted: [.energy]).energy!
        let result = try Relaxation.run(start, calculator: &calc, settings: settings) { step, e, f in
            console.progress("step \(step)  E = \(fmt(e, 6)) eV  max|F| = \(String(format: "%.2e", f)) eV/Å")
        }
        console.endProgress()
        let output = args.outputPath(default: "relaxed.extxyz")
        let s = result.structure
        let lower = output.lowercased()
        if lower.hasSuffix(".extxyz") || lower.hasSuffix(".xyz") {
            let final = try calc.evaluate(s, wanted: potential.supplies.intersection([.energy, .forces, .stress]))
            var frame = Frame(structure: s, energy: final.energy, forces: final.forces, stress: final.stress)
            frame.info = [("relaxed_with", potential.name)]
            try writeFile(ExtendedXYZ.write(frame), to: output)
        } else if lower.hasSuffix(".data") || lower.hasSuffix(".lmp") {
            try writeFile(LAMMPSData.write(s, comment: "\(s.formula) relaxed with \(potential.name)"), to: output)
        } else {
            try writeFile(POSCAR.write(s, comment: "\(s.formula) relaxed with \(potential.name)"), to: output)
        }
        let pressure = settings.relaxCell ? -(try calc.evaluate(s, wanted: [.stress]).stress!.trace) / 3 * Units.eVPerA3InGPa : nil
        if args.flag("json") {
            console.emit(ExtrapolationOutput.adding(calc.extrapolation, to: .object([
                ("converged", .bool(result.converged)), ("steps", .int(result.steps)),
                ("energy", .number(result.energy)), ("energy_initial", .number(e0)),
                ("max_force", .number(result.maxForce)),
                ("max_stress_GPa", .number(result.maxStress * Units.eVPerA3InGPa)),
                ("pressure_GPa", pressure.map { .number($0) } ?? .null),
                ("cell", .array((0..<3).map { JSON.vector(s.cell[$0]) })),
                ("volume_A3", .number(s.cell.volume)), ("output", .string(output)),
            ])))
        } else {
            console.print("potential: \(potential.name)")
            console.print("\(result.converged ? "converged" : "NOT converged") after \(result.steps) FIRE steps")
            console.print("energy      \(fmt(e0, 6)) → \(fmt(result.energy, 6)) eV  (\(fmt(result.energy / Double(s.count), 6)) eV/atom)")
            console.print("max force   \(String(format: "%.2e", result.maxForce)) eV/Å")
            if let pressure {
                console.print("max stress  \(String(format: "%.2e", result.maxStress * Units.eVPerA3InGPa)) GPa (pressure \(fmt(pressure, 4)) GPa)")
            }
            let l = s.cell.lengths, a = s.cell.anglesDegrees
            console.print("cell        a b c = \(fmt(l.x, 5)) \(fmt(l.y, 5)) \(fmt(l.z, 5)) Å, α β γ = \(fmt(a.x, 3)) \(fmt(a.y, 3)) \(fmt(a.z, 3))°, V = \(fmt(s.cell.volume, 4)) Å³")
            console.print("written     \(output)")
        }
        guard result.converged else {
            throw CommandFailure("relaxation did not converge in \(result.steps) steps; the last structure is in \(output)")
        }
    }
}
