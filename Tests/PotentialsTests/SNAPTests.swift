import Atoms
import Foundation
import Neighbors
@testable import Potentials
import TestSupport
import XCTest

/// SNAP and quadratic SNAP (Zuo et al. 2020 Cu and Si) against LAMMPS 22 Jul 2025, and the
/// conformance checks of the bispectrum machinery.
final class SNAPTests: XCTestCase {
    static func potentialPath(_ name: String) -> String { Fixtures.reference("lammps-ml/potentials/\(name)") }
    static func frames(_ name: String) throws -> [Frame] {
        try ExtendedXYZ.read(TextFile(path: Fixtures.reference("lammps-ml/lammps-reference/\(name)")))
    }
    static func load(_ a: String, _ b: String) throws -> Potential {
        try PotentialLoader.load(potentialPath(a) + "," + potentialPath(b))
    }

    /// Compares with LAMMPS on the reference file's strained triclinic and small primitive
    /// cells (the others add little but debug-build time): energy per atom, forces and
    /// stress to 1e-6 (eV, eV/Å, eV/Å³).
    static func check(_ p: Potential, _ reference: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let frames = try Self.frames(reference).filter { f in f.info.contains { $0.key == "note" && ["strained-triclinic", "primitive-small"].contains($0.value) } }
        XCTAssertEqual(frames.count, 2, file: file, line: line)
        let e = try PotentialChecks.referenceErrors(p, frames)
        print("\(reference): energy \(e.energy) eV, force \(e.force) eV/Å, stress \(e.stress) eV/Å³")
        XCTAssertLessThan(e.energy / Double(frames.map(\.structure.count).min()!), 1e-6, "energy per atom", file: file, line: line)
        XCTAssertLessThan(e.force, 1e-6, "forces", file: file, line: line)
        XCTAssertLessThan(e.stress, 1e-6, "stress", file: file, line: line)
    }

    func testCuLinearMatchesLAMMPS() throws {
        try Self.check(Self.load("Cu_Zuo_JPCA2020.snapcoeff", "Cu_Zuo_JPCA2020.snapparam"), "Cu_snap_zuo2020.extxyz")
    }

    func testCuQuadraticMatchesLAMMPS() throws {
        try Self.check(Self.load("Cu_Zuo_JPCA2020.quadratic.snapcoeff", "Cu_Zuo_JPCA2020.quadratic.snapparam"),
                  "Cu_qsnap_zuo2020.extxyz")
    }

    func testSiLinearMatchesLAMMPS() throws {
        try Self.check(Self.load("Si_Zuo_JPCA2020.snapcoeff", "Si_Zuo_JPCA2020.snapparam"), "Si_snap_zuo2020.extxyz")
    }

    func testMLIAPNeuralNetworkOnSNAPMatchesLAMMPS() throws {
        try Self.check(Self.load("Cu.nn.mliap.model", "Cu.snap.mliap.descriptor"), "Cu_mliap_nn.extxyz")
    }
}

/// Multi-element SNAP, ML-IAP polynomial models, finite differences and bad files.
final class SNAPConformanceTests: XCTestCase {
    static let copper = Element(symbol: "Cu")!

    /// A rattled, strained 4-atom fcc Cu cell.
    static func copperCell() throws -> Structure {
        let crystal = try Lattices.build(.fcc, elements: [copper], a: 3.62)
        return PotentialChecks.randomTriclinic(crystal, strain: 0.04, rattle: 0.12, seed: 5)
    }

    func testTwoElementQuadraticMatchesLAMMPS() throws {
        // Made-up Ni/Al coefficients with distinct radii and weights, rmin0 0.3, bzeroflag 1.
        let dir = "lammps-ml/synthetic/"
        let p = try PotentialLoader.load(Fixtures.reference(dir + "NiAl_synthetic.snapcoeff") + ","
                                         + Fixtures.reference(dir + "NiAl_synthetic.snapparam"))
        XCTAssertEqual(p.species.map(\.symbol), ["Ni", "Al"])
        XCTAssertEqual(p.cutoff, 4.4, accuracy: 1e-12)
        let frames = try ExtendedXYZ.read(TextFile(path: Fixtures.reference(dir + "NiAl_synthetic_lammps.extxyz")))
        let e = try PotentialChecks.referenceErrors(p, frames)
        print("NiAl synthetic qSNAP: energy \(e.energy) eV, force \(e.force) eV/Å, stress \(e.stress) eV/Å³")
        XCTAssertLessThan(e.energy / 16, 1e-6)
        XCTAssertLessThan(e.force, 1e-6)
        XCTAssertLessThan(e.stress, 1e-6)
        try assertConformance(p, frames[0].structure, forceTolerance: 1e-6, stressTolerance: 1e-7)
    }

