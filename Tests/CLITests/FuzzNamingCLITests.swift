import Foundation
import TestSupport
import XCTest

/// The last "unclear" errors of the 101,893-input fuzz run (seed 19, issue 19): inputs whose
/// error named another file than the one at fault, or none. Each is the minimal input of a
/// fuzz case; each error must now name the file (and line) at fault and exit 1.
final class FuzzNamingCLITests: XCTestCase {
    let ml = Fixtures.root.appendingPathComponent("reference/lammps-ml/potentials").path

    /// `text` with the first match of the regular expression `pattern` replaced by `with`.
    func replacingFirst(_ text: String, _ pattern: String, with: String) throws -> String {
        let range = try XCTUnwrap(text.range(of: pattern, options: .regularExpression), pattern)
        return text.replacingCharacters(in: range, with: with)
    }

    /// Network and bispectrum parameters that overflow the energy (cases pot 1240, 1608, 2977,
    /// snap-param 1174, mliap-descriptor 1417) are refused at reading, at their file and line,
    /// not named by the potential's title or its other file after a NaN energy.
    func testOverflowingParametersAreRefusedAtTheirLine() throws {
        let dir = Fixtures.temporaryDirectory()
        let pot = Fixtures.reference("potentials/Si.pot")
        let zeta = try edited(pot, name: "zeta.pot", in: dir) { try! self.replacingFirst($0, #""zeta": 2,"#, with: #""zeta": 4294967297,"#) }
        try assertClearError(["eval", zeta, "diamond:Si:5.431"], mentions: ["zeta.pot:", "ζ = 4294967297"])
        let eta = try edited(pot, name: "eta.pot", in: dir) { try! self.replacingFirst($0, #""eta": [0-9.]+"#, with: #""eta": -1e308"#) }
        try assertClearError(["eval", eta, "diamond:Si:5.431"], mentions: ["eta.pot:", "η = -1e+308"])
        let weight = try edited(pot, name: "weight.pot", in: dir) { $0.replacingOccurrences(of: "0.3905871556708704", with: "-1e308") }
        try assertClearError(["eval", weight, "diamond:Si:5.431"], mentions: ["weight.pot:", "weights", "-1e+308"])

        let param = try edited(ml + "/Cu_Zuo_JPCA2020.snapparam", name: "tiny.snapparam", in: dir) {
            $0.replacingOccurrences(of: "rfac0 0.99363", with: "rfac0 1e-320")
        }
        try assertClearError(["eval", ml + "/Cu_Zuo_JPCA2020.snapcoeff," + param, "fcc:Cu:3.6"], mentions: ["tiny.snapparam:6:", "rfac0"])
        let descriptor = try edited(ml + "/Cu.snap.mliap.descriptor", name: "heavy.mliap.descriptor", in: dir) {
            $0.replacingOccurrences(of: "welems 1.0", with: "welems 1e308")
        }
        try assertClearError(["eval", ml + "/Cu.nn.mliap.model," + descriptor, "fcc:Cu:3.6"],
                             mentions: ["heavy.mliap.descriptor:14:", "weight 1e+308 of Cu"])
    }

    /// phonopy_disp.yaml: a singular supercell matrix (case 1127) names the yaml and its line;
    /// a sheared one whose displacements then do not span three dimensions (case 364) names
    /// FORCE_SETS and the yaml.
    func testPhonopyErrorsNameTheirFiles() throws {
        let vasp = Fixtures.reference("dft-phonons/Si-PBE-vasp")
        for (row, mentions) in [("- [   0,   0,   0 ]", ["phonopy_disp.yaml:25:", "determinant 0"]),
                                ("- [   0,   2,   -1 ]", ["FORCE_SETS", "phonopy_disp.yaml", "do not span three dimensions"])] {
            let d = Fixtures.temporaryDirectory()
            try FileManager.default.copyItem(atPath: vasp + "/FORCE_SETS", toPath: d.appendingPathComponent("FORCE_SETS").path)
            _ = try edited(vasp + "/phonopy_disp.yaml", name: "phonopy_disp.yaml", in: d) {
                $0.replacingOccurrences(of: "- [   0,   2,   0 ]", with: row)
            }
            try assertClearError(["phonons", "--force-sets", d.appendingPathComponent("FORCE_SETS").path, "--points", "5", "--mesh", "4",
                                  "--out", d.appendingPathComponent("out").path], mentions: mentions)
        }
    }

    /// Fuzz run of 4 Dec 2026 (seed 31, 101,893 inputs): a network's reference energy of
    /// −1e308 eV (case pot 2510) gave −∞ for the structure, named by the potential's title;
    /// a phonopy_disp.yaml lattice component of 2^63 Å (case phonopy-disp 706) reached LAPACK
    /// as a NaN dynamical matrix. Both are refused at their file and line.
    func testHugeReferenceEnergiesAndLatticesAreRefusedAtTheirLine() throws {
        let dir = Fixtures.temporaryDirectory()
        let pot = Fixtures.reference("potentials/Si.pot")
        let reference = try edited(pot, name: "reference.pot", in: dir) {
            try! self.replacingFirst($0, #""reference_energy_eV": [-0-9.e]+"#, with: #""reference_energy_eV": -1e308"#)
        }
        try assertClearError(["eval", reference, "diamond:Si:5.431"], mentions: ["reference.pot:", "reference_energy_eV", "-1e+308"])
        let vasp = Fixtures.reference("dft-phonons/Si-PBE-vasp")
        let d = Fixtures.temporaryDirectory()
        try FileManager.default.copyItem(atPath: vasp + "/FORCE_SETS", toPath: d.appendingPathComponent("FORCE_SETS").path)
        _ = try edited(vasp + "/phonopy_disp.yaml", name: "phonopy_disp.yaml", in: d) {
            try! self.replacingFirst($0, #"2\.733099421887393 \] # a"#, with: "9223372036854775808 ] # a")
        }
        try assertClearError(["phonons", "--force-sets", d.appendingPathComponent("FORCE_SETS").path, "--points", "5", "--mesh", "4",
                              "--out", d.appendingPathComponent("out").path], mentions: ["phonopy_disp.yaml:", "10^6 Å"])
    }

    /// A checkpoint atom with a mass of 1.7e-308 amu (case 993; the thermostat then gave it
    /// an infinite speed) or an absurd velocity is refused at reading, naming the atom's line.
    func testCheckpointMassesAndSpeedsAreChecked() throws {
        let dir = Fixtures.temporaryDirectory()
        for (word, value, mention) in [(1, "0c15c28f5c28f6", "atom 1: mass"), (5, "7fefffffffffffff", "atom 1: speed")] {
            let (run, line) = try checkpointRun(in: dir, word: word, value: value)
            try assertClearError(["md", "--resume", run.path, "--steps", "6"], mentions: ["checkpoint.txt:\(line):", mention])
        }
    }

    /// A report recipe whose path runs into the next line's text (case 210) names the recipe's
    /// line, the long path cut.
    func testReportRecipeNamesAMissingFile() throws {
        let dir = Fixtures.temporaryDirectory()
        let recipe = try edited(Fixtures.root.appendingPathComponent("bench/fuzz-seeds/report.recipe").path, name: "garbled.recipe", in: dir) {
            $0.replacingOccurrences(of: "dft-pbe.csv\nseed", with: "dft-pbe.c\u{FFFD}\u{FFFD}" + String(repeating: "9", count: 200) + " seed")
        }
        try assertClearError(["report", "--recipe", recipe, "--out", dir.appendingPathComponent("r").path],
                             mentions: ["garbled.recipe:8:", "'dft' names", "no such file"])
    }

    /// Structures: a CIF type symbol `Ninf-` is not nickel (case 1948), a cell length of 2^63 Å
    /// is refused at its line (case 406), and a LAMMPS data cell tilted 10^5 Å (face distance
    /// 8.8e-5 Å, case lammps-data 1898) is degenerate, named by the data file.
    func testDegenerateCellsAndBadSymbolsNameTheStructure() throws {
        let dir = Fixtures.temporaryDirectory()
        let gan = Fixtures.classicalPotential("GaN.sw")
        let cif = Fixtures.reference("structures/GaN-wurtzite.cif")
        let symbol = try edited(cif, name: "symbol.cif", in: dir) { $0.replacingOccurrences(of: "N1 N3- ", with: "N1 Ninf- ") }
        try assertClearError(["eval", gan, symbol], mentions: ["symbol.cif:35:", "'Ninf-'"])
        let long = try edited(cif, name: "long.cif", in: dir) {
            $0.replacingOccurrences(of: "_cell_length_b 3.189(1)", with: "_cell_length_b 9223372036854775808(1)")
        }
        try assertClearError(["eval", gan, long], mentions: ["long.cif:6:", "_cell_length_b"])
        let data = try edited(Fixtures.reference("structures/GaN-wurtzite.data"), name: "tilted.data", in: dir) {
            $0.replacingOccurrences(of: "-1.595 0 0 xy xz yz", with: "100000 0 0 xy xz yz")
        }
        try assertClearError(["eval", gan, data], mentions: ["tilted.data", "degenerate"])
    }

    /// A slab whose periodic vector is 1 Å long (cases extxyz-slab-md 730, 3073): every atom
    /// is 1 Å from its own image, more than the 0.5 Å overlap limit, so it is read; the run
    /// stops at step 5 on the runaway temperature, naming the structure and the output.
    func testMDRunawayNamesTheStructure() throws {
        let dir = Fixtures.temporaryDirectory()
        let slab = try edited(Fixtures.root.appendingPathComponent("bench/fuzz-seeds/Si-slab.extxyz").path, name: "short.extxyz", in: dir) {
            $0.replacingOccurrences(of: "Lattice=\"5.431 0.0", with: "Lattice=\"-1 0.0")
        }
        let out = dir.appendingPathComponent("md").path
        try assertClearError(["md", Fixtures.classicalPotential("Si.sw"), slab, "--ensemble", "nvt", "--temperature", "300",
                              "--steps", "5", "--out", out], mentions: ["step ", "ran away", "short.extxyz", out])
    }
}
