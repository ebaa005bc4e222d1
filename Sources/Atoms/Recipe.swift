import Foundation

/// A recipe: a property calculation written down so it can be rerun from a file.
///
/// The format is plain text, one `key = value` per line; `#` starts a comment; keys may
/// be dotted (`phonons.supercell = 3`); lists are comma-separated. Unknown keys are errors
/// naming the line, so a typo is never silently ignored. File paths in a recipe are relative
/// to the recipe's own directory (`resolve`), so it runs from any working directory.
public struct Recipe: Sendable {
    public let path: String
    private let entries: [(key: String, value: String, line: Int)]

    public init(path: String) throws {
        try self.init(TextFile(path: path))
    }

    public init(_ file: TextFile) throws {
        path = file.path
        var entries: [(String, String, Int)] = []
        for (k, raw) in file.lines.enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            guard let eq = text.firstIndex(of: "=") else {
                throw file.error("expected 'key = value', found '\(text)'", line: k + 1)
            }
            let key = text[..<eq].trimmingCharacters(in: .whitespaces)
            let value = text[text.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-" }) else {
                throw file.error("'\(key)' is not a valid key", line: k + 1)
            }
            if let previous = entries.first(where: { $0.0 == key }) {
                throw file.error("'\(key)' is set twice (first on line \(previous.2))", line: k + 1)
            }
            entries.append((key, value, k + 1))
        }
        self.entries = entries
    }

    /// Throws for any key not in `known`, naming its line.
    public func check(known: Set<String>) throws {
        for e in entries where !known.contains(e.key) {
            throw InputError("unknown key '\(e.key)'; known: \(known.sorted().joined(separator: ", "))", file: path, line: e.line)
        }
    }

    /// The value of `key`, or nil.
    public func string(_ key: String) -> String? { entries.first { $0.key == key }?.value }

    /// A comma-separated list (empty when the key is absent).
    public func list(_ key: String) -> [String] {
        (string(key) ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// A number, with an error naming the line when it is not one.
    public func double(_ key: String) throws -> Double? {
        guard let e = entries.first(where: { $0.key == key }) else { return nil }
        guard let v = Double(e.value), v.isFinite else {
            throw InputError("'\(key)' must be a number, found '\(e.value)'", file: path, line: e.line)
        }
        return v
    }

    /// An integer, with an error naming the line when it is not one.
    public func int(_ key: String) throws -> Int? {
        guard let e = entries.first(where: { $0.key == key }) else { return nil }
        guard let v = Int(e.value) else { throw InputError("'\(key)' must be an integer, found '\(e.value)'", file: path, line: e.line) }
        return v
    }

    /// An integer in `range`, with an error naming the line and the range when it is not.
    public func int(_ key: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let v = try int(key) else { return nil }
        guard range.contains(v) else {
            throw InputError("'\(key)' must be from \(range.lowerBound) to \(range.upperBound), found \(v)", file: path, line: line(of: key))
        }
        return v
    }

    /// A number in `range`, with an error naming the line and the range when it is not.
    public func double(_ key: String, in range: ClosedRange<Double>) throws -> Double? {
        guard let v = try double(key) else { return nil }
        guard range.contains(v) else {
            throw InputError("'\(key)' must be from \(range.lowerBound) to \(range.upperBound), found \(v)", file: path, line: line(of: key))
        }
        return v
    }

    /// The 1-based line that sets `key`, or nil.
    public func line(of key: String) -> Int? { entries.first { $0.key == key }?.line }

    /// Every key = value pair, in file order (for reproducibility listings).
    public var settings: [(key: String, value: String)] { entries.map { ($0.key, $0.value) } }

    /// Every entry with its line, in file order.
    public var lines: [(key: String, value: String, line: Int)] { entries }

    /// The directory the recipe's relative paths start from.
    public var directory: String { (path as NSString).deletingLastPathComponent }

    /// A path written in the recipe, made relative to the working directory: relative paths
    /// start at the recipe's directory; absolute paths, lattice specs (`diamond:Si:5.43`) and
    /// inline potentials (`lj:...`) are kept; a `bohr:` unit prefix is kept in front.
    public func resolve(_ value: String) -> String {
        if value.hasPrefix("bohr:") { return "bohr:" + resolve(String(value.dropFirst(5))) }
        if value.hasPrefix("/") || value.hasPrefix("lj:") || StructureInput.isLatticeSpec(value) || directory.isEmpty {
            return value
        }
        return ((directory as NSString).appendingPathComponent(value) as NSString).standardizingPath
    }

    /// The resolved path of `key`, or nil.
    public func path(_ key: String) -> String? { string(key).map(resolve) }

    /// The resolved paths of a comma-separated `key`.
    public func paths(_ key: String) -> [String] { list(key).map(resolve) }

    /// Throws, naming the recipe's line, when a path of `key` (a comma-separated list, each
    /// resolved) names no file or directory; lattice specs and inline `lj:` potentials are not
    /// paths, and a `bohr:` prefix is not part of one.
    public func requireFiles(_ key: String) throws {
        guard let line = line(of: key) else { return }
        for value in paths(key) {
            let file = value.hasPrefix("bohr:") ? String(value.dropFirst(5)) : value
            if file.hasPrefix("lj:") || StructureInput.isLatticeSpec(file) { continue }
            guard FileManager.default.fileExists(atPath: file) else {
                throw InputError("'\(key)' names '\(file)': no such file", file: path, line: line)
            }
        }
    }
}
