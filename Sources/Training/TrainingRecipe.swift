import Atoms
import Foundation
import Potentials

/// A training run written down, in the recipe format every `props` recipe uses (`key = value`
/// lines, see `Recipe`): `data` (one file or a comma-separated list), optional `test`, `out`,
/// `name`, `keys.energy` (and forces, stress, virial), and the settings as dotted keys (`network.hidden = 25, 25`,
/// `loss.force_start = 1`, ...; see `docs/training.md`). The same content as a JSON object with
/// `"format": "props-train-recipe"` is accepted too, which also allows an explicit descriptor
/// list. Paths are relative to the recipe's directory. The settings are read once the data
/// (and so the species) are known.
public struct TrainingRecipe {
    public static let formatName = "props-train-recipe"

    public let path: String
    /// The training data files, in order (their frames are concatenated).
    public var data: [String] = []
    public var test: String?
    /// The recipe lines of `data` and `test` (0 when not known), for `requireFiles`.
    var fileLines = (data: 0, test: 0)
    public var out: String?
    public var name: String?
    public var keys = ExtendedXYZ.Keys()
    /// The raw `settings` object (nil: defaults), without `model` and `snap`.
    public var settings: PotJSON?
    /// The `core` key: `zbl` or `zbl:R_INNER,R_OUTER` (see `CoreSpec`).
    public var core: String?
    /// The `model` key: bp (default), snap or qsnap.
    public var model: String?
    /// The `snap` settings object (`SNAPFitSettings`).
    public var snap: PotJSON?
    /// The `gap` settings object (`GAPFitSettings`).
    public var gap: PotJSON?