    func testFiniteDifferencesAndInvariance() throws {
        let s = try Self.copperCell()
        for (a, b) in [("Cu_Zuo_JPCA2020.quadratic.snapcoeff", "Cu_Zuo_JPCA2020.quadratic.snapparam"),
                       ("Cu.nn.mliap.model", "Cu.snap.mliap.descriptor")] {
            try assertConformance(SNAPTests.load(a, b), s, forceTolerance: 1e-6, stressTolerance: 1e-7)
        }
    }

    /// Forces and stress are the energy's gradients for odd and small twojmax too, where the
    /// upper-row recursion needs a mirrored row of each odd block but the last (made-up
    /// coefficients, c_k = sin(k)/k, quadratic for twojmax 3).
    func testOddAndSmallTwojmaxForcesAreEnergyGradients() throws {
        let s = try Self.copperCell()
        for (twojmax, quadratic) in [(1, false), (2, false), (3, false), (3, true), (5, false)] {
            let n = BispectrumLayout.componentCount(twojmax: twojmax)
            let count = 1 + n + (quadratic ? n * (n + 1) / 2 : 0)
            let coefficients = (0..<count).map { k in String(sin(Double(k + 1)) / Double(k + 1)) }
            let coeff = try scratch("odd\(twojmax)\(quadratic).snapcoeff",
                                    "# made up\n\n1 \(count)\nCu 0.5 1.0\n" + coefficients.joined(separator: "\n") + "\n")
            let param = try scratch("odd\(twojmax)\(quadratic).snapparam",
                                    "rcutfac 4.1\ntwojmax \(twojmax)\nrfac0 0.99363\nrmin0 0\nswitchflag 1\nbzeroflag 1\n"
                                        + "quadraticflag \(quadratic ? 1 : 0)\n")
            try assertConformance(PotentialLoader.load(coeff + "," + param), s, forceTolerance: 1e-6, stressTolerance: 1e-7)
        }
    }

    /// ML-IAP `linear` and `quadratic` models over a `sna` descriptor file with SNAP's
    /// settings are SNAP itself.
    func testMLIAPPolynomialModelsEqualSNAP() throws {
        let dir = Fixtures.temporaryDirectory()
        let s = try Self.copperCell()
        for quadratic in [false, true] {
            let stem = quadratic ? "Cu_Zuo_JPCA2020.quadratic" : "Cu_Zuo_JPCA2020"
            let snap = try SNAPTests.load(stem + ".snapcoeff", stem + ".snapparam")
            let coeff = try TextFile(path: SNAPTests.potentialPath(stem + ".snapcoeff")).lines
            let params = try TextFile(path: SNAPTests.potentialPath(stem + ".snapparam")).lines
            // Model: "1 n" then the coefficients, without the element line.
            let model = ([coeff[3]] + coeff[5...]).joined(separator: "\n")
            let descriptor = params.filter { !$0.hasPrefix("quadraticflag") }.joined(separator: "\n")
                + "\nnelems 1\nelems Cu\nradelems 0.5\nwelems 1\n"
            let m = dir.appendingPathComponent("m.model").path, d = dir.appendingPathComponent("d.descriptor").path
            try model.write(toFile: m, atomically: true, encoding: .utf8)
            try descriptor.write(toFile: d, atomically: true, encoding: .utf8)
            let mliap = try PotentialLoader.load(m + "," + d)
            XCTAssertTrue(mliap.name.contains(quadratic ? "quadratic" : "linear"), mliap.name)
            let a = try snap.evaluate(s), b = try mliap.evaluate(s)
            XCTAssertEqual(a.energy!, b.energy!, accuracy: 1e-12)
            XCTAssertEqual(zip(a.forces!, b.forces!).map { length($0 - $1) }.max()!, 0, accuracy: 1e-12)
        }
    }

