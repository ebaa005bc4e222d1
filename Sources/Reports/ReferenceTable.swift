import Atoms
import Foundation

/// Reference values of properties (experiment or DFT) from a CSV file with the columns
/// element, property, value, unit, source; `#` lines are comments, fields may be quoted.
public struct ReferenceTable: Sendable {
    public struct Entry: Sendable {
        public let element: String
        public let property: String
        /// The value as written (numbers, or space-separated lists for phonon branches).
        public let value: String
        public let unit: String
        public let source: String

        /// The value as numbers.
        public var numbers: [Double] { value.split(separator: " ").compactMap { Double($0) } }
    }

    public let path: String
    public let entries: [Entry]

    public init(path: String) throws {
        let file = try TextFile(path: path)
        self.path = path
        var entries: [Entry] = []
        var header: [String]? = nil
        for (k, line) in file.lines.enumerated() where !line.hasPrefix("#") && !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let fields = Self.fields(line)
            guard header != nil else {
                header = fields
                guard fields == ["element", "property", "value", "unit", "source"] else {
                    throw file.error("the header must be element,property,value,unit,source", line: k + 1)
                }
                continue
            }
            guard fields.count == 5 else { throw file.error("expected 5 fields, found \(fields.count)", line: k + 1) }
            let entry = Entry(element: fields[0], property: fields[1], value: fields[2], unit: fields[3], source: fields[4])
            guard !entry.numbers.isEmpty, entry.numbers.count == entry.value.split(separator: " ").count else {
                throw file.error("the value '\(fields[2])' is not a number or a list of numbers", line: k + 1)
            }
            entries.append(entry)
        }
        self.entries = entries
    }

    /// The entry for an element's property, if present.
    public func value(_ element: String, _ property: String) -> Entry? {
        entries.first { $0.element == element && $0.property == property }
    }

    /// Splits a CSV line; double-quoted fields may contain commas.
    static func fields(_ line: Substring) -> [String] {
        var out: [String] = [], current = "", quoted = false
        for ch in line {
            if ch == "\"" { quoted.toggle() } else if ch == "," && !quoted { out.append(current); current = "" } else { current.append(ch) }
        }
        out.append(current)
        return out.map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
