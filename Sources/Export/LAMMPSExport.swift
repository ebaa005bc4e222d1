import Atoms
import Foundation
import Potentials

/// Writes a potential as the files LAMMPS reads plus the input lines that use them
/// (`props export POT --lammps DIR`).
///
/// DIR receives:
/// - `pair.lmp`: `pair_style`, `pair_coeff` and `mass` lines for LAMMPS's own pair style of the
///   potential (eam, eam/alloy, eam/fs, sw, tersoff(/mod, /zbl), agni, snap, mliap, lj/cut; `hdnnp` with n2p2 files for
///   Behler–Parrinello networks), or — for a kind LAMMPS has no style for — the plugin lines;
/// - `pair-plugin.lmp`: the same potential through `pair_style props` (the props plugin),
///   for every kind (its `props.pot`: networks in full, classical files inline, SNAP, ML-IAP,
///   GAP and MEAM as a reference to their files, copied beside it, with their checksums);
/// - the potential files both name, and `README` saying which LAMMPS package is needed.
///
/// LAMMPS type k is species k of the potential (`LAMMPSExport.Result.species`). File names
/// in the snippets are relative to `${propsdir}`, an index variable that is "." unless set
/// before (`lmp -var propsdir DIR`), so the directory can be moved.
public enum LAMMPSExport {
    /// What was written.
    public struct Result: Sendable {
        /// LAMMPS pair style of `pair.lmp`.
        public var pairStyle: String
        /// The LAMMPS package that style needs.
        public var package: String
        /// Species in LAMMPS type order.
        public var species: [Element]
        /// Files written, names relative to the directory.
        public var files: [String]
        /// Why LAMMPS's own style could not be used (nil when it is).
        public var nativeRefusal: String?
    }

    /// LAMMPS's own style for a potential: its lines and the files they read.
    struct Native {
        var style: String
        var package: String
        var lines: [String]
        var files: [(name: String, text: String)]
    }

    /// Exports the potential `spec` (a path or inline spec, as `PotentialLoader.load` takes)
    /// to `directory`; `plugin` is the path of the plugin library written into
    /// `pair-plugin.lmp` (an index variable, so it can be overridden too).
    public static func export(_ spec: String, to directory: String, plugin: String, map: LabelMap = LabelMap()) throws -> Result {
        let potential = try PotentialLoader.load(spec, map: map)
        let symbols = potential.species.map(\.symbol).joined(separator: " ")
        var native: Native?
        var refusal: String?
        do {
            native = try nativeStyle(potential, spec: spec)
        } catch let e as InputError {
            refusal = e.message
        }
        // The plugin reads the potential as props does: a single .pot (networks in full,
        // classical files inline, SNAP/ML-IAP/GAP/MEAM as a reference to their files, copied
        // beside it, with checksums), or the inline spec itself.
        let potName = "props.pot"
        var pluginFiles: [(name: String, text: String)] = []
        var pluginArgument = spec
        var pluginRefusal: String? = nil
        if !spec.hasPrefix("lj:") || FileManager.default.fileExists(atPath: spec) {
            do {
                if FileReference.keeps(potential) {
                    let reference = try FileReference.of(spec, potential: potential, map: map, namesOnly: true)
                    let originals = try FileReference.of(spec, potential: potential, map: map)
                    pluginFiles = [(potName, reference.text)]
                    for (copy, original) in zip(reference.files + reference.companions, originals.files + originals.companions) {
                        pluginFiles.append((copy.path, try TextFile(path: original.path).lines.joined(separator: "\n") + "\n"))
                    }
                } else {
                    pluginFiles = [(potName, try PotentialLoader.potText(spec))]
                }
                pluginArgument = "${propsdir}/\(potName)"
            } catch let e as InputError {
                guard native != nil else { throw e }
                pluginRefusal = e.message
            }
        }
        let header = ["# written by props export from \(spec)", "# \(potential.name); LAMMPS type k = species k: \(symbols)",
                      "# give 'units metal' before the box is created, then include this file.",
                      "variable propsdir index .", ""]
        let masses = potential.species.enumerated().map { "mass \($0.offset + 1) \($0.element.mass)" }
        let pluginLines = header + ["# needs the props plugin: make lammps-plugin (see the props README, Running large systems)",
                                    "variable propsplugin index \(plugin)", "plugin load ${propsplugin}",
                                    "pair_style props", "pair_coeff * * \(pluginArgument) \(symbols)"] + masses
        var files = pluginFiles
        if pluginRefusal == nil { files.append(("pair-plugin.lmp", pluginLines.joined(separator: "\n") + "\n")) }
        let style = native?.style ?? "props"
        let package = native?.package ?? "the props plugin (PLUGIN package; make lammps-plugin)"
        if let native {
            files += native.files.filter { f in !files.contains { $0.name == f.name } }
            files.append(("pair.lmp", (header + native.lines + masses).joined(separator: "\n") + "\n"))
        } else {
            files.append(("pair.lmp", pluginLines.joined(separator: "\n") + "\n"))
        }
        var readme = """
        LAMMPS files of \(potential.name), written by props export from \(spec).
        pair.lmp uses pair_style \(style), which needs LAMMPS's \(package).
        \(pluginRefusal == nil ? "pair-plugin.lmp uses pair_style props, which needs the props plugin (LAMMPS's PLUGIN package)."
                      : "The props plugin cannot read this potential, so there is no pair-plugin.lmp.")
        LAMMPS type k is species k: \(symbols). Units: metal (Å, eV). File names are relative to
        ${propsdir} (default .): run LAMMPS in this directory or pass -var propsdir THIS_DIRECTORY.

        """
        if let refusal { readme += "pair.lmp is the plugin's because: \(refusal)\n" }
        if let pluginRefusal { readme += "No pair-plugin.lmp: \(pluginRefusal)\n" }
        files.append(("README", readme))
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for f in files {
            let path = (directory as NSString).appendingPathComponent(f.name)
            do {
                try f.text.write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                throw InputError("cannot write: \(error.localizedDescription)", file: path)
            }
        }
        return Result(pairStyle: style, package: package, species: potential.species, files: files.map(\.name),
                      nativeRefusal: refusal)
    }

