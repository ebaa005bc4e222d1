import Atoms
import Foundation
import Potentials
import TestSupport
import XCTest

/// aenet's ASCII network files: aenet-PyTorch's TiO2 example (Chebyshev descriptors, 56
/// inputs, 5-5 tanh) read from `*.nn.ascii` against aenet's `predict.x` run on the same
/// networks, the binary form of the same files, and malformed files.
final class AenetASCIITests: XCTestCase {
    static let directory = Fixtures.reference("nn/aenet-pytorch-TiO2")
    static let paths = ["Ti", "O"].map { directory + "/\($0).pytorch.nn.ascii" }

    static func potential() throws -> BehlerParrinello { try AenetReader.read(paths) }

    /// The first four structures of aenet-PyTorch's `predict.out`: `energy` the total energy,
    /// `cohesive_energy` the cohesive energy (eV), forces eV/Å.
    static func predicted() throws -> [Frame] {
        try ExtendedXYZ.read(TextFile(path: directory + "/predict-structures-1-4.extxyz"))
    }

    /// predict.out prints coordinates and forces to 6 decimals and energies to 8. Rounding
    /// limit: moving every coordinate of these structures by a random ±5e-7 Å (the most the
    /// 6-decimal coordinates can hide) changes the energy by up to 1.1e-7 eV/atom (rms 4.7e-8)
    /// and the forces by up to 2.7e-5 eV/Å (rms 5.4e-6; 5 draws per structure). The agreement
    /// measured here is about 20 times better than that: energy ≤ 3.2e-9 eV/atom (total and
    /// cohesive), forces ≤ 1.2e-6 eV/Å with rms 3.9e-7, where the 6-decimal force printing
    /// alone gives rms 2.9e-7 and at most 5e-7. So predict.x's input coordinates had few
    /// digits beyond those printed; the excess over the print rounding (force rms ~2.7e-7,
    /// energies ≤ 7.8e-8 eV per structure) both fit hidden coordinate digits of ~2.5e-8 Å.
    /// The tolerances sit just above what was measured.
    func testTiO2MatchesPredictX() throws {
        let p = try Self.potential()
        XCTAssertEqual(p.species.map(\.symbol), ["Ti", "O"])
        XCTAssertEqual(p.cutoff, 6.5)
        XCTAssertEqual(p.models.map(\.referenceEnergy), [-1604.604515075, -432.503149303])
        let frames = try Self.predicted()
        XCTAssertEqual(frames.count, 4)
        var worst = (energy: 0.0, cohesive: 0.0, force: 0.0)
        var squares = 0.0, count = 0
        for f in frames {
            let n = Double(f.structure.count)
            let r = try p.evaluate(f.structure)
            let atoms = f.structure.elements.reduce(0.0) { $0 + p.models[p.species.firstIndex(of: $1)!].referenceEnergy }
            let cohesive = try XCTUnwrap(f.info.first { $0.key == "cohesive_energy" }.flatMap { Double($0.value) })
            worst.energy = max(worst.energy, abs(r.energy! - f.energy!) / n)
            worst.cohesive = max(worst.cohesive, abs(r.energy! - atoms - cohesive) / n)
            for (a, b) in zip(r.forces!, f.forces!) {
                for k in 0..<3 {
                    worst.force = max(worst.force, abs(a[k] - b[k]))
                    squares += (a[k] - b[k]) * (a[k] - b[k])
                    count += 1
                }
            }
            XCTAssertEqual(r.extrapolations, 0)
        }
        print("aenet TiO2 (ASCII) vs predict.x: total \(worst.energy), cohesive \(worst.cohesive) eV/atom, "
              + "force max \(worst.force), rms \((squares / Double(count)).squareRoot()) eV/Å")
        XCTAssertLessThan(worst.energy, 1e-8)
        XCTAssertLessThan(worst.cohesive, 1e-8)
        XCTAssertLessThan(worst.force, 2e-6)
    }

