import Atoms
import Foundation

/// A condition on labelled structures, for training on one part of a data set and testing on
/// another (size and temperature transferability): `KEY=VALUE` with
/// - `T=300` or `T=300-900`: the AIMD temperature in K, read from the `description`
///   (`... at 300 K`, as the mlearn data write it);
/// - `atoms=64` or `atoms=1-40`: the number of atoms;
/// - `config_type=AIMD-NVT` or any other comment key: that value exactly.
public struct FrameSelection: Sendable, CustomStringConvertible {
    enum Condition: Sendable {
        case temperature(ClosedRange<Double>)
        case atoms(ClosedRange<Int>)
        case key(String, String)
    }

    let condition: Condition
    public let description: String

    /// Parses `KEY=VALUE`; the error says what is expected.
    public init(_ text: String) throws {
        description = text
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw InputError("a selection is KEY=VALUE (T=300, atoms=1-40, config_type=AIMD-NVT), got '\(text)'")
        }
        func range(_ s: String) -> (Double, Double)? {
            let ends = s.split(separator: "-").map { Double($0) }
            guard (1...2).contains(ends.count), let a = ends[0], let b = ends.last!, a <= b else { return nil }
            return (a, b)
        }
        switch parts[0] {
        case "T":
            guard let (a, b) = range(parts[1]) else { throw InputError("T= needs a temperature or range in K (T=300, T=300-900), got '\(parts[1])'") }
            condition = .temperature(a...b)
        case "atoms":
            guard let (a, b) = range(parts[1]), a == a.rounded(), b == b.rounded(), a >= 1 else {
                throw InputError("atoms= needs a count or range (atoms=64, atoms=1-40), got '\(parts[1])'")
            }
            condition = .atoms(Int(a)...Int(b))
        default:
            condition = .key(parts[0], parts[1])
        }
    }

    /// The temperature in K a frame's `description` states (`at 300 K`), if any.
    public static func temperature(_ frame: Frame) -> Double? {
        guard let d = frame.info("description"), let r = d.range(of: #"at [0-9.]+ K"#, options: .regularExpression) else { return nil }
        return Double(d[r].dropFirst(3).dropLast(2))
    }

    public func matches(_ frame: Frame) -> Bool {
        switch condition {
        case .temperature(let r): return Self.temperature(frame).map(r.contains) ?? false
        case .atoms(let r): return r.contains(frame.structure.count)
        case .key(let k, let v): return (k == "config_type" ? frame.configType : frame.info(k)) == v
        }
    }

    /// The frames matching every selection.
    public static func filter(_ frames: [Frame], _ selections: [FrameSelection]) -> [Frame] {
        frames.filter { f in selections.allSatisfy { $0.matches(f) } }
    }
}
