import Atoms

/// A JSON value that remembers the line it starts on, for `.pot` files: read with exact
/// doubles (Swift's correctly rounded parsing) and written with Swift's shortest
/// round-trip form (integers without ".0"), so load → save → load changes no number. Errors from the typed
/// accessors name the line; readers add the file with `InputError.at(file:)`.
public struct PotJSON: Equatable, Sendable {
    public indirect enum Value: Sendable {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case array([PotJSON])
        case object([(key: String, value: PotJSON)])
    }

    public var value: Value
    /// 1-based line in the file it was read from; 0 when made in memory.
    public var line: Int

    public init(_ value: Value, line: Int = 0) {
        self.value = value
        self.line = line
    }

    public static func number(_ x: Double) -> PotJSON { PotJSON(.number(x)) }
    public static func string(_ s: String) -> PotJSON { PotJSON(.string(s)) }
    public static func numbers(_ v: [Double]) -> PotJSON { PotJSON(.array(v.map { .number($0) })) }
    public static func array(_ v: [PotJSON]) -> PotJSON { PotJSON(.array(v)) }
    public static func object(_ pairs: [(String, PotJSON)]) -> PotJSON {
        PotJSON(.object(pairs.map { (key: $0.0, value: $0.1) }))
    }

    /// Equal values (lines are ignored).
    public static func == (a: PotJSON, b: PotJSON) -> Bool {
        switch (a.value, b.value) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x), .number(y)): return x == y || (x.isNaN && y.isNaN)
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    // MARK: typed access

    func fail(_ message: String) -> InputError { InputError(message, line: line > 0 ? line : nil) }

    /// The value of `key` in an object.
    public func field(_ key: String) throws -> PotJSON {
        guard let v = optionalField(key) else {
            guard case .object = value else { throw fail("expected an object with \"\(key)\"") }
            throw fail("missing \"\(key)\"")
        }
        return v
    }

    /// The value of `key` in an object, or nil when absent or null.
    public func optionalField(_ key: String) -> PotJSON? {
        guard case .object(let pairs) = value, let v = pairs.first(where: { $0.key == key })?.value else { return nil }
        if case .null = v.value { return nil }
        return v
    }

    public func double(_ what: String) throws -> Double {
        guard case .number(let x) = value, x.isFinite else { throw fail("\(what) must be a number") }
        return x
    }

    public func int(_ what: String) throws -> Int {
        let x = try double(what)
        guard x.rounded() == x, abs(x) < 1e15 else { throw fail("\(what) must be an integer") }
        return Int(x)
    }

    public func string(_ what: String) throws -> String {
        guard case .string(let s) = value else { throw fail("\(what) must be a string") }
        return s
    }

    public func array(_ what: String) throws -> [PotJSON] {
        guard case .array(let a) = value else { throw fail("\(what) must be an array") }
        return a
    }

    /// Numbers of an array; a single number counts as a one-element list (as a recipe's
    /// `network.hidden = 30` is read).
    public func doubles(_ what: String, count: Int? = nil) throws -> [Double] {
        let a: [PotJSON]
        if case .number = value { a = [self] } else { a = try array(what) }
        if let count, a.count != count { throw fail("\(what) must have \(count) numbers, not \(a.count)") }
        return try a.map { try $0.double(what) }
    }

    // MARK: writing

    /// Pretty text: objects one key per line, arrays of numbers or strings on one line,
    /// nested objects whose values are all numbers or strings on one line.
    public var text: String {
        var out = ""
        write(into: &out, indent: 0)
        out += "\n"
        return out
    }

    var isScalar: Bool {
        switch value {
        case .array, .object: return false
        default: return true
        }
    }

    var isFlat: Bool {
        switch value {
        case .array(let a): return a.allSatisfy(\.isScalar)
        case .object(let p): return p.allSatisfy { $0.value.isScalar }
        default: return true
        }
    }

    func write(into out: inout String, indent: Int) {
        let pad = String(repeating: "  ", count: indent + 1)
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        // Integers without ".0"; everything else in Swift's shortest round-trip form.
        case .number(let x): out += x.rounded() == x && abs(x) < 1e15 && x.sign == .plus ? String(Int(x)) : "\(x)"
        case .string(let s): PotJSON.escape(s, into: &out)
        case .array(let items):
            if isFlat {
                out += "["
                for (k, item) in items.enumerated() {
                    if k > 0 { out += ", " }
                    item.write(into: &out, indent: indent)
                }
                out += "]"
            } else {
                out += "[\n"
                for (k, item) in items.enumerated() {
                    out += pad
                    item.write(into: &out, indent: indent + 1)
                    out += k < items.count - 1 ? ",\n" : "\n"
                }
                out += String(repeating: "  ", count: indent) + "]"
            }
        case .object(let pairs):
            if pairs.isEmpty { out += "{}"; return }
            if isFlat && indent > 0 {
                out += "{"
                for (k, p) in pairs.enumerated() {
                    if k > 0 { out += ", " }
                    PotJSON.escape(p.key, into: &out)
                    out += ": "
                    p.value.write(into: &out, indent: indent)
                }
                out += "}"
                return
            }
            out += "{\n"
            for (k, p) in pairs.enumerated() {
                out += pad
                PotJSON.escape(p.key, into: &out)
                out += ": "
                p.value.write(into: &out, indent: indent + 1)
                out += k < pairs.count - 1 ? ",\n" : "\n"
            }
            out += String(repeating: "  ", count: indent) + "}"
        }
    }

    /// Appends `s` as a JSON string literal (quotes and escapes).
    public static func escape(_ s: String, into out: inout String) {
        out += "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }

    // MARK: parsing

    /// Parses JSON text; errors carry the line.
    public static func parse(_ text: String) throws -> PotJSON {
        var p = Parser(bytes: Array(text.utf8))
        p.skipSpace()
        let v = try p.value()
        p.skipSpace()
        guard p.at >= p.bytes.count else { throw InputError("unexpected text after the JSON value", line: p.line) }
        return v
    }

    struct Parser {
        let bytes: [UInt8]
        var at = 0
        var line = 1

        mutating func skipSpace() {
            while at < bytes.count {
                switch bytes[at] {
                case UInt8(ascii: "\n"): line += 1; at += 1
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): at += 1
                default: return
                }
            }
        }

        func error(_ message: String) -> InputError { InputError(message, line: line) }

        mutating func value() throws -> PotJSON {
            guard at < bytes.count else { throw error("unexpected end of file") }
            let start = line
            switch bytes[at] {
            case UInt8(ascii: "{"):
                at += 1
                var pairs: [(key: String, value: PotJSON)] = []
                skipSpace()
                if at < bytes.count, bytes[at] == UInt8(ascii: "}") { at += 1; return PotJSON(.object(pairs), line: start) }
                while true {
                    skipSpace()
                    guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { throw error("expected a quoted key") }
                    let key = try string()
                    skipSpace()
                    try expect(":")
                    skipSpace()
                    pairs.append((key: key, value: try value()))
                    skipSpace()
                    if try endOrComma("}") { return PotJSON(.object(pairs), line: start) }
                }
            case UInt8(ascii: "["):
                at += 1
                var items: [PotJSON] = []
                skipSpace()
                if at < bytes.count, bytes[at] == UInt8(ascii: "]") { at += 1; return PotJSON(.array(items), line: start) }
                while true {
                    skipSpace()
                    items.append(try value())
                    skipSpace()
                    if try endOrComma("]") { return PotJSON(.array(items), line: start) }
                }
            case UInt8(ascii: "\""):
                return PotJSON(.string(try string()), line: start)
            default:
                var end = at
                while end < bytes.count, !",]} \t\r\n".utf8.contains(bytes[end]) { end += 1 }
                let word = String(decoding: bytes[at..<end], as: UTF8.self)
                at = end
                switch word {
                case "null": return PotJSON(.null, line: start)
                case "true": return PotJSON(.bool(true), line: start)
                case "false": return PotJSON(.bool(false), line: start)
                default:
                    guard word.first.map({ $0 == "-" || $0.isNumber }) == true, let x = Double(word), x.isFinite else {
                        throw error("'\(word)' is not a JSON value")
                    }
                    return PotJSON(.number(x), line: start)
                }
            }
        }

        mutating func expect(_ c: Unicode.Scalar) throws {
            guard at < bytes.count, bytes[at] == UInt8(ascii: c) else { throw error("expected '\(c)'") }
            at += 1
        }

        /// Consumes `close` (true) or a comma (false).
        mutating func endOrComma(_ close: Unicode.Scalar) throws -> Bool {
            guard at < bytes.count else { throw error("unexpected end of file, expected '\(close)'") }
            if bytes[at] == UInt8(ascii: close) { at += 1; return true }
            guard bytes[at] == UInt8(ascii: ",") else { throw error("expected ',' or '\(close)'") }
            at += 1
            return false
        }

        mutating func string() throws -> String {
            at += 1
            var scalars = String.UnicodeScalarView()
            var raw: [UInt8] = []
            func flush() {
                scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
                raw.removeAll(keepingCapacity: true)
            }
            while at < bytes.count {
                let b = bytes[at]
                at += 1
                switch b {
                case UInt8(ascii: "\""):
                    flush()
                    return String(scalars)
                case UInt8(ascii: "\n"):
                    throw error("line break inside a string")
                case UInt8(ascii: "\\"):
                    flush()
                    guard at < bytes.count else { break }
                    let e = bytes[at]
                    at += 1
                    switch e {
                    case UInt8(ascii: "n"): scalars.append("\n")
                    case UInt8(ascii: "t"): scalars.append("\t")
                    case UInt8(ascii: "r"): scalars.append("\r")
                    case UInt8(ascii: "b"): scalars.append("\u{8}")
                    case UInt8(ascii: "f"): scalars.append("\u{C}")
                    case UInt8(ascii: "u"):
                        guard at + 4 <= bytes.count, let code = UInt32(String(decoding: bytes[at..<at + 4], as: UTF8.self), radix: 16)
                        else { throw error("bad \\u escape") }
                        at += 4
                        scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                    default: scalars.append(Unicode.Scalar(e))
                    }
                default:
                    raw.append(b)
                }
            }
            throw error("unterminated string")
        }
    }
}
