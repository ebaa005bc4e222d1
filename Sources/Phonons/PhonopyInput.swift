import Atoms
import Foundation
import Neighbors

/// A phonopy calculation done elsewhere (e.g. with DFT forces): `phonopy_disp.yaml` (unit
/// cell, supercell and primitive matrices, units) and `FORCE_SETS` (displacements and
/// forces), read into `props`'s units (Å, eV/Å).
public struct PhonopyInput {
    public let unitCell: Structure
    public let supercellMatrix: [[Int]]
    public let supercell: PhononSupercell
    public let records: [DisplacementRecord]
    /// The calculator phonopy was told about (vasp, qe, ...), which fixes the units.
    public let calculator: String
    /// The `phonopy_disp.yaml` read.
    public let yaml: String

    /// phonopy's own constants (CODATA 2014), so converted force constants are phonopy's.
    static let bohr = 0.52917721067
    static let rydberg = 13.605693009

    /// Reads `forceSets` and `yaml` (default: the `phonopy_disp.yaml` next to `forceSets`).
    public init(forceSets: String, yaml: String?) throws {
        let yamlPath = yaml ?? URL(fileURLWithPath: forceSets).deletingLastPathComponent().appendingPathComponent("phonopy_disp.yaml").path
        guard FileManager.default.fileExists(atPath: yamlPath) else {
            throw InputError("no phonopy_disp.yaml next to \(forceSets): give it with --phonopy-yaml")
        }
        try self.init(yaml: yamlPath, forceSets: forceSets)
    }

    /// Reads `phonopy_disp.yaml` and the `FORCE_SETS` next to it (or at `forceSets`).
    public init(yaml: String, forceSets: String) throws {
        self.yaml = yaml
        let file = try TextFile(path: yaml)
        let doc = try PhonopyYAML(file)
        calculator = doc.scalar(["phonopy", "calculator"]) ?? "vasp"
        let (lengthScale, forceScale): (Double, Double)
        switch calculator {
        case "vasp": (lengthScale, forceScale) = (1, 1)
        case "qe": (lengthScale, forceScale) = (Self.bohr, Self.rydberg / Self.bohr)
        default:
            throw InputError("phonopy calculator '\(calculator)' is not supported (vasp and qe are)", file: yaml)
        }
        guard let matrix = doc.matrix("supercell_matrix") else {
            throw InputError("no supercell_matrix", file: yaml)
        }
        let entry = Double(Supercell.maximumEntry)
        guard matrix.joined().allSatisfy({ $0.rounded() == $0 && abs($0) <= entry }) else {
            throw InputError("supercell_matrix must hold integers of magnitude at most \(Supercell.maximumEntry)", file: yaml)
        }
        supercellMatrix = matrix.map { $0.map { Int($0.rounded()) } }
        unitCell = try doc.structure("unit_cell", lengthScale: lengthScale)
        do { try unitCell.checkUsable() } catch let e as InputError { throw InputError("unit_cell: " + e.message, file: yaml) }
        do { supercell = try PhononSupercell(unit: unitCell, matrix: supercellMatrix) } catch let e as InputError {
            throw e.at(file: yaml, line: file.lines.firstIndex { $0.hasPrefix("supercell_matrix:") }.map { $0 + 1 })
        }
        // The supercell phonopy listed must be ours atom for atom (FORCE_SETS indexes it).
        if let listed = try? doc.structure("supercell", lengthScale: lengthScale) {
            guard listed.count == supercell.structure.count else {
                throw InputError("the supercell has \(listed.count) atoms, the matrix gives \(supercell.structure.count)", file: yaml)
            }
            for (i, (a, b)) in zip(listed.positions, supercell.structure.positions).enumerated() {
                let d = supercell.structure.cell.minimumImage(a - b)
                guard length(d) < 1e-4 else {
                    throw InputError("supercell atom \(i + 1) is not where props puts it; only phonopy's diagonal supercells are supported",
                                     file: yaml)
                }
            }
        }
        records = try Self.readForceSets(TextFile(path: forceSets), atoms: supercell.structure.count,
                                          lengthScale: lengthScale, forceScale: forceScale)
    }

    /// The displaced supercells with their forces, as force-labelled frames (FORCE_SETS has no
    /// energies), `config_type` phonopy-displacement: DFT phonon calculations as training data.
    public var displacedFrames: [Frame] {
        records.enumerated().map { k, r in
            var s = supercell.structure
            s.positions[r.atom] += r.displacement
            var frame = Frame(structure: s, forces: r.forces)
            frame.configType = "phonopy-displacement"
            let u = r.displacement
            frame.info = [("description", "phonopy displacement \(k + 1): atom \(r.atom + 1) by (\(u.x), \(u.y), \(u.z)) Å")]
            return frame
        }
    }

