import Foundation
import TestSupport
import XCTest

/// Bad input found by fuzzing (issue 19, bench/fuzz.py): each case must end in a clear error
/// (exit 1, naming the file or setting) or a finite answer, never a crash, hang, giant
/// allocation or a silently wrong number. And every text reader accepts Windows line endings.
final class RobustnessCLITests: XCTestCase {
    let sw = Fixtures.classicalPotential("Si.sw")
    let tersoff = Fixtures.classicalPotential("Si.tersoff")

    /// Giant cells, cutoffs and supercells were traps or multi-GB allocations in the
    /// neighbor search; now each is an answer or a one-line error.
    func testHugeCellsCutoffsAndSupercells() throws {
        let far = try CLIRunner.run(["eval", sw, "diamond:Si:1e26", "--json"])
        XCTAssertEqual(far.status, 0, far.stderr)  // isolated atoms: zero energy, finite
        XCTAssertEqual(try XCTUnwrap(try CLIRunner.json(far)["frames"] as? [[String: Any]])[0]["energy"] as? Double, 0)
        try assertClearError(["eval", sw, "diamond:Si:5.431", "--supercell", "100000"], mentions: ["limit of 10000000 atoms"])
        try assertClearError(["eval", sw, "diamond:Si:5.431", "--supercell", "9223372036854775807"], mentions: ["supercell"])
        let dir = Fixtures.temporaryDirectory()
        let tiny = try edited(sw, name: "tiny-a.sw", in: dir) { $0.replacingOccurrences(of: "2.1683  2.0951", with: "2.1683  1e-320") }
        try assertClearError(["eval", tiny, "diamond:Si:5.431"], mentions: ["tiny-a.sw", "cutoff"])
        let long = try edited(tersoff, name: "long.tersoff", in: dir) { $0.replacingOccurrences(of: "3.0  0.2", with: "1e308  0.2") }
        try assertClearError(["eval", long, "diamond:Si:5.431"], mentions: ["long.tersoff", "cutoff"])
        // A one-atom cell 0.001 Å thin: the search would scan millions of images.
        let thin = dir.appendingPathComponent("thin.extxyz").path
        try "1\nLattice=\"5 0 0 0 5 0 0 0 0.001\" Properties=species:S:1:pos:R:3\nSi 0 0 0\n"
            .write(toFile: thin, atomically: true, encoding: .utf8)
        try assertClearError(["eval", sw, thin], mentions: ["thin.extxyz"])
    }

    /// Parameters that overflow give a non-finite energy: an error naming the potential.
    func testNonFiniteResultsAreErrors() throws {
        let dir = Fixtures.temporaryDirectory()
        let q = try edited(sw, name: "q.sw", in: dir) { text in
            text.replacingOccurrences(of: "4.0  0.0 0.0", with: "4.0  1e308 0.0")
        }
        try assertClearError(["eval", q, "diamond:Si:5.431"], mentions: ["q.sw", "non-finite"])
        let c = try edited(tersoff, name: "c.tersoff", in: dir) { $0.replacingOccurrences(of: "95.373", with: "1e308") }
        try assertClearError(["eval", c, "diamond:Si:5.431"], mentions: ["c.tersoff", "overflowing"])
    }

    /// Counts announced before the data (POSCAR, extxyz Properties, n2p2) are checked
    /// against the file instead of being allocated.
    func testCountsAreCheckedBeforeAllocation() throws {
        let dir = Fixtures.temporaryDirectory()
        let poscar = try edited(Fixtures.reference("dft-phonons/Si-PBE-vasp/POSCAR-unitcell"), name: "POSCAR", in: dir) { text in
            var lines = text.components(separatedBy: "\n")
            lines[5] = "   4294967297"
            return lines.joined(separator: "\n")
        }
        try assertClearError(["eval", sw, poscar], mentions: ["POSCAR:6:", "more atoms"])
        let xyz = dir.appendingPathComponent("count.extxyz").path
        try "1\nLattice=\"5 0 0 0 5 0 0 0 5\" Properties=species:S:1:pos:R:4294967297\nSi 0 0 0\n"
            .write(toFile: xyz, atomically: true, encoding: .utf8)
        try assertClearError(["eval", sw, xyz], mentions: ["count.extxyz:2:"])
        let n2p2 = dir.appendingPathComponent("n2p2")
        try FileManager.default.copyItem(atPath: Fixtures.reference("nn/zuo2020-nnp/Si"), toPath: n2p2.path)
        let input = n2p2.appendingPathComponent("input.nn").path
        let text = try String(contentsOfFile: input, encoding: .utf8)
        try text.replacingOccurrences(of: "number_of_elements              1", with: "number_of_elements 9223372036854775808")
            .replacingOccurrences(of: "number_of_elements 1", with: "number_of_elements 9223372036854775808")
            .write(toFile: input, atomically: true, encoding: .utf8)
        try assertClearError(["eval", "bohr:" + n2p2.path, "diamond:Si:5.431"], mentions: ["input.nn", "number_of_elements"])
    }

