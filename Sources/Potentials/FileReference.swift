import Atoms
import Foundation

/// A `.pot` file that keeps a potential as a reference to its original files, with their
/// SHA-256 checksums (`"kind": "files"`; docs/pot-format.md): for kinds whose files props
/// reads but does not rewrite — SNAP and ML-IAP (the files of LAMMPS's `pair_coeff`), GAP
/// (QUIP's xml and its sparse-point files), MEAM (library and parameter file).
///
/// `files` are the potential spec's files in its order (comma-joined to load); `companions`
/// are read through them (GAP's sparse-point files) and only checked. A path is the name
/// of a file beside the `.pot` or an absolute path; an absolute path that does not exist is
/// looked for beside the `.pot` by its name. Loading verifies every checksum first.
public struct FileReference: Sendable, Equatable {
    /// One referenced file: its path as recorded and its SHA-256 (hex).
    public struct Entry: Sendable, Equatable {
        public var path: String
        public var sha256: String
    }

    public var files: [Entry]
    public var companions: [Entry]
    /// `--map` labels for files whose entries carry them (MEAM library entries), or "".
    public var map: String

    /// True for the kinds kept as references (GAP, MEAM, SNAP, ML-IAP): props reads their
    /// files but does not rewrite them.
    public static func keeps(_ potential: Potential) -> Bool {
        potential is GAP || potential is MEAM || potential is BispectrumPotential || potential is PowerSpectrumPotential
    }

    /// The reference for the potential spec `spec` (comma-separated files), recording
    /// absolute paths, or with `namesOnly` the file names (for files copied beside the `.pot`).
    public static func of(_ spec: String, potential: Potential, map: LabelMap, namesOnly: Bool = false) throws -> FileReference {
        let paths = spec.split(separator: ",").map(String.init)
        let companions = potential is GAP ? try sparsePointFiles(ofXML: paths[0]) : []
        func entry(_ path: String) throws -> Entry {
            guard let sum = SHA256.hex(file: path) else { throw InputError("cannot read the file", file: path) }
            let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
            return Entry(path: namesOnly ? (path as NSString).lastPathComponent : absolute, sha256: sum)
        }
        let labels = map.pairs.map { $0.label == $0.element.symbol ? $0.label : "\($0.label)=\($0.element.symbol)" }
        return FileReference(files: try paths.map(entry), companions: try companions.map(entry), map: labels.joined(separator: ","))
    }

    /// The sparse-point files QUIP's xml names (`sparseX_filename`), beside it.
    static func sparsePointFiles(ofXML path: String) throws -> [String] {
        let file = try TextFile(path: path)
        let directory = (path as NSString).deletingLastPathComponent
        let key = "sparseX_filename=\""
        var names: [String] = []
        for line in file.lines {
            var rest = Substring(line)
            while let r = rest.range(of: key) {
                rest = rest[r.upperBound...]
                guard let end = rest.firstIndex(of: "\"") else { break }
                let name = String(rest[..<end])
                if !names.contains(name) { names.append(name) }
                rest = rest[end...]
            }
        }
        return names.map { (directory as NSString).appendingPathComponent($0) }
    }

    /// The `.pot` text.
    public var text: String {
        func list(_ entries: [Entry]) -> PotJSON {
            .array(entries.map { .object([("path", .string($0.path)), ("sha256", .string($0.sha256))]) })
        }
        return PotJSON.object([("format", .string(PotFormat.formatName)), ("version", .number(Double(PotFormat.version))),
                               ("kind", .string("files")), ("files", list(files)), ("companions", list(companions)),
                               ("map", .string(map))]).text
    }

    /// Reads the reference from a `.pot` file's root object.
    static func read(_ root: PotJSON) throws -> FileReference {
        func list(_ key: String) throws -> [Entry] {
            try root.field(key).array(key).map { e in
                let sum = try e.field("sha256").string("sha256")
                guard sum.count == 64, sum.allSatisfy(\.isHexDigit) else { throw e.fail("sha256 is not 64 hex digits") }
                return Entry(path: try e.field("path").string("path"), sha256: sum.lowercased())
            }
        }
        let files = try list("files")
        guard !files.isEmpty else { throw try root.field("files").fail("no files") }
        return FileReference(files: files, companions: try list("companions"),
                             map: try root.optionalField("map")?.string("map") ?? "")
    }

    /// The files' paths resolved against the `.pot` at `potPath`, after checking that each
    /// exists and has its recorded checksum; throws naming the file and both checksums.
    public func verifiedSpec(potPath: String) throws -> String {
        let directory = (potPath as NSString).deletingLastPathComponent
        func resolve(_ e: Entry) throws -> String {
            var path = e.path.hasPrefix("/") ? e.path : (directory as NSString).appendingPathComponent(e.path)
            if !FileManager.default.fileExists(atPath: path) {
                path = (directory as NSString).appendingPathComponent((e.path as NSString).lastPathComponent)
            }
            guard let sum = SHA256.hex(file: path) else {
                throw InputError("the file it refers to, \(e.path), is missing (looked for it at \(path))", file: potPath)
            }
            guard sum == e.sha256 else {
                throw InputError("\(path) has SHA-256 \(sum), but the .pot records \(e.sha256): the file changed since "
                                 + "the .pot was written (restore it, or convert again)", file: potPath)
            }
            return path
        }
        _ = try companions.map(resolve)
        return try files.map(resolve).joined(separator: ",")
    }
}
