import Atoms
import Dynamics
import Potentials
import XCTest

/// The MTK barostat and the fully flexible cell: ideal-gas volume statistics, conserved
/// quantity errors scaling as Δt², a sheared cell relaxing to zero shear stress.
final class BarostatTests: XCTestCase {
    func testMTKIdealGasVolume() throws {
        try assertIdealGasVolume(MTKBarostat(pressureGPa: 0.05, damping: 0.2, coupling: .isotropic))
    }

    func testFlexibleStochasticCellRescalingIdealGasVolume() throws {
        try assertIdealGasVolume(CellRescaling(pressureGPa: 0.05, damping: 0.2, coupling: .triclinic,
                                                               stochastic: true, compressibilityPerGPa: 20))
    }

    /// LJ argon under NHC + MTK: the conserved quantity's fluctuations shrink fourfold
    /// when Δt is halved, and it does not drift.
    func testMTKConservedQuantityErrorScalesAsDtSquared() throws {
        for coupling in [CellCoupling.isotropic, .triclinic] {
            func spread(dtPs: Double, steps: Int) throws -> (spread: Double, drift: Double) {
                let (lj, s) = try Toy.argon()
                var engine = ForceEngine(lj)
                var (state, rng) = try Toy.start(s, &engine, temperatureK: 40, seed: 5)
                var integrator = Integrator(timestep: dtPs, masses: s.masses,
                                            thermostat: NoseHooverChain(temperatureK: 40, damping: 0.1),
                                            barostat: MTKBarostat(pressureGPa: 0, damping: 0.3, coupling: coupling))
                var e: [Double] = []
                for _ in 0..<steps {
                    try integrator.step(&state, engine: &engine, rng: &rng, stress: false)
                    e.append(integrator.conservedEnergy(state) / Double(s.count))
                }
                let m = e.reduce(0, +) / Double(e.count)
                let sd = (e.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(e.count)).squareRoot()
                let quarter = e.count / 4
                let drift = (e.suffix(quarter).reduce(0, +) - e.prefix(quarter).reduce(0, +)) / Double(quarter)
                return (sd, drift)
            }
            let coarse = try spread(dtPs: 0.01, steps: 300), fine = try spread(dtPs: 0.005, steps: 600)
            print("MTK \(coupling.rawValue): conserved spread \(coarse.spread) → \(fine.spread) eV/atom (ratio \(coarse.spread / fine.spread)), drift over 3 ps \(coarse.drift)")
            XCTAssertEqual(coarse.spread / fine.spread, 4, accuracy: 1.2, "\(coupling)")
            XCTAssertLessThan(abs(coarse.drift), 3 * coarse.spread, "\(coupling)")
        }
    }

    /// A 6 % xy-sheared argon crystal relaxes back to a rectangular cell under both fully
    /// flexible barostats: on average the tilt goes to zero and so does the shear stress.
    func testFlexibleCellRelaxesShear() throws {
        let barostats: [any Barostat] = [
            CellRescaling(pressureGPa: 0, damping: 0.1, coupling: .triclinic, stochastic: true, compressibilityPerGPa: 0.3),
            MTKBarostat(pressureGPa: 0, damping: 0.3, coupling: .triclinic),
        ]
        for barostat in barostats {
            var (lj, s) = try Toy.argon()
            var sheared = MDState(structure: s, velocities: [SIMD3<Double>](repeating: .zero, count: s.count))
            sheared.deformPositions(by: Matrix3(SIMD3(1, 0.06, 0), SIMD3(0, 1, 0), SIMD3(0, 0, 1)))
            s = sheared.structure
            var engine = ForceEngine(lj)
            var (state, rng) = try Toy.start(s, &engine, temperatureK: 30, seed: 6)
            let initialShear = state.pressureTensor![0, 1] * Units.eVPerA3InGPa
            var integrator = Integrator(timestep: 0.01, masses: s.masses,
                                        thermostat: NoseHooverChain(temperatureK: 30, damping: 0.1), barostat: barostat)
            var tilts: [Double] = [], shears: [Double] = []
            for k in 0..<3000 {
                try integrator.step(&state, engine: &engine, rng: &rng, stress: true)
                if k >= 1000 {
                    let h = state.structure.cell.matrix
                    tilts.append(h[1, 0] / h[1, 1])
                    shears.append(state.pressureTensor![0, 1] * Units.eVPerA3InGPa)
                }
                XCTAssertEqual(state.structure.cell.matrix[0, 1], 0)
                XCTAssertEqual(state.structure.cell.matrix[0, 2], 0)
                XCTAssertEqual(state.structure.cell.matrix[1, 2], 0)
            }
            let tilt = blockStatistics(tilts), shear = blockStatistics(shears)
            print("\(type(of: barostat)) tri: tilt xy/b \(0.06) → \(tilt.mean) ± \(tilt.meanError), P_xy \(initialShear) → \(shear.mean) ± \(shear.meanError) GPa")
            XCTAssertEqual(tilt.mean, 0, accuracy: 4 * tilt.meanError + 0.003)
            XCTAssertEqual(shear.mean, 0, accuracy: 4 * shear.meanError + 0.01)
        }
    }

    /// exp of a diagonal matrix and of a nilpotent upper-triangular one (exp N = I + N + N²/2).
    func testMatrixExponential() {
        let d = Matrix3(diagonal: SIMD3(0.3, -1.2, 2.5)).exponential
        XCTAssertEqual(d[0, 0], exp(0.3), accuracy: 1e-14)
        XCTAssertEqual(d[2, 2], exp(2.5), accuracy: 1e-12)
        let n = Matrix3(SIMD3(0, 0.7, -0.4), SIMD3(0, 0, 1.9), SIMD3(0, 0, 0))
        let expected = Matrix3.identity + n + 0.5 * (n * n)
        XCTAssertLessThan((n.exponential - expected).maxAbs, 1e-14)
    }

    /// Rotating a state to the lower-triangular cell keeps energies and distances.
    func testRotationToLowerTriangularCell() throws {
        let (lj, s) = try Toy.argon()
        var state = MDState(structure: Structure(cell: Cell(s.cell.matrix * Matrix3.rotation(axis: SIMD3(1, 2, 3), angle: 0.7)),
                                                 positions: s.positions.map { Matrix3.rotation(axis: SIMD3(1, 2, 3), angle: 0.7).transpose * $0 },
                                                 elements: s.elements),
                            velocities: [SIMD3<Double>](repeating: SIMD3(1, 0, 0), count: s.count))
        var engine = ForceEngine(lj)
        try engine.evaluate(&state, stress: true)
        let energy = state.potentialEnergy, volume = state.structure.cell.volume
        state.rotateToLowerTriangularCell()
        let h = state.structure.cell.matrix
        XCTAssertEqual(h[0, 1], 0)
        XCTAssertEqual(h[0, 2], 0)
        XCTAssertEqual(h[1, 2], 0)
        XCTAssertGreaterThan(h[0, 0], 0)
        XCTAssertGreaterThan(h[1, 1], 0)
        XCTAssertEqual(state.structure.cell.volume, volume, accuracy: 1e-9)
        XCTAssertEqual(state.kineticEnergy, MDState(structure: s, velocities: state.velocities).kineticEnergy, accuracy: 1e-12)
        var engine2 = ForceEngine(lj)
        let stress = state.stress!
        try engine2.evaluate(&state, stress: true)
        XCTAssertEqual(state.potentialEnergy, energy, accuracy: 1e-9)
        XCTAssertLessThan((state.stress! - stress).maxAbs, 1e-9)
    }
}