    /// LAMMPS's own style for `potential`; throws with the reason when there is none.
    static func nativeStyle(_ potential: Potential, spec: String) throws -> Native {
        let symbols = potential.species.map(\.symbol).joined(separator: " ")
        if let nn = potential as? BehlerParrinello {
            let f = try N2P2Writer.files(nn)
            let cutoff = nn.cutoff
            return Native(style: "hdnnp", package: "ML-HDNNP package (n2p2; not in the PyPI wheel)",
                          lines: ["pair_style hdnnp \(cutoff) dir ${propsdir}/ showew no showewsum 100 resetew no maxew 1000000 cflength 1.0 cfenergy 1.0",
                                  "pair_coeff * * \(symbols)"],
                          files: [("input.nn", f.inputNN), ("scaling.data", f.scalingData)] + f.weights)
        }
        if let lj = potential as? LennardJones {
            return Native(style: "lj/cut", package: "core (no package)",
                          lines: ["pair_style lj/cut \(lj.cutoff)", "pair_modify shift yes",
                                  "pair_coeff 1 1 \(lj.epsilon) \(lj.sigma)"], files: [])
        }
        if let meam = potential as? MEAM { return meamStyle(meam, spec: spec) }
        let paths = spec.split(separator: ",").map(String.init)
        let names = paths.map { ($0 as NSString).lastPathComponent }
        if paths.count == 2, !FileManager.default.fileExists(atPath: spec),
           let style = try LAMMPSFilePair.pairStyle(paths, names: names.map { "${propsdir}/\($0)" }) {
            let files = try zip(names, paths).map { ($0, try TextFile(path: $1).lines.joined(separator: "\n") + "\n") }
            if style == "snap" {
                return Native(style: "snap", package: "ML-SNAP package",
                              lines: ["pair_style snap", "pair_coeff * * ${propsdir}/\(names[0]) ${propsdir}/\(names[1]) \(symbols)"],
                              files: files)
            }
            return Native(style: "mliap", package: "ML-IAP package", lines: ["pair_style \(style)", "pair_coeff * * \(symbols)"],
                          files: files)
        }
        guard potential is EAM || potential is StillingerWeber || potential is Tersoff || potential is AGNI else {
            throw InputError("props cannot yet write \(potential.name) in a LAMMPS-native format")
        }
        // Classical: the file as LAMMPS reads it (from inside a .pot when inlined there).
        var file = try TextFile(path: spec)
        var name = (spec as NSString).lastPathComponent
        if try PotentialLoader.detect(file) == .pot, case .inline(let inner, let text) = try PotFormat.read(file) {
            file = TextFile(path: inner, text: text)
            name = (inner as NSString).lastPathComponent
        }
        let text = file.lines.joined(separator: "\n") + "\n"
        let kind = try PotentialLoader.detect(file)
        switch kind {
        case .funcfl:
            return Native(style: "eam", package: "MANYBODY package", lines: ["pair_style eam", "pair_coeff 1 1 ${propsdir}/\(name)"],
                          files: [(name, text)])
        case .setfl:
            let style = (potential as? EAM)?.style ?? "eam/alloy"
            return Native(style: style, package: "MANYBODY package", lines: ["pair_style \(style)", "pair_coeff * * ${propsdir}/\(name) \(symbols)"],
                          files: [(name, text)])
        case .stillingerWeber:
            return Native(style: "sw", package: "MANYBODY package", lines: ["pair_style sw", "pair_coeff * * ${propsdir}/\(name) \(symbols)"],
                          files: [(name, text)])
        case .tersoff:
            return Native(style: "tersoff", package: "MANYBODY package",
                          lines: ["pair_style tersoff", "pair_coeff * * ${propsdir}/\(name) \(symbols)"], files: [(name, text)])
        case .tersoffMod, .tersoffZBL:
            let style = kind == .tersoffMod ? "tersoff/mod" : "tersoff/zbl"
            return Native(style: style, package: "MANYBODY package",
                          lines: ["pair_style \(style)", "pair_coeff * * ${propsdir}/\(name) \(symbols)"], files: [(name, text)])
        case .agni:
            return Native(style: "agni", package: "MANYBODY package",
                          lines: ["pair_style agni", "pair_coeff * * ${propsdir}/\(name) \(symbols)"], files: [(name, text)])
        case .pot, .n2p2, .gap, .meam:
            throw InputError("props cannot yet write \(potential.name) in a LAMMPS-native format")
        }
    }
}

extension LAMMPSExport {
    /// `pair_style meam` with both files copied (a library file alone is given NULL
    /// parameters): `pair_coeff * * LIBRARY ENTRIES PARAMETERS SYMBOLS`.
    static func meamStyle(_ meam: MEAM, spec: String) -> Native {
        let symbols = meam.species.map(\.symbol).joined(separator: " ")
        let files = meam.files.map { (($0.path as NSString).lastPathComponent, $0.lines.joined(separator: "\n") + "\n") }
        let library = "${propsdir}/\(files[0].0)"
        let parameters = files.count > 1 ? "${propsdir}/\(files[1].0)" : "NULL"
        return Native(style: "meam", package: "MEAM package",
                      lines: ["pair_style meam",
                              "pair_coeff * * \(library) \(meam.labels.joined(separator: " ")) \(parameters) \(symbols)"],
                      files: files)
    }
}
