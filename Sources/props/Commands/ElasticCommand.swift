import Atoms
import Mechanics
import Potentials

/// `props elastic POT [STRUCT]`: cubic elastic constants by finite strains.
enum ElasticCommand {
    static let spec = CommandSpec(
        name: "elastic",
        summary: "Elastic constants C11, C12, C44 (GPa) by ± finite strains with internal relaxation.",
        positionals: [("POT", "potential file or spec", true),
                      ("STRUCT", "structure (default: the element's ground-state lattice, relaxed)", false)],
        options: [.labelMap, .atomTypes, OptionSpec(name: "supercell", value: "N|NxMxK", help: "repeat the structure"),
                  OptionSpec(name: "strain", value: "DELTA", help: "strain step δ; strains ±δ, ±2δ (default 0.005)")],
        details: """
        The structure is relaxed (cell and positions) first; at each strain the positions are relaxed
        at fixed cell. The full 6×6 Voigt matrix is printed; C11, C12, C44 are cubic averages.
        --json: {"C11": GPa, "C12": GPa, "C44": GPa, "B": GPa, "matrix_GPa": [[6×6]]}
        """)

    static func run(_ args: ParsedArguments) throws {
        let inputs = try Inputs(args)
        let console = inputs.console
        let delta = try args.double("strain", default: 0.005, range: 1e-5...0.05)
        let potential = try inputs.potential()
        try potential.require([.energy, .forces, .stress], for: "elastic")
        var calc = Calculator(potential)
        defer { inputs.reportExtrapolations(calc) }
        let (start, label) = try inputs.structureOrGroundState(potential, calculator: &calc)
        console.note("relaxing \(start.formula) (cell and positions)")
        let relaxed = try Equilibrium.relax(start, calculator: &calc, forceTolerance: 1e-6).structure
        console.note("applying 24 strains (6 × ±\(delta), ±\(2 * delta)) with internal relaxation")
        let c = try ElasticConstants.compute(relaxed, calculator: &calc, strain: delta)
        let deviation = c.cubicDeviation
        if deviation > 0.02 * max(c.c11, 1) {
            console.warn(String(format: "the elastic matrix is not cubic (entries differ by up to %.2f GPa): C11/C12/C44 are averages", deviation))
        }
        if args.flag("json") {
            console.emit(.object([
                ("C11", .number(c.c11)), ("C12", .number(c.c12)), ("C44", .number(c.c44)),
                ("B", .number(c.bulkModulus)),
                ("matrix_GPa", .array(c.matrixGPa.map { JSON.numbers($0) })),
                ("strain", .number(delta)), ("structure", .string(label)), ("potential", .string(potential.name)),
                ("a0", cubicLatticeConstant(relaxed.cell, repeats: uniformRepeats(args.string("supercell"))).map { .number($0) } ?? .null),
            ]))
            return
        }
        console.print("potential: \(potential.name)")
        console.print("structure: \(label), \(relaxed.count) atoms")
        console.print("")
        console.print("C (GPa, Voigt order xx yy zz yz xz xy):")
        for row in c.matrixGPa { console.print(row.map { fmt($0, 2, width: 10) }.joined()) }
        console.print("")
        console.print("C11 = \(fmt(c.c11, 2)) GPa")
        console.print("C12 = \(fmt(c.c12, 2)) GPa")
        console.print("C44 = \(fmt(c.c44, 2)) GPa")
        console.print("B   = \(fmt(c.bulkModulus, 2)) GPa  ((C11 + 2 C12)/3)")
    }
}
