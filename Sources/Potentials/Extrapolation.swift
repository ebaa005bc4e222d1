/// Where one evaluation of a potential with a known training range (a neural network)
/// left that range: the atoms whose descriptors fell outside it and the worst excess.
public struct Extrapolation: Sendable, Equatable {
    /// Atoms with at least one descriptor value outside the training range.
    public var atoms: Int
    /// The largest excess beyond the range, in units of the range's width
    /// ((G − G_max)/(G_max − G_min) above, (G_min − G)/(G_max − G_min) below).
    public var worstExcess: Double
    /// The descriptor of the worst excess: element symbol and 1-based descriptor index.
    public var worstDescriptor: String
    /// For each descriptor ("Cu G12"), the number of atoms whose largest excess was in it.
    public var descriptors: [String: Int]

    public init(atoms: Int = 0, worstExcess: Double = 0, worstDescriptor: String = "", descriptors: [String: Int] = [:]) {
        self.atoms = atoms
        self.worstExcess = worstExcess
        self.worstDescriptor = worstDescriptor
        self.descriptors = descriptors
    }
}

/// Extrapolations summed over the evaluations of a run or a calculation.
public struct ExtrapolationTally: Sendable, Equatable {
    /// Whether the potential knows its training range at all (else nothing is counted).
    public private(set) var tracked = false
    /// Evaluations seen, and those with any descriptor value out of range.
    public private(set) var evaluations = 0
    public private(set) var extrapolatedEvaluations = 0
    /// Descriptor values out of range, summed over evaluations.
    public private(set) var values = 0
    /// Atoms out of range, summed over evaluations (an atom counts once per evaluation).
    public private(set) var atoms = 0
    /// The worst excess over all evaluations (range widths) and its descriptor.
    public private(set) var worstExcess = 0.0
    public private(set) var worstDescriptor = ""
    /// Atom-evaluations per descriptor of their largest excess.
    public private(set) var descriptors: [String: Int] = [:]

    public init() {}

    /// Adds one evaluation.
    public mutating func add(_ e: Evaluation) {
        evaluations += 1
        guard let n = e.extrapolations else { return }
        tracked = true
        guard n > 0 else { return }
        values += n
        extrapolatedEvaluations += 1
        guard let x = e.extrapolation else { return }
        atoms += x.atoms
        if x.worstExcess > worstExcess {
            worstExcess = x.worstExcess
            worstDescriptor = x.worstDescriptor
        }
        for (k, v) in x.descriptors { descriptors[k, default: 0] += v }
    }

    /// Adds another tally (runs done in parts).
    public mutating func add(_ t: ExtrapolationTally) {
        tracked = tracked || t.tracked
        evaluations += t.evaluations
        extrapolatedEvaluations += t.extrapolatedEvaluations
        values += t.values
        atoms += t.atoms
        if t.worstExcess > worstExcess {
            worstExcess = t.worstExcess
            worstDescriptor = t.worstDescriptor
        }
        for (k, v) in t.descriptors { descriptors[k, default: 0] += v }
    }

    /// The descriptors most often worst, most frequent first (at most `limit`).
    public func topDescriptors(_ limit: Int = 5) -> [(name: String, atoms: Int)] {
        descriptors.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(limit).map { ($0.key, $0.value) }
    }

    /// One line for people, nil when nothing extrapolated.
    public var summary: String? {
        guard values > 0 else { return nil }
        var s = "the potential extrapolated in \(extrapolatedEvaluations) of \(evaluations) evaluations (\(values) descriptor values out of the training range"
        if atoms > 0 {
            s += ", \(atoms) atom-evaluations; worst \(String(format: "%.3g", worstExcess)) range widths beyond, in \(worstDescriptor)"
            s += "; most often: " + topDescriptors(3).map { "\($0.name) (\($0.atoms))" }.joined(separator: ", ")
        }
        return s + ")"
    }
}
