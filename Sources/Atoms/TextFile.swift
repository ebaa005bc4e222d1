import Foundation

/// A text file split into lines, for readers that report errors by file and line.
public struct TextFile: Sendable {
    /// The path as given (used in messages).
    public let path: String
    /// The lines without their terminators.
    public let lines: [Substring]

    /// Reads `path` as UTF-8 (or Latin-1 when it is not valid UTF-8).
    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(FileManager.default.fileExists(atPath: path) ? "cannot read file" : "no such file",
                             file: path)
        }
        let text = String(data: data, encoding: .utf8) ?? String(decoding: data, as: UTF8.self)
        self.init(path: path, text: text)
    }

    /// Wraps text already in memory (`path` names it in messages). Lines end at "\n" or
    /// "\r\n" (Windows); Swift reads "\r\n" as one Character, so both are separators.
    /// The line ends are found in the UTF-8 bytes (a line feed is always a Character of
    /// its own, or the end of "\r\n"), not by splitting Characters, which took hundreds of
    /// instructions per byte.
    public init(path: String, text: String) {
        self.path = path
        var lines: [Substring] = []
        let bytes = text.utf8
        var start = text.startIndex
        while let lf = bytes[start...].firstIndex(of: 0x0A) {
            // As Character boundaries (then the lines' own Character operations need not
            // check their bounds): the line feed is one, unless it ends a "\r\n".
            let end = String.Index(lf, within: text) ?? String.Index(bytes.index(before: lf), within: text)!
            lines.append(text[start..<end])
            start = String.Index(bytes.index(after: lf), within: text)!
        }
        lines.append(text[start...])
        if lines.last == "" { lines.removeLast() }
        self.lines = lines.map { $0.utf8.last == 0x0D ? $0.dropLast() : $0 }
    }

    /// An error at 1-based line `line` of this file.
    public func error(_ message: String, line: Int? = nil) -> InputError {
        InputError(message, file: path, line: line)
    }
}

/// Reads whitespace-separated tokens across lines, remembering the line of each, for
/// formats that are streams of numbers (EAM tables) or fixed records.
public struct TokenScanner {
    public let file: TextFile
    /// 0-based index of the next line to read.
    public private(set) var nextLine = 0
    private var pending: [Substring] = []
    private var pendingLine = 0

    public init(_ file: TextFile, startLine: Int = 0) {
        self.file = file
        self.nextLine = startLine
    }

    /// The 1-based line of the last token returned (or of the next line when none).
    public var currentLine: Int { pending.isEmpty && pendingLine == 0 ? nextLine + 1 : pendingLine }

    /// The next whole line (1-based number, text), dropping any unread tokens of the
    /// current one.
    public mutating func line() throws -> (number: Int, text: Substring) {
        pending = []
        guard nextLine < file.lines.count else {
            throw file.error("unexpected end of file", line: file.lines.count + 1)
        }
        defer { nextLine += 1 }
        pendingLine = nextLine + 1
        return (nextLine + 1, file.lines[nextLine])
    }

    /// The next token, reading further lines as needed.
    public mutating func token(_ what: @autoclosure () -> String) throws -> Substring {
        while pending.isEmpty {
            guard nextLine < file.lines.count else {
                throw file.error("unexpected end of file while reading \(what())", line: file.lines.count + 1)
            }
            pending = file.lines[nextLine].split(whereSeparator: { $0 == " " || $0 == "\t" }).reversed()
            pendingLine = nextLine + 1
            nextLine += 1
        }
        return pending.removeLast()
    }

    /// The next token as a finite Double.
    public mutating func double(_ what: @autoclosure () -> String) throws -> Double {
        let name = what()
        let t = try token(name)
        guard let v = parseDouble(t), v.isFinite else {
            throw file.error("expected a number for \(name), found '\(clipped(t))'", line: pendingLine)
        }
        return v
    }

    /// The next token as an Int.
    public mutating func int(_ what: @autoclosure () -> String) throws -> Int {
        let name = what()
        let t = try token(name)
        guard let v = Int(t) else {
            throw file.error("expected an integer for \(name), found '\(clipped(t))'", line: pendingLine)
        }
        return v
    }

    /// `count` Doubles in a row.
    public mutating func doubles(_ count: Int, _ what: @autoclosure () -> String) throws -> [Double] {
        let name = what()
        var out = [Double]()
        // A count read from a corrupt file (2^32 + 1) must not be allocated before the
        // numbers are there: reserve a bounded amount, the loop fails at the file's end.
        out.reserveCapacity(min(max(count, 0), 1 << 16))
        for _ in 0..<max(count, 0) { out.append(try double(name)) }
        return out
    }

    /// True when only blank lines remain.
    public mutating func atEnd() -> Bool {
        if !pending.isEmpty { return false }
        while nextLine < file.lines.count {
            if !file.lines[nextLine].allSatisfy({ $0 == " " || $0 == "\t" }) { return false }
            nextLine += 1
        }
        return true
    }
}

/// `text` for an error message: at most `limit` characters, with "…" when cut, so a
/// corrupt file's megabyte-long line is not echoed whole.
public func clipped<S: StringProtocol>(_ text: S, limit: Int = 80) -> String {
    text.count <= limit ? String(text) : String(text.prefix(limit)) + "…"
}

/// Parses a Double as C and Fortran write them (also `1.0D+00` and `1.0d-3`).
public func parseDouble<S: StringProtocol>(_ s: S) -> Double? {
    if let v = Double(s) { return v }
    let fixed = s.replacingOccurrences(of: "D", with: "E").replacingOccurrences(of: "d", with: "e")
    return Double(fixed)
}
