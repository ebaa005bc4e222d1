import Foundation

/// Which element each numeric atom type of a LAMMPS data or dump file is: given on the
/// command line (`--types 1=Cu,2=Zr`), or else told from the file (its `Masses`, matched
/// to the nearest standard atomic weight within 0.1 amu, or a comment `# Cu` after the
/// mass, or an element column in a dump).
public struct AtomTypes: Sendable, Equatable {
    /// Element per type, 1-based types.
    public private(set) var elements: [Int: Element] = [:]

    public init() {}

    public init(_ elements: [Int: Element]) { self.elements = elements }

    /// Parses `TYPE=ELEMENT,...` (e.g. `1=Cu,2=Zr`).
    public init(parsing text: String) throws {
        for item in text.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let type = Int(parts[0].trimmingCharacters(in: .whitespaces)), type >= 1 else {
                throw InputError("--types entry '\(item)' is not TYPE=ELEMENT with TYPE ≥ 1 (e.g. '1=Cu')")
            }
            guard let e = Element(symbol: parts[1].trimmingCharacters(in: .whitespaces)) else {
                throw InputError("--types entry '\(item)': '\(parts[1])' is not a chemical symbol")
            }
            guard elements[type] == nil else { throw InputError("--types gives type \(type) twice") }
            elements[type] = e
        }
    }

    /// True when no type is given.
    public var isEmpty: Bool { elements.isEmpty }

    /// The element whose standard atomic weight is nearest `mass` (amu), within 0.1 amu.
    public static func element(mass: Double) -> Element? {
        let best = Element.table.min { abs($0.mass - mass) < abs($1.mass - mass) }!
        return abs(best.mass - mass) < 0.1 ? best : nil
    }
}
