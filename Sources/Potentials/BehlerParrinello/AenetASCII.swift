import Atoms
import Foundation

extension AenetReader {
    /// The fields of aenet's ASCII network file (`*.nn.ascii`, written by aenet-PyTorch and
    /// read by aenet's `nnASCII2bin.x`): the binary file's fields in the same order, each
    /// read as Fortran list-directed input does. A field starts on a new line (blank lines
    /// are skipped) and takes as many lines as its values need; values are separated by
    /// blanks or commas, `r*v` stands for v repeated r times, and reals may have `D`
    /// exponents. Character fields are whole lines. Unlike Fortran, values left over on a
    /// field's last line are an error, since they mean the counts and the data disagree.
    /// Errors name the file and the line.
    struct ASCIIFields: AenetFields {
        let file: TextFile
        /// 0-based index of the line the next field starts at or after.
        var next = 0

        init(_ file: TextFile) { self.file = file }

        /// 1-based line of the last value read (where a problem found after reading it is).
        var line: Int { max(next, 1) }

        /// True when `data` starts like such a file: four lines of one value each (the layer
        /// count, 2–64, then the widest layer, weight count and node count), then a line
        /// starting with an integer (the nodes per layer). A bad value in the second to
        /// fourth line still counts, so that the reader can say which.
        static func recognizes(_ data: Data) -> Bool {
            guard !data.contains(0) else { return false }
            let lines = String(decoding: data.prefix(4096), as: UTF8.self).split(whereSeparator: \.isNewline)
                .map { values($0) }.filter { !$0.isEmpty }
            guard lines.count >= 5, lines[0..<4].allSatisfy({ $0.count == 1 }),
                  let layers = Int(lines[0][0]), (2...64).contains(layers) else { return false }
            return Int(lines[4][0]) != nil
        }

        /// The text of `data` when it can be such a file (UTF-8 without NUL bytes).
        static func text(_ data: Data) -> String? {
            data.contains(0) ? nil : String(data: data, encoding: .utf8)
        }

        /// The values of one line: blank- or comma-separated, `r*v` expanded.
        static func values(_ line: Substring) -> [Substring] {
            line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).flatMap { token -> [Substring] in
                guard let star = token.firstIndex(of: "*"), let r = Int(token[..<star]), r >= 1, r <= 1 << 20 else {
                    return [token]
                }
                let value = token[token.index(after: star)...]
                return value.isEmpty ? [token] : Array(repeating: value, count: r)
            }
        }

        /// Index of the next non-blank line at or after `next`, or nil at the end.
        func nextContentLine() -> Int? {
            (next..<file.lines.count).first { !file.lines[$0].allSatisfy(\.isWhitespace) }
        }

        /// `n` values of `what`, each with its 1-based line, starting on a new line.
        mutating func tokens(_ n: Int, _ what: String) throws -> [(value: Substring, line: Int)] {
            var out: [(value: Substring, line: Int)] = []
            while out.count < n {
                guard next < file.lines.count else {
                    throw file.error(out.isEmpty ? "the file ends before \(what)"
                                     : "the file ends after \(out.count) of the \(n) values of \(what)",
                                     line: file.lines.count + 1)
                }
                let values = Self.values(file.lines[next])
                next += 1
                guard out.count + values.count <= n else {
                    let extra = out.count + values.count - n
                    throw file.error("\(extra) value\(extra == 1 ? "" : "s") too many for \(what) (expected \(n))", line: next)
                }
                out += values.map { ($0, next) }
            }
            return out
        }

        mutating func ints(_ n: Int, _ what: String) throws -> [Int] {
            try tokens(n, what).map { t in
                guard let v = Int(t.value) else {
                    throw file.error("expected an integer in \(what), found '\(t.value)'", line: t.line)
                }
                return v
            }
        }

        mutating func doubles(_ n: Int, _ what: String) throws -> [Double] {
            try tokens(n, what).map { t in
                guard let v = parseDouble(t.value), v.isFinite else {
                    throw file.error("expected a number in \(what), found '\(t.value)'", line: t.line)
                }
                return v
            }
        }

        /// The next non-blank line.
        mutating func text(_ what: String) throws -> String {
            guard let k = nextContentLine() else { throw file.error("the file ends before \(what)", line: file.lines.count + 1) }
            next = k + 1
            return String(file.lines[k])
        }

        mutating func names(_ n: Int, _ what: String) throws -> [String] {
            try tokens(n, what).map { String($0.value) }
        }

        /// A Fortran logical: T, F, .true., True, ...
        mutating func flag(_ what: String) throws -> Bool {
            let t = try tokens(1, what)[0]
            switch t.value.drop(while: { $0 == "." }).first {
            case "T", "t": return true
            case "F", "f": return false
            default: throw file.error("expected T or F for \(what), found '\(t.value)'", line: t.line)
            }
        }

        /// The ASCII form always has them (`nnASCII2bin.x` reads them unconditionally).
        var hasMeanSquares: Bool { true }

        func end() throws {
            if let k = nextContentLine() { throw file.error("unexpected text after the last field", line: k + 1) }
        }
    }
}
