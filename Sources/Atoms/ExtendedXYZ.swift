/// Extended XYZ as ASE reads and writes it: a count line, a comment line of key=value pairs
/// (`Lattice="a1 a2 a3"`, `Properties=species:S:1:pos:R:3:forces:R:3`, `energy=`, `stress=`
/// with 9 or 6 (Voigt xx yy zz yz xz xy) components in eV/Å³ with ASE's sign, `virial=`,
/// `pbc=`, `config_type=`), then one line per atom; any number of frames.
public enum ExtendedXYZ {
    /// Largest magnitude of any number read (coordinates, labels): beyond it a value is
    /// corrupt, and differences and squares of it would overflow to infinity.
    public static let maximumMagnitude = 1e15

    /// Which comment keys and columns hold the labels (`--energy-key REF_energy` etc.).
    public struct Keys: Sendable {
        public var energy = "energy"
        public var forces = "forces"
        public var stress = "stress"
        public var virial = "virial"
        public init() {}
    }

    /// Reads every frame of the file.
    public static func read(_ file: TextFile, keys: Keys = Keys()) throws -> [Frame] {
        var frames: [Frame] = []
        var i = 0
        let lines = file.lines
        while i < lines.count {
            if lines[i].allSatisfy({ $0 == " " || $0 == "\t" }) { i += 1; continue }
            let frame = try readFrame(file, at: &i, keys: keys)
            frames.append(frame)
        }
        guard !frames.isEmpty else { throw file.error("no frames in file") }
        return frames
    }

    private struct Column {
        let name: String
        let type: Character
        let count: Int
    }

