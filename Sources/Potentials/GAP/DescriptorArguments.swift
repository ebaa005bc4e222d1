import Atoms

/// The `key=value` string of a GAP descriptor as QUIP writes it in `<descriptor>`, e.g.
/// `soap l_max=8 n_max=8 atom_sigma=0.5 cutoff=5.0 n_species=2 species_Z={29 13}`.
///
/// Values are read with defaults as QUIP's `param_register` gives them. Every key must be
/// read or be one of gap_fit's fitting-only keys: `unused()` names any other, so a keyword
/// props does not implement is refused rather than ignored.
struct DescriptorArguments {
    /// The descriptor kind: the first word ("soap", "distance_2b", ...).
    let kind: String
    private var values: [String: String] = [:]
    private var order: [String] = []
    private var read: Set<String> = []
    let file: TextFile
    let line: Int

    /// Keys gap_fit reads while fitting that do not change a prediction.
    static let fittingOnly: Set<String> = [
        "delta", "energy_scale", "f0", "n_sparse", "config_type_n_sparse", "sparse_method", "lengthscale_factor",
        "lengthscale_uniform", "lengthscale_file", "theta_fac", "theta_uniform", "theta_file", "sparse_file",
        "mark_sparse_atoms", "add_species", "covariance_type", "soap_exponent", "zeta", "print_sparse_index",
        "unique_hash_tolerance", "unique_descriptor_tolerance", "xml_version",
    ]

    init(_ text: String, file: TextFile, line: Int) throws {
        self.file = file
        self.line = line
        var tokens: [String] = []
        var current = ""
        var depth = 0
        var quoted = false
        for c in text {
            if c == "\"" { quoted.toggle(); continue }
            if !quoted && c == "{" { depth += 1; if depth == 1 { continue } }
            if !quoted && c == "}" {
                depth -= 1
                guard depth >= 0 else { throw file.error("unbalanced '}' in descriptor '\(text)'", line: line) }
                if depth == 0 { continue }
            }
            if !quoted && depth == 0 && c.isWhitespace {
                if !current.isEmpty { tokens.append(current); current = "" }
                continue
            }
            current.append(c)
        }
        guard depth == 0, !quoted else { throw file.error("unbalanced '{' or '\"' in descriptor '\(text)'", line: line) }
        if !current.isEmpty { tokens.append(current) }
        guard let first = tokens.first, !first.contains("=") else {
            throw file.error("descriptor '\(text)' does not start with its kind (soap, distance_2b, ...)", line: line)
        }
        kind = first
        for t in tokens.dropFirst() {
            let parts = t.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = parts[0].lowercased()
            if values[key] == nil { order.append(key) }
            values[key] = parts.count == 2 ? String(parts[1]) : "T"
        }
    }

    /// True when `key` is present.
    mutating func has(_ key: String) -> Bool {
        read.insert(key)
        return values[key] != nil
    }

    /// The raw text of `key`, or nil.
    mutating func string(_ key: String) -> String? {
        read.insert(key)
        return values[key]
    }

    /// A number; `default` when absent (nil default: the key is required).
    mutating func double(_ key: String, _ fallback: Double? = nil) throws -> Double {
        guard let text = string(key) else {
            guard let fallback else { throw error("needs '\(key)='") }
            return fallback
        }
        guard let v = parseDouble(text), v.isFinite else { throw error("'\(key)=\(text)' is not a number") }
        return v
    }

    /// An integer; `default` when absent (nil default: the key is required).
    mutating func int(_ key: String, _ fallback: Int? = nil) throws -> Int {
        guard let text = string(key) else {
            guard let fallback else { throw error("needs '\(key)='") }
            return fallback
        }
        guard let v = Int(text) else { throw error("'\(key)=\(text)' is not an integer") }
        return v
    }

    /// A list of numbers (`{1 2 3}` or one number); `default` when absent.
    mutating func doubles(_ key: String, _ fallback: [Double]) throws -> [Double] {
        guard let text = string(key) else { return fallback }
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" })
        let v = parts.compactMap { parseDouble($0) }
        guard v.count == parts.count, !v.isEmpty else { throw error("'\(key)={\(text)}' is not a list of numbers") }
        return v
    }

    /// A Fortran logical (T, F, true, false); `default` when absent.
    mutating func bool(_ key: String, _ fallback: Bool) throws -> Bool {
        guard let text = string(key) else { return fallback }
        switch text.lowercased() {
        case "t", "true", ".true.", "1": return true
        case "f", "false", ".false.", "0": return false
        default: throw error("'\(key)=\(text)' is not T or F")
        }
    }

    /// Throws naming `key` when it is present and differs from `value` (a feature of QUIP's
    /// descriptor that props does not implement).
    mutating func refuse(_ key: String, unless allowed: (String) -> Bool) throws {
        if let text = string(key), !allowed(text) {
            throw error("'\(key)=\(text)' is not supported by props")
        }
    }

    /// Throws naming the first key neither read nor fitting-only.
    func checkAllRead() throws {
        if let key = order.first(where: { !read.contains($0) && !Self.fittingOnly.contains($0) }) {
            throw error("unknown keyword '\(key)'")
        }
    }

    /// An error about this descriptor at its line.
    func error(_ message: String) -> InputError {
        file.error("GAP descriptor '\(kind)': \(message)", line: line)
    }
}
