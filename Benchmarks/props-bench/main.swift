// props-bench: cost of one energy+force evaluation per atom for the classical potentials,
// single core and all cores, beside LAMMPS's numbers for the same systems when given
// (`--lammps FILE.json`, as written by bench/lammps_bench.py --json).
//
// What is timed matches bench/lammps_bench.py: the neighbor list (cutoff + 1 Å skin, as
// an MD run would hold it) is built once outside the timing; each evaluation computes the
// energy and forces (no virial) over it. The fastest of several repeats is reported.
//
// `--only SECTIONS` (comma-separated: classical, neighbors, nn, gap, ml, phonons, md, melt, linalg, train) runs only those
// parts, e.g. `.build/release/props-bench --only nn` for the neural-network timings.
// `--results FILE.json` also writes every timing by workload key (BenchResults.swift); `make bench`
// (bench/driver.py) runs one section with one thread count at a time, alternating with its anchor.
import Atoms
import Dispatch
import Foundation
import Neighbors
import Potentials

struct System {
    let name: String
    let potentialFile: String
    let lattice: LatticeKind
    let element: String
    let a: Double
    let cells: Int

    /// The potential (from `potentialsDir`) and the cells×cells×cells crystal.
    func load() throws -> (Potential, Structure) {
        let potential = try PotentialLoader.load(potentialFile.split(separator: ",").map { potentialsDir + "/" + $0 }
                                                     .joined(separator: ","))
        let structure = try Supercell.make(Lattices.build(lattice, elements: [Element(symbol: element)!], a: a),
                                           repeats: SIMD3(repeating: cells))
        return (potential, structure)
    }
}

let systems = [
    System(name: "Cu EAM 4000", potentialFile: "Cu_mishin1.eam.alloy", lattice: .fcc, element: "Cu", a: 3.615, cells: 10),
    System(name: "Cu EAM 32000", potentialFile: "Cu_mishin1.eam.alloy", lattice: .fcc, element: "Cu", a: 3.615, cells: 20),
    // The other EAM file forms: funcfl (pair_style eam) and Finnis–Sinclair (eam/fs; Mg in an
    // fcc crystal of hcp Mg's volume, 23.2 Å³/atom).
    System(name: "Cu EAM funcfl 4000", potentialFile: "Cu_u3.eam", lattice: .fcc, element: "Cu", a: 3.615, cells: 10),
    System(name: "Mg EAM/fs 4000", potentialFile: "Mg_mm.eam.fs", lattice: .fcc, element: "Mg", a: 4.53, cells: 10),
    System(name: "Si SW 4096", potentialFile: "Si.sw", lattice: .diamond, element: "Si", a: 5.431, cells: 8),
    System(name: "Si SW 32768", potentialFile: "Si.sw", lattice: .diamond, element: "Si", a: 5.431, cells: 16),
    System(name: "Si Tersoff 4096", potentialFile: "Si.tersoff", lattice: .diamond, element: "Si", a: 5.431, cells: 8),
    System(name: "Si Tersoff 32768", potentialFile: "Si.tersoff", lattice: .diamond, element: "Si", a: 5.431, cells: 16),
]

/// SNAP and ML-IAP beside LAMMPS (`bench/lammps_bench.py --ml`): files comma-separated,
/// relative to the potentials directory.
let ml = "../../lammps-ml/potentials/"
let machineLearnedSystems = [
    System(name: "Cu SNAP 500", potentialFile: ml + "Cu_Zuo_JPCA2020.snapcoeff," + ml + "Cu_Zuo_JPCA2020.snapparam",
           lattice: .fcc, element: "Cu", a: 3.62, cells: 5),
    System(name: "Cu qSNAP 500", potentialFile: ml + "Cu_Zuo_JPCA2020.quadratic.snapcoeff," + ml + "Cu_Zuo_JPCA2020.quadratic.snapparam",
           lattice: .fcc, element: "Cu", a: 3.62, cells: 5),
    System(name: "Cu ML-IAP sna 500", potentialFile: ml + "Cu.nn.mliap.model," + ml + "Cu.snap.mliap.descriptor",
           lattice: .fcc, element: "Cu", a: 3.62, cells: 5),
    System(name: "Si ML-IAP so3 512", potentialFile: ml + "Si.nn.mliap.model," + ml + "Si.nn.mliap.descriptor",
           lattice: .diamond, element: "Si", a: 5.45, cells: 4),
]

HeapPolicy.keepFreedMemory()
var potentialsDir = "reference/classical/potentials"
var lammpsFiles: [String] = []
var phonopyFile: String? = nil
var resultsFile: String? = nil
var steps = 20, repeats = 3
var threadCounts = [1, ProcessInfo.processInfo.activeProcessorCount]
/// `--system TEXT`: only the systems whose name contains TEXT (classical, ml and md sections).
var systemFilter: String? = nil
let sections = ["classical", "neighbors", "nn", "gap", "ml", "phonons", "md", "melt", "linalg", "train", "host"]
var only = Set(sections)
var args = Array(CommandLine.arguments.dropFirst())
while !args.isEmpty {
    let a = args.removeFirst()
    switch a {
    case "--potentials-dir": potentialsDir = args.removeFirst()
    case "--lammps": lammpsFiles.append(args.removeFirst())
    case "--phonopy": phonopyFile = args.removeFirst()
    case "--results" where !args.isEmpty: resultsFile = args.removeFirst()
    case "--steps": steps = Int(args.removeFirst()) ?? steps
    case "--repeats": repeats = Int(args.removeFirst()) ?? repeats
    case "--system" where !args.isEmpty: systemFilter = args.removeFirst()
    case "--threads": threadCounts = args.removeFirst().split(separator: ",").compactMap { Int($0) }
    case "--only" where !args.isEmpty && Set(args[0].split(separator: ",").map(String.init)).isSubset(of: sections):
        only = Set(args.removeFirst().split(separator: ",").map(String.init))
    default:
        FileHandle.standardError.write(("usage: props-bench [--potentials-dir D] [--lammps F.json]... [--phonopy F.json] [--steps N] "
            + "[--repeats R] [--threads 1,2] [--system TEXT] [--only \(sections.joined(separator: ","))] [--results F.json]\n").data(using: .utf8)!)
        exit(2)
    }
}

