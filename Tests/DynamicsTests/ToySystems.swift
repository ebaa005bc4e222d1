import Analysis
import Atoms
import Dynamics
import Neighbors
import Potentials
import TestSupport
import XCTest

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

    /// `n` non-interacting argon atoms at random positions in a cubic box of edge `edge` Å.
    static func idealGas(_ n: Int, edge: Double, seed: UInt64) -> Structure {
        var rng = RandomSource(seed: seed)
        return Structure(cell: .orthorhombic(SIMD3(repeating: edge)),
                         positions: (0..<n).map { _ in SIMD3(rng.uniform(), rng.uniform(), rng.uniform()) * edge },
                         elements: [Element](repeating: Element(symbol: "Ar")!, count: n))
    }

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
    let variances = (0..<blocks).map { b -> Double in
        let part = x[(b * n)..<((b + 1) * n)]
        let m = part.reduce(0, +) / Double(n)
        return part.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1)
    }
    let mean = BlockAverage(x, blocks: blocks), variance = BlockAverage(estimates: variances)
    return (mean.mean, mean.error, variance.mean, variance.error)
}

/// Runs 24 free particles at 300 K and 0.05 GPa under CSVR and `barostat` and checks
/// ⟨V⟩ = (N+1) kT/P₀ and var V/⟨V⟩² = 1/(N+1) (block errors, 15 % on the variance).
func assertIdealGasVolume(_ barostat: any Barostat, steps: Int = 15000,
                          file: StaticString = #filePath, line: UInt = #line) throws {
    let n = 24
    let s = Toy.idealGas(n, edge: 10, seed: 4)
    let t = 300.0
    var engine = ForceEngine(FreeParticles())
    var (state, r) = try Toy.start(s, &engine, temperatureK: t, seed: 8)
    var integrator = Integrator(timestep: 0.01, masses: s.masses,
                                thermostat: VelocityRescaling(temperatureK: t, damping: 0.05, stochastic: true),
                                barostat: barostat)
    let scale = Units.boltzmann * t / barostat.pressure
    var volumes: [Double] = []
    for k in 0..<(steps + 1000) {
        try integrator.step(&state, engine: &engine, rng: &r, stress: false)
        if k >= 1000 && k % 3 == 0 { volumes.append(state.structure.cell.volume / scale) }
    }
    let stats = blockStatistics(volumes)
    print("ideal gas, \(type(of: barostat)): ⟨V⟩P₀/kT = \(stats.mean) ± \(stats.meanError), var/mean² = \(stats.variance / (stats.mean * stats.mean)), expected \(n + 1), \(1 / Double(n + 1))")
    XCTAssertEqual(stats.mean, Double(n + 1), accuracy: 4 * stats.meanError + 0.3, file: file, line: line)
    XCTAssertEqual(stats.variance / (stats.mean * stats.mean), 1 / Double(n + 1), accuracy: 0.15 / Double(n + 1),
                   file: file, line: line)
}
