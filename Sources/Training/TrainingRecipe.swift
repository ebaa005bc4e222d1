import Atoms
import Foundation
import Potentials

/// A training run written down: a JSON file with `"format": "props-train-recipe"`, the
/// data (`data`, optional `test`), the output (`out`), label `keys`, a `name`, and the
/// `settings` object of `TrainingSettings` (see `docs/training.md`). Paths are relative to
/// the recipe's directory. The settings are read once the data (and so the species) are known.
public struct TrainingRecipe {
    public static let formatName = "props-train-recipe"

    public let path: String
    public var data: String?
    public var test: String?
    public var out: String?
    public var name: String?
    public var keys = ExtendedXYZ.Keys()
    /// The raw `settings` object (nil: defaults).
    public var settings: PotJSON?

    /// Reads a recipe; errors name the file and line.
    public init(path: String) throws {
        self.path = path
        let file = try TextFile(path: path)
        do {
            let root = try PotJSON.parse(file.lines.joined(separator: "\n"))
            try root.onlyKeys(["format", "description", "data", "test", "out", "name", "keys", "settings"])
            guard try root.field("format").string("format") == Self.formatName else {
                throw root.error("not a \(Self.formatName) file (\"format\": \"\(Self.formatName)\")")
            }
            let directory = (path as NSString).deletingLastPathComponent
            func resolved(_ key: String) throws -> String? {
                try root.optionalField(key).map { node in
                    let p = try node.string(key)
                    return p.hasPrefix("/") || directory.isEmpty ? p : (directory as NSString).appendingPathComponent(p)
                }
            }
            data = try resolved("data")
            test = try resolved("test")
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
