import Atoms
import Mechanics
import Phonons
import Potentials

extension PhononCalculation {
    /// The calculation `props phonons POT [STRUCT]` asks for: the given unit cell as is, or
    /// the ground state relaxed with the potential; the supercell given or the default.
    /// `beforeForces` sees the primitive cell before any displaced supercell is computed
    /// (to decide and check the band path first).
    static func fromPotential(_ inputs: Inputs, beforeForces: (PrimitiveCell) throws -> Void = { _ in }) throws -> PhononCalculation {
        let args = inputs.args
        let console = inputs.console
        let potential = try inputs.potential()
        var unit: Structure
        if let text = args.positional(1) {
            unit = try StructureInput.structure(text)
            try unit.checkOverlaps()
            var calc = Calculator(potential)
            let r = try calc.evaluate(unit, wanted: potential.supplies.intersection([.forces, .stress]))
            let fmax = r.forces?.map { length($0) }.max() ?? 0
            let pressure = r.stress.map { -$0.trace / 3 * Units.eVPerA3InGPa } ?? 0
            if fmax > 1e-3 || abs(pressure) > 0.1 {
                console.warn(String(format: "the structure is not at equilibrium with this potential (max force %.2e eV/Å, pressure %.3f GPa); run props relax first for phonons at the potential's own equilibrium",
                                    fmax, pressure))
            }
        } else {
            var calc = Calculator(potential)
            let lattice = try Equilibrium.groundStateLattice(for: potential)
            unit = try Equilibrium.relax(lattice, calculator: &calc).structure
            let kind = GroundState.of(potential.species[0])!.lattice.rawValue
            console.note(String(format: "no structure given: %@ %@ relaxed with the potential, a = %.5f Å",
                                kind, potential.species[0].symbol, unit.cell.lengths.x))
        }
        let primitive = PrimitiveCell.find(unit)
        try beforeForces(primitive)
        // A cell in a non-standard setting, or a supercell, is replaced by its standard
        // primitive cell when the supercell is ours to choose (fewer atoms for the same reach).
        if args.string("supercell") == nil, primitive.centring == .primitive || primitive.centring == .other,
           primitive.axes != .identity {
            let (l, a) = (primitive.structure.cell.lengths, primitive.structure.cell.anglesDegrees)
            console.note(String(format: "the %d-atom cell is not a standard primitive cell: using its standard primitive cell (%d atoms, a b c = %.4f %.4f %.4f Å, angles %.2f %.2f %.2f°) as the unit cell",
                                unit.count, primitive.structure.count, l.x, l.y, l.z, a.x, a.y, a.z))
            unit = primitive.structure
        }
        let matrix: [[Int]]
        if let text = args.string("supercell") {
            matrix = try Supercell.parseMatrix(text)
        } else {
            let (n, capped) = PhononCalculation.defaultRepeats(unit, cutoff: potential.cutoff)
            matrix = [[n.x, 0, 0], [0, n.y, 0], [0, 0, n.z]]
            let faces = unit.cell.faceDistances * SIMD3(Double(n.x), Double(n.y), Double(n.z))
            console.note(String(format: "supercell %d×%d×%d of the %d-atom cell (%d atoms): faces %.2f Å apart or more, %@ 4 × cutoff = %.2f Å%@",
                                n.x, n.y, n.z, unit.count, n.x * n.y * n.z * unit.count, faces.min(),
                                capped ? "less than" : "at least", 4 * potential.cutoff,
                                capped ? " (capped at 6000 atoms; give --supercell for more)" : ""))
        }
        let supercell = try PhononSupercell(unit: unit, matrix: matrix)
        let reach = PhononCalculation.reachRatio(supercell, cutoff: potential.cutoff)
        if reach < 1 {
            console.warn(String(format: "the supercell's faces are %.2f Å apart, less than twice the force constants' reach (4 × cutoff = %.2f Å): force constants overlap their periodic images and the frequencies away from the supercell's commensurate q-points are wrong; give a larger --supercell",
                                supercell.structure.cell.faceDistances.min(), 4 * potential.cutoff))
        }
        let amplitude = try args.double("displacement", default: 0.01, range: 1e-5...0.5)
        let result = try PhononCalculation.compute(potential, unit: unit, supercellMatrix: matrix, amplitude: amplitude,
                                                   useSymmetry: !args.flag("no-symmetry")) { done, total in
            console.progress("displacement \(done) of \(total)")
        }
        console.endProgress()
        console.note("\(result.records) displaced supercell\(result.records == 1 ? "" : "s") of \(result.supercell.structure.count) atoms; acoustic sum rule drift \(String(format: "%.2e", result.forceConstants.sumRuleDrift)) eV/Å² removed")
        return result
    }
}