    /// Reads a recipe; errors name the file and line.
    public init(path: String) throws {
        self.path = path
        let file = try TextFile(path: path)
        do {
            let isJSON = file.lines.first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }?
                .trimmingCharacters(in: .whitespaces).hasPrefix("{") ?? false
            let root = isJSON ? try PotJSON.parse(file.lines.joined(separator: "\n")) : try Self.nested(Recipe(file))
            try root.onlyKeys(["format", "description", "data", "test", "out", "name", "keys", "settings", "core"])
            guard try root.field("format").string("format") == Self.formatName else {
                throw root.error("not a \(Self.formatName) file (\"format\": \"\(Self.formatName)\")")
            }
            let directory = (path as NSString).deletingLastPathComponent
            func resolved(_ p: String) -> String {
                p.hasPrefix("/") || directory.isEmpty ? p : (directory as NSString).appendingPathComponent(p)
            }
            func resolved(_ key: String) throws -> String? {
                try root.optionalField(key).map { resolved(try $0.string(key)) }
            }
            if let node = root.optionalField("data") {
                let list: [String]
                if case .array(let items) = node.value { list = try items.map { try $0.string("data") } } else {
                    list = try node.string("data").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                }
                guard !list.isEmpty, list.allSatisfy({ !$0.isEmpty }) else { throw node.error("'data' needs one or more file names") }
                data = list.map(resolved)
                fileLines.data = node.line
            }
            test = try resolved("test")
            fileLines.test = root.optionalField("test")?.line ?? 0
            if let node = root.optionalField("out") {
                let value = try node.string("out")
                if value.isEmpty { throw node.error("'out' needs a file name (the potential to write)") }
                // Training writes "-training/" beside it, learning_curves.svg its longest file name.
                if let problem = OutputPath.problem(resolved(value) + "-training/learning_curves.svg") {
                    throw node.error("'out' = '\(value.prefix(40))\(value.count > 40 ? "…" : "")' cannot be written: the path \(problem)")
                }
            }
            out = try resolved("out")
            name = try root.optionalField("name")?.string("name")
            if let k = root.optionalField("keys") {
                try k.onlyKeys(["energy", "forces", "stress", "virial"])
                if let v = k.optionalField("energy") { keys.energy = try v.string("energy") }
                if let v = k.optionalField("forces") { keys.forces = try v.string("forces") }
                if let v = k.optionalField("stress") { keys.stress = try v.string("stress") }
                if let v = k.optionalField("virial") { keys.virial = try v.string("virial") }
            }
            settings = root.optionalField("settings")
            if let node = root.optionalField("core") {
                core = try node.string("core")
                do { _ = try CoreSpec(core!) } catch let e as InputError { throw node.error(e.message) }
            }
            if let all = settings, case .object(let pairs) = all.value {
                model = try all.optionalField("model")?.string("model")
                snap = all.optionalField("snap")
                gap = all.optionalField("gap")
                settings = PotJSON(.object(pairs.filter { !["model", "snap", "gap"].contains($0.key) }), line: all.line)
            }
        } catch let e as InputError {
            throw e.at(file: path)
        }
    }

    /// Throws, naming the recipe's file and line, when one of its `data` files (if `data`) or
    /// its `test` file (if `test`) does not exist: checked before any is read, so that a typo in
    /// the recipe is reported as one. Pass false for a key the command line replaces.
    public func requireFiles(data checksData: Bool, test checksTest: Bool) throws {
        let keys = [("data", checksData ? data : [], fileLines.data),
                    ("test", checksTest ? test.map { [$0] } ?? [] : [], fileLines.test)]
        for (key, files, line) in keys {
            for file in files where !FileManager.default.fileExists(atPath: file) {
                throw InputError("'\(key)' names '\(file)': no such file", file: path, line: line > 0 ? line : nil)
            }
        }
    }

    /// A `key = value` recipe as the JSON object of the same recipe: dotted keys become nested
    /// objects; numbers, booleans and comma-separated lists take their JSON types; each value
    /// keeps its line for error messages.
    static func nested(_ recipe: Recipe) throws -> PotJSON {
        func typed(_ text: String, line: Int) -> PotJSON {
            let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            func scalar(_ s: String) -> PotJSON {
                if let x = Double(s) { return PotJSON(.number(x), line: line) }
                if s == "true" || s == "false" { return PotJSON(.bool(s == "true"), line: line) }
                return PotJSON(.string(s), line: line)
            }
            return items.count > 1 ? PotJSON(.array(items.map(scalar)), line: line) : scalar(text)
        }
        func insert(_ path: ArraySlice<String>, _ value: PotJSON, into node: inout [(key: String, value: PotJSON)]) throws {
            let head = path.first!
            if path.count == 1 { node.append((head, value)); return }
            var child: [(key: String, value: PotJSON)] = []
            if let k = node.firstIndex(where: { $0.key == head }) {
                guard case .object(let existing) = node[k].value.value else {
                    throw InputError("'\(head)' is both a value and a group of settings", line: value.line)
                }
                child = existing
                try insert(path.dropFirst(), value, into: &child)
                node[k] = (head, PotJSON(.object(child), line: node[k].value.line))
            } else {
                try insert(path.dropFirst(), value, into: &child)
                node.append((head, PotJSON(.object(child), line: value.line)))
            }
        }
        var root: [(key: String, value: PotJSON)] = [("format", PotJSON(.string(formatName)))]
        for entry in recipe.lines {
            let parts = entry.key.split(separator: ".").map(String.init)
            let isSetting = !["description", "data", "test", "out", "name", "keys", "core"].contains(parts[0])
            let path = isSetting ? ["settings"] + parts : parts
            let value = ["data", "test", "out", "name", "description", "core"].contains(entry.key)
                ? PotJSON(.string(entry.value), line: entry.line) : typed(entry.value, line: entry.line)
            try insert(path[...], value, into: &root)
        }
        return PotJSON(.object(root))
    }

    /// The SNAP settings for data of `species` (defaults where the recipe is silent).
    public func snapSettings(species: [Element], quadratic: Bool) throws -> SNAPFitSettings {
        do {
            return try SNAPFitSettings(json: snap, species: species, quadratic: quadratic)
        } catch let e as InputError {
            throw e.at(file: path)
        }
    }

    /// The GAP settings for data of `species` (defaults where the recipe is silent).
    public func gapSettings(species: [Element]) throws -> GAPFitSettings {
        do {
            return try GAPFitSettings(json: gap, species: species)
        } catch let e as InputError {
            throw e.at(file: path)
        }
    }

    /// The settings for data of `species` (defaults where the recipe is silent).
    public func trainingSettings(species: [Element]) throws -> TrainingSettings {
        do {
            return try settings.map { try TrainingSettings(json: $0, species: species) } ?? TrainingSettings()
        } catch let e as InputError {
            throw e.at(file: path)
        }
    }
}
