import Foundation

/// LAMMPS text dump files (`dump atom`, `dump custom`): every snapshot as a frame, atoms
/// sorted by id. Columns read: `id`, `type` or `element`, positions as `x y z`, unwrapped
/// `xu yu zu`, or scaled `xs ys zs` / `xsu ysu zsu`, and optional `vx vy vz` (Å/ps) and
/// `fx fy fz` (eV/Å). Orthogonal and triclinic boxes (`ITEM: BOX BOUNDS xy xz yz ...`,
/// whose bounds LAMMPS writes enlarged by the tilts).
public enum LAMMPSDump {
    /// True when the file starts as a dump does.
    public static func recognizes(_ file: TextFile) -> Bool {
        file.lines.first { !$0.allSatisfy(\.isWhitespace) }?.hasPrefix("ITEM: TIMESTEP") ?? false
    }

    /// All snapshots; `types` names the elements of numeric types (needed unless the dump
    /// has an `element` column).
    public static func read(_ file: TextFile, types: AtomTypes = AtomTypes()) throws -> [Frame] {
        var frames: [Frame] = []
        var k = 0
        let lines = file.lines
        func next(_ what: String) throws -> (Int, Substring) {
            while k < lines.count, lines[k].allSatisfy(\.isWhitespace) { k += 1 }
            guard k < lines.count else { throw file.error("unexpected end of file: expected \(what)", line: lines.count + 1) }
            k += 1
            return (k, lines[k - 1])
        }
        func expect(_ item: String) throws -> (Int, Substring) {
            let (line, text) = try next("ITEM: \(item)")
            guard text.hasPrefix("ITEM: \(item)") else {
                throw file.error("expected 'ITEM: \(item)', found '\(text.prefix(60))'", line: line)
            }
            return (line, text)
        }
        while k < lines.count, lines[k...].contains(where: { !$0.allSatisfy(\.isWhitespace) }) {
            _ = try expect("TIMESTEP")
            _ = try next("the timestep")
            _ = try expect("NUMBER OF ATOMS")
            let (nLine, nText) = try next("the number of atoms")
            guard let n = Int(nText.trimmingCharacters(in: .whitespaces)), n > 0, n <= lines.count else {
                throw file.error("expected the number of atoms (a positive integer no larger than the file)", line: nLine)
            }
            let (boxLine, boxText) = try expect("BOX BOUNDS")
            let triclinic = boxText.contains("xy")
            var b: [[Double]] = []
            for axis in 0..<3 {
                let (line, text) = try next("box bounds")
                let v = text.split(whereSeparator: \.isWhitespace).compactMap { parseDouble($0) }
                guard v.count == (triclinic ? 3 : 2), v.allSatisfy(\.isFinite) else {
                    throw file.error("expected \(triclinic ? 3 : 2) numbers for the \(["x", "y", "z"][axis]) bounds", line: line)
                }
                b.append(v)
            }
            let (xy, xz, yz) = triclinic ? (b[0][2], b[1][2], b[2][2]) : (0, 0, 0)
            let xlo = b[0][0] - min(0, xy, xz, xy + xz), xhi = b[0][1] - max(0, xy, xz, xy + xz)
            let ylo = b[1][0] - min(0, yz), yhi = b[1][1] - max(0, yz)
            let lo = SIMD3(xlo, ylo, b[2][0])
            guard xhi > xlo, yhi > ylo, b[2][1] > b[2][0] else {
                throw file.error("the box bounds leave no volume", line: boxLine)
            }
            let cell = Cell(SIMD3(xhi - xlo, 0, 0), SIMD3(xy, yhi - ylo, 0), SIMD3(xz, yz, b[2][1] - b[2][0]))
            let (atomsLine, atomsText) = try expect("ATOMS")
            let columns = atomsText.dropFirst("ITEM: ATOMS".count).split(whereSeparator: \.isWhitespace).map(String.init)
            func column(_ names: [String]) -> [Int]? {
                let idx = names.compactMap { columns.firstIndex(of: $0) }
                return idx.count == names.count ? idx : nil
            }
            var scaled = false
            guard let id = columns.firstIndex(of: "id") else { throw file.error("the dump has no 'id' column", line: atomsLine) }
            let position: [Int]
            if let p = column(["x", "y", "z"]) ?? column(["xu", "yu", "zu"]) {
                position = p
            } else if let p = column(["xs", "ys", "zs"]) ?? column(["xsu", "ysu", "zsu"]) {
                position = p
                scaled = true
            } else {
                throw file.error("the dump has no positions (x y z, xu yu zu, xs ys zs or xsu ysu zsu)", line: atomsLine)
            }
            let elementColumn = columns.firstIndex(of: "element")
            let typeColumn = columns.firstIndex(of: "type")
            guard elementColumn != nil || typeColumn != nil else {
                throw file.error("the dump has neither a 'type' nor an 'element' column", line: atomsLine)
            }
            let velocity = column(["vx", "vy", "vz"]), force = column(["fx", "fy", "fz"])
            var rows: [(id: Int, element: Element, r: SIMD3<Double>, v: SIMD3<Double>, f: SIMD3<Double>)] = []
            rows.reserveCapacity(n)
            for _ in 0..<n {
                let (line, text) = try next("an atom line")
                let w = text.split(whereSeparator: \.isWhitespace)
                guard w.count == columns.count else {
                    throw file.error("expected \(columns.count) columns (\(columns.joined(separator: " "))), found \(w.count)",
                                     line: line)
                }
                guard let atomID = Int(w[id]) else { throw file.error("atom id '\(w[id])' is not an integer", line: line) }
                let element: Element
                if let c = elementColumn {
                    guard let e = Element(symbol: String(w[c])) else { throw file.error("unknown element '\(w[c])'", line: line) }
                    element = e
                } else {
                    guard let t = Int(w[typeColumn!]) else { throw file.error("atom type '\(w[typeColumn!])' is not an integer", line: line) }
                    guard let e = types.elements[t] else {
                        throw file.error("no element for atom type \(t): name them with --types 1=Cu,2=Zr", line: line)
                    }
                    element = e
                }
                func vector(_ idx: [Int]?, _ what: String) throws -> SIMD3<Double> {
                    guard let idx else { return .zero }
                    let v = idx.compactMap { parseDouble(w[$0]) }
                    guard v.count == 3, v.allSatisfy(\.isFinite) else { throw file.error("expected three finite \(what)", line: line) }
                    return SIMD3(v[0], v[1], v[2])
                }
                let p = try vector(position, "coordinates")
                rows.append((atomID, element, scaled ? cell.cartesian(p) : p - lo,
                             try vector(velocity, "velocities"), try vector(force, "forces")))
            }
            rows.sort { $0.id < $1.id }
            for a in rows.indices.dropFirst() where rows[a].id == rows[a - 1].id {
                throw file.error("atom id \(rows[a].id) appears twice in this snapshot", line: atomsLine)
            }
            var frame = Frame(structure: Structure(cell: cell, positions: rows.map(\.r), elements: rows.map(\.element)))
            if velocity != nil { frame.velocities = rows.map(\.v) }
            if force != nil { frame.forces = rows.map(\.f) }
            frames.append(frame)
        }
        guard !frames.isEmpty else { throw file.error("the dump has no snapshot", line: 1) }
        return frames
    }
}
