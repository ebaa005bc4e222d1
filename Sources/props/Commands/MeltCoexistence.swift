import Analysis
import Atoms
import Dynamics
import Foundation
import Potentials

/// `props melt --start coexistence`: the crystal doubled along its third cell vector, the
/// upper half melted in NPT (anisotropic, so the liquid finds its own density) while the
/// lower half is held on its sites, both brought to the guess temperature together in NPT
/// (cooling the liquid against a held, motionless crystal would template its freezing),
/// then a run at constant enthalpy and
/// pressure (no thermostat; stochastic cell rescaling): latent heat moves between the phases
/// as the interface moves, until the temperature is the one at which the interface stays put,
/// the melting point (Morris, Wang, Ho & Chan, Phys. Rev. B 49, 3109 (1994)). The solid
/// fraction is followed by the crystalline order of slabs along the third vector.
struct MeltCoexistence {
    let settings: MeltSettings
    let potential: Potential
    let initial: Structure
    let outDir: String
    let console: Console
    let identity: (name: String, path: String, sha256: String?)

    /// Steps of the preparation phases (NPT crystal, melting, NPT of both): a tenth, a
    /// fifth and a tenth of the isenthalpic run.
    var preparation: (crystal: Int, melt: Int, relax: Int) {
        let n = settings.coexistenceSteps
        return (n / 10, n / 5, n / 10)
    }

