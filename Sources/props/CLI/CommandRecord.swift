import Atoms
import Foundation

/// A command line kept in a run's output directory (settings.txt) so that `--resume DIR`
/// continues the run with exactly the settings it started with. One line each:
/// `positional VALUE`, `option NAME VALUE` or `flag NAME`; paths of existing files are made
/// absolute so a resume from another directory finds them.
enum CommandRecord {
    /// Options that say how to run, not what: a resume may change them.
    static let free: Set<String> = ["resume", "out", "threads", "jobs", "json", "quiet"]
    /// Free options that are still recorded: the thread count sets the order of the sums, so
    /// a resume keeps it (bit for bit) unless told otherwise.
    static let kept: Set<String> = ["threads"]

    /// The text of `args` (without the free options).
    static func text(_ args: ParsedArguments) -> String {
        var lines = args.positionals.map { "positional \(absolute($0))" }
        lines += args.values.keys.sorted().filter { !free.contains($0) || kept.contains($0) }.map { "option \($0) \(args.values[$0]!)" }
        lines += args.flags.sorted().filter { !free.contains($0) }.map { "flag \($0)" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The command line of the run in `directory` with the free options of `current` and
    /// `--out directory`. Throws when `current` names a positional or a setting (a resumed
    /// run cannot change them) or the record is not readable.
    static func resumed(_ current: ParsedArguments, directory: String) throws -> ParsedArguments {
        guard current.positionals.isEmpty else {
            throw UsageError("--resume takes no POT or STRUCT: settings.txt in \(directory) names them", command: current.command)
        }
        if let other = current.values.keys.sorted().first(where: { !free.contains($0) }) ?? current.flags.sorted().first(where: { !free.contains($0) }) {
            throw UsageError("--\(other) cannot change a resumed run (its settings are in \(directory)/settings.txt)", command: current.command)
        }
        let file = try TextFile(path: directory + "/settings.txt")
        var args = ParsedArguments(command: current.command)
        for (k, line) in file.lines.enumerated() where !line.isEmpty {
            let parts = line.split(separator: " ", maxSplits: 2).map(String.init)
            switch (parts.first, parts.count) {
            case ("positional", 2...): args.positionals.append(String(line.dropFirst("positional ".count)))
            case ("option", 3): args.values[parts[1]] = parts[2]
            case ("flag", 2): args.flags.insert(parts[1])
            default: throw file.error("expected 'positional VALUE', 'option NAME VALUE' or 'flag NAME'", line: k + 1)
            }
        }
        guard !args.positionals.isEmpty else { throw file.error("names no potential (no 'positional' line)", line: 1) }
        for (key, value) in current.values where key != "resume" { args.values[key] = value }
        args.flags.formUnion(current.flags)
        args.values["out"] = directory
        return args
    }

    private static func absolute(_ path: String) -> String {
        FileManager.default.fileExists(atPath: path) ? URL(fileURLWithPath: path).standardizedFileURL.path : path
    }
}
