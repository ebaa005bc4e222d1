import Atoms
import Foundation

/// Runs `mpirun -np N lmp -in FILE` in a directory, handing each line LAMMPS prints to a
/// callback as it comes (stdout and stderr together), and keeping the last lines for the
/// error message when LAMMPS fails.
enum LAMMPSProcess {
    /// What the run printed that props uses.
    struct Outcome {
        /// `LAMMPS (22 Jul 2025 - Update 1)` → "22 Jul 2025 - Update 1".
        var version: String
        /// The step the last run started from (LAMMPS's "Current step").
        var startStep: Int
    }

    /// The step of LAMMPS's "  Current step  : N" line (printed as a run starts), nil for other lines.
    static func currentStep(_ line: Substring) -> Int? {
        guard let colon = line.firstIndex(of: ":"), line.drop(while: \.isWhitespace).hasPrefix("Current step") else { return nil }
        return Int(line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }

    static func run(_ installation: LAMMPSInstallation, ranks: Int, input: String, in dir: String,
                    onLine: (Substring) -> Void) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: installation.mpirun)
        process.arguments = ["-np", "\(ranks)", installation.lmp, "-in", input, "-log", "log.lammps", "-nocite"]
        process.environment = installation.environment
        process.currentDirectoryURL = URL(fileURLWithPath: dir)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try process.run()
        } catch {
            throw InputError("cannot start LAMMPS (\(installation.mpirun)): \(error.localizedDescription); run 'make lammps'")
        }
        var version = "unknown"
        var startStep = 0
        var tail: [Substring] = []
        var pending = Data()
        let handle = pipe.fileHandleForReading
        func consume(_ line: Substring) {
            if version == "unknown", line.hasPrefix("LAMMPS ("), let close = line.lastIndex(of: ")") {
                version = String(line[line.index(line.startIndex, offsetBy: 8)..<close])
            }
            if let s = currentStep(line) { startStep = s }
            tail.append(line)
            if tail.count > 40 { tail.removeFirst(tail.count - 40) }
            onLine(line)
        }
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            pending.append(chunk)
            while let nl = pending.firstIndex(of: UInt8(ascii: "\n")) {
                consume(Substring(String(decoding: pending[pending.startIndex..<nl], as: UTF8.self)))
                pending.removeSubrange(pending.startIndex...nl)
            }
        }
        if !pending.isEmpty { consume(Substring(String(decoding: pending, as: UTF8.self))) }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let errors = tail.filter { $0.hasPrefix("ERROR") }
            throw InputError("LAMMPS stopped (exit \(process.terminationStatus)) in \(dir): "
                             + (errors.isEmpty ? tail.suffix(8) : errors.suffix(3)).joined(separator: " | "))
        }
        return Outcome(version: version, startStep: startStep)
    }
}
