import Atoms

/// One element of a small XML document: its name, attributes, character content and
/// children, with the line it starts on for error messages.
///
/// Enough XML for the files QUIP writes (elements, attributes, character data, CDATA
/// sections, comments, the `<?xml ...?>` declaration and the five predefined entities);
/// no DTDs or namespaces. Foundation's `XMLParser` is not used because it is missing or
/// heavy on Linux.
public struct XMLTree: Sendable {
    /// The tag name.
    public var name: String
    /// Attributes in document order.
    public var attributes: [(name: String, value: String)]
    /// The character data directly inside this element (CDATA included), concatenated.
    public var text: String
    /// Child elements in document order.
    public var children: [XMLTree]
    /// 1-based line of the start tag.
    public var line: Int

    /// The value of attribute `name`, or nil.
    public func attribute(_ key: String) -> String? {
        attributes.first { $0.name == key }?.value
    }

    /// The children named `name`.
    public func children(named key: String) -> [XMLTree] {
        children.filter { $0.name == key }
    }

    /// The first child named `name`, or nil.
    public func child(_ key: String) -> XMLTree? {
        children.first { $0.name == key }
    }

    /// Parses the document in `file`, returning its root element. Throws an error naming
    /// the file and line for malformed or truncated XML.
    public static func parse(_ file: TextFile) throws -> XMLTree {
        var parser = XMLScanner(file: file)
        return try parser.document()
    }
}

/// The character-level scanner behind `XMLTree.parse`.
struct XMLScanner {
    let file: TextFile
    private let bytes: [UInt8]
    private var position = 0
    private var line = 1

    init(file: TextFile) {
        self.file = file
        bytes = Array(file.lines.joined(separator: "\n").utf8)
    }

    mutating func document() throws -> XMLTree {
        var root: XMLTree?
        while true {
            skipSpace()
            if position >= bytes.count { break }
            if starts("<?") { try skip(past: "?>", what: "processing instruction"); continue }
            if starts("<!--") { try skip(past: "-->", what: "comment"); continue }
            if starts("<!") { try skip(past: ">", what: "declaration"); continue }
            guard root == nil else { throw file.error("text after the root element", line: line) }
            guard starts("<") else { throw file.error("expected '<' at the start of the XML document", line: line) }
            root = try element()
        }
        guard let root else { throw file.error("no XML element in the file", line: line) }
        return root
    }

    /// Reads one element starting at '<'.
    private mutating func element() throws -> XMLTree {
        let startLine = line
        position += 1
        let name = try self.name("element name")
        var result = XMLTree(name: name, attributes: [], text: "", children: [], line: startLine)
        while true {
            skipSpace()
            guard position < bytes.count else { throw truncated("<\(name)> at line \(startLine)") }
            if starts("/>") { position += 2; return result }
            if bytes[position] == UInt8(ascii: ">") { position += 1; break }
            let key = try self.name("attribute name in <\(name)>")
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "=") else {
                throw file.error("attribute '\(key)' of <\(name)> has no '=value'", line: line)
            }
            position += 1
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'") else {
                throw file.error("attribute '\(key)' of <\(name)> has no quoted value", line: line)
            }
            let quote = bytes[position]
            position += 1
            let start = position
            while position < bytes.count, bytes[position] != quote { advance() }
            guard position < bytes.count else { throw truncated("attribute '\(key)' of <\(name)> at line \(startLine)") }
            result.attributes.append((key, try decode(start..<position)))
            position += 1
        }
        var text: [String] = []
        while true {
            guard position < bytes.count else { throw truncated("<\(name)> at line \(startLine)") }
            if starts("</") {
                position += 2
                let closing = try self.name("closing tag")
                skipSpace()
                guard closing == name, position < bytes.count, bytes[position] == UInt8(ascii: ">") else {
                    throw file.error("</\(closing)> does not close <\(name)> of line \(startLine)", line: line)
                }
                position += 1
                result.text = text.joined()
                return result
            }
            if starts("<!--") { try skip(past: "-->", what: "comment"); continue }
            if starts("<![CDATA[") {
                position += 9
                let start = position
                try skip(past: "]]>", what: "CDATA section")
                text.append(String(decoding: bytes[start..<position - 3], as: UTF8.self))
                continue
            }
            if bytes[position] == UInt8(ascii: "<") {
                result.children.append(try element())
                continue
            }
            let start = position
            while position < bytes.count, bytes[position] != UInt8(ascii: "<") { advance() }
            text.append(try decode(start..<position))
        }
    }

    private func truncated(_ what: String) -> InputError {
        file.error("the XML ends inside \(what) (truncated file?)", line: file.lines.count)
    }

    private mutating func advance() {
        if bytes[position] == UInt8(ascii: "\n") { line += 1 }
        position += 1
    }

    private mutating func skipSpace() {
        while position < bytes.count, bytes[position] == 32 || bytes[position] == 9 || bytes[position] == 10 || bytes[position] == 13 {
            advance()
        }
    }

    private func starts(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard position + u.count <= bytes.count else { return false }
        for k in 0..<u.count where bytes[position + k] != u[k] { return false }
        return true
    }

    private mutating func skip(past end: String, what: String) throws {
        let startLine = line
        while position < bytes.count {
            if starts(end) { position += end.utf8.count; return }
            advance()
        }
        throw truncated("a \(what) begun at line \(startLine)")
    }

    private mutating func name(_ what: String) throws -> String {
        let start = position
        while position < bytes.count {
            let c = bytes[position]
            let ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57)
                || c == UInt8(ascii: "_") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") || c == UInt8(ascii: ":")
            guard ok else { break }
            position += 1
        }
        guard position > start else {
            throw position >= bytes.count ? truncated(what) : file.error("expected \(what)", line: line)
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// The text of `range` with entity references replaced.
    private func decode(_ range: Range<Int>) throws -> String {
        let raw = String(decoding: bytes[range], as: UTF8.self)
        guard raw.contains("&") else { return raw }
        var out = ""
        var rest = raw[...]
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";") else {
                throw file.error("unterminated entity reference in '\(raw.prefix(40))'", line: line)
            }
            let entity = rest[rest.index(after: amp)..<semi]
            switch entity {
            case "lt": out += "<"
            case "gt": out += ">"
            case "amp": out += "&"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                if entity.hasPrefix("#x"), let v = UInt32(entity.dropFirst(2), radix: 16), let s = Unicode.Scalar(v) {
                    out.unicodeScalars.append(s)
                } else if entity.hasPrefix("#"), let v = UInt32(entity.dropFirst()), let s = Unicode.Scalar(v) {
                    out.unicodeScalars.append(s)
                } else {
                    throw file.error("unknown XML entity '&\(entity);'", line: line)
                }
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }
}
