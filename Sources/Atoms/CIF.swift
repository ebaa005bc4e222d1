import Foundation

/// Crystallographic Information Files: the first data block's cell (`_cell_length_a`…,
/// `_cell_angle_alpha`…, uncertainties such as `5.431(2)` dropped), its symmetry
/// operations (`_symmetry_equiv_pos_as_xyz` or `_space_group_symop_operation_xyz`; none
/// means P1) and the `_atom_site_` loop (fractional coordinates, element from
/// `_atom_site_type_symbol` or the label, occupancy 1). Every site is expanded by every
/// operation and images closer than 1e-4 in fractional coordinates are merged. The cell
/// has a along x and b in the xy plane, as ASE builds it from the same parameters.
public enum CIF {
    /// Longest cell edge read, Å: far beyond any crystal (protein cells reach 10^3 Å), and
    /// short enough that Cartesian positions keep 10^-10 Å of precision.
    public static let maximumLength = 1e6

    /// True when the file looks like a CIF (a `data_` block with `_cell_length_a`).
    public static func recognizes(_ file: TextFile) -> Bool {
        file.lines.contains { $0.hasPrefix("data_") } && file.lines.contains { $0.contains("_cell_length_a") }
    }

    /// A CIF value: its text and the line it is on.
    struct Token { var text: Substring; var line: Int; var quoted: Bool }

    /// The structure of the first data block.
    public static func read(_ file: TextFile) throws -> Frame {
        let tokens = try tokenize(file)
        var items: [String: Token] = [:]
        var loops: [(tags: [String], values: [Token], line: Int)] = []
        var k = 0
        var blocks = 0
        while k < tokens.count {
            let t = tokens[k]
            let word = t.text.lowercased()
            if !t.quoted && word.hasPrefix("data_") {
                blocks += 1
                if blocks > 1 { break }
                k += 1
            } else if !t.quoted && word == "loop_" {
                var tags: [String] = []
                k += 1
                while k < tokens.count, !tokens[k].quoted, tokens[k].text.hasPrefix("_") {
                    tags.append(tokens[k].text.lowercased())
                    k += 1
                }
                var values: [Token] = []
                while k < tokens.count, tokens[k].quoted || !(tokens[k].text.hasPrefix("_")
                        || ["loop_"].contains(tokens[k].text.lowercased()) || tokens[k].text.lowercased().hasPrefix("data_")) {
                    values.append(tokens[k])
                    k += 1
                }
                guard !tags.isEmpty, values.count % tags.count == 0 else {
                    throw file.error("a loop_ with \(tags.count) tags has \(values.count) values, not a multiple", line: t.line)
                }
                loops.append((tags, values, t.line))
            } else if !t.quoted && t.text.hasPrefix("_") {
                guard k + 1 < tokens.count else { throw file.error("tag \(t.text) has no value", line: t.line) }
                items[word] = tokens[k + 1]
                k += 2
            } else {
                throw file.error("unexpected '\(t.text.prefix(40))' outside a tag or loop", line: t.line)
            }
        }
        func number(_ tag: String) throws -> Double {
            guard let t = items[tag] else { throw file.error("no \(tag)", line: 1) }
            guard let v = value(t.text), v.isFinite else { throw file.error("\(tag) '\(t.text)' is not a number", line: t.line) }
            return v
        }
        let lengths = SIMD3(try number("_cell_length_a"), try number("_cell_length_b"), try number("_cell_length_c"))
        let angles = SIMD3(try number("_cell_angle_alpha"), try number("_cell_angle_beta"), try number("_cell_angle_gamma"))
        for (k, axis) in ["a", "b", "c"].enumerated() where !(lengths[k] > 0 && lengths[k] <= Self.maximumLength) {
            throw file.error("_cell_length_\(axis) \(lengths[k]) Å is not positive and at most \(Int(Self.maximumLength)) Å",
                             line: items["_cell_length_" + axis]!.line)
        }
        guard angles.min() > 0, angles.max() < 180 else {
            throw file.error("cell angles must lie between 0 and 180°", line: items["_cell_angle_alpha"]!.line)
        }
        let cell = try self.cell(lengths: lengths, anglesDegrees: angles, file: file, line: items["_cell_angle_alpha"]!.line)
        // Symmetry operations.
        var operations: [CIFOperation] = []
        let symTags = ["_symmetry_equiv_pos_as_xyz", "_space_group_symop_operation_xyz"]
        for loop in loops {
            guard let column = loop.tags.firstIndex(where: { symTags.contains($0) }) else { continue }
            for row in stride(from: 0, to: loop.values.count, by: loop.tags.count) {
                let t = loop.values[row + column]
                operations.append(try CIFOperation(parsing: t.text, file: file, line: t.line))
            }
        }
        for tag in symTags { if let t = items[tag] { operations.append(try CIFOperation(parsing: t.text, file: file, line: t.line)) } }
        if operations.isEmpty { operations = [CIFOperation.identity] }
        // Atom sites.
        guard let sites = loops.first(where: { $0.tags.contains("_atom_site_fract_x") }) else {
            throw file.error("no _atom_site_ loop with _atom_site_fract_x (Cartesian sites are not read)", line: 1)
        }
        func col(_ tag: String) -> Int? { sites.tags.firstIndex(of: tag) }
        guard let cx = col("_atom_site_fract_x"), let cy = col("_atom_site_fract_y"), let cz = col("_atom_site_fract_z") else {
            throw file.error("the atom-site loop lacks _atom_site_fract_y or _z", line: sites.line)
        }
        let typed = col("_atom_site_type_symbol") != nil
        guard let nameColumn = col("_atom_site_type_symbol") ?? col("_atom_site_label") else {
            throw file.error("the atom-site loop has neither _atom_site_type_symbol nor _atom_site_label", line: sites.line)
        }
        let occupancy = col("_atom_site_occupancy")
        var fractional: [SIMD3<Double>] = []
        var elements: [Element] = []
        // Sites binned on a 1e-3 grid of fractional coordinates, to find duplicates among
        // the neighbouring bins only.
        var bins: [SIMD3<Int>: [Int]] = [:]
        func bin(_ f: SIMD3<Double>) -> SIMD3<Int> { SIMD3(Int(f.x * 1000), Int(f.y * 1000), Int(f.z * 1000)) }
        func isDuplicate(_ f: SIMD3<Double>) -> Bool {
            let b = bin(f)
            for dx in -1...1 { for dy in -1...1 { for dz in -1...1 {
                let key = SIMD3((b.x + dx + 1000) % 1000, (b.y + dy + 1000) % 1000, (b.z + dz + 1000) % 1000)
                for j in bins[key] ?? [] {
                    var d = fractional[j] - f
                    d -= d.rounded(.toNearestOrAwayFromZero)
                    if max(abs(d.x), abs(d.y), abs(d.z)) < 1e-4 { return true }
                }
            }}}
            return false
        }
        let width = sites.tags.count
        for row in stride(from: 0, to: sites.values.count, by: width) {
            let v = sites.values[row..<row + width].map { $0 }
            let line = v[0].line
            let xyz = [cx, cy, cz].compactMap { value(v[$0].text) }
            guard xyz.count == 3, xyz.allSatisfy({ $0.isFinite && abs($0) < 1e6 }) else {
                throw file.error("expected three fractional coordinates", line: line)
            }
            if let o = occupancy, let occ = value(v[o].text), abs(occ - 1) > 1e-3 {
                throw file.error("occupancy \(v[o].text) is not 1: partially occupied sites are not read", line: v[o].line)
            }
            guard let element = typed ? typeSymbol(v[nameColumn].text) : symbol(v[nameColumn].text) else {
                throw file.error("cannot tell the element of site '\(v[nameColumn].text)'", line: line)
            }
            for op in operations {
                var f = op.apply(SIMD3(xyz[0], xyz[1], xyz[2]))
                f -= f.rounded(.down)
                f = SIMD3(f.x < 1 ? f.x : 0, f.y < 1 ? f.y : 0, f.z < 1 ? f.z : 0)
                guard f.x.isFinite, f.y.isFinite, f.z.isFinite else {
                    throw file.error("a symmetry operation takes this site to a non-finite position", line: line)
                }
                if !isDuplicate(f) {
                    bins[bin(f), default: []].append(fractional.count)
                    fractional.append(f)
                    elements.append(element)
                }
            }
            guard fractional.count <= 100_000 else { throw file.error("more than 100000 atoms after symmetry expansion", line: line) }
        }
        guard !fractional.isEmpty else { throw file.error("no atom sites", line: sites.line) }
        return Frame(structure: Structure(cell: cell, positions: fractional.map(cell.cartesian), elements: elements))
    }

