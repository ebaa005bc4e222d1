import Atoms
import Dynamics
import Neighbors
import Potentials
import TestSupport

/// Non-interacting particles: zero energy, forces and stress (an ideal gas).
struct FreeParticles: Potential {
    var name: String { "free particles" }
    var species: [Element] { [Element(symbol: "Ar")!] }
    var cutoff: Double { 0.5 }
    var supplies: Quantities { .all }
    var neighborKind: NeighborList.Kind { .half }
    func evaluate(_ structure: Structure, neighbors: NeighborList, wanted: Quantities) throws -> Evaluation {
        Evaluation(energy: 0, perAtomEnergies: [Double](repeating: 0, count: structure.count),
                   forces: [SIMD3<Double>](repeating: .zero, count: structure.count), stress: .zero)
    }
}

enum Toy {
    /// Solid argon (Lennard-Jones ε = 0.0104 eV, σ = 3.40 Å), fcc a = 5.26 Å, 2×2×2 cells (32 atoms).
    static func argon() throws -> (Potential, Structure) { try ModelSystems.argon() }

    /// A state with Maxwell–Boltzmann velocities at `temperatureK`, forces evaluated.
    static func start(_ s: Structure, _ engine: inout ForceEngine, temperatureK: Double, seed: UInt64) throws -> (MDState, RandomSource) {
        var rng = RandomSource(seed: seed)
        var state = MDState(structure: s, velocities: MDState.maxwellBoltzmann(masses: s.masses, temperatureK: temperatureK, rng: &rng))
        try engine.evaluate(&state, stress: true)
        return (state, rng)
    }
}

/// Mean, variance and the standard errors of both from `blocks` block averages.
func blockStatistics(_ x: [Double], blocks: Int = 10) -> (mean: Double, meanError: Double, variance: Double, varianceError: Double) {
    let n = x.count / blocks
    var means: [Double] = [], variances: [Double] = []
    for b in 0..<blocks {
        let part = x[(b * n)..<((b + 1) * n)]
        let m = part.reduce(0, +) / Double(n)
        means.append(m)
        variances.append(part.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1))
    }
    func meanAndError(_ v: [Double]) -> (Double, Double) {
        let m = v.reduce(0, +) / Double(v.count)
        let s2 = v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)
        return (m, (s2 / Double(v.count)).squareRoot())
    }
    let (m, me) = meanAndError(means), (v, ve) = meanAndError(variances)
    return (m, me, v, ve)
}
