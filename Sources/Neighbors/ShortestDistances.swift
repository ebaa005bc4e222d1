import Atoms

/// The shortest distance between atoms of each pair of elements over a set of structures
/// (periodic images included), for reporting the range a potential was trained on.
public struct ShortestDistances: Sendable, Equatable {
    /// One pair of elements (lower atomic number first) and its shortest distance, Å.
    public struct Entry: Sendable, Equatable {
        public var elements: (Element, Element)
        /// Shortest distance, Å.
        public var distance: Double
        /// Index of the structure where it occurs (0-based, in the order given).
        public var structure: Int

        public init(elements: (Element, Element), distance: Double, structure: Int) {
            self.elements = elements.0.number <= elements.1.number ? elements : (elements.1, elements.0)
            self.distance = distance
            self.structure = structure
        }

        public static func == (x: Entry, y: Entry) -> Bool {
            x.elements == y.elements && x.distance == y.distance && x.structure == y.structure
        }

        /// "Si-O".
        public var label: String { "\(elements.0.symbol)-\(elements.1.symbol)" }
    }

    /// The pairs found, ordered by atomic numbers.
    public private(set) var entries: [Entry] = []

    /// Distances already known (e.g. read from a potential's provenance).
    public init(entries: [Entry]) { self.entries = entries }

    /// Distances up to `range` Å are searched; pairs never closer than that are absent.
    public init(_ structures: [Structure], range: Double = 6) throws {
        var best: [Int: Entry] = [:]
        for (s, structure) in structures.enumerated() {
            let list = try NeighborList(structure, cutoff: range, kind: .half)
            for i in 0..<structure.count {
                for k in list.range(of: i) {
                    let j = list.neighbor(k)
                    let r = length(list.displacement(k, from: i, structure.positions))
                    var (a, b) = (structure.elements[i], structure.elements[j])
                    if a.number > b.number { swap(&a, &b) }
                    let key = a.number * 1000 + b.number
                    if r < best[key]?.distance ?? .infinity { best[key] = Entry(elements: (a, b), distance: r, structure: s) }
                }
            }
        }
        entries = best.keys.sorted().map { best[$0]! }
    }

    /// The shortest distance of elements a and b (either order), Å, or nil when absent.
    public func distance(_ a: Element, _ b: Element) -> Double? {
        let (x, y) = a.number <= b.number ? (a, b) : (b, a)
        return entries.first { $0.elements.0 == x && $0.elements.1 == y }?.distance
    }
}
