import Atoms
import Foundation

/// A LAMMPS parameter file of `keyword value…` lines (`.snapparam`, ML-IAP descriptor
/// files): `#` starts a comment, blank lines are skipped. Readers take the keywords they
/// know and `finish` refuses any other by name and line.
struct KeywordFile {
    struct Entry {
        var values: [Substring]
        var line: Int
    }

    let file: TextFile
    private(set) var entries: [String: Entry] = [:]
    private var used: Set<String> = []

    init(_ file: TextFile) throws {
        self.file = file
        for (n, raw) in file.lines.enumerated() {
            let content = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let words = content.split(whereSeparator: \.isWhitespace)
            guard let key = words.first else { continue }
            guard words.count > 1 else { throw file.error("keyword '\(key)' has no value", line: n + 1) }
            guard entries[String(key)] == nil else { throw file.error("keyword '\(key)' given twice", line: n + 1) }
            entries[String(key)] = Entry(values: Array(words.dropFirst()), line: n + 1)
        }
    }

    /// The values of `key`, or nil when absent.
    mutating func values(_ key: String) -> Entry? {
        used.insert(key)
        return entries[key]
    }

    /// The single number of `key`, or `fallback` when absent (nil fallback: required).
    mutating func double(_ key: String, _ fallback: Double? = nil) throws -> Double {
        guard let e = values(key) else {
            guard let fallback else { throw file.error("missing the required keyword '\(key)'") }
            return fallback
        }
        guard e.values.count == 1, let v = parseDouble(e.values[0]), v.isFinite else {
            throw file.error("'\(key)' takes one number", line: e.line)
        }
        return v
    }

    /// The single integer of `key`, or `fallback` when absent (nil fallback: required).
    mutating func int(_ key: String, _ fallback: Int? = nil) throws -> Int {
        guard let e = values(key) else {
            guard let fallback else { throw file.error("missing the required keyword '\(key)'") }
            return fallback
        }
        guard e.values.count == 1, let v = Int(e.values[0]) else {
            throw file.error("'\(key)' takes one integer", line: e.line)
        }
        return v
    }

    /// A 0/1 flag, `fallback` when absent.
    mutating func flag(_ key: String, _ fallback: Bool) throws -> Bool {
        let v = try int(key, fallback ? 1 : 0)
        guard v == 0 || v == 1 else { throw file.error("'\(key)' must be 0 or 1", line: values(key)?.line) }
        return v == 1
    }

    /// Refuses a flag props does not implement when it is set.
    mutating func refuse(_ key: String, _ what: String) throws {
        if try flag(key, false) { throw file.error("'\(key) 1' (\(what)) is not implemented in props", line: values(key)?.line) }
    }

    /// Throws for the first keyword no reader took.
    func finish(known: [String]) throws {
        if let (key, e) = entries.filter({ !used.contains($0.key) }).min(by: { $0.value.line < $1.value.line }) {
            throw file.error("unknown keyword '\(key)' (known: \(known.joined(separator: ", ")))", line: e.line)
        }
    }
}

extension BispectrumDescriptor {
    /// Reads the bispectrum settings shared by `.snapparam` and ML-IAP descriptor files
    /// (LAMMPS defaults: rfac0 0.99363, rmin0 0, switchflag 1, bzeroflag 1), refusing the
    /// `chemflag`, `bnormflag`, `wselfallflag` and `switchinnerflag` variants.
    static func read(_ keys: inout KeywordFile, radii: [Double], weights: [Double]) throws -> BispectrumDescriptor {
        let rcutfac = try keys.double("rcutfac")
        let twojmax = try keys.int("twojmax")
        guard rcutfac > 0 else { throw keys.file.error("rcutfac must be positive", line: keys.values("rcutfac")?.line) }
        guard (0...24).contains(twojmax) else {
            throw keys.file.error("twojmax must be 0 to 24", line: keys.values("twojmax")?.line)
        }
        let rfac0 = try keys.double("rfac0", 0.99363)
        let rmin0 = try keys.double("rmin0", 0)
        guard rfac0 >= minimumRfac0, rfac0 < 1 else {
            throw keys.file.error("rfac0 \(rfac0) must lie in [\(minimumRfac0), 1)", line: keys.values("rfac0")?.line)
        }
        let descriptor = BispectrumDescriptor(
            layout: BispectrumLayout(twojmax: twojmax), rcutfac: rcutfac, rfac0: rfac0, rmin0: rmin0,
            switching: try keys.flag("switchflag", true), bzero: try keys.flag("bzeroflag", true),
            radii: radii, weights: weights)
        try keys.refuse("chemflag", "explicit multi-element bispectrum")
        try keys.refuse("bnormflag", "bispectrum normalisation by 2j+1")
        try keys.refuse("wselfallflag", "self weight for every element")
        try keys.refuse("switchinnerflag", "inner switching function")
        for radius in radii where rmin0 >= rcutfac * 2 * radius {
            throw keys.file.error("rmin0 \(rmin0) Å is not below the cutoff \(rcutfac * 2 * radius) Å")
        }
        return descriptor
    }

    static let keywords = ["rcutfac", "twojmax", "rfac0", "rmin0", "switchflag", "bzeroflag", "chemflag",
                           "bnormflag", "wselfallflag", "switchinnerflag"]
}
