import Foundation

/// Where a command's structure comes from: a file (POSCAR/CONTCAR, extended XYZ, LAMMPS
/// data or dump, CIF) or a lattice spec `LATTICE:ELEMENT[S]:A[:C[:U]]` such as
/// `fcc:Cu:3.615`, `diamond:Si:5.431`, `hcp:Mg:3.21:5.21`, `rocksalt:Na-Cl:5.64`,
/// `b2:Cs-Cl:4.12`, `l12:Cu3-Au:3.75`, `wurtzite:Ga-N:3.19:5.19[:0.377]`,
/// `perovskite:Sr-Ti-O:3.905`; `primitive-` before the lattice name
/// (`primitive-fcc:Cu:3.615`) builds the primitive cell.
public enum StructureInput {
    /// True when `text` looks like a lattice spec rather than a path.
    public static func isLatticeSpec(_ text: String) -> Bool {
        let head = text.split(separator: ":").first.map(String.init) ?? ""
        let name = head.hasPrefix("primitive-") ? String(head.dropFirst("primitive-".count)) : head
        return text.contains(":") && LatticeKind(rawValue: name.lowercased()) != nil
            && !FileManager.default.fileExists(atPath: text)
    }

    /// Builds the structure from a lattice spec.
    public static func lattice(_ spec: String) throws -> Structure {
        let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard (3...5).contains(parts.count) else {
            throw InputError("lattice spec '\(spec)' is not LATTICE:ELEMENT:A (e.g. fcc:Cu:3.615)")
        }
        var name = parts[0].lowercased()
        let primitive = name.hasPrefix("primitive-")
        if primitive { name.removeFirst("primitive-".count) }
        guard let kind = LatticeKind(rawValue: name) else {
            throw InputError("unknown lattice '\(parts[0])'; known: \(LatticeKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let elements = try parseElements(parts[1], count: kind.elementCount)
        guard let a = Double(parts[2]), a > 0, a.isFinite else {
            throw InputError("lattice constant '\(parts[2])' in '\(spec)' is not a positive number (Å)")
        }
        var c: Double? = nil, u: Double? = nil
        if parts.count >= 4 {
            guard kind.isHexagonal, let cv = Double(parts[3]), cv > 0, cv.isFinite else {
                throw InputError("a fourth field (c in Å) is only for hcp and wurtzite, and must be positive: '\(spec)'")
            }
            c = cv
        }
        if parts.count == 5 {
            guard kind == .wurtzite, let uv = Double(parts[4]), uv > 0, uv < 1 else {
                throw InputError("a fifth field (u, between 0 and 1) is only for wurtzite: '\(spec)'")
            }
            u = uv
        }
        return try Lattices.build(kind, elements: elements, a: a, c: c, u: u, primitive: primitive)
    }

    /// Element symbols "Cu", "Na-Cl", "Na,Cl" or "NaCl"; counts after a symbol are
    /// dropped ("Cu3-Au", "SrTiO3").
    static func parseElements(_ text: String, count: Int) throws -> [Element] {
        var symbols = text.split(whereSeparator: { $0 == "-" || $0 == "," }).map(String.init)
        if symbols.count == 1 && count >= 2 {
            // Split "NaCl" at capitals.
            symbols = []
            for ch in text {
                if ch.isUppercase || symbols.isEmpty { symbols.append(String(ch)) } else { symbols[symbols.count - 1].append(ch) }
            }
        }
        symbols = symbols.map { String($0.prefix { !$0.isNumber }) }
        guard symbols.count == count else {
            throw InputError("expected \(count) element(s) in '\(text)'")
        }
        return try symbols.map { s in
            guard let e = Element(symbol: s) else { throw InputError("unknown element '\(s)'") }
            return e
        }
    }

    /// The kind of structure file, by name and then by content.
    public enum FileKind { case poscar, extxyz, lammpsData, lammpsDump, cif }

    public static func fileKind(_ file: TextFile) -> FileKind {
        let name = (file.path as NSString).lastPathComponent.lowercased()
        if name.hasSuffix(".extxyz") || name.hasSuffix(".xyz") { return .extxyz }
        if name.hasSuffix(".cif") || CIF.recognizes(file) { return .cif }
        if LAMMPSDump.recognizes(file) { return .lammpsDump }
        if name.hasSuffix(".data") || name.hasSuffix(".lmp") || name.hasPrefix("data.") || looksLikeLAMMPSData(file) {
            return .lammpsData
        }
        if name.contains("poscar") || name.contains("contcar") || name.hasSuffix(".vasp") { return .poscar }
        if file.lines.count > 1, Int(file.lines[0].trimmingCharacters(in: .whitespaces)) != nil,
           file.lines[1].lowercased().contains("lattice=") {
            return .extxyz
        }
        return .poscar
    }

    /// A LAMMPS data header: an `N atoms` line and an `xlo xhi` line among the first 30.
    static func looksLikeLAMMPSData(_ file: TextFile) -> Bool {
        let head = file.lines.dropFirst().prefix(30).map { $0.prefix { $0 != "#" }.split(whereSeparator: \.isWhitespace) }
        return head.contains { $0.count == 2 && $0[1] == "atoms" && Int($0[0]) != nil }
            && head.contains { $0.count == 4 && $0[2] == "xlo" && $0[3] == "xhi" }
    }

    /// All frames of a structure file; `types` names the elements of LAMMPS atom types.
    /// A frame with a non-periodic direction (extended XYZ `pbc` with F) is refused unless
    /// `nonPeriodic` is set (the caller then isolates it: `Frame.isolated(range:)`).
    public static func readFrames(path: String, keys: ExtendedXYZ.Keys = .init(),
                                  types: AtomTypes = AtomTypes(), nonPeriodic: Bool = false) throws -> [Frame] {
        let file = try TextFile(path: path)
        switch fileKind(file) {
        case .extxyz:
            let frames = try ExtendedXYZ.read(file, keys: keys)
            if !nonPeriodic, let k = frames.firstIndex(where: { !$0.isPeriodic }) {
                throw InputError(Frame.nonPeriodicRefusal(frames.count > 1 ? "frame \(k + 1)" : "the structure"), file: path)
            }
            return frames
        case .poscar: return [try POSCAR.read(file)]
        case .lammpsData: return [try LAMMPSData.read(file, types: types)]
        case .lammpsDump: return try LAMMPSDump.read(file, types: types)
        case .cif: return [try CIF.read(file)]
        }
    }

    /// Frames from a path or a lattice spec, each made a supercell when `supercell` is
    /// given (`N`, `NxMxK` or nine integers), and validated. With `isolatedRange` (Å), a
    /// frame with non-periodic directions is accepted and isolated by vacuum wider than
    /// that range (`Frame.isolated`); without it, it is refused.
    public static func frames(_ text: String, supercell: String? = nil, types: AtomTypes = AtomTypes(),
                              isolatedRange: Double? = nil) throws -> [Frame] {
        var frames: [Frame]
        if isLatticeSpec(text) {
            frames = [Frame(structure: try lattice(text))]
        } else {
            frames = try readFrames(path: text, types: types, nonPeriodic: isolatedRange != nil)
        }
        if let range = isolatedRange, frames.contains(where: { !$0.isPeriodic }) {
            guard supercell == nil else {
                throw InputError("--supercell does not apply to a structure with a non-periodic direction (pbc with F)", file: text)
            }
            for k in frames.indices { frames[k].structure = frames[k].isolated(range: range) }
        }
        if let sc = supercell {
            let p = try Supercell.parseMatrix(sc)
            for k in frames.indices {
                frames[k].structure = try Supercell.make(frames[k].structure, matrix: p)
                frames[k].forces = nil
                frames[k].energy = nil
                frames[k].velocities = nil
                frames[k].arrays = []
            }
        }
        for (k, f) in frames.enumerated() {
            do { try f.structure.validate() } catch let e as InputError {
                let where_ = frames.count > 1 ? " (frame \(k + 1))" : ""
                throw InputError(e.message + where_, file: isLatticeSpec(text) ? nil : text)
            }
        }
        return frames
    }

    /// A single structure: the last frame of a file (a trajectory's end), or a lattice spec.
    /// `isolatedRange` as for `frames`.
    public static func structure(_ text: String, supercell: String? = nil, types: AtomTypes = AtomTypes(),
                                 isolatedRange: Double? = nil) throws -> Structure {
        try frames(text, supercell: supercell, types: types, isolatedRange: isolatedRange).last!.structure
    }
}
