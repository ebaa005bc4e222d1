import Atoms

/// One entry of a LAMMPS many-body parameter file (`.sw`, `.tersoff`): three element names
/// and a fixed number of values, with the 1-based line of each token for error messages.
struct ManyBodyEntry {
    /// The three element names as written.
    var names: [Substring]
    var values: [Double]
    /// Line of the first name (where the entry starts).
    var line: Int
    /// Line of each value.
    var valueLines: [Int]

    /// True for an entry (i, j, j), the one that also carries the two-body terms of bond
    /// ij; in entries with j ≠ k LAMMPS leaves those unused (and the shipped files put
    /// zeros there).
    var isPair: Bool { names[1] == names[2] }
}

/// Reader for the parameter files of LAMMPS's three-body styles: `#` starts a comment,
/// an entry is three element names followed by a fixed number of values and may span
/// lines, but must end at the end of a line. As in LAMMPS, only entries whose three
/// elements are all in use are kept, and every ordered triplet of used elements needs
/// exactly one entry.
enum ManyBodyFile {
    /// The used elements and the entry for each ordered triplet (i, j, k), flattened as
    /// `(i * n + j) * n + k`.
    struct Table {
        var species: [Element]
        var entries: [ManyBodyEntry]
    }

    /// Reads `file`, whose entries carry one value per name in `labels`. The file's labels
    /// name elements through `map` (labels that stand for no element are skipped when
    /// the map is not empty, and are an error otherwise). `elements` nil uses every element
    /// the labels name (in order of first appearance); otherwise only entries made of
    /// these elements are kept. `check` validates each kept entry's values and throws at
    /// the offending line.
    static func read(_ file: TextFile, labels: [String], elements: [Element]?, map: LabelMap = LabelMap(),
                     check: (ManyBodyEntry) throws -> Void) throws -> Table {
        let all = try entries(file, labels: labels)
        try map.requireLabels(in: all.flatMap { $0.names.map(String.init) }, file: file)
        var species: [Element] = []
        if let elements {
            for e in elements where !species.contains(e) { species.append(e) }
        } else {
            for entry in all {
                for name in entry.names {
                    guard let e = map.element(name) else {
                        guard map.isEmpty else { continue }
                        throw file.error("label '\(name)' is not a chemical symbol; say which element it stands for "
                                         + "with --map '\(name)=ELEMENT' (LAMMPS: pair_coeff * * FILE LABEL...)",
                                         line: entry.line)
                    }
                    if !species.contains(e) { species.append(e) }
                }
            }
        }
        guard !species.isEmpty else {
            throw file.error("the file has no parameter entries" + (map.isEmpty ? "" : " for the mapped labels"),
                             line: max(1, file.lines.count))
        }
        let n = species.count
        func index(_ name: Substring) -> Int? { map.element(name).flatMap { species.firstIndex(of: $0) } }
        var table = [ManyBodyEntry?](repeating: nil, count: n * n * n)
        for entry in all {
            guard let i = index(entry.names[0]), let j = index(entry.names[1]),
                  let k = index(entry.names[2]) else { continue }
            try check(entry)
            let slot = (i * n + j) * n + k
            if let first = table[slot] {
                throw file.error("duplicate entry for \(entry.names.joined(separator: " ")) (first on line \(first.line))",
                                 line: entry.line)
            }
            table[slot] = entry
        }
        var complete: [ManyBodyEntry] = []
        for slot in 0..<table.count {
            guard let entry = table[slot] else {
                let triplet = [slot / (n * n), (slot / n) % n, slot % n].map { species[$0].symbol }
                throw file.error("no entry for \(triplet.joined(separator: " ")) (every ordered triplet of "
                                 + "\(species.map(\.symbol).joined(separator: ", ")) needs one)",
                                 line: max(1, file.lines.count))
            }
            complete.append(entry)
        }
        return Table(species: species, entries: complete)
    }

    /// All entries of the file, in order, with their values parsed.
    static func entries(_ file: TextFile, labels: [String]) throws -> [ManyBodyEntry] {
        let size = 3 + labels.count
        var out: [ManyBodyEntry] = []
        var names: [Substring] = []
        var values: [Double] = []
        var valueLines: [Int] = []
        var start = 0
        var lastLine = 0
        for (offset, raw) in file.lines.enumerated() {
            let line = offset + 1
            let text = raw.prefix { $0 != "#" }
            var tokens = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })[...]
            if tokens.isEmpty { continue }
            lastLine = line
            while let token = tokens.popFirst() {
                if names.isEmpty { start = line }
                if names.count < 3 {
                    names.append(token)
                    continue
                }
                let label = labels[values.count]
                guard let v = parseDouble(token), v.isFinite else {
                    throw file.error("expected a number for \(label) of the entry starting on line \(start), found '\(token)'",
                                     line: line)
                }
                values.append(v)
                valueLines.append(line)
                if names.count + values.count == size {
                    if let extra = tokens.first {
                        throw file.error("unexpected '\(extra)' after the \(labels.count) values of the entry "
                                         + "starting on line \(start)", line: line)
                    }
                    out.append(ManyBodyEntry(names: names, values: values, line: start, valueLines: valueLines))
                    names = []
                    values = []
                    valueLines = []
                }
            }
        }
        if !names.isEmpty {
            throw file.error("the entry starting on line \(start) ends after \(names.count + values.count) of "
                             + "\(size) words (3 elements and \(labels.count) values)", line: lastLine)
        }
        return out
    }
}

extension ManyBodyEntry {
    /// Throws at the line of value `index` (named by `labels`) unless `ok`.
    func require(_ ok: Bool, _ index: Int, _ requirement: String, labels: [String], file: TextFile) throws {
        guard ok else {
            throw file.error("\(labels[index]) = \(values[index]) of \(names.joined(separator: " ")) \(requirement)",
                             line: valueLines[index])
        }
    }
}
