import Potentials

/// How a command reports neural-network extrapolation: a warning on stderr and an
/// `extrapolation` object in its JSON / summary.
enum ExtrapolationOutput {
    /// `{"evaluations", "extrapolated_evaluations", "descriptor_values", "atom_evaluations",
    /// "worst_excess_range_widths", "worst_descriptor", "descriptors": {name: atoms}}`;
    /// null for a potential without a training range.
    static func json(_ t: ExtrapolationTally) -> JSON {
        guard t.tracked else { return .null }
        return .object([
            ("evaluations", .int(t.evaluations)), ("extrapolated_evaluations", .int(t.extrapolatedEvaluations)),
            ("descriptor_values", .int(t.values)), ("atom_evaluations", .int(t.atoms)),
            ("worst_excess_range_widths", .number(t.worstExcess)),
            ("worst_descriptor", t.worstDescriptor.isEmpty ? .null : .string(t.worstDescriptor)),
            ("descriptors", .object(t.topDescriptors(20).map { ($0.name, .int($0.atoms)) })),
        ])
    }

    /// `json` (an object) with the `extrapolation` key of `t` appended.
    static func adding(_ t: ExtrapolationTally, to json: JSON) -> JSON {
        guard case .object(let pairs) = json else { return json }
        return .object(pairs + [("extrapolation", Self.json(t))])
    }

    /// Warns on stderr when anything extrapolated (and when most evaluations did).
    static func warn(_ t: ExtrapolationTally, console: Console, what: String = "") {
        guard let line = t.summary else { return }
        console.warn((what.isEmpty ? "" : what + ": ") + line)
        if 2 * t.extrapolatedEvaluations > t.evaluations {
            console.warn("most evaluations were extrapolations: the results are outside what the potential was trained on")
        }
    }
}
