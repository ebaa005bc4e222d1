import Foundation

/// Checks on a path a user names for props to write (a recipe's `out`), so that a name no
/// file system takes is refused where it is read, with its line, instead of failing later
/// with a bare "cannot write".
public enum OutputPath {
    /// The longest name of one path component (bytes, Linux's NAME_MAX) and of a whole path
    /// (PATH_MAX less the terminating zero).
    public static let longestComponent = 255
    public static let longestPath = 4095

    /// Why `path` cannot name a file to write, or nil: empty or blank, a control character,
    /// a component or the whole path too long.
    public static func problem(_ path: String) -> String? {
        if path.trimmingCharacters(in: .whitespaces).isEmpty { return "is empty" }
        if let c = path.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) {
            return String(format: "contains the control character U+%04X", c.value)
        }
        if path.utf8.count > longestPath { return "is \(path.utf8.count) bytes long (at most \(longestPath))" }
        if let long = path.split(separator: "/").first(where: { $0.utf8.count > longestComponent }) {
            return "has a name of \(long.utf8.count) bytes ('\(long.prefix(20))…'; at most \(longestComponent))"
        }
        return nil
    }
}
