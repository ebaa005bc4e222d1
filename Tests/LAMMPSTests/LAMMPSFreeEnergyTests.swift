import Atoms
import Dynamics
@testable import Engines
import Foundation
import Potentials
import TestSupport
import Thermodynamics
import XCTest

/// The free-energy melting protocol run by LAMMPS (`LAMMPSFreeEnergy`): 32-atom Cu (Mishin
/// EAM), short stages, against the props engine on the same settings.
final class LAMMPSFreeEnergyTests: XCTestCase {
    let spec = Fixtures.classicalPotential("Cu_mishin1.eam.alloy")

    /// T₀ = 1300 K, G(T) over 1250–1350 K; 2000-step equilibrations, Frenkel–Ladd/UF switches
    /// of 1000 steps after 1000-step holds, sweeps of 1000 steps; dt 2 fs, Langevin 0.1 ps,
    /// barostat 0.5 ps.
    static let settings = FreeEnergyMeltingSettings(
        guessK: 1300, lowK: 1250, highK: 1350, timestepPs: 0.002, thermostatDampingPs: 0.1, barostatDampingPs: 0.5,
        equilibrationSteps: 2000, integration: SwitchingSettings(equilibrationSteps: 1000, switchSteps: 1000),
        sweep: SwitchingSettings(equilibrationSteps: 1000, switchSteps: 1000), seeds: [5])

    /// The props engine on these settings, seed 5 (`props melt … --method free-energy --supercell 2
    /// --tguess 1300 --trange 1250,1350 --equilibrate 2000 --switch-steps 1000 --sweep-steps 1000
    /// --pdamp 500 --seed 5`): G(T₀) and the switching ΔF, eV/atom.
    static let propsSolid = (g: -4.16823, switchWork: 3.47091)
    static let propsLiquid = (g: -4.15561, switchWork: 5.03010)

    /// One LAMMPS seed (seed 5): λ follows props' schedules at every step (checked while
    /// reading), G(T₀) and the switching ΔF of the solid lie within 30 meV/atom of the props
    /// engine's and the liquid's G(T₀) within 50 meV/atom (32 atoms: the seed-to-seed spread
    /// of either engine is about 10 meV/atom for the solid and 10–20 for the liquid, whose
    /// density varies more; a wrong sign, unit or scale of a switched term moves them by
    /// 0.1–10 eV/atom), the curves span the range, and the solid stays crystalline.
    func testSmallCuFreeEnergiesAgreeWithThePropsEngine() throws {
        _ = try LAMMPSRunner.requireVenv()
        let installation = try LAMMPSInstallation.locate(executable: Fixtures.root.appendingPathComponent(".build/debug/props").path)
        let crystal = try Supercell.make(Lattices.build(.fcc, elements: [Element(symbol: "Cu")!], a: 3.615), repeats: SIMD3(2, 2, 2))
        let directory = Fixtures.temporaryDirectory().path
        let (r, version) = try LAMMPSFreeEnergy.run(Self.settings, spec: spec, potential: try PotentialLoader.load(spec), crystal: crystal,
                                                    directory: directory, installation: installation, ranks: 1)
        XCTAssertTrue(version.contains("2025"), version)
        let solid = try XCTUnwrap(r.solid.first), liquid = try XCTUnwrap(r.liquid.first)
        XCTAssertEqual(solid.freeEnergy, Self.propsSolid.g, accuracy: 0.03)
        XCTAssertEqual(solid.work.reversible / Double(solid.atoms), Self.propsSolid.switchWork, accuracy: 0.03)
        XCTAssertEqual(liquid.freeEnergy, Self.propsLiquid.g, accuracy: 0.05)
        XCTAssertEqual(liquid.work.reversible / Double(liquid.atoms), Self.propsLiquid.switchWork, accuracy: 0.3)
        for p in [solid, liquid] {
            XCTAssertEqual(p.curve.temperaturesK.first ?? 0, 1250, accuracy: 1)
            XCTAssertEqual(p.curve.temperaturesK.last ?? 0, 1350, accuracy: 1)
            XCTAssertEqual(p.orderAtEnds.count, 2)
            XCTAssertLessThan(p.work.dissipation / Double(p.atoms), 0.1)
        }
        XCTAssertGreaterThan(solid.orderAtStart, PhaseFreeEnergy.crystalThreshold)
        XCTAssertNotNil(solid.springConstant)
        // The springs hold the atoms to the lattice sites: as the switch starts (λ < 0.005) the
        // spring energy of the thermal crystal is k⟨u²⟩/2 = (3/2)k_BT per degree-of-freedom
        // triple (3N − 3 with the centre of mass held), since k = 3k_BT/⟨u²⟩. Springs tied to a
        // thermal snapshot instead give about twice that.
        let text = try String(contentsOfFile: directory + "/solid-seed5/switch/switch.txt", encoding: .utf8)
        var energies: [Double] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let v: [Double] = line.split(separator: " ").compactMap { Double($0) }
            if v.count == 4, v[0] >= 1000, v[0] <= 1200 { energies.append(v[3]) }
        }
        XCTAssertEqual(energies.count, 201)
        let spring: Double = energies.reduce(0, +) / Double(energies.count) / 31
        let expected: Double = 1.5 * Units.boltzmann * 1300
        XCTAssertEqual(spring, expected, accuracy: 0.3 * expected)
    }

    /// The λ of each switch as a LAMMPS formula is props' schedule, and LAMMPS rows that leave
    /// the schedule or stop early are refused.
    func testSwitchRowsMustFollowPropsSchedule() throws {
        let schedule = SwitchSchedule(startStep: 10, steps: 4, from: 0, to: 1, shape: .smooth)
        let rows = (8...14).map { [Double($0), schedule.lambda(atStep: $0), -100, -90 + Double($0)] }
        let s = try LAMMPSPhaseRun.samples(rows, schedule, file: "switch.txt")
        XCTAssertEqual(s.lambdas.count, 5)
        XCTAssertEqual(s.derivatives[0], 10 + 10, accuracy: 1e-12, "U_ref - U at step 10")
        var wrong = rows
        wrong[4][1] += 1e-6
        XCTAssertThrowsError(try LAMMPSPhaseRun.samples(wrong, schedule, file: "switch.txt"))
        XCTAssertThrowsError(try LAMMPSPhaseRun.samples(Array(rows.prefix(5)), schedule, file: "switch.txt"))
        XCTAssertTrue(LAMMPSPhaseRun.formula(schedule).contains("ternary(step<=10,0,ternary(step>=14,1,(step-10)/4))"))
    }
}
