import Atoms
import Neighbors

/// The optional `core` key of `.pot` files (`docs/pot-format.md`): a ZBL repulsion added to
/// the potential the file holds, `{"type": "zbl", "pairs": [{"elements": ["Si", "Si"],
/// "r_inner_A": 1.6, "r_outer_A": 2.1}]}`. Files without it load as before.
public extension PotFormat {
    /// The `core` value for `pairs`.
    static func coreJSON(_ pairs: [ZBLCore.Pair]) -> PotJSON {
        .object([("type", .string("zbl")),
                 ("pairs", .array(pairs.map { p in
                     .object([("elements", .array([.string(p.elements.0.symbol), .string(p.elements.1.symbol)])),
                              ("r_inner_A", .number(p.rInner)), ("r_outer_A", .number(p.rOuter))])
                 }))])
    }

    /// The core pairs of a parsed `.pot` file, or nil when it has no `core`; errors name the line.
    static func corePairs(_ root: PotJSON) throws -> [ZBLCore.Pair]? {
        guard let core = root.optionalField("core") else { return nil }
        let typeNode = try core.field("type")
        guard try typeNode.string("core type") == "zbl" else { throw typeNode.fail("core type must be \"zbl\"") }
        return try core.field("pairs").array("core pairs").map { node in
            let symbolsNode = try node.field("elements")
            let elements = try symbolsNode.array("core pair elements").map { s -> Element in
                let symbol = try s.string("element")
                guard let e = Element(symbol: symbol) else { throw s.fail("unknown element '\(symbol)'") }
                return e
            }
            guard elements.count == 2 else { throw symbolsNode.fail("a core pair names two elements") }
            return ZBLCore.Pair(elements[0], elements[1], rInner: try node.field("r_inner_A").double("r_inner_A"),
                                rOuter: try node.field("r_outer_A").double("r_outer_A"))
        }
    }

    /// `potential` with the core of the `.pot` file `file` added when it has one; errors name
    /// the file and line.
    static func addingCore(of file: TextFile, to potential: Potential) throws -> Potential {
        do {
            let root = try PotJSON.parse(file.lines.joined(separator: "\n"))
            guard let pairs = try corePairs(root) else { return potential }
            do { return try ZBLCore(wrapping: potential, pairs: pairs) } catch let e as InputError {
                throw InputError(e.message, line: root.optionalField("core")?.line)
            }
        } catch let e as InputError {
            throw e.at(file: file.path)
        }
    }

    /// `.pot` text with its `core` replaced by `pairs` (removed when nil).
    static func settingCore(_ text: String, _ pairs: [ZBLCore.Pair]?) throws -> String {
        var root = try PotJSON.parse(text)
        guard case .object(var entries) = root.value else { throw InputError("a .pot file is one JSON object") }
        entries.removeAll { $0.key == "core" }
        if let pairs { entries.append((key: "core", value: coreJSON(pairs))) }
        root.value = .object(entries)
        return root.text
    }
}

public extension PotFormat {
    /// The provenance key holding the shortest distance per element pair in the training data.
    static let shortestDistancesKey = "shortest_distances_A"

    /// `{"Si-Si": 2.03, ...}` (Å).
    static func shortestDistancesJSON(_ d: ShortestDistances) -> PotJSON {
        .object(d.entries.map { ($0.label, .number($0.distance)) })
    }

    /// The shortest training distances recorded in a `.pot` file's provenance, or nil.
    static func shortestDistances(inPot text: String) throws -> ShortestDistances? {
        let root = try PotJSON.parse(text)
        guard let node = root.optionalField("provenance")?.optionalField(shortestDistancesKey),
              case .object(let pairs) = node.value else { return nil }
        return ShortestDistances(entries: try pairs.map { key, value in
            let symbols = key.split(separator: "-").map { Element(symbol: String($0)) }
            guard symbols.count == 2, let a = symbols[0], let b = symbols[1] else { throw value.fail("'\(key)' is not a pair of elements like Si-O") }
            return ShortestDistances.Entry(elements: (a, b), distance: try value.double(key), structure: 0)
        })
    }

    /// `.pot` text with `key` set to `value` in its provenance.
    static func settingProvenance(_ text: String, _ key: String, _ value: PotJSON) throws -> String {
        var root = try PotJSON.parse(text)
        guard case .object(var entries) = root.value else { throw InputError("a .pot file is one JSON object") }
        var provenance: [(key: String, value: PotJSON)] = []
        if let k = entries.firstIndex(where: { $0.key == "provenance" }), case .object(let p) = entries[k].value.value {
            provenance = p.filter { $0.key != key }
            entries[k].value = PotJSON(.object(provenance + [(key: key, value: value)]))
        } else {
            entries.removeAll { $0.key == "provenance" }
            entries.append((key: "provenance", value: .object([(key, value)])))
        }
        root.value = .object(entries)
        return root.text
    }
}