/// LAMMPS µs/atom by (system name, threads).
var lammps: [String: Double] = [:]
var lammpsVersion = ""
for file in lammpsFiles {
    guard let data = FileManager.default.contents(atPath: file),
          let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
          let threads = obj["threads"] as? Int, let list = obj["systems"] as? [[String: Any]] else {
        FileHandle.standardError.write("props-bench: cannot read LAMMPS results \(file); continuing without\n".data(using: .utf8)!)
        continue
    }
    lammpsVersion = "\(obj["lammps_version"] ?? "")"
    for s in list {
        if let name = s["name"] as? String, let us = s["us_per_atom"] as? Double { lammps["\(name)|\(threads)"] = us }
    }
}

func measure(_ p: Potential, _ s: Structure, _ list: NeighborList) throws -> Double {
    _ = try p.evaluate(s, neighbors: list, wanted: [.energy, .forces])
    var best = Double.infinity
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<steps { _ = try p.evaluate(s, neighbors: list, wanted: [.energy, .forces]) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        best = min(best, seconds)
    }
    return best / Double(steps) / Double(s.count) * 1e6
}

/// The systems of `list` that `--system` selects (all without it).
func selected(_ list: [System]) -> [System] {
    guard let systemFilter else { return list }
    return list.filter { $0.name.contains(systemFilter) }
}

/// Prints a table's header: system, atoms, then `column(t)` for each thread count t.
func printHeader(_ column: (Int) -> String, note: String = "") {
    print("system".padding(toLength: 18, withPad: " ", startingAt: 0) + " atoms" + threadCounts.map(column).joined() + note)
}

/// The start of a table row: the system's name and atom count, aligned with `printHeader`.
func rowStart(_ name: String, _ atoms: Int) -> String {
    name.padding(toLength: 18, withPad: " ", startingAt: 0) + String(format: "%6d", atoms)
}

/// The classical potentials (or `list`) beside LAMMPS; timings recorded as "`key` <system name>".
func benchmarkClassical(_ list: [System] = systems, title: String = "", key: String = "force") throws {
    print("props-bench: one energy+force evaluation, µs per atom (fastest of \(repeats) × \(steps) evaluations)\(title)")
    if !lammpsVersion.isEmpty { print("LAMMPS \(lammpsVersion) from the same machine in the same run; ratio = props / LAMMPS (< 1: props faster)") }
    print("")
    try timedRows(list, key: key, lammpsPrefix: "") { potential, structure in
        try measure(potential, structure, NeighborList(structure, cutoff: potential.cutoff + 1.0, kind: potential.neighborKind))
    }
}

/// One row per system: `time` (µs per atom) at each thread count, recorded as "`key` <system
/// name>", beside LAMMPS's timing of "`lammpsPrefix`<system name>" when given.
func timedRows(_ list: [System], key: String, lammpsPrefix: String,
               _ time: (Potential, Structure) throws -> Double) throws {
    printHeader { "   props \($0)T  LAMMPS \($0)T   ratio" }
    for sys in selected(list) {
        let (potential, structure) = try sys.load()
        var line = rowStart(sys.name, structure.count)
        for t in threadCounts {
            Parallel.threads = t
            let us = try time(potential, structure)
            record("\(key) \(sys.name)", unit: "us/atom", us)
            if let ref = lammps["\(lammpsPrefix)\(sys.name)|\(t)"] {
                line += String(format: "   %8.3f   %8.3f   %5.2f", us, ref, us / ref)
            } else {
                line += String(format: "   %8.3f        n/a     n/a", us)
            }
        }
        print(line)
    }
}

if only.contains("classical") { try benchmarkClassical() }
if only.contains("neighbors") { try benchmarkNeighbors() }
if only.contains("nn") { benchmarkNeuralNetwork() }
if only.contains("gap") { benchmarkGAP() }
if only.contains("gap") { benchmarkGAPFit() }  // training cost of a GAP
if only.contains("ml") { try benchmarkClassical(machineLearnedSystems, title: ", SNAP and ML-IAP", key: "ml") }
for t in threadCounts where only.contains("phonons") {
    Parallel.threads = t
    try benchmarkPhonons(potentialsDir: potentialsDir, phonopyFile: phonopyFile)
}
Parallel.threads = ProcessInfo.processInfo.activeProcessorCount
if only.contains("md") { try benchmarkDynamics() }
if only.contains("melt") { try benchmarkMelt() }
if only.contains("linalg") { try benchmarkLinearAlgebra() }
if only.contains("train") { benchmarkTraining() }
if only.contains("host") { benchmarkHost() }
if let resultsFile { try writeBenchResults(to: resultsFile) }