    /// FORCE_SETS (phonopy's type 1): atom count, displacement count, then per displacement
    /// the 1-based atom, the displacement and one force line per atom.
    static func readForceSets(_ file: TextFile, atoms: Int, lengthScale: Double, forceScale: Double) throws -> [DisplacementRecord] {
        var sc = TokenScanner(file)
        let n = try sc.int("number of atoms")
        guard n == atoms else {
            throw file.error("FORCE_SETS is for \(n) atoms but the supercell has \(atoms)", line: 1)
        }
        let count = try sc.int("number of displacements")
        guard count > 0 else { throw file.error("no displacements", line: 2) }
        var records: [DisplacementRecord] = []
        for _ in 0..<count {
            let atom = try sc.int("displaced atom")
            guard atom >= 1 && atom <= n else {
                throw file.error("displaced atom \(atom) is not between 1 and \(n)", line: sc.currentLine)
            }
            let u = try sc.doubles(3, "displacement")
            let amplitude = length(lengthScale * SIMD3(u[0], u[1], u[2]))
            guard amplitude >= 1e-6, amplitude <= 1 else {
                throw file.error("a displacement of \(amplitude) Å is not a finite-displacement step (1e-6 to 1 Å)", line: sc.currentLine)
            }
            var forces: [SIMD3<Double>] = []
            forces.reserveCapacity(n)
            for _ in 0..<n {
                let f = try sc.doubles(3, "force")
                guard f.allSatisfy({ abs($0) <= 1e6 }) else {
                    throw file.error("a force component beyond 10^6 is not a force", line: sc.currentLine)
                }
                forces.append(forceScale * SIMD3(f[0], f[1], f[2]))
            }
            records.append(DisplacementRecord(atom: atom - 1, displacement: lengthScale * SIMD3(u[0], u[1], u[2]), forces: forces))
        }
        return records
    }
}

/// The subset of YAML that phonopy writes: nested mappings by indentation, lists of
/// `- [a, b, c]` rows and of `- symbol: X` point records.
struct PhonopyYAML {
    let file: TextFile

    init(_ file: TextFile) throws {
        self.file = file
        guard file.lines.contains(where: { $0.hasPrefix("unit_cell:") }) else {
            throw file.error("not a phonopy_disp.yaml / phonopy.yaml: no unit_cell section")
        }
    }

    /// Lines of a top-level section (after its `name:` line, up to the next top-level key).
    func section(_ name: String) -> ArraySlice<Substring>? {
        guard let start = file.lines.firstIndex(where: { $0.hasPrefix(name + ":") }) else { return nil }
        var end = start + 1
        while end < file.lines.count, file.lines[end].isEmpty || file.lines[end].first == " " || file.lines[end].first == "-" {
            end += 1
        }
        return file.lines[(start + 1)..<end]
    }

    /// `key: value` inside a section (quotes removed).
    func scalar(_ path: [String]) -> String? {
        guard let lines = section(path[0]) else { return nil }
        for line in lines {
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix(path[1] + ":") {
                return t.dropFirst(path[1].count + 1).trimmingCharacters(in: .whitespaces)
                    .trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            }
        }
        return nil
    }

    /// Numbers in the `[...]` of a line.
    func numbers(_ line: Substring) -> [Double]? {
        guard let open = line.firstIndex(of: "["), let close = line.firstIndex(of: "]") else { return nil }
        let v = line[line.index(after: open)..<close].split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        return v
    }

    /// A 3×3 matrix written as three `- [a, b, c]` rows directly under a top-level key.
    func matrix(_ name: String) -> [[Double]]? {
        guard let lines = section(name) else { return nil }
        let rows = lines.compactMap { numbers($0) }.filter { $0.count == 3 }
        return rows.count == 3 ? rows : nil
    }

    /// A structure section (`lattice:` rows and `points:` with symbol, coordinates, mass).
    func structure(_ name: String, lengthScale: Double) throws -> Structure {
        guard let lines = section(name) else { throw file.error("no \(name) section") }
        var lattice: [SIMD3<Double>] = []
        var elements: [Element] = [], fractional: [SIMD3<Double>] = [], masses: [Double] = []
        var inLattice = false
        for (offset, line) in lines.enumerated() {
            let t = line.trimmingCharacters(in: .whitespaces)
            let lineNumber = lines.startIndex + offset + 1
            if t.hasPrefix("lattice:") { inLattice = true; continue }
            if t.hasPrefix("points:") { inLattice = false; continue }
            if inLattice, let v = numbers(line), v.count == 3, lattice.count < 3 {
                let row = lengthScale * SIMD3(v[0], v[1], v[2])
                guard row.x.magnitude <= 1e6, row.y.magnitude <= 1e6, row.z.magnitude <= 1e6 else {
                    throw file.error("a lattice vector component beyond 10^6 Å is not a crystal's cell", line: lineNumber)
                }
                lattice.append(row)
            } else if t.hasPrefix("- symbol:") {
                let symbol = t.dropFirst("- symbol:".count).split(separator: "#", omittingEmptySubsequences: false)[0].trimmingCharacters(in: .whitespaces)
                guard let e = Element(symbol: symbol) else { throw file.error("unknown element '\(symbol)'", line: lineNumber) }
                elements.append(e)
            } else if t.hasPrefix("coordinates:") {
                guard let v = numbers(line), v.count == 3, v.allSatisfy({ $0.magnitude <= 1e6 }) else {
                    throw file.error("expected three fractional coordinates (at most 10^6 in magnitude)", line: lineNumber)
                }
                fractional.append(SIMD3(v[0], v[1], v[2]))
            } else if t.hasPrefix("mass:") {
                guard let m = Double(t.dropFirst("mass:".count).trimmingCharacters(in: .whitespaces)), m >= 0.1, m <= 10_000 else {
                    throw file.error("expected a mass from 0.1 to 10000 amu", line: lineNumber)
                }
                masses.append(m)
            }
        }
        guard lattice.count == 3, !elements.isEmpty, fractional.count == elements.count else {
            throw file.error("\(name): incomplete lattice or points")
        }
        let cell = Cell(lattice[0], lattice[1], lattice[2])
        return Structure(cell: cell, positions: fractional.map { cell.cartesian($0) }, elements: elements,
                         masses: masses.count == elements.count ? masses : nil)
    }
}
