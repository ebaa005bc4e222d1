import Potentials

/// A JSON value with ordered object keys, written compactly with numbers in Swift's
/// shortest round-trip form (non-finite numbers become null).
enum JSON {
    case number(Double)
    case int(Int)
    case string(String)
    case bool(Bool)
    case array([JSON])
    case object([(String, JSON)])
    case null

    static func numbers(_ v: [Double]) -> JSON { .array(v.map { .number($0) }) }

    static func vector(_ v: SIMD3<Double>) -> JSON { numbers([v.x, v.y, v.z]) }

    var text: String {
        var out = ""
        write(into: &out)
        return out
    }

    func write(into out: inout String) {
        switch self {
        case .number(let x): out += x.isFinite ? "\(x)" : "null"
        case .int(let i): out += "\(i)"
        case .string(let s): JSON.escape(s, into: &out)
        case .bool(let b): out += b ? "true" : "false"
        case .null: out += "null"
        case .array(let items):
            out += "["
            for (k, item) in items.enumerated() {
                if k > 0 { out += "," }
                item.write(into: &out)
            }
            out += "]"
        case .object(let pairs):
            out += "{"
            for (k, (key, value)) in pairs.enumerated() {
                if k > 0 { out += "," }
                JSON.escape(key, into: &out)
                out += ":"
                value.write(into: &out)
            }
            out += "}"
        }
    }

    static func escape(_ s: String, into out: inout String) { PotJSON.escape(s, into: &out) }
}
