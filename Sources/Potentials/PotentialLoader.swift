import Atoms
import Foundation

/// Loads any potential `props` knows from one entry point, recognising the kind by content
/// (the extension is only a hint): LAMMPS `eam` (funcfl), `eam/alloy` (setfl), `eam/fs`,
/// `sw`, `tersoff` files, and the inline spec `lj:ELEMENT:EPSILON_eV:SIGMA_A:CUTOFF_A`.
public enum PotentialLoader {
    /// The kinds of potential file recognised.
    public enum Kind: String, CaseIterable, Sendable {
        case funcfl = "eam (funcfl)"
        case setfl = "eam/alloy or eam/fs (setfl)"
        case stillingerWeber = "Stillinger-Weber (sw)"
        case tersoff = "Tersoff"
    }

    /// Loads a potential from a path or an inline spec.
    public static func load(_ text: String) throws -> Potential {
        if text.hasPrefix("lj:") && !FileManager.default.fileExists(atPath: text) {
            return try lennardJones(text)
        }
        let file = try TextFile(path: text)
        switch try detect(file) {
        case .funcfl: return try EAM.funcfl(file)
        case .setfl:
            let lower = text.lowercased()
            return try EAM.setfl(file, fs: lower.hasSuffix(".fs") ? true : lower.hasSuffix(".alloy") ? false : nil)
        case .stillingerWeber: return try StillingerWeber.read(file)
        case .tersoff: return try Tersoff.read(file)
        }
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
                         + " files and lj:ELEMENT:EPSILON:SIGMA:CUTOFF")
    }
}
