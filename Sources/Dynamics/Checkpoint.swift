import Atoms
import Foundation

/// Everything a run needs to continue exactly where it stopped: the state (positions,
/// velocities, forces, energy, stress, cell, step) with every number stored as its exact
/// bits, the random generator, the thermostat's and barostat's internal variables, the run
/// settings as the command wrote them, and the sizes of the output files at that moment
/// (so a resumed run truncates what an interrupted one wrote after the checkpoint), and what
/// the run's samplers had gathered (`CheckpointedObserver`).
/// Written atomically: a crash while writing leaves the previous checkpoint intact.
public struct Checkpoint {
    /// Run settings (key, value), in the order written; values are single-line text.
    public var settings: [(key: String, value: String)]
    public var state: MDState
    public var rng: RandomSource
    public var thermostat: [Double]
    public var barostat: [Double]
    /// Output file name → size in bytes at the checkpoint.
    public var fileSizes: [(name: String, bytes: UInt64)]
    /// Sampler name → its accumulated values at the checkpoint, stored as exact bits.
    public var observers: [(name: String, values: [Double])]
    /// Atoms held on their sites at the checkpoint, if any.
    public var pinned: PinnedSites?

    public init(settings: [(key: String, value: String)], state: MDState, rng: RandomSource,
                thermostat: [Double], barostat: [Double], fileSizes: [(name: String, bytes: UInt64)],
                observers: [(name: String, values: [Double])] = [], pinned: PinnedSites? = nil) {
        self.settings = settings
        self.state = state
        self.rng = rng
        self.thermostat = thermostat
        self.barostat = barostat
        self.fileSizes = fileSizes
        self.observers = observers
        self.pinned = pinned
    }

    /// The value of a setting.
    public func setting(_ key: String) -> String? { settings.first { $0.key == key }?.value }

    /// The values the sampler `name` saved; nil when the checkpoint has none for it.
    public func observer(_ name: String) -> [Double]? { observers.first { $0.name == name }?.values }

    static let magic = "props-md-checkpoint 1"

    private static func hex(_ x: Double) -> String { String(x.bitPattern, radix: 16) }

    private static func hex(_ v: [Double]) -> String { v.map { hex($0) }.joined(separator: " ") }

    /// The checkpoint as text.
    public var text: String {
        let s = state.structure
        var out = Checkpoint.magic + "\n"
        for (k, v) in settings { out += "setting \(k) \(v)\n" }
        out += "step \(state.step)\n"
        out += "rng " + rng.snapshot.map { String($0, radix: 16) }.joined(separator: " ") + "\n"
        out += "thermostat \(Checkpoint.hex(thermostat))\n"
        out += "barostat \(Checkpoint.hex(barostat))\n"
        for (name, bytes) in fileSizes { out += "file \(bytes) \(name)\n" }
        for (name, values) in observers { out += "observer \(name) \(Checkpoint.hex(values))\n" }
        if let p = pinned { out += "pinned \(Checkpoint.hex(p.checkpointValues))\n" }
        out += "cell \(Checkpoint.hex(s.cell.matrix.rowMajor))\n"
        out += "energy \(Checkpoint.hex(state.potentialEnergy))\n"
        if let st = state.stress { out += "stress \(Checkpoint.hex(st.rowMajor))\n" }
        out += "atoms \(s.count)\n"
        for i in 0..<s.count {
            let r = s.positions[i], v = state.velocities[i], f = state.forces[i]
            out += "\(s.elements[i].symbol) " + Checkpoint.hex([s.masses[i], r.x, r.y, r.z, v.x, v.y, v.z, f.x, f.y, f.z]) + "\n"
        }
        return out
    }

