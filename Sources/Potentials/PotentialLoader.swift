import Atoms
import Foundation

/// Loads any potential `props` knows from one entry point, recognising the kind by content
/// (the extension is only a hint): LAMMPS `eam` (funcfl), `eam/alloy` (setfl), `eam/fs`,
/// `sw`, `tersoff` files, props `.pot` files, n2p2 potentials (the directory or its
/// `input.nn`; prefix `bohr:` when the potential works in Bohr and Hartree), aenet network
/// files, binary or ASCII (several joined by commas, one per element), LAMMPS SNAP and
/// ML-IAP potentials (their two files joined by a comma, in `pair_coeff`'s order), AGNI
/// files, and the inline spec `lj:ELEMENT:EPSILON_eV:SIGMA_A:CUTOFF_A`.
public enum PotentialLoader {
    /// The kinds of potential file recognised.
    public enum Kind: String, CaseIterable, Sendable {
        case funcfl = "eam (funcfl)"
        case setfl = "eam/alloy or eam/fs (setfl)"
        case stillingerWeber = "Stillinger-Weber (sw)"
        case tersoff = "Tersoff"
        case pot = "props .pot"
        case n2p2 = "n2p2 input.nn"
        case agni = "AGNI (agni)"
    }

    /// The prefix of an n2p2 potential in Bohr and Hartree.
    public static let bohrPrefix = "bohr:"

    /// Loads a potential from a path or an inline spec.
    public static func load(_ text: String) throws -> Potential {
        let manager = FileManager.default
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
               let pair = try LAMMPSFilePair.load(paths) { return pair }
            return try AenetReader.read(paths)
        }
        if let directory = try n2p2Directory(text) { return try N2P2Reader.read(directory) }
        if let data = manager.contents(atPath: text), AenetReader.recognizes(data) {
            return try AenetReader.read([text])
        }
        return try load(TextFile(path: text), name: text)
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
    static func load(_ file: TextFile, name: String) throws -> Potential {
        switch try detect(file) {
        case .funcfl: return try EAM.funcfl(file)
        case .setfl:
            let lower = name.lowercased()
            return try EAM.setfl(file, fs: lower.hasSuffix(".fs") ? true : lower.hasSuffix(".alloy") ? false : nil)
        case .stillingerWeber: return try StillingerWeber.read(file)
        case .tersoff: return try Tersoff.read(file)
        case .n2p2: return try N2P2Reader.read(file.path)
        case .agni: return try AGNI.read(file)
        case .pot:
            switch try PotFormat.read(file) {
            case .behlerParrinello(let p): return p
            case .directForce(let p): return p
            case .inline(let fileName, let text):
                let inner = TextFile(path: "\(file.path) (\(fileName))", text: text)
                guard try detect(inner) != .pot else { throw file.error("a .pot file may not hold another .pot file") }
                return try load(inner, name: fileName)
            }
        }
    }

    /// The `.pot` text for the potential `spec` names: a neural network in full, or a
    /// classical file's text inline.
    public static func potText(_ spec: String) throws -> String {
        let potential = try load(spec)
        if let nn = potential as? BehlerParrinello { return PotFormat.write(nn) }
        if let df = potential as? DirectForceNetwork { return DirectForceFormat.write(df) }
        if potential is BispectrumPotential {
            throw InputError("\(potential.name) is read from its LAMMPS files (comma-separated, in pair_coeff's order); "
                             + "props cannot store SNAP or ML-IAP potentials in a .pot file yet, so use those files directly")
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

    /// Tells the kind of a potential file from its content.
    public static func detect(_ file: TextFile) throws -> Kind {
        let lines = file.lines
        if PotFormat.recognizes(lines.prefix(4).joined(separator: "\n")[...]) { return .pot }
        if lines.contains(where: { $0.drop { $0 == " " || $0 == "\t" }.hasPrefix("symfunction_short") }) { return .n2p2 }
        if AGNI.recognizes(lines) { return .agni }
        func numbers(_ line: Substring) -> [Double]? {
            let t = line.split(whereSeparator: \.isWhitespace)
            let v = t.compactMap { parseDouble($0) }
            return v.count == t.count ? v : nil
        }
        // funcfl: line 2 "Z mass a lattice", line 3 "nrho drho nr dr cutoff".
        if lines.count > 3, let l3 = numbers(lines[2]), l3.count == 5,
           let z = lines[1].split(whereSeparator: \.isWhitespace).first, Int(z) != nil {
            return .funcfl
        }
        // setfl: line 4 "N el1 ... elN", line 5 "nrho drho nr dr cutoff".
        if lines.count > 5, let l5 = numbers(lines[4]), l5.count == 5 {
            let w = lines[3].split(whereSeparator: \.isWhitespace)
            if let n = w.first.flatMap({ Int($0) }), n >= 1, w.count >= n + 1,
               w[1...n].allSatisfy({ Element(symbol: String($0)) != nil }) {
                return .setfl
            }
        }
        // sw / tersoff: entries of three element names followed by 11 or 14 numbers.
        var tokens: [Substring] = []
        for line in lines {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            tokens += content.split(whereSeparator: \.isWhitespace)
            if tokens.count > 40 { break }
        }
        if tokens.count >= 3, tokens[0..<3].allSatisfy({ Element(symbol: String($0)) != nil }) {
            var count = 0
            while 3 + count < tokens.count, parseDouble(tokens[3 + count]) != nil { count += 1 }
            if count == 11 { return .stillingerWeber }
            if count == 14 { return .tersoff }
        }
        throw file.error("cannot tell what kind of potential this is; props reads "
                         + Kind.allCases.map(\.rawValue).joined(separator: ", ")
                         + " files, n2p2 directories, aenet .nn files (binary or ASCII) and lj:ELEMENT:EPSILON:SIGMA:CUTOFF")
    }
}
