import Atoms
import Neighbors
import Potentials

/// What `props train`, `props convert` and `props sample short-range` share about short-range
/// safety: the shortest distance per element pair, shown and stored, and the `--core` option.
enum ShortRangeOptions {
    /// The `--core` option's help.
    static let coreHelp = "zbl or zbl:R_INNER,R_OUTER (Å): add a ZBL repulsion switched off between the radii (default: 0.75 × and 1 × the shortest training distance per pair)"

    /// "Si-Si 2.035 Å (structure 17)" lines.
    static func table(_ d: ShortestDistances, title: String) -> String {
        ([title] + d.entries.map { "  \($0.label.padding(toLength: 7, withPad: " ", startingAt: 0)) \(fmt($0.distance, 4)) Å (structure \($0.structure + 1))" })
            .joined(separator: "\n")
    }

    /// `{"Si-Si": 2.035, ...}` for `--json`.
    static func json(_ d: ShortestDistances) -> JSON {
        .object(d.entries.map { ($0.label, .number($0.distance)) })
    }

    /// `.pot` text with the core `spec` names for `species` (radii from `shortest` when
    /// `spec` gives none); pairs without a distance get none, with a warning.
    static func addCore(_ spec: String, to text: String, species: [Element], shortest: ShortestDistances?,
                        console: Console) throws -> String {
        let (pairs, missing) = try CoreSpec(spec).pairs(species: species, shortest: shortest)
        if !missing.isEmpty { console.warn("no shortest distance known for \(missing.joined(separator: ", ")): no ZBL core for those pairs") }
        for p in pairs {
            console.note("ZBL core \(p.label): full below \(fmt(p.rInner, 4)) Å, switched off at \(fmt(p.rOuter, 4)) Å")
        }
        return try PotFormat.settingCore(text, pairs)
    }
}
