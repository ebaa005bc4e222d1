import Foundation

/// VASP POSCAR/CONTCAR files (VASP 5 with a species line; VASP 4 when the species are
/// named on the comment line). A negative scale factor is the cell volume in Å³.
public enum POSCAR {
    /// Reads the structure (and velocities, when a CONTCAR carries them).
    public static func read(_ file: TextFile) throws -> Frame {
        var sc = TokenScanner(file)
        let comment = try sc.line().text
        let (scaleLine, scaleText) = try sc.line()
        let scaleTokens = scaleText.split(whereSeparator: \.isWhitespace).compactMap { parseDouble($0) }
        guard scaleTokens.count == 1 || scaleTokens.count == 3 else {
            throw file.error("expected the scale factor (one number, or three)", line: scaleLine)
        }
        var vectors: [SIMD3<Double>] = []
        for k in 0..<3 {
            let (n, t) = try sc.line()
            let v = t.split(whereSeparator: \.isWhitespace).prefix(3).compactMap { parseDouble($0) }
            guard v.count == 3, v.allSatisfy(\.isFinite) else {
                throw file.error("expected three numbers for lattice vector a\(k + 1)", line: n)
            }
            vectors.append(SIMD3(v[0], v[1], v[2]))
        }
        var matrix = Matrix3(vectors[0], vectors[1], vectors[2])
        if scaleTokens.count == 3 {
            matrix = Matrix3(scaleTokens[0] * vectors[0], scaleTokens[1] * vectors[1], scaleTokens[2] * vectors[2])
        } else if scaleTokens[0] < 0 {
            let v0 = abs(matrix.determinant)
            guard v0 > 0 else { throw file.error("the cell has zero volume", line: scaleLine) }
            matrix = cbrt(-scaleTokens[0] / v0) * matrix
        } else {
            guard scaleTokens[0] > 0 else { throw file.error("scale factor must not be zero", line: scaleLine) }
            matrix = scaleTokens[0] * matrix
        }
        let scale = scaleTokens.count == 1 && scaleTokens[0] > 0 ? scaleTokens[0] : 1
        // Species line (VASP 5) or counts directly (VASP 4, names from the comment).
        var (lineNo, text) = try sc.line()
        var words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        var names: [String]
        var namesLine = 1
        if let first = words.first, Int(first) == nil {
            namesLine = lineNo
            names = words.map { $0.split(separator: "/").first.map(String.init) ?? $0 }
            names = names.map { $0.split(separator: "_").first.map(String.init) ?? $0 }
            (lineNo, text) = try sc.line()
            words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        } else {
            names = comment.split(whereSeparator: \.isWhitespace).map(String.init)
        }
        let counts = words.compactMap { Int($0) }
        guard !counts.isEmpty, counts.count == words.count, counts.allSatisfy({ $0 >= 0 }) else {
            throw file.error("expected the number of atoms of each species", line: lineNo)
        }
        guard names.count >= counts.count else {
            throw file.error("no species names: VASP 4 files need them on the first line", line: lineNo)
        }
        // Each atom needs a line: a count larger than the file is corrupt (and is not allocated).
        let remaining = file.lines.count - lineNo
        guard counts.allSatisfy({ $0 <= remaining }), counts.reduce(0, +) <= remaining else {
            throw file.error("the species counts \(counts.map(String.init).joined(separator: " ")) add up to more atoms than "
                             + "the \(remaining) lines that follow", line: lineNo)
        }
        var elements: [Element] = []
        for (name, count) in zip(names, counts) {
            guard let e = Element(symbol: name) else {
                throw file.error("unknown element '\(name)'", line: namesLine)
            }
            elements += Array(repeating: e, count: count)
        }
        (lineNo, text) = try sc.line()
        if text.first == "s" || text.first == "S" { (lineNo, text) = try sc.line() }
        let cartesian: Bool
        switch text.first {
        case "c", "C", "k", "K": cartesian = true
        case "d", "D": cartesian = false
        default: throw file.error("expected 'Direct' or 'Cartesian', found '\(text)'", line: lineNo)
        }
        var positions: [SIMD3<Double>] = []
        positions.reserveCapacity(elements.count)
        for i in 0..<elements.count {
            let (n, t) = try sc.line()
            let v = t.split(whereSeparator: \.isWhitespace).prefix(3).compactMap { parseDouble($0) }
            guard v.count == 3, v.allSatisfy(\.isFinite) else {
                throw file.error("expected three coordinates for atom \(i + 1)", line: n)
            }
            let p = SIMD3(v[0], v[1], v[2])
            positions.append(cartesian ? scale * p : p * matrix)
        }
        let structure = Structure(cell: Cell(matrix), positions: positions, elements: elements)
        return Frame(structure: structure)
    }

    /// POSCAR text (VASP 5, Direct coordinates, species grouped as in the structure).
    public static func write(_ s: Structure, comment: String = "written by props") -> String {
        var out = comment.replacingOccurrences(of: "\n", with: " ") + "\n1.0\n"
        for k in 0..<3 {
            let v = s.cell[k]
            out += String(format: "  %21.16f %21.16f %21.16f\n", v.x + 0.0, v.y + 0.0, v.z + 0.0)
        }
        // POSCAR needs atoms grouped by species: write species in order of first appearance.
        let species = s.species
        out += "  " + species.map(\.symbol).joined(separator: " ") + "\n"
        out += "  " + species.map { e in String(s.elements.filter { $0 == e }.count) }.joined(separator: " ") + "\nDirect\n"
        for e in species {
            for i in 0..<s.count where s.elements[i] == e {
                let f = s.cell.fractional(s.positions[i])
                out += String(format: "  %20.16f %20.16f %20.16f\n", f.x + 0.0, f.y + 0.0, f.z + 0.0)
            }
        }
        return out
    }
}
