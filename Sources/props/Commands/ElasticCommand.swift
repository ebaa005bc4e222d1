import Atoms
import Mechanics
import Potentials

/// `props elastic POT [STRUCT]`: cubic elastic constants by finite strains.
enum ElasticCommand {
    static let spec = CommandSpec(
        name: "elastic",
        summary: "Elastic constants of any crystal (GPa) by ± finite strains with internal relaxation; VRH moduli, Born stability.",
        positionals: [("POT", "potential file or spec", true),
                      ("STRUCT", "structure (default: the element's ground-state lattice, relaxed)", false)],
        options: [.labelMap, .atomTypes, OptionSpec(name: "supercell", value: "N|NxMxK", help: "repeat the structure"),
                  OptionSpec(name: "strain", value: "DELTA", help: "strain step δ; strains ±δ, ±2δ (default 0.005)")],
        details: """
        The structure is relaxed (cell and positions) first; at each strain the positions are relaxed
        at fixed cell. The 6×6 Voigt matrix is averaged over the crystal's point group, and the
        independent constants of its Laue class are named (cubic C11 C12 C44; hexagonal C11 C12 C13
        C33 C44 C66; tetragonal, trigonal, orthorhombic, monoclinic; triclinic all 21) when the
        crystal is in the standard setting (main axis along z). Voigt–Reuss–Hill B, G, E, ν and the
        Born stability check (C positive definite) for any crystal.
        --json: {"C11": GPa, ... the named constants, "laue_class", "constants": {...}, "B": GPa (Hill),
        "B_voigt", "B_reuss", "G_voigt", "G_reuss", "G_hill", "E_hill", "poisson_hill", "born_stable",
        "matrix_GPa": [[6×6]]}
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
        let rotations = LaueClass.rotations(of: relaxed)
        let laue = LaueClass.from(rotations: rotations)
        let symmetrised = c.symmetrised(by: rotations)
        let spread = zip(symmetrised.joined(), c.matrixGPa.joined()).map { abs($0 - $1) }.max() ?? 0
        let scale = max(symmetrised.joined().map(abs).max() ?? 1, 1)
        let named = ElasticConstants.named(symmetrised, laue: laue, tolerance: 1e-6 * scale + 1e-9)
        let moduli = try ElasticModuli(symmetrised)
        console.note(String(format: "Laue class %@ (%@); the matrix is averaged over the crystal's %d rotations (changed by up to %.3f GPa)",
                            laue.rawValue, laue.system, rotations.count, spread))
        if named == nil {
            console.warn("the \(laue.system) crystal is not in its standard setting (\(laue.system == "cubic" ? "cube axes along x, y, z" : "the main axis along z, a along x")): the constants are not named; the full matrix, Voigt–Reuss–Hill moduli and the stability check hold in any orientation")
        }
        if !moduli.isBornStable {
            console.warn(String(format: "the elastic matrix is not positive definite (smallest eigenvalue %.2f GPa): the crystal is mechanically unstable (Born criterion)", moduli.eigenvalues[0]))
        }
        let namedPairs = named ?? []
        if args.flag("json") {
            var fields: [(String, JSON)] = namedPairs.map { ($0.name, .number($0.value)) }
            fields += [
                ("laue_class", .string(laue.rawValue)), ("crystal_system", .string(laue.system)),
                ("constants", .object(namedPairs.map { ($0.name, .number($0.value)) })),
                ("B", .number(moduli.bulkHill)),
                ("B_voigt", .number(moduli.bulkVoigt)), ("B_reuss", .number(moduli.bulkReuss)), ("B_hill", .number(moduli.bulkHill)),
                ("G_voigt", .number(moduli.shearVoigt)), ("G_reuss", .number(moduli.shearReuss)), ("G_hill", .number(moduli.shearHill)),
                ("E_hill", .number(moduli.young)), ("poisson_hill", .number(moduli.poisson)),
                ("born_stable", .bool(moduli.isBornStable)), ("eigenvalues_GPa", JSON.numbers(moduli.eigenvalues)),
                ("matrix_GPa", .array(symmetrised.map { JSON.numbers($0) })),
                ("matrix_unsymmetrised_GPa", .array(c.matrixGPa.map { JSON.numbers($0) })),
                ("strain", .number(delta)), ("structure", .string(label)), ("potential", .string(potential.name)),
                ("a0", (laue.system == "cubic" ? cubicLatticeConstant(relaxed.cell, repeats: uniformRepeats(args.string("supercell"))) : nil).map { .number($0) } ?? .null),
                ("lattice", .array((0..<3).map { JSON.numbers([relaxed.cell[$0].x, relaxed.cell[$0].y, relaxed.cell[$0].z]) })),
            ]
            console.emit(ExtrapolationOutput.adding(calc.extrapolation, to: .object(fields)))
            return
        }
        console.print("potential: \(potential.name)")
        console.print("structure: \(label), \(relaxed.count) atoms, Laue class \(laue.rawValue) (\(laue.system))")
        console.print("")
        console.print("C (GPa, Voigt order xx yy zz yz xz xy), averaged over the crystal's symmetry:")
        for row in symmetrised { console.print(row.map { fmt($0, 2, width: 10) }.joined()) }
        console.print("")
        if !namedPairs.isEmpty {
            console.print("independent constants of a \(laue.system) crystal (GPa):")
            for (name, value) in namedPairs { console.print("\(name) = \(fmt(value, 2)) GPa") }
            console.print("")
        }
        console.print("Voigt–Reuss–Hill (GPa):   Voigt     Reuss      Hill")
        console.print("  bulk modulus B     " + [moduli.bulkVoigt, moduli.bulkReuss, moduli.bulkHill].map { fmt($0, 2, width: 10) }.joined())
        console.print("  shear modulus G    " + [moduli.shearVoigt, moduli.shearReuss, moduli.shearHill].map { fmt($0, 2, width: 10) }.joined())
        console.print("E = \(fmt(moduli.young, 2)) GPa, ν = \(fmt(moduli.poisson, 4)) (Hill)")
        console.print("Born stability (C positive definite): \(moduli.isBornStable ? "stable" : "UNSTABLE"), smallest eigenvalue \(fmt(moduli.eigenvalues[0], 2)) GPa")
    }
}
