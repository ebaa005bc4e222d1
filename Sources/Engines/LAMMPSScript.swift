import Atoms
import Dynamics
import Foundation
import Potentials

/// A LAMMPS input that a protocol writes stage by stage (the free-energy runs), in its own
/// run directory: the potential exported and checked by `LAMMPSEngine`, the structure and
/// velocities as the data file, the pair lines as exported or under `pair_style
/// hybrid/scaled`, rows that `fix print` wrote, and the final state.
struct LAMMPSScript {
    /// The engine that exported the potential (into its directory's `potential/`) and
    /// checked that LAMMPS can run it; the script runs in a subdirectory of its directory.
    let engine: LAMMPSEngine
    let directory: String
    let structure: Structure
    let velocities: [SIMD3<Double>]
    let timestepPs: Double

    /// Prepares `engine.directory/name`.
    init(name: String, engine: LAMMPSEngine, structure: Structure, velocities: [SIMD3<Double>], timestepPs: Double) throws {
        self.engine = engine
        directory = engine.directory + "/" + name
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw InputError("cannot create the directory: \(error.localizedDescription)", file: directory)
        }
        self.structure = structure
        self.velocities = velocities
        self.timestepPs = timestepPs
    }

    /// The potential's LAMMPS pair style (`props` for the plugin).
    var pairStyle: String { engine.pairStyle }
    /// The exported pair lines, unscaled (relative to the script's directory).
    var plainPair: String { "../" + engine.pairInclude }

    func path(_ name: String) -> String { directory + "/" + name }

    /// Writes the data file; returns the input's first lines (box, atoms, `pair` included,
    /// neighbour list and time step).
    func header(pair: String) throws -> [String] {
        try write(LAMMPSEngine.dataFile(structure, species: engine.species, velocities: velocities, triclinic: false),
                  to: LAMMPSInput.dataFile)
        return ["units metal", "atom_style atomic", "boundary p p p", "atom_modify map array", "read_data \(LAMMPSInput.dataFile)",
                "variable propsdir index ../potential", "include \(pair)", "neighbor 1.0 bin", "neigh_modify every 1 delay 0 check yes",
                "timestep \(timestepPs)", "thermo 100000", "thermo_modify lost error norm no"]
    }

    /// Writes the exported pair lines under `pair_style hybrid/scaled v_propsScale STYLE …`
    /// (and `v_propsScaleRef ufm CUTOFF` with `pair_coeff * * ufm ε σ` for an Uhlenbeck–Ford
    /// reference: cutoff and σ in Å, ε in eV) and returns the file's name; `pairOnly` leaves out
    /// the lines that are not pair lines (plugin loading, masses), for a second include.
    func scaledPair(reference: (cutoff: Double, epsilon: Double, sigma: Double)?, pairOnly: Bool = false) throws -> String {
        let source = try TextFile(path: path(plainPair))
        let style = pairStyle
        var out: [String] = ["# \(plainPair) under pair_style hybrid/scaled (written by props)"]
        for line in source.lines {
            let t = line.trimmingCharacters(in: .whitespaces)
            let words = t.split(separator: " ", omittingEmptySubsequences: true)
            switch words.first {
            case "pair_style":
                var s = "pair_style hybrid/scaled v_propsScale " + words.dropFirst().joined(separator: " ")
                if let r = reference { s += " v_propsScaleRef ufm " + r.cutoff.formatted17 }
                out.append(s)
            case "pair_coeff":
                guard words.count >= 3 else { throw source.error("a pair_coeff line without its types") }
                out.append((["pair_coeff", words[1], words[2], Substring(style)] + words.dropFirst(3)).joined(separator: " "))
            case "pair_modify":
                out.append("pair_modify pair \(style) " + words.dropFirst().joined(separator: " "))
            default:
                if !pairOnly { out.append(String(line)) }
            }
        }
        if let r = reference { out.append("pair_coeff * * ufm \(r.epsilon.formatted17) \(r.sigma.formatted17)") }
        let name = reference == nil ? (pairOnly ? "pair-scaled-only.lmp" : "pair-scaled.lmp") : "pair-switch.lmp"
        try write(out.joined(separator: "\n") + "\n", to: name)
        return name
    }

    /// Writes `displacement-x|y|z.txt` (atomfile variables): each atom's displacement from
    /// `sites` to `moved` (minimum image), less their mass-weighted mean, Å.
    func writeDisplacements(from sites: Structure, to moved: Structure, masses: [Double]) throws {
        var d = (0..<sites.count).map { sites.cell.minimumImage(moved.positions[$0] - sites.positions[$0]) }
        let total = masses.reduce(0, +)
        var mean = SIMD3<Double>.zero
        for (di, m) in zip(d, masses) { mean += (m / total) * di }
        d = d.map { $0 - mean }
        for (k, axis) in ["x", "y", "z"].enumerated() {
            var text = "# displacement \(axis) of each atom from its site, Å (props)\n\(d.count)\n"
            for (i, v) in d.enumerated() { text += "\(i + 1) \(v[k].formatted17)\n" }
            try write(text, to: "displacement-\(axis).txt")
        }
    }

    /// Runs `lines` (then writes the final state) and returns the LAMMPS version.
    func run(_ lines: [String]) throws -> String {
        let all = ["# written by props (--engine lammps)"] + lines
            + ["write_dump all custom \(LAMMPSInput.finalFile) id type xu yu zu vx vy vz modify sort id format float %.12g"]
        try write(all.joined(separator: "\n") + "\n", to: "in.lmp")
        return try LAMMPSProcess.run(engine.installation, ranks: engine.plan.ranks, input: "in.lmp", in: directory) { _ in }.version
    }

    /// The rows of numbers `fix print` wrote to `file` (`columns` each), one per step (a step
    /// printed twice, at the end of a run and the start of the next, keeps its last row).
    func rows(_ file: String, columns: Int) throws -> [[Double]] {
        let text = try TextFile(path: path(file))
        var byStep: [Int: [Double]] = [:]
        for (k, line) in text.lines.enumerated() where !line.hasPrefix("#") && !line.allSatisfy(\.isWhitespace) {
            let v = line.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
            guard v.count == columns, v.allSatisfy(\.isFinite), let step = Int(exactly: v[0]) else {
                throw text.error("expected \(columns) finite numbers, the first a step", line: k + 1)
            }
            byStep[step] = v
        }
        return byStep.keys.sorted().map { byStep[$0]! }
    }

    /// The state the run ended in.
    func finalFrame() throws -> Frame {
        guard let last = try LAMMPSOutput.snapshots(path(LAMMPSInput.finalFile), species: engine.species).last else {
            throw InputError("LAMMPS wrote no final state", file: path(LAMMPSInput.finalFile))
        }
        return last.frame
    }

    private func write(_ text: String, to name: String) throws {
        do {
            try text.write(toFile: path(name), atomically: true, encoding: .utf8)
        } catch {
            throw InputError("cannot write: \(error.localizedDescription)", file: path(name))
        }
    }
}