    /// Central differences of the cohesive energy (free-atom energies set to zero: the total,
    /// −19960 eV, would leave 2e-7 eV/Å of rounding in the differences), on three Ti and
    /// three O atoms of the first structure.
    func testForcesAreTheEnergyGradient() throws {
        let p = try Self.potential()
        let cohesive = try BehlerParrinello(name: p.name, models: p.models.map { m in
            var m = m
            m.referenceEnergy = 0
            return m
        })
        let s = try Self.predicted()[0].structure
        let error = try PotentialChecks.forceError(cohesive, s, h: 1e-5, atoms: [0, 4, 6, 8, 16, 23])
        print("aenet TiO2 (ASCII): forces against central differences \(error) eV/Å")
        XCTAssertLessThan(error, 1e-8)
    }
}

extension AenetASCIITests {
    /// The binary file `nnASCII2bin.x` makes of an ASCII file with one field per line (as
    /// aenet-PyTorch writes them): one Fortran unformatted record per line, character fields
    /// blank-padded to aenet's lengths, logicals as 4 bytes. (nnASCII2bin.x keeps only the
    /// first word of the description; the whole line is kept here.)
    static func binary(fromASCII path: String) throws -> Data {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        // i integers, d reals, c<n> a character field of length n, n two-character names, l a logical.
        let kinds = ["i", "i", "i", "i", "i", "i", "i", "i", "d", "c1024", "c2", "i", "n", "d", "d", "c100", "i", "i",
                     "i", "d", "i", "i", "d", "d", "d", "d", "c1024", "l", "d", "d", "i", "n", "d", "i", "i", "d"]
        XCTAssertEqual(lines.count, kinds.count)
        func padded(_ s: Substring, _ n: Int) -> [UInt8] {
            Array((String(s) + String(repeating: " ", count: n)).utf8.prefix(n))
        }
        func le32(_ v: Int32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
        var out: [UInt8] = []
        for (kind, line) in zip(kinds, lines) {
            let words = line.split(separator: " ")
            var record: [UInt8] = []
            switch kind.first! {
            case "i": for w in words { record += le32(Int32(w)!) }
            case "d": for w in words { record += (0..<8).map { UInt8(truncatingIfNeeded: Double(w)!.bitPattern >> (8 * $0)) } }
            case "c": record = padded(line.drop { $0 == " " }, Int(kind.dropFirst())!)
            case "n": for w in words { record += padded(w, 2) }
            default: record = le32(words[0].hasPrefix("T") ? 1 : 0)
            }
            out += le32(Int32(record.count)) + record + le32(Int32(record.count))
        }
        return Data(out)
    }

    func testBinaryAndASCIIFormsGiveTheSameModels() throws {
        let dir = Fixtures.temporaryDirectory()
        var binaries: [String] = []
        for (path, name) in zip(Self.paths, ["Ti.nn", "O.nn"]) {
            let data = try Self.binary(fromASCII: path)
            let out = dir.appendingPathComponent(name).path
            try data.write(to: URL(fileURLWithPath: out))
            XCTAssertTrue(AenetReader.recognizes(data))
            XCTAssertTrue(AenetReader.recognizes(try Data(contentsOf: URL(fileURLWithPath: path))))
            binaries.append(out)
        }
        let ascii = try Self.potential()
        guard let binary = try PotentialLoader.load(binaries.joined(separator: ",")) as? BehlerParrinello else {
            return XCTFail("not a network")
        }
        XCTAssertEqual(binary.models, ascii.models)

        // ASCII → .pot → load: the same models and the same numbers.
        let pot = dir.appendingPathComponent("TiO2.pot").path
        try PotentialLoader.potText(Self.paths.joined(separator: ",")).write(toFile: pot, atomically: true, encoding: .utf8)
        guard let loaded = try PotentialLoader.load(pot) as? BehlerParrinello else { return XCTFail("not a network") }
        XCTAssertEqual(loaded.models, ascii.models)
        let s = try Self.predicted()[1].structure
        let a = try ascii.evaluate(s), b = try loaded.evaluate(s)
        XCTAssertEqual(a.energy, b.energy)
        XCTAssertEqual(a.forces, b.forces)
        XCTAssertEqual(a.stress, b.stress)

        // One file alone describes its own element (the other species folded away).
        guard let single = try PotentialLoader.load(Self.paths[0]) as? BehlerParrinello else { return XCTFail("not a network") }
        XCTAssertEqual(single.species.map(\.symbol), ["Ti"])
    }

    /// What Fortran list-directed input also accepts (and other Fortran compilers write):
    /// repeat counts, commas, D exponents, values wrapped over several lines, blank lines.
    func testFortranListDirectedForms() throws {
        var lines = try String(contentsOfFile: Self.paths[0], encoding: .utf8).split(separator: "\n").map(String.init)
        let weights = lines[8].split(separator: " ")
        lines[8] = stride(from: 0, to: weights.count, by: 4).map { weights[$0..<min($0 + 4, weights.count)].joined(separator: " ") }
            .joined(separator: "\n")
        lines[18] = "56*0"
        lines[19] = "6.5D0, 2.0d1, 5.0E0, 6,\n 220*0.0"
        lines[20] = "\n112*0\n"
        let path = Fixtures.temporaryDirectory().appendingPathComponent("Ti.nn.ascii").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertEqual(try AenetReader.read([path, Self.paths[1]]).models, try Self.potential().models)
    }

    /// Other potential files are not taken for aenet ASCII files.
    func testOtherFilesAreNotRecognized() throws {
        for name in ["Si.sw", "Si.tersoff", "Cu_mishin1.eam.alloy", "Cu_u3.eam"] {
            XCTAssertFalse(AenetReader.recognizes(try Data(contentsOf: URL(fileURLWithPath: Fixtures.classicalPotential(name)))), name)
        }
        XCTAssertFalse(AenetReader.recognizes(try Data(contentsOf: URL(fileURLWithPath: Self.directory + "/predict-structures-1-4.extxyz"))))
    }

    func testMalformedFilesNameTheLine() throws {
        let lines = try String(contentsOfFile: Self.paths[0], encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        func replacing(_ line: Int, _ old: String, _ new: String) -> String {
            var l = lines
            l[line - 1] = Substring(l[line - 1].replacingOccurrences(of: old, with: new))
            return l.joined(separator: "\n")
        }
        let cases: [(what: String, text: String, line: Int, message: String)] = [
            ("cut in the statistics", lines.prefix(24).joined(separator: "\n") + "\n", 25, "ends before the means"),
            ("cut in a line", String(lines.prefix(25).joined(separator: "\n").prefix(20000)), 26, "after 2 of the 56 values of the means"),
            ("cut at the end", lines.prefix(35).joined(separator: "\n") + "\n", 36, "ends before the energy range"),
            ("word in the weights", replacing(9, "-0.05951643641831211", "-0.0595x"), 9, "found '-0.0595x'"),
            ("word in a count", replacing(3, "321", "3x1"), 3, "integer in the weight count"),
            ("a value too many", replacing(5, "1 ", "1 1"), 5, "1 value too many for the nodes per layer"),
            ("unknown basis", replacing(16, "Chebyshev", "Legendre"), 16, "unknown basis type 'Legendre'"),
            ("wrong order", replacing(20, "20.00000000000000000", "21.0"), 20, "has 58 functions, not 56"),
            ("bad logical", replacing(28, "True", "yes"), 28, "expected T or F"),
            ("no free-atom energy", replacing(32, "Ti", "Zr"), 33, "no free-atom energy for Ti"),
            ("text after the end", lines.joined(separator: "\n") + "1\n", 37, "unexpected text"),
        ]
        let dir = Fixtures.temporaryDirectory()
        for c in cases {
            let path = dir.appendingPathComponent("Ti.nn.ascii").path
            try c.text.write(toFile: path, atomically: true, encoding: .utf8)
            for spec in [path, path + "," + Self.paths[1]] {
                XCTAssertThrowsError(try PotentialLoader.load(spec), c.what) { error in
                    guard let e = error as? InputError else { return XCTFail("\(c.what): \(error)") }
                    XCTAssertEqual(e.file, path, c.what)
                    XCTAssertEqual(e.line, c.line, "\(c.what): \(e)")
                    XCTAssertTrue(e.message.contains(c.message), "\(c.what): \(e)")
                }
            }
        }
    }
}
