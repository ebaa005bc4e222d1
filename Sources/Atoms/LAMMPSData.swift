import Foundation

/// LAMMPS data files (`read_data` / `write_data`), metal units: the header counts and box
/// (`xlo xhi`, `ylo yhi`, `zlo zhi`, optional `xy xz yz` tilts), `Masses`, `Atoms` in the
/// styles `atomic` (id type x y z), `charge` (id type q x y z), `full` (id mol type q x y
/// z) and `molecular`/`bond`/`angle` (id mol type x y z), each optionally followed by image
/// flags, `Velocities` (Å/ps) and `Atom Type Labels` (element symbols). The style is read
/// from the `Atoms # style` comment, else told from the column count. Other sections (bonds, coefficients…) are skipped. The cell
/// is a = (xhi − xlo, 0, 0), b = (xy, yhi − ylo, 0), c = (xz, yz, zhi − zlo) with the origin
/// at (xlo, ylo, zlo); positions are kept as written (image flags are not applied).
public enum LAMMPSData {
    /// Atom styles and the columns of their `Atoms` lines (without image flags).
    enum Style: String, CaseIterable {
        case atomic, charge, full, molecular, bond, angle

        /// Number of columns, and the column of the type and of x.
        var layout: (columns: Int, type: Int, x: Int) {
            switch self {
            case .atomic: return (5, 1, 2)
            case .charge: return (6, 1, 3)
            case .full: return (7, 2, 4)
            case .molecular, .bond, .angle: return (6, 2, 3)
            }
        }
    }

