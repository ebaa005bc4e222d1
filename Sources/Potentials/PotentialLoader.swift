import Atoms
import Foundation

/// Loads any potential `props` knows from one entry point, recognising the kind by content
/// (the extension is only a hint): LAMMPS `eam` (funcfl), `eam/alloy` (setfl), `eam/fs`,
/// `sw`, `tersoff` files, props `.pot` files, n2p2 potentials (the directory or its
/// `input.nn`; prefix `bohr:` when the potential works in Bohr and Hartree), aenet network
/// files, binary or ASCII (several joined by commas, one per element), LAMMPS SNAP and
/// ML-IAP potentials (their two files joined by a comma, in `pair_coeff`'s order), AGNI
/// files, LAMMPS MEAM potentials (`library.meam,X.meam`; entries named by `--map`),
/// and the inline spec `lj:ELEMENT:EPSILON_eV:SIGMA_A:CUTOFF_A`. Labels of eam/alloy,
/// eam/fs, sw and Tersoff files name elements through a `LabelMap` (`--map`).
public enum PotentialLoader {
    /// The kinds of potential file recognised.
    public enum Kind: String, CaseIterable, Sendable {
        case funcfl = "eam (funcfl)"
        case setfl = "eam/alloy or eam/fs (setfl)"
        case stillingerWeber = "Stillinger-Weber (sw)"
        case tersoff = "Tersoff"
        case tersoffMod = "tersoff/mod"
        case tersoffZBL = "tersoff/zbl"
        case pot = "props .pot"
        case n2p2 = "n2p2 input.nn"
        case agni = "AGNI (agni)"
        case gap = "GAP xml (QUIP)"
        case meam = "MEAM library (meam)"
    }

    /// The prefix of an n2p2 potential in Bohr and Hartree.
    public static let bohrPrefix = "bohr:"

    /// Largest cutoff accepted, Å: no interatomic potential reaches farther, and a larger
    /// value is an overflowing or corrupt parameter.
    public static let maximumCutoff = 100.0

    /// Loads a potential from a path or an inline spec; `map` names the elements of the
    /// file's labels (only for files that have labels). Throws, naming it, when its cutoff
    /// is not in (0, `maximumCutoff`] Å.
    public static func load(_ text: String, map: LabelMap = LabelMap()) throws -> Potential {
        let potential = try loadAnyKind(text, map: map)
        let rc = potential.cutoff
        guard rc.isFinite, rc > 0, rc <= maximumCutoff else {
            throw InputError("the potential's cutoff \(rc) Å is not between 0 and \(maximumCutoff) Å "
                             + "(a parameter is zero, negative or overflows)", file: text)
        }
        return potential
    }

    /// Loads a potential of any kind from a path or an inline spec.
    static func loadAnyKind(_ text: String, map: LabelMap) throws -> Potential {
        let manager = FileManager.default
        if !map.isEmpty && (text.hasPrefix("lj:") || text.hasPrefix(bohrPrefix) || text.contains(","))
            && !manager.fileExists(atPath: text) && !LAMMPSFilePair.takesLabels(text) {
            throw labelsUnsupported(text)
        }
        if text.hasPrefix("lj:") && !manager.fileExists(atPath: text) {
            return try lennardJones(text)
        }
        if text.hasPrefix(bohrPrefix) && !manager.fileExists(atPath: text) {
            let path = String(text.dropFirst(bohrPrefix.count))
            guard (try? n2p2Directory(path)) != nil else {
                throw InputError("'\(bohrPrefix)' is for n2p2 potentials (a directory with input.nn, or input.nn)", file: path)
            }
            return try N2P2Reader.read(path, lengthUnit: Units.bohrInA, energyUnit: Units.hartreeInEV)
        }
        if text.contains(",") && !manager.fileExists(atPath: text) {
            let paths = text.split(separator: ",").map(String.init)
            if !paths.contains(where: { manager.contents(atPath: $0).map(AenetReader.recognizes) ?? false }),
               let pair = try LAMMPSFilePair.load(paths, map: map) { return pair }
            return try AenetReader.read(paths)
        }
        if let directory = try n2p2Directory(text) {
            guard map.isEmpty else { throw labelsUnsupported(text) }
            return try N2P2Reader.read(directory)
        }
        if let data = manager.contents(atPath: text), AenetReader.recognizes(data) {
            guard map.isEmpty else { throw labelsUnsupported(text) }
            return try AenetReader.read([text])
        }
        return try load(TextFile(path: text), name: text, map: map)
    }

    static func labelsUnsupported(_ text: String) -> InputError {
        InputError("--map is for files whose entries carry element labels (eam/alloy, eam/fs, sw, tersoff)", file: text)
    }