    /// Writes the checkpoint to `path` atomically.
    public func write(to path: String) throws {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw InputError("cannot write the checkpoint: \(error.localizedDescription)", file: path)
        }
    }

    /// Reads a checkpoint written by `write`.
    /// Atom masses a checkpoint may hold, amu (as phonopy files are read).
    static let massRange = 0.1...10_000.0
    /// Largest atom speed a checkpoint may hold, Å/ps (1000 km/s: 5 keV of kinetic energy for H,
    /// 0.15 MeV for Si, where a thermal speed at 10^5 K is 50 Å/ps).
    static let maximumSpeed = 1e4

    public static func read(path: String) throws -> Checkpoint {
        let file = try TextFile(path: path)
        guard file.lines.first.map(String.init) == magic else {
            throw file.error("not a props md checkpoint (first line should be '\(magic)')", line: 1)
        }
        var settings: [(key: String, value: String)] = []
        var step: Int?, rng: RandomSource?, cell: Matrix3?, energy: Double?, stress: Matrix3?
        var thermostat: [Double] = [], barostat: [Double] = [], sizes: [(name: String, bytes: UInt64)] = []
        var observers: [(name: String, values: [Double])] = []
        var pinned: PinnedSites?
        var positions: [SIMD3<Double>] = [], velocities: [SIMD3<Double>] = [], forces: [SIMD3<Double>] = []
        var elements: [Element] = [], masses: [Double] = []
        var expected = 0
        func doubles(_ words: ArraySlice<Substring>, _ n: Int?, line: Int) throws -> [Double] {
            let v = words.compactMap { UInt64($0, radix: 16).map(Double.init(bitPattern:)) }
            guard v.count == words.count, n == nil || v.count == n else {
                throw file.error("malformed numbers", line: line)
            }
            // A run stops before anything becomes NaN or infinite, so its checkpoint has none.
            guard v.allSatisfy(\.isFinite) else { throw file.error("a number is not finite: the checkpoint is corrupt", line: line) }
            return v
        }
        for (k, line) in file.lines.enumerated().dropFirst() where !line.isEmpty {
            let n = k + 1
            let words = line.split(separator: " ")
            let rest = words.dropFirst()
            if expected > 0 {
                guard let e = Element(symbol: String(words[0])) else { throw file.error("unknown element '\(words[0])'", line: n) }
                let v = try doubles(rest, 10, line: n)
                let atom = positions.count + 1
                guard (Self.massRange).contains(v[0]) else {
                    throw file.error("atom \(atom): mass \(v[0]) amu is outside \(Self.massRange.lowerBound)–"
                                     + "\(Int(Self.massRange.upperBound)) amu: the checkpoint is corrupt", line: n)
                }
                let velocity = SIMD3(v[4], v[5], v[6])
                guard length(velocity) <= Self.maximumSpeed else {
                    throw file.error("atom \(atom): speed \(length(velocity)) Å/ps is above \(Int(Self.maximumSpeed)) Å/ps "
                                     + "(keV kinetic energies, beyond any interatomic potential): the checkpoint is corrupt", line: n)
                }
                elements.append(e); masses.append(v[0])
                positions.append(SIMD3(v[1], v[2], v[3]))
                velocities.append(velocity)
                forces.append(SIMD3(v[7], v[8], v[9]))
                expected -= 1
                continue
            }
            switch words[0] {
            case "setting":
                let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
                guard parts.count >= 2 else { throw file.error("malformed setting", line: n) }
                settings.append((String(parts[1]), parts.count > 2 ? String(parts[2]) : ""))
            case "step": step = rest.first.flatMap { Int($0) }.flatMap { $0 >= 0 ? $0 : nil }
            case "rng": rng = RandomSource(snapshot: rest.compactMap { UInt64($0, radix: 16) })
            case "thermostat": thermostat = try doubles(rest, nil, line: n)
            case "barostat": barostat = try doubles(rest, nil, line: n)
            case "file":
                let parts = line.split(separator: " ", maxSplits: 2)
                guard parts.count == 3, let b = UInt64(parts[1]) else { throw file.error("malformed file entry", line: n) }
                sizes.append((String(parts[2]), b))
            case "observer":
                guard let name = rest.first else { throw file.error("malformed observer entry", line: n) }
                observers.append((String(name), try doubles(rest.dropFirst(), nil, line: n)))
            case "pinned":
                guard let p = PinnedSites(checkpointValues: try doubles(rest, nil, line: n)) else {
                    throw file.error("malformed held atoms", line: n)
                }
                pinned = p
            case "cell": cell = Matrix3(rowMajor: try doubles(rest, 9, line: n))
            case "energy": energy = try doubles(rest, 1, line: n)[0]
            case "stress": stress = Matrix3(rowMajor: try doubles(rest, 9, line: n))
            case "atoms":
                guard let c = rest.first.flatMap({ Int($0) }), c > 0 else { throw file.error("malformed atom count", line: n) }
                expected = c
            default:
                throw file.error("unknown checkpoint entry '\(words[0])'", line: n)
            }
        }
        guard let step, let rng, let cell, let energy, !positions.isEmpty, expected == 0 else {
            throw file.error("incomplete checkpoint (step, rng, cell, energy and atoms are required)")
        }
        let structure = Structure(cell: Cell(cell), positions: positions, elements: elements, masses: masses)
        do { try structure.validate() } catch let e as InputError { throw file.error(e.message) }
        if let p = pinned, !p.atoms.allSatisfy({ $0 < structure.count }) { throw file.error("a held atom is not in the structure") }
        var state = MDState(structure: structure, velocities: velocities)
        state.forces = forces
        state.potentialEnergy = energy
        state.stress = stress
        state.step = step
        return Checkpoint(settings: settings, state: state, rng: rng, thermostat: thermostat, barostat: barostat,
                          fileSizes: sizes, observers: observers, pinned: pinned)
    }
}
