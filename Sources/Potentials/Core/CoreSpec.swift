import Atoms
import Neighbors

/// A `--core` option or recipe `core` key: `zbl` (radii from the shortest training
/// distances) or `zbl:R_INNER,R_OUTER` (the same radii, Å, for every pair of elements).
public struct CoreSpec: Sendable, Equatable {
    /// The switch radii given, Å, or nil to take them from the shortest training distances.
    public var radii: (inner: Double, outer: Double)?

    /// r_inner as a fraction of the shortest training distance when no radii are given
    /// (r_outer is that distance itself).
    public static let innerFraction = 0.75

    public static func == (a: CoreSpec, b: CoreSpec) -> Bool { a.radii?.inner == b.radii?.inner && a.radii?.outer == b.radii?.outer }

    /// Parses `zbl` or `zbl:R_INNER,R_OUTER`.
    public init(_ text: String) throws {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.first == "zbl" else { throw InputError("core '\(text)' is not zbl or zbl:R_INNER,R_OUTER (Å)") }
        guard parts.count == 2 else { radii = nil; return }
        let r = parts[1].split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard r.count == 2, let inner = r[0], let outer = r[1], inner > 0, outer > inner, outer < 20 else {
            throw InputError("core '\(text)' needs zbl:R_INNER,R_OUTER with 0 < R_INNER < R_OUTER < 20 Å")
        }
        radii = (inner, outer)
    }

    /// The core pairs for `species`: every pair with the given radii, or, without radii, each
    /// pair found in `shortest` with r_outer = its shortest distance and r_inner = 0.75 of it
    /// (pairs never seen get no core: `missing` lists them).
    public func pairs(species: [Element], shortest: ShortestDistances?) throws -> (pairs: [ZBLCore.Pair], missing: [String]) {
        var pairs: [ZBLCore.Pair] = [], missing: [String] = []
        for (a, x) in species.enumerated() {
            for y in species[a...] {
                if let radii {
                    pairs.append(ZBLCore.Pair(x, y, rInner: radii.inner, rOuter: radii.outer))
                } else if let d = shortest?.distance(x, y) {
                    pairs.append(ZBLCore.Pair(x, y, rInner: Self.innerFraction * d, rOuter: d))
                } else {
                    missing.append("\(x.symbol)-\(y.symbol)")
                }
            }
        }
        guard !pairs.isEmpty else {
            throw InputError("--core zbl without radii needs the shortest training distances (a potential trained by props train records them); give zbl:R_INNER,R_OUTER")
        }
        return (pairs, missing)
    }
}
