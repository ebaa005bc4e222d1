import Atoms

/// A command-line usage error: wrong or missing arguments (exit status 2).
struct UsageError: Error, CustomStringConvertible {
    let message: String
    let command: String?
    init(_ message: String, command: String? = nil) {
        self.message = InputError.clippingQuotes(message)  // a quoted echo of a huge value is cut
        self.command = command
    }
    var description: String { message }
}

/// One option of a command: `--name VALUE` or a flag `--name`.
struct OptionSpec {
    let name: String
    /// Placeholder for the value (e.g. "FS"), nil for a flag.
    let value: String?
    let help: String
    /// Alternative short spelling, e.g. "-o".
    var short: String? = nil
    /// May be given several times (all values kept, in order).
    var repeatable = false
}

/// What a command accepts, for parsing and for `props help COMMAND`.
struct CommandSpec {
    let name: String
    let summary: String
    /// Positional arguments: name, help, required.
    let positionals: [(name: String, help: String, required: Bool)]
    let options: [OptionSpec]
    /// Extra paragraphs for the help text.
    var details: String = ""
    /// The last positional may be given any number of times.
    var variadic = false

    /// Options every command takes.
    static let shared: [OptionSpec] = [
        OptionSpec(name: "json", value: nil, help: "print one JSON object on stdout instead of tables"),
        OptionSpec(name: "out", value: "DIR", help: "write output files into DIR"),
        OptionSpec(name: "seed", value: "S", help: "random seed (integer)"),
        OptionSpec(name: "threads", value: "N", help: "worker threads (default: all cores; 1 for single-core timing)"),
        OptionSpec(name: "quiet", value: nil, help: "no progress or notes on stderr"),
        OptionSpec(name: "help", value: nil, help: "show this help", short: "-h"),
    ]

    /// The command's options, then the shared ones it does not redefine (e.g. `train`'s `--out X.pot`).
    var allOptions: [OptionSpec] { options + CommandSpec.shared.filter { s in !options.contains { $0.name == s.name } } }

    var usage: String {
        var line = "props \(name)"
        for p in positionals { line += p.required ? " \(p.name)" : " [\(p.name)]" }
        if variadic { line += " [\(positionals.last!.name) ...]" }
        line += " [options]"
        var out = "\(summary)\n\nUsage: \(line)\n"
        if !positionals.isEmpty {
            out += "\nArguments:\n"
            for p in positionals { out += "  " + p.name.padding(toLength: 22, withPad: " ", startingAt: 0) + p.help + "\n" }
        }
        out += "\nOptions:\n"
        for o in allOptions {
            var flag = "--\(o.name)" + (o.value.map { " \($0)" } ?? "")
            if let s = o.short { flag = "\(s), " + flag }
            out += "  " + flag.padding(toLength: 22, withPad: " ", startingAt: 0) + o.help + "\n"
        }
        if !details.isEmpty { out += "\n" + details + "\n" }
        return out
    }

    /// Parses `args` (after the command name).
    func parse(_ args: [String]) throws -> ParsedArguments {
        var parsed = ParsedArguments(command: name)
        var i = 0
        let byName = Dictionary(allOptions.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let byShort = Dictionary(allOptions.compactMap { o in o.short.map { ($0, o) } }, uniquingKeysWith: { a, _ in a })
        while i < args.count {
            let a = args[i]
            if a == "--" {
                parsed.positionals += args[(i + 1)...]
                break
            }
            if a.hasPrefix("-") && a.count > 1 && Double(a) == nil {
                var key = a
                var inline: String? = nil
                if a.hasPrefix("--"), let eq = a.firstIndex(of: "=") {
                    key = String(a[..<eq])
                    inline = String(a[a.index(after: eq)...])
                }
                guard let spec = key.hasPrefix("--") ? byName[String(key.dropFirst(2))] : byShort[key] else {
                    throw UsageError("unknown option '\(key)' for 'props \(name)'", command: name)
                }
                if spec.value == nil {
                    guard inline == nil else { throw UsageError("--\(spec.name) takes no value", command: name) }
                    parsed.flags.insert(spec.name)
                } else {
                    let v: String
                    if let inline { v = inline } else {
                        guard i + 1 < args.count else {
                            throw UsageError("--\(spec.name) needs a value (\(spec.value!))", command: name)
                        }
                        i += 1
                        v = args[i]
                    }
                    parsed.values[spec.name] = v
                    parsed.repeated[spec.name, default: []].append(v)
                    if !spec.repeatable && parsed.repeated[spec.name]!.count > 1 {
                        throw UsageError("--\(spec.name) given more than once", command: name)
                    }
                }
            } else {
                parsed.positionals.append(a)
            }
            i += 1
        }
        if parsed.flag("help") { return parsed }
        let required = positionals.filter(\.required).count
        guard parsed.positionals.count >= required else {
            throw UsageError("missing \(positionals[parsed.positionals.count].name)", command: name)
        }
        guard variadic || parsed.positionals.count <= positionals.count else {
            throw UsageError("unexpected argument '\(parsed.positionals[positionals.count])'", command: name)
        }
        return parsed
    }
}

/// Parsed arguments with typed accessors that report bad values as usage errors.
struct ParsedArguments {
    let command: String
    var positionals: [String] = []
    var values: [String: String] = [:]
    /// Every value of each option, in order (for repeatable options).
    var repeated: [String: [String]] = [:]
    var flags: Set<String> = []

    init(command: String) { self.command = command }

    func flag(_ name: String) -> Bool { flags.contains(name) }

    func string(_ name: String) -> String? { values[name] }

    /// All values of a repeatable option.
    func strings(_ name: String) -> [String] { repeated[name] ?? [] }

    func positional(_ k: Int) -> String? { k < positionals.count ? positionals[k] : nil }

    /// Where a command's main output goes: --output, else `name` in --out (default ".").
    func outputPath(default name: String) -> String {
        string("output") ?? ((string("out") ?? ".") + "/" + name)
    }

    func double(_ name: String, default d: Double, range: ClosedRange<Double>? = nil) throws -> Double {
        guard let s = values[name] else { return d }
        guard let v = Double(s), v.isFinite else {
            throw UsageError("--\(name) needs a number, got '\(s)'", command: command)
        }
        if let range, !range.contains(v) {
            throw UsageError("--\(name) must be between \(range.lowerBound) and \(range.upperBound), got \(s)", command: command)
        }
        return v
    }

    func int(_ name: String, default d: Int, range: ClosedRange<Int>? = nil) throws -> Int {
        guard let s = values[name] else { return d }
        guard let v = Int(s) else { throw UsageError("--\(name) needs an integer, got '\(s)'", command: command) }
        if let range, !range.contains(v) {
            throw UsageError("--\(name) must be between \(range.lowerBound) and \(range.upperBound), got \(s)", command: command)
        }
        return v
    }
}