    /// Writes `text` to a scratch file and returns its path.
    func scratch(_ name: String, _ text: String) throws -> String {
        let path = Fixtures.temporaryDirectory().appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func assertError(_ spec: String, contains parts: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try PotentialLoader.load(spec), file: file, line: line) { error in
            let text = "\(error)"
            for part in parts { XCTAssertTrue(text.contains(part), "'\(part)' not in: \(text)", file: file, line: line) }
        }
    }

    func testBadFilesNameFileAndLine() throws {
        let coeff = SNAPTests.potentialPath("Cu_Zuo_JPCA2020.snapcoeff")
        let good = try String(contentsOfFile: SNAPTests.potentialPath("Cu_Zuo_JPCA2020.snapparam"), encoding: .utf8)
        let unknown = try scratch("a.snapparam", good + "wigglyflag 1\n")
        assertError(coeff + "," + unknown, contains: ["a.snapparam", ":10:", "unknown keyword 'wigglyflag'"])
        let chem = try scratch("b.snapparam", good + "chemflag 1\n")
        assertError(coeff + "," + chem, contains: ["b.snapparam", "chemflag", "not implemented"])
        let wrongJ = try scratch("c.snapparam", good.replacingOccurrences(of: "twojmax 8", with: "twojmax 6"))
        assertError(coeff + "," + wrongJ, contains: ["snapcoeff", "56 coefficients", "needs 31"])
        let lines = try String(contentsOfFile: coeff, encoding: .utf8).split(separator: "\n")
        let truncated = try scratch("d.snapcoeff", lines.dropLast(3).joined(separator: "\n"))
        assertError(truncated + "," + SNAPTests.potentialPath("Cu_Zuo_JPCA2020.snapparam"),
                    contains: ["d.snapcoeff", "unexpected end of file", "coefficients of Cu"])
        let model = SNAPTests.potentialPath("Cu.nn.mliap.model")
        let descriptor = try String(contentsOfFile: SNAPTests.potentialPath("Cu.snap.mliap.descriptor"), encoding: .utf8)
        let badElems = try scratch("e.descriptor", descriptor.replacingOccurrences(of: "elems Cu", with: "elems Cu Ni"))
        assertError(model + "," + badElems, contains: ["e.descriptor", "'elems' lists 2 values for nelems 1"])
        let netText = try String(contentsOfFile: model, encoding: .utf8)
        let badNet = try scratch("f.model", netText.replacingOccurrences(of: "tanh 2 tanh", with: "swish 2 tanh"))
        assertError(badNet + "," + SNAPTests.potentialPath("Cu.snap.mliap.descriptor"),
                    contains: ["f.model", ":8:", "unknown activation 'swish'"])
    }
}

/// ML-IAP networks on the SO(3) power spectrum.
final class PowerSpectrumTests: XCTestCase {
    func testSiNetworkMatchesLAMMPS() throws {
        try SNAPTests.check(SNAPTests.load("Si.nn.mliap.model", "Si.nn.mliap.descriptor"), "Si_mliap_nn.extxyz")
    }

    /// Forces on two atoms and the stress against finite differences, and invariance, on a
    /// rattled, strained 8-atom diamond cell (a debug build is slow on more).
    func testFiniteDifferencesAndInvariance() throws {
        let p = try SNAPTests.load("Si.nn.mliap.model", "Si.nn.mliap.descriptor")
        let crystal = try Lattices.build(.diamond, elements: [Element(symbol: "Si")!], a: 5.43)
        let s = PotentialChecks.randomTriclinic(crystal, strain: 0.04, rattle: 0.15, seed: 9)
        XCTAssertLessThan(try PotentialChecks.forceError(p, s, atoms: [0, 5]), 1e-6)
        XCTAssertLessThan(try PotentialChecks.stressError(p, s), 1e-7)
        XCTAssertLessThan(try PotentialChecks.invarianceError(p, s), 1e-9)
        let r = try p.evaluate(s)
        XCTAssertEqual(r.perAtomEnergies!.reduce(0, +), r.energy!, accuracy: 1e-10)
        XCTAssertLessThan(length(r.forces!.reduce(SIMD3<Double>.zero, +)), 1e-10)
    }
}
