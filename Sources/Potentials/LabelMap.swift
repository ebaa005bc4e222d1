import Atoms
import Foundation

/// Which labels of a potential file are used and the element each stands for, as LAMMPS's
/// `pair_coeff * * FILE LABEL...` chooses them: `--map 'Si(D)=Si,C'` (a bare label is a
/// chemical symbol standing for itself). An empty map uses every label as the element
/// of that symbol. With a map, the Stillinger–Weber and Tersoff readers use only the
/// labels it names; an eam/alloy or eam/fs file has all its elements, the mapped labels
/// renamed.
public struct LabelMap: Sendable, Equatable {
    /// The explicit pairs, in the order given.
    public private(set) var pairs: [(label: String, element: Element)] = []

    public init() {}

    public static func == (a: LabelMap, b: LabelMap) -> Bool {
        a.pairs.map(\.label) == b.pairs.map(\.label) && a.pairs.map(\.element) == b.pairs.map(\.element)
    }

    /// Parses `LABEL=ELEMENT,LABEL=ELEMENT,...`.
    public init(parsing text: String) throws {
        for item in text.split(separator: ",", omittingEmptySubsequences: true) {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let label = parts[0].trimmingCharacters(in: .whitespaces)
            guard !label.isEmpty else {
                throw InputError("--map entry '\(item)' is not LABEL=ELEMENT or ELEMENT (e.g. 'Si(D)=Si,C')")
            }
            let symbol = parts.count == 2 ? parts[1].trimmingCharacters(in: .whitespaces) : label
            guard let element = Element(symbol: symbol) else {
                throw InputError("--map entry '\(item)': '\(symbol)' is not a chemical symbol")
            }
            if pairs.contains(where: { $0.label == label }) {
                throw InputError("--map names label '\(label)' twice")
            }
            if let other = pairs.first(where: { $0.element == element }) {
                throw InputError("--map gives \(element.symbol) two labels, '\(other.label)' and '\(label)'")
            }
            pairs.append((label, element))
        }
    }

    /// True when no label is mapped explicitly.
    public var isEmpty: Bool { pairs.isEmpty }

    /// The element `label` stands for, or nil when it is not used (not in a non-empty
    /// map, or not a chemical symbol).
    public func element<S: StringProtocol>(_ label: S) -> Element? {
        if pairs.isEmpty { return Element(symbol: String(label)) }
        return pairs.first { $0.label == label }?.element
    }

    /// Throws unless every explicitly mapped label is among `labels` (the file's).
    public func requireLabels(in labels: [String], file: TextFile) throws {
        let known = Set(labels)
        for p in pairs where !known.contains(p.label) {
            throw file.error("--map names label '\(p.label)', which the file does not have; its labels are "
                             + known.sorted().joined(separator: ", "))
        }
    }
}