    func run(json: Bool) throws {
        guard let guess = settings.guessK else {
            throw UsageError("--start coexistence needs --tguess K, the temperature both phases start at (within ~150 K of the melting point, e.g. 0.8 × a ramp's Tm)", command: "melt")
        }
        var md = settings.md
        md.temperatureK = guess
        let doubled = try Supercell.make(initial, repeats: SIMD3(1, 1, 2))
        let d = LatticeDisplacement(reference: doubled).nearestNeighbourDistance
        let slabs = max(4, min(40, doubled.count / 100))
        guard let order = SlabOrder(reference: doubled, nearestNeighbourDistance: d, slabs: slabs) else {
            throw InputError("the structure has no reciprocal vector with a full structure factor: coexistence needs a simple crystal")
        }
        var rng = RandomSource(seed: md.seed)
        var state = MDState(structure: doubled, velocities: MDState.maxwellBoltzmann(masses: doubled.masses, temperatureK: guess, rng: &rng))
        var engine = ForceEngine(potential)
        let steps = preparation
        console.note("coexistence: \(doubled.count) atoms (the cell doubled along c), \(slabs) slabs; NPT at \(fmt(guess, 0)) K for \(steps.crystal) steps")
        try advance(&state, &engine, &rng, md.integrator(masses: doubled.masses), steps: steps.crystal, pinned: [])
        let lower = state.structure.positions.indices.filter {
            let f = state.structure.cell.fractional(state.structure.positions[$0]).z
            return f - f.rounded(.down) < 0.5
        }
        let free = Double(doubled.count - lower.count) / Double(doubled.count)
        let hot = max(2 * guess, guess + 1000)
        var held = md
        for (target, n, what) in [(hot, steps.melt, "melting the upper half")] {
            console.note("coexistence: \(what) at \(fmt(target, 0)) K for \(n) steps in NPT, lower half held on its sites")
            // The thermostat sees all atoms; the held half has no kinetic energy.
            held.temperatureK = target * free
            try advance(&state, &engine, &rng, held.integrator(masses: doubled.masses), steps: n, pinned: lower)
            console.note(String(format: "coexistence: solid fraction %.2f, free atoms at %.0f K", order.solidFraction(state.structure),
                                state.temperature(degreesOfFreedom: 3 * doubled.count - 3) / free))
        }
        console.note("coexistence: both phases in NPT at \(fmt(guess, 0)) K for \(steps.relax) steps, then \(settings.coexistenceSteps) steps at constant enthalpy")
        try advance(&state, &engine, &rng, md.integrator(masses: doubled.masses), steps: steps.relax, pinned: [])
        let startFraction = order.solidFraction(state.structure)
        let nph = Integrator(timestep: md.timestepFs * Units.fsInPs, masses: doubled.masses,
                             barostat: md.integrator(masses: []).barostat)
        let output = try OutputFile(path: outDir + "/coexistence.csv", keep: nil)
        try output.write("step,T_K,H_eV,V_A3,c_A,solid_fraction\n")
        var temperatures: [Double] = []
        try advance(&state, &engine, &rng, nph, steps: settings.coexistenceSteps, pinned: []) { s, integrator in
            let sample = ThermoSample(s, integrator: integrator)
            temperatures.append(sample.temperatureK)
            try output.write("\(s.step)," + [sample.temperatureK, sample.enthalpy, sample.volume, sample.lengths.z, order.solidFraction(s.structure)]
                .map { String(format: "%.10g", $0) }.joined(separator: ",") + "\n")
        }
        let endFraction = order.solidFraction(state.structure)
        let second = Array(temperatures[(temperatures.count / 2)...])
        let tm = BlockAverage(second, blocks: 5)
        let coexisting = endFraction > 0.1 && endFraction < 0.9
        if !coexisting {
            console.warn(String(format: "the %@ took over (solid fraction %.2f at the end): the temperature is not a coexistence temperature; start with --tguess %@ than %.0f K",
                                endFraction <= 0.1 ? "liquid" : "crystal", endFraction, endFraction <= 0.1 ? "lower" : "higher", guess))
        }
        try writeFile(ExtendedXYZ.write(Frame(structure: state.structure, velocities: state.velocities)), to: outDir + "/coexistence-final.extxyz")
        let result: JSON = .object([
            ("runs", .array([])),
            ("extrapolated", .object([("Tm_cp", .null), ("Tm_cp_error", .null), ("Tm_lindemann", .null), ("Tm_lindemann_error", .null)])),
            ("coexistence", .object([("Tm", .number(tm.mean)), ("error", .number(tm.error)), ("both_phases", .bool(coexisting)),
                                     ("solid_fraction_start", .number(startFraction)), ("solid_fraction_end", .number(endFraction)),
                                     ("guess_K", .number(guess)), ("atoms", .int(doubled.count)),
                                     ("nph_steps", .int(settings.coexistenceSteps)), ("averaged_steps", .int(settings.coexistenceSteps / 2))])),
            ("start", .string("coexistence")),
            ("potential", .object([("name", .string(identity.name)), ("path", .string(identity.path)),
                                   ("sha256", identity.sha256.map { .string($0) } ?? .null)])),
            ("settings", .object(MeltSettings.keys.compactMap { k in settings.values[k].map { (k, .string($0)) } })),
        ])
        try writeFile(result.text + "\n", to: outDir + "/melt.json")
        if json {
            console.emit(result)
            return
        }
        console.print(String(format: "Solid-liquid coexistence at constant enthalpy, %d atoms: Tm = %.1f ± %.1f K (mean T over the last %d steps, 5-block error)",
                             doubled.count, tm.mean, tm.error, settings.coexistenceSteps / 2))
        console.print(String(format: "solid fraction %.2f at the start, %.2f at the end%@", startFraction, endFraction,
                             coexisting ? " (both phases present: the interface stayed)" : " (one phase took over: not a melting point)"))
        console.print("files in \(outDir)/: coexistence.csv (step, T, H, V, c, solid fraction), coexistence-final.extxyz, melt.json")
    }

    /// Runs `steps` steps; atoms in `pinned` are put back on their sites (their fractional
    /// coordinates at the start, so they follow the cell) with zero velocity after every
    /// step; `observe` is called every 10 steps.
    private func advance(_ state: inout MDState, _ engine: inout ForceEngine, _ rng: inout RandomSource, _ integrator: Integrator,
                         steps: Int, pinned: [Int], observe: ((MDState, Integrator) throws -> Void)? = nil) throws {
        var integrator = integrator
        try integrator.prepare(&state, engine: &engine)
        let sites = pinned.map { state.structure.cell.fractional(state.structure.positions[$0]) }
        let safety = SafetyCheck(targetTemperatureK: max(2 * (settings.guessK ?? 0), (settings.guessK ?? 0) + 1000))
        for k in 1...steps {
            try integrator.step(&state, engine: &engine, rng: &rng, stress: observe != nil && k % 10 == 0)
            for (i, a) in pinned.enumerated() {
                state.structure.positions[a] = state.structure.cell.cartesian(sites[i])
                state.velocities[a] = .zero
            }
            if k % 10 == 0 {
                try safety.check(state, temperatureK: integrator.temperature(state))
                try observe?(state, integrator)
            }
        }
    }
}
