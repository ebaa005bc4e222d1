import Foundation

/// Human output on stdout; progress, notes and warnings on stderr (silenced by --quiet).
struct Console {
    var quiet = false
    var json = false

    /// Whether stderr is a terminal (progress lines are drawn only then).
    static let stderrIsTerminal = isatty(2) == 1

    /// A line of human output (suppressed with --json, where stdout holds the JSON only).
    func print(_ line: String = "") {
        guard !json else { return }
        Swift.print(line)
    }

    /// A note on stderr.
    func note(_ line: String) {
        guard !quiet else { return }
        FileHandle.standardError.write((line + "\n").data(using: .utf8)!)
    }

    /// A warning on stderr (shown even with --quiet).
    func warn(_ line: String) {
        FileHandle.standardError.write(("warning: " + line + "\n").data(using: .utf8)!)
    }

    /// Rewrites a one-line progress message on a terminal; nothing otherwise.
    func progress(_ line: String) {
        guard !quiet, Console.stderrIsTerminal else { return }
        FileHandle.standardError.write(("\r\u{1B}[K" + line).data(using: .utf8)!)
    }

    /// Ends a progress line.
    func endProgress() {
        guard !quiet, Console.stderrIsTerminal else { return }
        FileHandle.standardError.write("\r\u{1B}[K".data(using: .utf8)!)
    }

    /// The JSON object on stdout.
    func emit(_ value: JSON) {
        Swift.print(value.text)
    }
}

/// Fixed-width number formatting for tables.
func fmt(_ x: Double, _ decimals: Int = 6, width: Int = 0) -> String {
    var s = String(format: "%.\(decimals)f", x)
    // No "-0.00": a value that rounds to zero prints as zero.
    if s.hasPrefix("-"), s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { s.removeFirst() }
    return width > s.count ? String(repeating: " ", count: width - s.count) + s : s
}

/// Left-pads `s` to `width`.
func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
}

/// Writes `text` to `path`, creating directories; errors name the path.
func writeFile(_ text: String, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    do {
        try text.write(to: url, atomically: true, encoding: .utf8)
    } catch {
        throw CommandFailure("cannot write \(path): \(error.localizedDescription)")
    }
}

/// A run that failed for a reason other than bad input (exit status 1).
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