    private static func readFrame(_ file: TextFile, at i: inout Int, keys: Keys) throws -> Frame {
        let countLine = i + 1
        guard let n = Int(file.lines[i].trimmingCharacters(in: .whitespaces)), n > 0 else {
            throw file.error("expected the number of atoms, found '\(file.lines[i])'", line: countLine)
        }
        guard i + 1 < file.lines.count else {
            throw file.error("file ends after the atom count", line: countLine)
        }
        let commentLine = i + 2
        let pairs = try parseComment(file.lines[i + 1], file: file, line: commentLine)
        func value(_ key: String) -> String? {
            pairs.first { $0.key.lowercased() == key.lowercased() }?.value
        }
        func numbers(_ key: String) throws -> [Double]? {
            guard let v = value(key) else { return nil }
            let parts = v.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" })
            let out = parts.compactMap { parseDouble($0) }.filter { abs($0) <= maximumMagnitude }
            guard out.count == parts.count else {
                throw file.error("\(key) must be finite numbers of magnitude at most \(maximumMagnitude), found '\(v)'", line: commentLine)
            }
            return out
        }
        var periodic = [true, true, true]
        if let p = value("pbc") {
            let flags = p.split(whereSeparator: { $0 == " " || $0 == "," }).map { $0.uppercased() }
            guard flags.count == 3 else { throw file.error("pbc needs three flags, found '\(clipped(p))'", line: commentLine) }
            periodic = flags.map { $0 == "T" || $0 == "TRUE" || $0 == "1" }
        }
        // A molecule (pbc="F F F") may come without a cell, as ASE writes it.
        guard let lattice = try numbers("Lattice") ?? (periodic.contains(true) ? nil : [Double](repeating: 0, count: 9)) else {
            throw file.error("no Lattice= on the comment line: a cell is needed unless pbc=\"F F F\" (a molecule)", line: commentLine)
        }
        guard lattice.count == 9 else {
            throw file.error("Lattice needs 9 numbers, found \(lattice.count)", line: commentLine)
        }
        let cell = Cell(Matrix3(rowMajor: lattice))
        let columns = try parseProperties(value("Properties") ?? "species:S:1:pos:R:3", file: file, line: commentLine)
        let width = columns.reduce(0) { $0 + $1.count }
        guard n <= file.lines.count - i - 2 else {
            throw file.error("file ends inside this frame: \(n) atoms announced, \(file.lines.count - i - 2) lines follow",
                             line: countLine)
        }
        var elements: [Element] = []
        var reals: [String: [Double]] = [:]
        for c in columns where c.type == "R" || c.type == "I" { reals[c.name, default: []].reserveCapacity(n * c.count) }
        for a in 0..<n {
            let lineNo = i + 3 + a
            let tokens = file.lines[lineNo - 1].split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard tokens.count == width else {
                throw file.error("atom \(a + 1): expected \(width) columns, found \(tokens.count)", line: lineNo)
            }
            var t = 0
            for c in columns {
                switch c.type {
                case "S" where c.name == "species":
                    let sym = String(tokens[t])
                    guard let e = Element(symbol: sym) else {
                        throw file.error("unknown element '\(sym)'", line: lineNo)
                    }
                    elements.append(e)
                case "R", "I":
                    for k in 0..<c.count {
                        guard let v = parseDouble(tokens[t + k]), abs(v) <= maximumMagnitude else {
                            throw file.error("atom \(a + 1): '\(tokens[t + k])' in column \(c.name) is not a finite number "
                                             + "of magnitude at most \(maximumMagnitude)", line: lineNo)
                        }
                        reals[c.name]!.append(v)
                    }
                default:
                    break
                }
                t += c.count
            }
        }
        if elements.isEmpty, let z = reals["Z"] {
            for (a, v) in z.enumerated() {
                guard let e = Element(number: Int(v)) else {
                    throw file.error("unknown atomic number \(Int(v))", line: i + 3 + a)
                }
                elements.append(e)
            }
        }
        guard elements.count == n else { throw file.error("no species (or Z) column in Properties", line: commentLine) }
        guard let pos = reals["pos"], pos.count == 3 * n else {
            throw file.error("no pos:R:3 column in Properties", line: commentLine)
        }
        func vectors(_ name: String) -> [SIMD3<Double>]? {
            guard let v = reals[name], v.count == 3 * n else { return nil }
            return (0..<n).map { SIMD3(v[3 * $0], v[3 * $0 + 1], v[3 * $0 + 2]) }
        }
        let masses = reals["masses"]
        var frame = Frame(structure: Structure(cell: cell, positions: vectors("pos")!, elements: elements,
                                               masses: masses?.count == n ? masses : nil))
        frame.forces = vectors(keys.forces) ?? (keys.forces == "forces" ? vectors("force") : nil)
        frame.velocities = vectors("velocities")
        if let e = value(keys.energy) {
            guard let v = parseDouble(e), abs(v) <= maximumMagnitude else {
                throw file.error("\(keys.energy)='\(e)' is not a finite number", line: commentLine)
            }
            frame.energy = v
        }
        if let s = try numbers(keys.stress) {
            frame.stress = try matrix(s, key: keys.stress, file: file, line: commentLine)
        } else if let w = try numbers(keys.virial) {
            let virial = try matrix(w, key: keys.virial, file: file, line: commentLine)
            frame.stress = (-1 / cell.volume) * virial
        }
        frame.pbc = (periodic[0], periodic[1], periodic[2])
        frame.configType = value("config_type")
        let known: Set<String> = ["lattice", "properties", "pbc", "config_type", keys.energy.lowercased(),
                                  keys.stress.lowercased(), keys.virial.lowercased()]
        frame.info = pairs.filter { !known.contains($0.key.lowercased()) }
        let standard: Set<String> = ["pos", "Z", "masses", keys.forces, "force", "velocities"]
        frame.arrays = columns.filter { ($0.type == "R" || $0.type == "I") && !standard.contains($0.name) }
            .map { (name: $0.name, columns: $0.count, values: reals[$0.name] ?? []) }
        i += 2 + n
        return frame
    }

    private static func matrix(_ v: [Double], key: String, file: TextFile, line: Int) throws -> Matrix3 {
        switch v.count {
        case 9:
            return Matrix3(rowMajor: v)
        case 6: // Voigt: xx yy zz yz xz xy
            return Matrix3(SIMD3(v[0], v[5], v[4]), SIMD3(v[5], v[1], v[3]), SIMD3(v[4], v[3], v[2]))
        default:
            throw file.error("\(key) needs 9 or 6 numbers, found \(v.count)", line: line)
        }
    }

