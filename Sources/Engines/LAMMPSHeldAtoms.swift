extension LAMMPSInput {
    /// The group of the plan's held atoms and the integrating fixes moved onto the others
    /// (`fix ID all …` → `fix ID propsFree …`): held atoms keep the zero velocity the plan
    /// gives them and follow the cell only through the barostat's dilation of all atoms
    /// (`dilate all`, the default of fix nph/npt and press/berendsen), as props' pinned
    /// sites (fractional coordinates) do. `fixes` unchanged without held atoms.
    static func holding(_ plan: LAMMPSRunPlan, _ fixes: [String]) -> [String] {
        guard !plan.heldAtoms.isEmpty else { return fixes }
        let ids = plan.heldAtoms.sorted().map { String($0 + 1) }
        // A group command adds to the group: 100 ids per line (a restart already holds the group; adding it again changes nothing).
        var lines = stride(from: 0, to: ids.count, by: 100).map {
            "group propsHeld id " + ids[$0..<min($0 + 100, ids.count)].joined(separator: " ")
        }
        lines.append("group propsFree subtract all propsHeld")
        for fix in fixes {
            var words = fix.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            if words.count > 2, words[0] == "fix", words[2] == "all" { words[2] = "propsFree" }
            lines.append(words.joined(separator: " "))
        }
        return lines
    }
}
