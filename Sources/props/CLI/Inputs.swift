import Atoms
import Mechanics
import Potentials

/// Loading what commands share: the potential, the structure (or the relaxed ground
/// state), and the shared options.
struct Inputs {
    let args: ParsedArguments
    let console: Console

    init(_ args: ParsedArguments) throws {
        self.args = args
        console = Console(quiet: args.flag("quiet"), json: args.flag("json"))
        let threads = try args.int("threads", default: Parallel.threads, range: 1...1024)
        Parallel.threads = threads
    }

    /// The potential named by the first positional argument (its labels mapped by --map).
    func potential() throws -> Potential {
        try PotentialLoader.load(args.positionals[0], map: args.labelMap())
    }

    /// Warns on stderr about the neural-network extrapolations of everything `calculator`
    /// evaluated (`ExtrapolationOutput.warn`).
    func reportExtrapolations(_ calculator: Calculator) {
        ExtrapolationOutput.warn(calculator.extrapolation, console: console)
    }

    /// The structure from the second positional argument (with --supercell), or nil.
    /// `isolatedRange` (Å) accepts a molecule or slab (`StructureInput.frames`).
    func givenStructure(isolatedRange: Double? = nil) throws -> Structure? {
        guard let s = args.positional(1) else { return nil }
        return try StructureInput.structure(s, supercell: args.string("supercell"), types: args.atomTypes(),
                                            isolatedRange: isolatedRange)
    }

    /// The given structure as is, or the potential's ground-state lattice relaxed with it
    /// (cell and positions), stated on stderr.
    func structureOrGroundState(_ potential: Potential, calculator: inout Calculator) throws -> (Structure, String) {
        if let s = try givenStructure() {
            try s.checkOverlaps()
            return (s, args.positional(1)!)
        }
        let lattice = try Equilibrium.groundStateLattice(for: potential)
        let kind = GroundState.of(potential.species[0])!.lattice.rawValue
        console.note("no structure given: \(kind) \(potential.species[0].symbol), relaxed with the potential")
        let relaxed = try Equilibrium.relax(lattice, calculator: &calculator)
        var s = relaxed.structure
        if let sc = args.string("supercell") {
            s = try Supercell.make(s, matrix: Supercell.parseMatrix(sc))
        }
        return (s, "\(kind):\(potential.species[0].symbol) (relaxed)")
    }
}

/// Cubic lattice constant (Å) of a cell whose edges are equal and orthogonal, else nil.
func cubicLatticeConstant(_ cell: Cell, repeats: Int = 1) -> Double? {
    let l = cell.lengths, a = cell.anglesDegrees
    let tol = 1e-6 * l.max()
    guard abs(l.x - l.y) < tol, abs(l.x - l.z) < tol,
          abs(a.x - 90) < 1e-6, abs(a.y - 90) < 1e-6, abs(a.z - 90) < 1e-6 else { return nil }
    return l.x / Double(repeats)
}

/// N for a supercell spec `N` or `NxNxN`, else 1.
func uniformRepeats(_ spec: String?) -> Int {
    guard let spec, let p = try? Supercell.parseMatrix(spec),
          p[0][0] == p[1][1], p[0][0] == p[2][2],
          p[0][1] == 0, p[0][2] == 0, p[1][0] == 0, p[1][2] == 0, p[2][0] == 0, p[2][1] == 0 else { return 1 }
    return p[0][0]
}