    /// Silently wrong answers: a funcfl file with an extra line, a non-periodic extxyz.
    func testSilentlyWrongInputsAreRefused() throws {
        let dir = Fixtures.temporaryDirectory()
        let dup = try edited(Fixtures.classicalPotential("Cu_u3.eam"), name: "dup.eam", in: dir) { text in
            var lines = text.components(separatedBy: "\n")
            lines.insert(lines[10], at: 10)
            return lines.joined(separator: "\n")
        }
        try assertClearError(["eval", dup, "fcc:Cu:3.615"], mentions: ["dup.eam:", "extra values"])
    }

    /// Found by fuzzing (format extxyz-slab-md): an atom 10^9 Å out of the cell
    /// stopped `md` with an error naming no file; md checks its structure as eval does.
    func testMDNamesTheFileOfAnUnusableStructure() throws {
        let dir = Fixtures.temporaryDirectory()
        let far = dir.appendingPathComponent("far.extxyz").path
        try "2\nLattice=\"5.431 0 0 0 5.431 0 0 0 5.431\" Properties=species:S:1:pos:R:3\nSi 2147483648 0 0\nSi 1.36 1.36 1.36\n"
            .write(toFile: far, atomically: true, encoding: .utf8)
        try assertClearError(["md", sw, far, "--ensemble", "nvt", "--temperature", "300", "--steps", "2",
                              "--out", dir.appendingPathComponent("md").path], mentions: ["far.extxyz", "cell lengths"])
    }

    /// Found by the long fuzzing run: a SNAP coefficient count of 2^32 + 1 was allocated
    /// (34 GB) before the coefficients were read.
    func testSNAPCoefficientCountIsNotAllocated() throws {
        let dir = Fixtures.temporaryDirectory()
        let ml = Fixtures.root.appendingPathComponent("reference/lammps-ml/potentials").path
        let coeff = try edited(ml + "/Cu_Zuo_JPCA2020.snapcoeff", name: "huge.snapcoeff", in: dir) {
            $0.replacingOccurrences(of: "\n1 56\n", with: "\n1 4294967297\n")
        }
        try assertClearError(["eval", coeff + "," + ml + "/Cu_Zuo_JPCA2020.snapparam", "fcc:Cu:3.6"], mentions: ["huge.snapcoeff"])
    }

