import Atoms
import Foundation

/// Paths to the project's reference data, found from this source file's location so tests
/// run from any working directory.
public enum Fixtures {
    /// The repository root.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `reference/<relative>`.
    public static func reference(_ relative: String) -> String {
        root.appendingPathComponent("reference").appendingPathComponent(relative).path
    }

    /// A classical potential file shipped in `reference/classical/potentials/`.
    public static func classicalPotential(_ name: String) -> String {
        reference("classical/potentials/\(name)")
    }

    /// Frames of a LAMMPS reference file in `reference/classical/lammps-reference/`.
    public static func lammpsFrames(_ name: String) throws -> [Frame] {
        try ExtendedXYZ.read(TextFile(path: reference("classical/lammps-reference/\(name)")))
    }

    /// A scratch directory, new for each call.
    public static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("props-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// A small deterministic random generator (SplitMix64) so test structures are reproducible.
public struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