    /// Reads the structure (and velocities) of a data file; `types` overrides the elements
    /// told from `Masses`.
    public static func read(_ file: TextFile, types: AtomTypes = AtomTypes()) throws -> Frame {
        var counts: [String: Int] = [:]
        var bounds: [Int: (Double, Double)] = [:]
        var tilt = SIMD3<Double>(0, 0, 0)
        var k = 1
        // Header: until the first section name.
        while k < file.lines.count {
            let (words, _) = split(file.lines[k])
            guard let first = words.first else { k += 1; continue }
            if parseDouble(first) == nil { break }
            let line = k + 1
            let keyword = words.drop { parseDouble($0) != nil }.joined(separator: " ")
            func numbers(_ n: Int) throws -> [Double] {
                let v = words.prefix(n).compactMap { parseDouble($0) }
                guard v.count == n, v.allSatisfy(\.isFinite) else {
                    throw file.error("expected \(n) numbers before '\(keyword)'", line: line)
                }
                return v
            }
            switch keyword {
            case "xlo xhi", "ylo yhi", "zlo zhi":
                let v = try numbers(2)
                guard v[1] > v[0] else { throw file.error("\(keyword): the upper bound must exceed the lower", line: line) }
                bounds[["xlo xhi", "ylo yhi", "zlo zhi"].firstIndex(of: keyword)!] = (v[0], v[1])
            case "xy xz yz":
                let v = try numbers(3)
                tilt = SIMD3(v[0], v[1], v[2])
            default:
                if let n = Int(words[0]), n >= 0, words.count >= 2 {
                    counts[keyword] = n
                } else if ["atoms", "atom types"].contains(keyword) {
                    throw file.error("expected a non-negative integer before '\(keyword)'", line: line)
                }
            }
            k += 1
        }
        guard let n = counts["atoms"], n > 0 else {
            throw file.error("no 'N atoms' line (with N > 0) in the header", line: min(k + 1, max(file.lines.count, 1)))
        }
        guard let ntypes = counts["atom types"], ntypes > 0 else {
            throw file.error("no 'N atom types' line in the header", line: min(k + 1, max(file.lines.count, 1)))
        }
        for (axis, name) in ["xlo xhi", "ylo yhi", "zlo zhi"].enumerated() where bounds[axis] == nil {
            throw file.error("no '\(name)' line in the header", line: min(k + 1, max(file.lines.count, 1)))
        }
        let lo = SIMD3(bounds[0]!.0, bounds[1]!.0, bounds[2]!.0)
        let cell = Cell(SIMD3(bounds[0]!.1 - lo.x, 0, 0), SIMD3(tilt.x, bounds[1]!.1 - lo.y, 0),
                        SIMD3(tilt.y, tilt.z, bounds[2]!.1 - lo.z))
        var masses: [Int: (Double, String?, Int)] = [:]
        var atoms: [Int: (type: Int, r: SIMD3<Double>)] = [:]
        var velocities: [Int: SIMD3<Double>] = [:]
        var labels: [Int: (String, Int)] = [:]
        var sawAtoms = false
        while k < file.lines.count {
            let (words, comment) = split(file.lines[k])
            guard !words.isEmpty else { k += 1; continue }
            let headerLine = k + 1
            let section = words.joined(separator: " ")
            k += 1
            // The section's lines: up to the next line that does not start with a number.
            var body: [(line: Int, words: [Substring], comment: Substring?)] = []
            while k < file.lines.count {
                let (w, c) = split(file.lines[k])
                if let f = w.first, parseDouble(f) == nil { break }
                if !w.isEmpty { body.append((k + 1, w, c)) }
                k += 1
            }
            switch section {
            case "Masses":
                for (line, w, c) in body {
                    guard w.count >= 2, let t = Int(w[0]), (1...ntypes).contains(t), let m = parseDouble(w[1]),
                          m > 0, m.isFinite else {
                        throw file.error("expected 'TYPE MASS' with TYPE in 1...\(ntypes) and a positive mass", line: line)
                    }
                    masses[t] = (m, c.flatMap { $0.split(whereSeparator: \.isWhitespace).first.map(String.init) }, line)
                }
            case "Atoms":
                sawAtoms = true
                let style = try atomStyle(comment, body.first?.words.count, file: file, line: headerLine)
                let layout = style.layout
                for (line, w, _) in body {
                    guard w.count == layout.columns || w.count == layout.columns + 3 else {
                        throw file.error("an atom_style \(style.rawValue) line has \(layout.columns) columns "
                                         + "(or \(layout.columns + 3) with image flags), found \(w.count)", line: line)
                    }
                    guard let id = Int(w[0]), id > 0, let t = Int(w[layout.type]), (1...ntypes).contains(t) else {
                        throw file.error("expected a positive atom id and a type in 1...\(ntypes)", line: line)
                    }
                    let x = w[layout.x..<layout.x + 3].compactMap { parseDouble($0) }
                    guard x.count == 3, x.allSatisfy(\.isFinite) else {
                        throw file.error("expected three finite coordinates for atom \(id)", line: line)
                    }
                    guard atoms[id] == nil else { throw file.error("atom id \(id) appears twice", line: line) }
                    atoms[id] = (t, SIMD3(x[0], x[1], x[2]) - lo)
                }
            case "Atom Type Labels":
                for (line, w, _) in body {
                    guard w.count >= 2, let t = Int(w[0]), (1...ntypes).contains(t) else {
                        throw file.error("expected 'TYPE LABEL' with TYPE in 1...\(ntypes)", line: line)
                    }
                    labels[t] = (String(w[1]), line)
                }
            case "Velocities":
                for (line, w, _) in body {
                    let v = w.dropFirst().prefix(3).compactMap { parseDouble($0) }
                    guard w.count >= 4, let id = Int(w[0]), v.count == 3, v.allSatisfy(\.isFinite) else {
                        throw file.error("expected 'ID vx vy vz'", line: line)
                    }
                    velocities[id] = SIMD3(v[0], v[1], v[2])
                }
            default:
                continue
            }
        }
        guard sawAtoms else { throw file.error("no Atoms section", line: max(file.lines.count, 1)) }
        guard atoms.count == n else {
            throw file.error("the header says \(n) atoms but the Atoms section has \(atoms.count)", line: max(file.lines.count, 1))
        }
        var elementOfType: [Int: Element] = [:]
        for t in Set(atoms.values.map(\.type)) {
            if let e = types.elements[t] { elementOfType[t] = e; continue }
            if let (label, line) = labels[t] {
                guard let e = Element(symbol: label) else {
                    throw file.error("type label '\(label)' is not a chemical symbol; name the element with --types \(t)=ELEMENT",
                                     line: line)
                }
                elementOfType[t] = e
                continue
            }
            guard let (m, name, line) = masses[t] else { continue }
            if let name, let e = Element(symbol: name) { elementOfType[t] = e; continue }
            guard let e = AtomTypes.element(mass: m) else {
                throw file.error("mass \(m) of type \(t) is no element's standard atomic weight (within 0.1 amu); "
                                 + "name the elements with --types 1=Cu,2=Zr", line: line)
            }
            elementOfType[t] = e
        }
        let ids = atoms.keys.sorted()
        var elements: [Element] = [], atomMasses: [Double] = []
        for id in ids {
            let t = atoms[id]!.type
            guard let e = elementOfType[t] else {
                throw file.error("no element for atom type \(t): give Masses or --types \(t)=ELEMENT",
                                 line: max(file.lines.count, 1))
            }
            elements.append(e)
            atomMasses.append(masses[t]?.0 ?? e.mass)
        }
        let structure = Structure(cell: cell, positions: ids.map { atoms[$0]!.r }, elements: elements, masses: atomMasses)
        var frame = Frame(structure: structure)
        if !velocities.isEmpty {
            guard velocities.count == n, ids.allSatisfy({ velocities[$0] != nil }) else {
                throw file.error("the Velocities section does not list every atom once", line: max(file.lines.count, 1))
            }
            frame.velocities = ids.map { velocities[$0]! }
        }
        return frame
    }

