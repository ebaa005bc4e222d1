import Atoms
import Foundation
import Potentials
import TestSupport
import Validation
import XCTest

final class ValidationTests: XCTestCase {
    /// Constructed data with known statistics.
    func testMetricsOnKnownData() {
        let reference = [1.0, 2, 3, 4]
        let m = ErrorMetrics(predicted: [1.5, 1.5, 3.5, 3.5], reference: reference)
        XCTAssertEqual(m.mae, 0.5, accuracy: 1e-15)
        XCTAssertEqual(m.rmse, 0.5, accuracy: 1e-15)
        XCTAssertEqual(m.max, 0.5, accuracy: 1e-15)
        // cc of (1.5,1.5,3.5,3.5) with (1,2,3,4): cov 2.0/4, sd 1·1.118 → 0.894427191.
        XCTAssertEqual(m.cc, 0.8944271909999159, accuracy: 1e-12)
        let shifted = ErrorMetrics(predicted: reference.map { 2 * $0 + 7 }, reference: reference)
        XCTAssertEqual(shifted.cc, 1, accuracy: 1e-15)
        let errors = [3.0, -4.0]
        let e = ErrorMetrics(predicted: errors, reference: [0, 0])
        XCTAssertEqual(e.mae, 3.5)
        XCTAssertEqual(e.rmse, (12.5).squareRoot(), accuracy: 1e-15)
        XCTAssertEqual(e.max, 4)
        XCTAssertTrue(ErrorMetrics(predicted: [1, 1], reference: [1, 1]).cc.isNaN)
    }

    /// A potential validated on its own outputs has zero error; shifted energies are
    /// recovered by the per-element fit.
    func testSelfConsistencyAndEnergyShift() throws {
        let p = try EAM.setfl(TextFile(path: Fixtures.classicalPotential("Cu_mishin1.eam.alloy")))
        var frames = try Fixtures.lammpsFrames("Cu_mishin.extxyz")
        for k in frames.indices {
            let r = try p.evaluate(frames[k].structure)
            frames[k].energy = r.energy! + 2.5 * Double(frames[k].structure.count)  // a different zero
            frames[k].forces = r.forces
            frames[k].stress = r.stress
        }
        let ev = try DatasetEvaluation(p, frames: frames, dataName: "self")
        guard case .perElementShift(let shift) = ev.alignment else { return XCTFail("expected an energy shift") }
        XCTAssertEqual(shift[Element(symbol: "Cu")!]!, 2.5, accuracy: 1e-9)
        let s = ValidationSummary(ev)
        XCTAssertEqual(s.overall.energy!.rmse, 0, accuracy: 1e-6)
        XCTAssertEqual(s.overall.forces!.max, 0, accuracy: 1e-12)
        XCTAssertEqual(s.overall.stress!.max, 0, accuracy: 1e-12)
        let none = try DatasetEvaluation(p, frames: frames, dataName: "self", alignment: .none)
        XCTAssertEqual(ValidationSummary(none).overall.energy!.mae, 2500, accuracy: 1e-6)
    }

    /// On the DFT Si test set the trained network beats Stillinger–Weber and Tersoff by a
    /// wide margin (as in Zuo et al. 2020 and the PCCP comparison), and the network's errors
    /// are the published n2p2 ones (6.934 meV/atom, 0.1697 eV/Å).
    func testLiteratureOrderingOnSiliconTestSet() throws {
        let frames = try ExtendedXYZ.read(TextFile(path: Fixtures.reference("dft/Si/test.extxyz")))
        XCTAssertEqual(frames.count, 25)
        func summary(_ spec: String) throws -> ValidationSummary {
            ValidationSummary(try DatasetEvaluation(PotentialLoader.load(spec), frames: frames, dataName: "Si test"))
        }
        let nn = try summary("bohr:" + Fixtures.reference("nn/zuo2020-nnp/Si"))
        let sw = try summary(Fixtures.classicalPotential("Si.sw"))
        let tersoff = try summary(Fixtures.classicalPotential("Si.tersoff"))
        XCTAssertEqual(nn.overall.energy!.rmse, 6.934, accuracy: 0.01)
        XCTAssertEqual(nn.overall.forces!.rmse, 0.1697, accuracy: 0.001)
        for classical in [sw, tersoff] {
            XCTAssertGreaterThan(classical.overall.energy!.rmse, 5 * nn.overall.energy!.rmse)
            XCTAssertGreaterThan(classical.overall.forces!.rmse, 3 * nn.overall.forces!.rmse)
        }
        XCTAssertEqual(nn.groups.count, 4)
        XCTAssertEqual(nn.forceBins.reduce(0) { $0 + $1.metrics.count }, 3 * 1525)
        XCTAssertEqual(nn.worstEnergy.count, 5)
    }
}