    /// The n2p2 directory of `path` when it is a directory holding `input.nn`, else nil
    /// (an `input.nn` path is recognised by content in `load`).
    static func n2p2Directory(_ path: String) throws -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        if !isDirectory.boolValue { return (path as NSString).lastPathComponent == "input.nn" ? path : nil }
        guard FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("input.nn")) else {
            throw InputError("a directory is read as an n2p2 potential, but it has no input.nn", file: path)
        }
        return path
    }

    /// Loads a potential file already read; `name` (the original file name) hints eam/alloy
    /// versus eam/fs.
    static func load(_ file: TextFile, name: String, map: LabelMap = LabelMap()) throws -> Potential {
        let kind = try detect(file)
        guard map.isEmpty || [.setfl, .stillingerWeber, .tersoff, .tersoffMod, .tersoffZBL, .pot, .meam].contains(kind) else {
            throw labelsUnsupported(file.path)
        }
        switch kind {
        case .funcfl: return try EAM.funcfl(file)
        case .setfl:
            let lower = name.lowercased()
            return try EAM.setfl(file, fs: lower.hasSuffix(".fs") ? true : lower.hasSuffix(".alloy") ? false : nil, map: map)
        case .stillingerWeber: return try StillingerWeber.read(file, map: map)
        case .tersoff: return try Tersoff.read(file, map: map)
        case .tersoffMod: return try Tersoff.read(file, style: .mod, map: map)
        case .tersoffZBL: return try Tersoff.read(file, style: .zbl, map: map)
        case .n2p2: return try N2P2Reader.read(file.path)
        case .meam: return try MEAM.read(library: file, parameters: nil, map: map)
        case .agni:
            guard map.isEmpty else { throw labelsUnsupported(file.path) }
            return try AGNI.read(file)
        case .gap: return try GAPReader.read(file)
        case .pot:
            let held: Potential
            switch try PotFormat.read(file) {
            case .behlerParrinello(let p):
                guard map.isEmpty else { throw labelsUnsupported(file.path) }
                held = p
            case .directForce(let p): held = p
            case .inline(let fileName, let text):
                let inner = TextFile(path: "\(file.path) (\(fileName))", text: text)
                guard try detect(inner) != .pot else { throw file.error("a .pot file may not hold another .pot file") }
                held = try load(inner, name: fileName, map: map)
            case .files(let reference):
                guard map.isEmpty else { throw labelsUnsupported(file.path) }
                held = try load(reference.verifiedSpec(potPath: file.path), map: LabelMap(parsing: reference.map))
            }
            return try PotFormat.addingCore(of: file, to: held)
        }
    }

    /// The `.pot` text for the potential `spec` names: a neural network in full, or a
    /// classical file's text inline.
    public static func potText(_ spec: String, map: LabelMap = LabelMap()) throws -> String {
        let potential = try load(spec, map: map)
        if let nn = potential as? BehlerParrinello { return PotFormat.write(nn) }
        if let df = potential as? DirectForceNetwork { return DirectForceFormat.write(df) }
        let isPot = try FileManager.default.fileExists(atPath: spec) && detect(TextFile(path: spec)) == .pot
        if FileReference.keeps(potential), !isPot {
            return try FileReference.of(spec, potential: potential, map: map).text
        }
        guard !spec.hasPrefix("lj:") || FileManager.default.fileExists(atPath: spec) else {
            throw InputError("'\(spec)' is an inline spec; only files can be converted")
        }
        let file = try TextFile(path: spec)
        let kind = try detect(file)
        if kind == .pot { return file.lines.joined(separator: "\n") + "\n" }
        return PotFormat.writeInline(style: kind.rawValue, fileName: (spec as NSString).lastPathComponent,
                                     text: file.lines.joined(separator: "\n") + "\n")
    }

    /// `lj:Ar:0.0104:3.40:8.5` — element, ε (eV), σ (Å), cutoff (Å).
    static func lennardJones(_ spec: String) throws -> LennardJones {
        let parts = spec.split(separator: ":").map(String.init)
        guard parts.count == 5, let e = Element(symbol: parts[1]),
              let eps = Double(parts[2]), let sigma = Double(parts[3]), let rc = Double(parts[4]),
              eps > 0, sigma > 0, rc > sigma else {
            throw InputError("Lennard-Jones spec '\(spec)' is not lj:ELEMENT:EPSILON_eV:SIGMA_A:CUTOFF_A with cutoff > sigma > 0")
        }
        return LennardJones(element: e, epsilon: eps, sigma: sigma, cutoff: rc)
    }

    /// Tells the kind of a potential file from its layout (not the validity of its
    /// numbers: the reader of the kind found reports those at their line). When nothing
    /// fits, the error says what each format expected and found.
    public static func detect(_ file: TextFile) throws -> Kind {
        let lines = file.lines
        if PotFormat.recognizes(lines.prefix(4).joined(separator: "\n")[...]) { return .pot }
        if lines.contains(where: { $0.drop { $0 == " " || $0 == "\t" }.hasPrefix("symfunction_short") }) { return .n2p2 }
        if GAPReader.recognizes(lines.prefix(8).joined(separator: "\n")[...]) { return .gap }
        if AGNI.recognizes(lines) { return .agni }
        if MEAM.isLibraryFile(file) { return .meam }
        var tried: [String] = []
        func words(_ k: Int) -> [Substring] { k < lines.count ? lines[k].split(whereSeparator: \.isWhitespace) : [] }
        func quoted(_ k: Int) -> String {
            guard k < lines.count else { return "the file ends before line \(k + 1)" }
            let text = lines[k].trimmingCharacters(in: .whitespaces)
            return "line \(k + 1) is '\(text.count > 60 ? text.prefix(60) + "…" : text[...])'"
        }
        // "nrho drho nr dr cutoff": five words, the first and third integers.
        func isGrid(_ w: [Substring]) -> Bool { w.count == 5 && Int(w[0]) != nil && Int(w[2]) != nil }
        // funcfl: line 2 "Z mass a lattice", line 3 the grid.
        if Int(words(1).first ?? "") != nil && isGrid(words(2)) { return .funcfl }
        tried.append("eam (funcfl) wants 'Z mass a lattice' on line 2 and 'nrho drho nr dr cutoff' on line 3: "
                     + quoted(2))
        // setfl: line 4 "N el1 ... elN", line 5 the grid.
        let w4 = words(3)
        if let n = w4.first.flatMap({ Int($0) }), n >= 1, w4.count == n + 1, isGrid(words(4)) { return .setfl }
        tried.append("eam/alloy, eam/fs (setfl) want 'N element1 ... elementN' on line 4 and 'nrho drho nr dr cutoff' "
                     + "on line 5: " + quoted(3) + ", " + quoted(4))
        // sw / tersoff family: entries of three labels and a fixed number of values.
        let sizes: [(Int, Kind)] = [(11, .stillingerWeber), (14, .tersoff), (17, .tersoffMod), (18, .tersoffZBL)]
        if let (line, count, values) = firstEntry(lines) {
            if let kind = sizes.first(where: { $0.0 == count })?.1 {
                guard kind == .tersoffZBL, !zblAtomicNumbers(values) else { return kind }
                tried.append("tersoff/zbl has atomic numbers as its 15th and 16th values, but the entry on line \(line) "
                             + "has '\(values[14])' and '\(values[15])' (tersoff/mod/c, which has 18 values too, is not read)")
            } else {
                tried.append("sw and tersoff entries are three labels and 11 (sw), 14 (tersoff), 17 (tersoff/mod) or "
                             + "18 (tersoff/zbl) values, but the first entry (line \(line)) has \(count)")
            }
        } else {
            tried.append("sw and tersoff files are entries of three labels and their values, but no entry was found")
        }
        throw file.error("cannot tell what kind of potential this is; tried: " + tried.joined(separator: "; ")
                         + ". props reads " + Kind.allCases.map(\.rawValue).joined(separator: ", ")
                         + " files, n2p2 directories, aenet .nn files (binary or ASCII) and lj:ELEMENT:EPSILON:SIGMA:CUTOFF")
    }

    /// The first entry of a many-body file: its line, how many words follow its three
    /// labels (up to the next line that starts with a word that is not a number), and those.
    static func firstEntry(_ lines: [Substring]) -> (line: Int, count: Int, values: [Substring])? {
        var start = 0
        var labels = 0
        var values: [Substring] = []
        for (k, line) in lines.enumerated() {
            let content = line.prefix { $0 != "#" }
            let tokens = content.split(whereSeparator: \.isWhitespace)
            guard let first = tokens.first else { continue }
            if labels == 3 && !values.isEmpty && parseDouble(first) == nil { break }
            for t in tokens {
                if labels < 3 {
                    if labels == 0 { start = k + 1 }
                    guard parseDouble(t) == nil else { return nil }
                    labels += 1
                } else {
                    values.append(t)
                }
            }
            if values.count > 40 { break }
        }
        return labels == 3 ? (start, values.count, values) : nil
    }

    /// True when values 15 and 16 of an 18-value entry are atomic numbers (tersoff/zbl).
    static func zblAtomicNumbers(_ values: [Substring]) -> Bool {
        [values[14], values[15]].allSatisfy { parseDouble($0).map { $0 >= 1 && $0 <= 118 && $0.rounded() == $0 } ?? false }
    }
}