    /// The cell of lattice parameters (Å, degrees): a along x, b in the xy plane.
    static func cell(lengths l: SIMD3<Double>, anglesDegrees g: SIMD3<Double>, file: TextFile, line: Int) throws -> Cell {
        func cosine(_ deg: Double) -> Double {
            // Exact zeros for right angles, as ASE does.
            abs(deg - 90) < 1e-10 ? 0 : cos(deg * Double.pi / 180)
        }
        let (ca, cb, cg) = (cosine(g.x), cosine(g.y), cosine(g.z))
        let sg = (1 - cg * cg).squareRoot()
        let cy = (ca - cb * cg) / sg
        let cz2 = 1 - cb * cb - cy * cy
        guard cz2 > 1e-12 else { throw file.error("the cell angles do not make a cell", line: line) }
        return Cell(SIMD3(l.x, 0, 0), SIMD3(l.y * cg, l.y * sg, 0), SIMD3(l.z * cb, l.z * cy, l.z * cz2.squareRoot()))
    }

    /// A CIF number without its standard uncertainty: `5.431(2)` → 5.431.
    static func value(_ text: Substring) -> Double? {
        parseDouble(text.prefix { $0 != "(" })
    }

    /// The element of a type symbol or label: leading letters, charges and digits dropped
    /// (`Fe3+`, `O2-`, `Si1`, `Ca_a`).
    static func symbol(_ text: Substring) -> Element? {
        let letters = text.prefix { $0.isLetter }
        if letters.count >= 2, let e = Element(symbol: String(letters.prefix(2))) { return e }
        return letters.first.flatMap { Element(symbol: String($0)) }
    }

