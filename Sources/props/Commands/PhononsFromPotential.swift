import Atoms
import Mechanics
import Phonons
import Potentials

extension PhononCalculation {
    /// The calculation `props phonons POT [STRUCT]` asks for: the given unit cell as is, or
    /// the ground state relaxed with the potential; the supercell given or the default.
    static func fromPotential(_ inputs: Inputs) throws -> PhononCalculation {
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
        let matrix: [[Int]]
        if let text = args.string("supercell") {
            matrix = try Supercell.parseMatrix(text)
        } else {
            let (n, capped) = PhononCalculation.defaultSupercell(unit, cutoff: potential.cutoff)
            matrix = [[n, 0, 0], [0, n, 0], [0, 0, n]]
            console.note(String(format: "supercell %d×%d×%d of the %d-atom cell (%d atoms): faces %.2f Å apart, %@ 4 × cutoff = %.2f Å%@",
                                n, n, n, unit.count, n * n * n * unit.count, unit.cell.faceDistances.min() * Double(n),
                                capped ? "less than" : "at least", 4 * potential.cutoff,
                                capped ? " (capped at 6000 atoms; give --supercell for more)" : ""))
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