    private static func parseProperties(_ text: String, file: TextFile, line: Int) throws -> [Column] {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count % 3 == 0 else {
            throw file.error("Properties must be name:type:count triples, found '\(text)'", line: line)
        }
        var out: [Column] = []
        for k in stride(from: 0, to: parts.count, by: 3) {
            guard let type = parts[k + 1].uppercased().first, "SRIL".contains(type),
                  let count = Int(parts[k + 2]), count > 0, count <= 1000 else {
                throw file.error("bad Properties entry '\(parts[k]):\(parts[k + 1]):\(parts[k + 2])' "
                                 + "(type S, R, I or L; count 1 to 1000)", line: line)
            }
            out.append(Column(name: parts[k], type: type, count: count))
        }
        return out
    }

    /// Splits the comment line into key=value pairs; values may be "double quoted" or {braced}.
    static func parseComment(_ line: Substring, file: TextFile, line number: Int) throws -> [(key: String, value: String)] {
        var pairs: [(key: String, value: String)] = []
        var i = line.startIndex
        func skipSpace() { while i < line.endIndex && line[i].isWhitespace { i = line.index(after: i) } }
        while true {
            skipSpace()
            guard i < line.endIndex else { break }
            var key = ""
            while i < line.endIndex && line[i] != "=" && !line[i].isWhitespace {
                key.append(line[i]); i = line.index(after: i)
            }
            skipSpace()
            guard i < line.endIndex, line[i] == "=" else {
                pairs.append((key, "T"))
                continue
            }
            i = line.index(after: i)
            skipSpace()
            var value = ""
            if i < line.endIndex, line[i] == "\"" || line[i] == "{" {
                let close: Character = line[i] == "\"" ? "\"" : "}"
                i = line.index(after: i)
                while i < line.endIndex && line[i] != close {
                    if line[i] == "\\", line.index(after: i) < line.endIndex { i = line.index(after: i) }
                    value.append(line[i]); i = line.index(after: i)
                }
                guard i < line.endIndex else {
                    throw file.error("unterminated quoted value for key '\(key)'", line: number)
                }
                i = line.index(after: i)
            } else {
                while i < line.endIndex && !line[i].isWhitespace { value.append(line[i]); i = line.index(after: i) }
            }
            pairs.append((key, value))
        }
        return pairs
    }

    /// One frame as extended XYZ text. Stress is written as 9 components (ASE sign); the
    /// frame's other per-atom arrays follow the forces.
    public static func write(_ frame: Frame) -> String {
        let s = frame.structure
        var props = "species:S:1:pos:R:3"
        if frame.velocities != nil { props += ":velocities:R:3" }
        if frame.forces != nil { props += ":forces:R:3" }
        for array in frame.arrays { props += ":\(array.name):R:\(array.columns)" }
        var comment = "Lattice=\"\(s.cell.matrix.rowMajor.map { "\($0)" }.joined(separator: " "))\" Properties=\(props)"
        if let e = frame.energy { comment += " energy=\(e)" }
        if let st = frame.stress { comment += " stress=\"\(st.rowMajor.map { "\($0)" }.joined(separator: " "))\"" }
        let f = frame.pbc
        comment += " pbc=\"\(f.0 ? "T" : "F") \(f.1 ? "T" : "F") \(f.2 ? "T" : "F")\""
        if let c = frame.configType { comment += " config_type=\(quoted(c))" }
        for (k, v) in frame.info { comment += " \(k)=\(quoted(v))" }
        var out = "\(s.count)\n\(comment)\n"
        out.reserveCapacity(s.count * 120)
        for a in 0..<s.count {
            let r = s.positions[a]
            var line = "\(s.elements[a].symbol) \(r.x) \(r.y) \(r.z)"
            if let v = frame.velocities?[a] { line += " \(v.x) \(v.y) \(v.z)" }
            if let g = frame.forces?[a] { line += " \(g.x) \(g.y) \(g.z)" }
            for array in frame.arrays {
                for v in array.values[(a * array.columns)..<((a + 1) * array.columns)] { line += " \(v)" }
            }
            out += line + "\n"
        }
        return out
    }

    private static func quoted(_ v: String) -> String {
        v.contains(where: { $0.isWhitespace || $0 == "=" || $0 == "\"" }) ? "\"\(v.replacingOccurrences(of: "\"", with: "\\\""))\"" : v
    }
}

import Foundation
