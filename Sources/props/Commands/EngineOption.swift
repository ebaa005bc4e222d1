import Atoms
import Engines
import Foundation

/// `--engine props|lammps` and `--ranks N`: which engine runs a protocol's MD, and on how
/// many MPI ranks LAMMPS runs (shared by md, cp, melt and the report's diffusion runs).
struct EngineOption {
    enum Kind: String { case props, lammps }

    var kind: Kind
    var ranks: Int

    static let specs = [
        OptionSpec(name: "engine", value: "props|lammps", help: "MD engine: props' own (default) or LAMMPS from make lammps (see README, Running large systems)"),
        OptionSpec(name: "ranks", value: "N", help: "MPI ranks for --engine lammps (default 1)"),
    ]

    init(_ values: [String: String], command: String) throws {
        let name = values["engine"] ?? "props"
        guard let k = Kind(rawValue: name) else {
            throw UsageError("--engine must be props or lammps, got '\(name)'", command: command)
        }
        kind = k
        if let s = values["ranks"] {
            guard let n = Int(s), (1...4096).contains(n) else {
                throw UsageError("--ranks must be an integer in 1...4096, got '\(s)'", command: command)
            }
            guard k == .lammps else { throw UsageError("--ranks applies to --engine lammps only", command: command) }
            ranks = n
        } else {
            ranks = 1
        }
    }

    /// Option names and values, as stored with a run's settings.
    var pairs: [(key: String, value: String)] { [("engine", kind.rawValue), ("ranks", "\(ranks)")] }

    /// summary.json keys: engine, lammps_version (LAMMPS runs), ranks.
    func json(lammpsVersion: String?) -> [(String, JSON)] {
        var out: [(String, JSON)] = [("engine", .string(kind.rawValue))]
        if let v = lammpsVersion { out.append(("lammps_version", .string(v))) }
        out.append(("ranks", .int(ranks)))
        return out
    }
}

extension JSON {
    /// The object with `pairs` appended (other values unchanged).
    func appending(_ pairs: [(String, JSON)]) -> JSON {
        guard case .object(let existing) = self else { return self }
        return .object(existing + pairs)
    }
}

/// A value set from concurrent jobs (the LAMMPS version the runs report).
final class LockedValue<T>: @unchecked Sendable {
    private var value: T
    private let lock = NSLock()

    init(_ value: T) { self.value = value }

    func set(_ v: T) { lock.lock(); value = v; lock.unlock() }

    func get() -> T { lock.lock(); defer { lock.unlock() }; return value }
}