    /// The style named by the `Atoms # style` comment, else told from the first line's
    /// column count (5 or 8: atomic, 7 or 10: full; 6 or 9 needs the comment).
    static func atomStyle(_ comment: Substring?, _ columns: Int?, file: TextFile, line: Int) throws -> Style {
        if let word = comment?.split(whereSeparator: \.isWhitespace).first {
            guard let style = Style(rawValue: String(word)) else {
                throw file.error("atom_style '\(word)' is not read; props reads "
                                 + Style.allCases.map(\.rawValue).joined(separator: ", "), line: line)
            }
            return style
        }
        switch columns {
        case 5, 8: return .atomic
        case 7, 10: return .full
        default:
            throw file.error("cannot tell the atom style from \(columns ?? 0) columns; write it after the section "
                             + "name, e.g. 'Atoms # charge'", line: line)
        }
    }

    /// The words of a line before any `#`, and the comment after it.
    static func split(_ line: Substring) -> ([Substring], Substring?) {
        guard let hash = line.firstIndex(of: "#") else { return (line.split(whereSeparator: \.isWhitespace), nil) }
        return (line[..<hash].split(whereSeparator: \.isWhitespace), line[line.index(after: hash)...])
    }

    /// A data file (`atom_style atomic`) for `s`, one atom type per element in order of
    /// first appearance (or of `species`, which must hold every element of `s`), masses named
    /// in comments, and a `Velocities` section (Å/ps) when `velocities` are given. The cell is
    /// rotated into LAMMPS's lower-triangular form (a along x, b in the xy plane), keeping
    /// fractional coordinates; velocities are rotated with it.
    public static func write(_ s: Structure, comment: String = "written by props", species given: [Element]? = nil,
                             velocities: [SIMD3<Double>]? = nil) -> String {
        let cell = lowerTriangular(s.cell)
        let species = given ?? s.species
        var out = comment.replacingOccurrences(of: "\n", with: " ") + "\n\n"
        out += "\(s.count) atoms\n\(species.count) atom types\n\n"
        out += "0.0 \(cell[0].x) xlo xhi\n0.0 \(cell[1].y) ylo yhi\n0.0 \(cell[2].z) zlo zhi\n"
        out += "\(cell[1].x) \(cell[2].x) \(cell[2].y) xy xz yz\n\nMasses\n\n"
        for (t, e) in species.enumerated() {
            let m = s.elements.firstIndex(of: e).map { s.masses[$0] } ?? e.mass
            out += "\(t + 1) \(m) # \(e.symbol)\n"
        }
        out += "\nAtoms # atomic\n\n"
        for i in 0..<s.count {
            let r = cell.cartesian(s.cell.fractional(s.positions[i]))
            out += "\(i + 1) \(species.firstIndex(of: s.elements[i])! + 1) \(r.x) \(r.y) \(r.z)\n"
        }
        if let velocities {
            out += "\nVelocities\n\n"
            for (i, v) in velocities.enumerated() {
                let w = cell.cartesian(s.cell.fractional(v))
                out += "\(i + 1) \(w.x) \(w.y) \(w.z)\n"
            }
        }
        return out
    }

    /// The same lattice rotated so that a1 is along x and a2 in the xy plane.
    public static func lowerTriangular(_ cell: Cell) -> Cell {
        let (a, b, c) = (cell[0], cell[1], cell[2])
        let ax = length(a)
        let ahat = a / ax
        let bx = dot(b, ahat)
        let by = length(cross(ahat, b))
        let cx = dot(c, ahat)
        let cy = (dot(b, c) - bx * cx) / by
        let cz = (max(0, dot(c, c) - cx * cx - cy * cy)).squareRoot()
        return Cell(SIMD3(ax, 0, 0), SIMD3(bx, by, 0), SIMD3(cx, cy, cz))
    }
}