    /// The element of an `_atom_site_type_symbol`: an element symbol and at most a charge
    /// (`Fe`, `Fe3+`, `O2-`); nil for anything else (`Ninf-` is not nickel).
    static func typeSymbol(_ text: Substring) -> Element? {
        let letters = text.prefix { $0.isLetter }
        guard text.dropFirst(letters.count).allSatisfy({ $0.isNumber || $0 == "+" || $0 == "-" }) else { return nil }
        return Element(symbol: String(letters))
    }

    /// Splits a CIF into tokens: whitespace-separated words, quoted strings, and
    /// `;`-delimited text fields; `#` starts a comment outside quotes.
    static func tokenize(_ file: TextFile) throws -> [Token] {
        var out: [Token] = []
        var k = 0
        while k < file.lines.count {
            let line = file.lines[k]
            if line.hasPrefix(";") {
                let start = k
                var text = String(line.dropFirst())
                k += 1
                while k < file.lines.count, !file.lines[k].hasPrefix(";") {
                    text += "\n" + file.lines[k]
                    k += 1
                }
                guard k < file.lines.count else { throw file.error("unterminated ; text field", line: start + 1) }
                out.append(Token(text: Substring(text), line: start + 1, quoted: true))
                k += 1
                continue
            }
            var i = line.startIndex
            while i < line.endIndex {
                let c = line[i]
                if c.isWhitespace { i = line.index(after: i); continue }
                if c == "#" { break }
                if c == "'" || c == "\"" {
                    // A quote closes at the same quote followed by whitespace or the line's end.
                    var j = line.index(after: i)
                    while j < line.endIndex {
                        let after = line.index(after: j)
                        if line[j] == c && (after == line.endIndex || line[after].isWhitespace) { break }
                        j = after
                    }
                    guard j < line.endIndex else { throw file.error("unterminated quoted string", line: k + 1) }
                    out.append(Token(text: line[line.index(after: i)..<j], line: k + 1, quoted: true))
                    i = line.index(after: j)
                    continue
                }
                var j = i
                while j < line.endIndex, !line[j].isWhitespace { j = line.index(after: j) }
                out.append(Token(text: line[i..<j], line: k + 1, quoted: false))
                i = j
            }
            k += 1
        }
        return out
    }
}

/// A symmetry operation x' = R x + t in fractional coordinates, parsed from the CIF form
/// `-x+1/2, y, z-y` (components of x, y, z with rational or decimal offsets).
struct CIFOperation {
    var rotation: Matrix3
    var translation: SIMD3<Double>

    static let identity = CIFOperation(rotation: .identity, translation: .zero)

    init(rotation: Matrix3, translation: SIMD3<Double>) {
        self.rotation = rotation
        self.translation = translation
    }

    init(parsing text: Substring, file: TextFile, line: Int) throws {
        let parts = text.lowercased().replacingOccurrences(of: " ", with: "").split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw file.error("symmetry operation '\(text)' does not have three parts", line: line) }
        var rows: [SIMD3<Double>] = []
        var t = SIMD3<Double>.zero
        for (axis, part) in parts.enumerated() {
            var row = SIMD3<Double>.zero
            var constant = 0.0
            var term = ""
            func flush() throws {
                guard !term.isEmpty else { return }
                var sign = 1.0
                var body = Substring(term)
                if body.first == "-" { sign = -1; body = body.dropFirst() } else if body.first == "+" { body = body.dropFirst() }
                if let variable = body.last, "xyz".contains(variable) {
                    let coefficient = body.dropLast()
                    let c = coefficient.isEmpty ? 1 : (coefficient.hasSuffix("*") ? Double(coefficient.dropLast()) : Double(coefficient))
                    guard let c else { throw file.error("cannot read '\(term)' in symmetry operation '\(text)'", line: line) }
                    row[["x", "y", "z"].firstIndex(of: String(variable))!] += sign * c
                } else {
                    let fraction = body.split(separator: "/")
                    let value: Double?
                    if fraction.count == 2, let p = Double(fraction[0]), let q = Double(fraction[1]), q != 0 { value = p / q }
                    else { value = Double(body) }
                    guard let value else { throw file.error("cannot read '\(term)' in symmetry operation '\(text)'", line: line) }
                    constant += sign * value
                }
                term = ""
            }
            for c in part {
                if (c == "+" || c == "-") && !term.isEmpty { try flush() }
                term.append(c)
            }
            try flush()
            guard row != .zero else { throw file.error("symmetry operation '\(text)' has a part without x, y or z", line: line) }
            rows.append(row)
            t[axis] = constant
        }
        rotation = Matrix3(rows[0], rows[1], rows[2])
        translation = t
    }

    func apply(_ f: SIMD3<Double>) -> SIMD3<Double> { rotation * f + translation }
}