    /// Found by the long fuzzing run: a GAP xml with species_Z = 1e308 trapped converting it.
    func testGAPAtomicNumbersAreChecked() throws {
        let dir = Fixtures.temporaryDirectory().appendingPathComponent("gap")
        try FileManager.default.copyItem(at: Fixtures.root.appendingPathComponent("reference/gap/CuAl"), to: dir)
        let xml = dir.appendingPathComponent("CuAl_gap.xml").path
        let text = try String(contentsOfFile: xml, encoding: .utf8)
        let range = try XCTUnwrap(text.range(of: #"species_Z=\{?[0-9]+"#, options: .regularExpression))
        let edited = text.replacingCharacters(in: range, with: text[range].replacingOccurrences(of: #"[0-9]+$"#, with: "1e308", options: .regularExpression))
        try edited.write(toFile: xml, atomically: true, encoding: .utf8)
        try assertClearError(["eval", xml, "fcc:Cu:3.6"], mentions: ["CuAl_gap.xml", "atomic numbers"])
    }

    /// The fuzzer's "unclear" errors: a bad setting read back from an MD checkpoint was
    /// reported as a bad command-line option, and a training recipe without its `data` or
    /// `out` line as a missing option; both now name the file (and the checkpoint's line).
    /// A 200 kB value is cut in the message; a potential the checkpoint names but that cannot
    /// be read is reported at the checkpoint's line.
    func testCheckpointSettingsAndRecipeOmissionsNameTheFile() throws {
        let dir = Fixtures.temporaryDirectory()
        for (value, line) in [("abc", 7), (String(repeating: "9", count: 200_000), 7)] {
            let run = dir.appendingPathComponent(UUID().uuidString)
            try FileManager.default.copyItem(atPath: Fixtures.root.appendingPathComponent("bench/fuzz-seeds/md-checkpoint").path, toPath: run.path)
            let checkpoint = run.appendingPathComponent("checkpoint.txt").path
            let text = try String(contentsOfFile: checkpoint, encoding: .utf8).replacingOccurrences(of: "@REPO@", with: Fixtures.root.path)
            try text.replacingOccurrences(of: "setting dt 1.0", with: "setting dt " + value)
                .write(toFile: checkpoint, atomically: true, encoding: .utf8)
            try assertClearError(["md", "--resume", run.path, "--steps", "6"], mentions: ["checkpoint.txt:\(line):", "dt"])
        }
        // Found by the long fuzzing run: a cell vector made 1.8e308 (a degenerate cell for the
        // neighbor search) and a deleted potential line.
        for (from, to, mention) in [("cell 4015b95810624dd3 0 0 0 4015b95810624dd3 0 0", "cell 4015b95810624dd3 0 0 0 4015b95810624dd3 7fefffffffffffff 0", "degenerate"),
                                    ("setting potential ", "#", "setting potential"),
                                    // Seed 137: the potential's path made 200 kB long (no such file).
                                    ("setting potential ", "setting potential /" + String(repeating: "9", count: 200_000), "checkpoint.txt:2: checkpoint setting: the potential")] {
            let run = dir.appendingPathComponent(UUID().uuidString)
            try FileManager.default.copyItem(atPath: Fixtures.root.appendingPathComponent("bench/fuzz-seeds/md-checkpoint").path, toPath: run.path)
            let checkpoint = run.appendingPathComponent("checkpoint.txt").path
            var lines = try String(contentsOfFile: checkpoint, encoding: .utf8).replacingOccurrences(of: "@REPO@", with: Fixtures.root.path)
                .components(separatedBy: "\n")
            let k = try XCTUnwrap(lines.firstIndex { $0.hasPrefix(from) })
            if to == "#" { lines.remove(at: k) } else { lines[k] = lines[k].replacingOccurrences(of: from, with: to) }
            try lines.joined(separator: "\n").write(toFile: checkpoint, atomically: true, encoding: .utf8)
            try assertClearError(["md", "--resume", run.path, "--steps", "6"], mentions: ["checkpoint.txt", mention])
        }
        let seed = Fixtures.root.appendingPathComponent("bench/fuzz-seeds/train.recipe").path
        for key in ["data", "out"] {
            let recipe = try edited(seed, name: "no-\(key).recipe", in: dir) { text in
                text.replacingOccurrences(of: "@REPO@", with: Fixtures.root.path).components(separatedBy: "\n")
                    .filter { !$0.hasPrefix("\(key) = ") }.joined(separator: "\n")
            }
            try assertClearError(["train", "--recipe", recipe], mentions: ["no-\(key).recipe", "'\(key) = ...'"])
        }
        let emptyOut = try edited(seed, name: "empty-out.recipe", in: dir) {
            $0.replacingOccurrences(of: "@REPO@", with: Fixtures.root.path).replacingOccurrences(of: "out = fuzz.pot", with: "out = ")
        }
        try assertClearError(["train", "--recipe", emptyOut], mentions: ["empty-out.recipe:5:", "'out' needs a file name"])
    }

    /// `validate` on one frame hung in the axis ticks (values one ulp apart); it also
    /// checks structures as `eval` does.
    func testValidateOneFrameAndBadStructures() throws {
        let dir = Fixtures.temporaryDirectory()
        let one = try edited(Fixtures.reference("dft/Si/test.extxyz"), name: "one.extxyz", in: dir) { text in
            let lines = text.components(separatedBy: "\n")
            return lines.prefix(Int(lines[0].trimmingCharacters(in: .whitespaces))! + 2).joined(separator: "\n") + "\n"
        }
        let r = try CLIRunner.run(["validate", tersoff, "--data", one, "--out", dir.appendingPathComponent("v").path, "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let close = dir.appendingPathComponent("close.extxyz").path
        try "2\nLattice=\"5 0 0 0 5 0 0 0 5\" Properties=species:S:1:pos:R:3:forces:R:3 energy=-1\nSi 0 0 0 0 0 0\nSi 0.3 0 0 0 0 0\n"
            .write(toFile: close, atomically: true, encoding: .utf8)
        try assertClearError(["validate", tersoff, "--data", close, "--out", dir.appendingPathComponent("w").path],
                             mentions: ["close.extxyz", "overlap"])
    }

    /// Fuzz seed 19, aenet-binary case 2228: a species index of Int32.max in a Behler–Parrinello
    /// descriptor of a binary aenet file trapped on an array index; now an error naming the file.
    func testAenetSpeciesIndexOutOfRange() throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixtures.reference("nn/aenet-Cu-dimer/Cu.05t-05t.nn"))))
        bytes.replaceSubrange(13166..<13170, with: [0xff, 0xff, 0xff, 0x7f])
        let path = Fixtures.temporaryDirectory().appendingPathComponent("Cu.05t-05t.nn")
        try Data(bytes).write(to: path)
        try assertClearError(["eval", path.path, "fcc:Cu:3.615"], mentions: ["Cu.05t-05t.nn", "species index"])
    }

    /// phonopy inputs with impossible matrices, cells, masses or forces, and a checkpoint
    /// with a NaN position: errors naming the file, not traps, hangs or "-nan" in a table.
    func testPhonopyInputsAndCheckpointsAreChecked() throws {
        let dir = Fixtures.temporaryDirectory()
        let vasp = Fixtures.reference("dft-phonons/Si-PBE-vasp")
        func phonons(_ file: String, _ edit: @escaping (String) -> String) throws -> (String, [String]) {
            let d = dir.appendingPathComponent(UUID().uuidString)
            try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
            for f in ["FORCE_SETS", "phonopy_disp.yaml"] {
                let text = try String(contentsOfFile: "\(vasp)/\(f)", encoding: .utf8)
                try (f == file ? edit(text) : text).write(to: d.appendingPathComponent(f), atomically: true, encoding: .utf8)
            }
            return (file, ["phonons", "--force-sets", d.appendingPathComponent("FORCE_SETS").path, "--points", "5", "--mesh", "4",
                           "--out", d.appendingPathComponent("out").path])
        }
        let cases: [(String, (String) -> String)] = [
            ("phonopy_disp.yaml", { $0.replacingOccurrences(of: "- [   2,   0,   0 ]", with: "- [   2147483648,   0,   0 ]") }),
            ("phonopy_disp.yaml", { $0.replacingOccurrences(of: "[     0.000000000000000,     2.733099421887393,     2.733099421887393 ] # a",
                                                             with: "[     0.000000000000000,     inf,     2.733099421887393 ] # a") }),
            ("phonopy_disp.yaml", { $0.replacingOccurrences(of: "mass: 28.085500", with: "mass: 1e-9") }),
            // fuzz seed 19, phonopy-disp case 1379: a symbol that is only a comment trapped.
            ("phonopy_disp.yaml", { $0.replacingOccurrences(of: "- symbol: Si # 1", with: "- symbol:# 1") }),
            ("FORCE_SETS", { text in
                var lines = text.components(separatedBy: "\n")
                lines[5] = "  -1e308 0 0"
                return lines.joined(separator: "\n")
            }),
        ]
        for (file, edit) in cases {
            let (name, args) = try phonons(file, edit)
            try assertClearError(args, mentions: [name])
        }
        let (run, line) = try checkpointRun(in: dir, word: 2, value: "7ff8000000000000")  // x of atom 1: NaN
        try assertClearError(["md", "--resume", run.path, "--steps", "6"], mentions: ["checkpoint.txt:\(line):", "not finite"])
    }

    /// Report and training recipes: settings are checked at their own line.
    func testRecipeSettingsNameTheirLine() throws {
        let dir = Fixtures.temporaryDirectory()
        let seed = Fixtures.root.appendingPathComponent("bench/fuzz-seeds").path
        func recipe(_ name: String, _ edit: @escaping (String) -> String) throws -> String {
            try edited(seed + "/" + name, name: name, in: dir) { edit($0.replacingOccurrences(of: "@REPO@", with: Fixtures.root.path)) }
        }
        let seedMinus = try recipe("report.recipe") { $0.replacingOccurrences(of: "seed = 1", with: "seed = -1") }
        try assertClearError(["report", "--recipe", seedMinus, "--out", dir.appendingPathComponent("r").path],
                             mentions: ["report.recipe:9:", "seed"])
        let copper = try recipe("report.recipe") { $0.replacingOccurrences(of: "element = Si", with: "element = Cu") }
        try assertClearError(["report", "--recipe", copper, "--out", dir.appendingPathComponent("r").path],
                             mentions: ["report.recipe:3:", "Cu", "Si only"])
        for (from, to, line) in [("descriptors.radial = 3", "descriptors.radial = 2147483648", 11),
                                 ("network.hidden = 3", "network.hidden = 4, 1e308", 15),
                                 ("descriptors.cutoff = 4.0", "descriptors.cutoff = -4", 9),
                                 ("loss.stress = 0.003", "loss.stress = -1", 20)] {
            let train = try recipe("train.recipe") { $0.replacingOccurrences(of: from, with: to) }
            try assertClearError(["train", "--recipe", train], mentions: ["train.recipe:\(line):"])
        }
    }

    /// `props args` and `props crlfArgs` (the same inputs with CRLF line endings, in `dir`)
    /// give the same frames.
    func assertSame(_ lf: [String], _ crlfArgs: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let a = try CLIRunner.run(lf + ["--json"]), b = try CLIRunner.run(crlfArgs + ["--json"])
        XCTAssertEqual(a.status, 0, a.stderr, file: file, line: line)
        XCTAssertEqual(b.status, 0, b.stderr, file: file, line: line)
        // The frames (energies, forces, stresses) bit for bit; the potential's name holds its path.
        func frames(_ r: CLIRunner.Result) -> Substring { r.stdout[(r.stdout.range(of: "\"frames\"")?.lowerBound ?? r.stdout.startIndex)...] }
        XCTAssertTrue(a.stdout.contains("\"energy\""), a.stdout, file: file, line: line)
        XCTAssertEqual(frames(a), frames(b), file: file, line: line)
    }

    /// A copy of `source` in `dir` with Windows line endings.
    func crlf(_ source: String, name: String, in dir: URL) throws -> String {
        try edited(source, name: name, in: dir) { $0.replacingOccurrences(of: "\n", with: "\r\n") }
    }

    /// The classical potential readers (sw, tersoff, eam funcfl/setfl/fs) with Windows line endings.
    func testWindowsLineEndingsInClassicalPotentials() throws {
        let dir = Fixtures.temporaryDirectory()
        func crlf(_ source: String, name: String) throws -> String { try self.crlf(source, name: name, in: dir) }
        let same = { (a: [String], b: [String]) in try self.assertSame(a, b) }
        let pots = Fixtures.reference("classical/potentials")
        try same(["eval", "\(pots)/Si.sw", "diamond:Si:5.431"], ["eval", try crlf("\(pots)/Si.sw", name: "Si.sw"), "diamond:Si:5.431"])
        try same(["eval", tersoff, "diamond:Si:5.431"], ["eval", try crlf(tersoff, name: "Si.tersoff"), "diamond:Si:5.431"])
        try same(["eval", "\(pots)/Cu_u3.eam", "fcc:Cu:3.615"], ["eval", try crlf("\(pots)/Cu_u3.eam", name: "Cu_u3.eam"), "fcc:Cu:3.615"])
        try same(["eval", "\(pots)/Cu_mishin1.eam.alloy", "fcc:Cu:3.615"],
                 ["eval", try crlf("\(pots)/Cu_mishin1.eam.alloy", name: "Cu_mishin1.eam.alloy"), "fcc:Cu:3.615"])
        let fs = Fixtures.root.appendingPathComponent("bench/fuzz-seeds/CuAg.eam.fs").path
        try same(["eval", fs, "fcc:Cu:3.615"], ["eval", try crlf(fs, name: "CuAg.eam.fs"), "fcc:Cu:3.615"])
    }

    /// Structure files and network potentials (POSCAR, extxyz, n2p2, aenet ASCII, .pot) with
    /// Windows line endings.
    func testWindowsLineEndingsInStructuresAndNetworks() throws {
        let dir = Fixtures.temporaryDirectory()
        func crlf(_ source: String, name: String) throws -> String { try self.crlf(source, name: name, in: dir) }
        let same = { (a: [String], b: [String]) in try self.assertSame(a, b) }
        let pots = Fixtures.reference("classical/potentials")
        let poscar = Fixtures.reference("dft-phonons/Si-PBE-vasp/POSCAR-unitcell")
        try same(["eval", "\(pots)/Si.sw", poscar], ["eval", "\(pots)/Si.sw", try crlf(poscar, name: "POSCAR")])
        let xyz = Fixtures.root.appendingPathComponent("bench/fuzz-seeds/Si-2frames.extxyz").path
        try same(["eval", tersoff, xyz], ["eval", tersoff, try crlf(xyz, name: "frames.extxyz")])
        let n2p2 = dir.appendingPathComponent("n2p2")
        try FileManager.default.createDirectory(at: n2p2, withIntermediateDirectories: true)
        let nnp = Fixtures.reference("nn/zuo2020-nnp/Si")
        for f in ["input.nn", "scaling.data", "weights.014.data"] { _ = try crlf("\(nnp)/\(f)", name: "n2p2/\(f)") }
        try same(["eval", "bohr:" + nnp, "diamond:Si:5.431"], ["eval", "bohr:" + n2p2.path, "diamond:Si:5.431"])
        let ascii = Fixtures.reference("nn/aenet-pytorch-TiO2/O.pytorch.nn.ascii")
        try same(["eval", ascii, "fcc:O:3.0"], ["eval", try crlf(ascii, name: "O.pytorch.nn.ascii"), "fcc:O:3.0"])
        let pot = Fixtures.reference("potentials/Si.pot")
        try same(["eval", pot, "diamond:Si:5.431"], ["eval", try crlf(pot, name: "Si.pot"), "diamond:Si:5.431"])
    }

    /// Phonopy inputs (FORCE_SETS, phonopy_disp.yaml, band.yaml) with Windows line endings.
    func testWindowsLineEndingsInPhonopyFiles() throws {
        let dir = Fixtures.temporaryDirectory()
        let vasp = Fixtures.reference("dft-phonons/Si-PBE-vasp")
        let crlfDir = dir.appendingPathComponent("vasp")
        try FileManager.default.createDirectory(at: crlfDir, withIntermediateDirectories: true)
        for f in ["FORCE_SETS", "phonopy_disp.yaml"] {
            let text = try String(contentsOfFile: "\(vasp)/\(f)", encoding: .utf8)
            try text.replacingOccurrences(of: "\n", with: "\r\n").write(to: crlfDir.appendingPathComponent(f), atomically: true, encoding: .utf8)
        }
        let band = Fixtures.reference("phonopy/Si_sw-sc3-phonopy/band.yaml")
        let bandText = try String(contentsOfFile: band, encoding: .utf8)
        let crlfBand = dir.appendingPathComponent("band.yaml")
        try bandText.replacingOccurrences(of: "\n", with: "\r\n").write(to: crlfBand, atomically: true, encoding: .utf8)
        func run(_ forceSets: String, _ compare: String, _ out: String) throws -> CLIRunner.Result {
            try CLIRunner.run(["phonons", "--force-sets", forceSets, "--compare", compare, "--path", "G X K G L",
                               "--points", "5", "--mesh", "4", "--out", dir.appendingPathComponent(out).path, "--quiet"])
        }
        let a = try run("\(vasp)/FORCE_SETS", band, "a"), b = try run(crlfDir.appendingPathComponent("FORCE_SETS").path, crlfBand.path, "b")
        XCTAssertEqual(a.status, 0, a.stderr)
        XCTAssertEqual(b.status, 0, b.stderr)
        let csv = { (d: String) in try String(contentsOfFile: dir.appendingPathComponent(d + "/band.csv").path, encoding: .utf8) }
        XCTAssertEqual(try csv("a"), try csv("b"))
    }
}
