import Atoms
import Foundation

/// The native `.pot` format (specified in `docs/pot-format.md`): one JSON object with
/// `"format": "props-potential"`, a `version`, a `kind`, and either a neural-network
/// potential in full (descriptors, scaling, networks, energies, training ranges,
/// provenance; always Å and eV) or the verbatim text of a classical potential file.
public enum PotFormat {
    public static let formatName = "props-potential"
    public static let version = 1

    /// True when `text` looks like a `.pot` file.
    public static func recognizes(_ text: Substring) -> Bool {
        text.drop { $0.isWhitespace }.hasPrefix("{") && text.contains("\"\(formatName)\"")
    }

    // MARK: writing

    /// The `.pot` text of a neural-network potential.
    public static func write(_ p: BehlerParrinello) -> String {
        let symbols = p.species.map(\.symbol)
        let elements = p.models.map { m -> PotJSON in
            var pairs: [(String, PotJSON)] = [
                ("element", .string(m.element.symbol)),
                ("reference_energy_eV", .number(m.referenceEnergy)),
                ("energy_scale_eV", .number(m.energyScale)),
                ("energy_shift_eV", .number(m.energyShift)),
                ("descriptors", .array(m.descriptors.descriptors.map { descriptorJSON($0, symbols) })),
                ("scaling", .object([("factor", .numbers(m.scaling.factor)), ("shift", .numbers(m.scaling.shift)),
                                     ("offset", .numbers(m.scaling.offset))])),
            ]
            if let range = m.trainingRange {
                pairs.append(("training_range", .object([("min", .numbers(range.minimum)), ("max", .numbers(range.maximum))])))
            }
            pairs.append(("network", networkJSON(m.network)))
            return .object(pairs)
        }
        return PotJSON.object([
            ("format", .string(formatName)), ("version", .number(Double(version))),
            ("kind", .string("behler-parrinello")), ("name", .string(p.name)),
            ("units", .object([("length", .string("angstrom")), ("energy", .string("eV"))])),
            ("species", .array(symbols.map { .string($0) })),
            ("cutoff_A", .number(p.cutoff)),
            ("provenance", p.provenance),
            ("elements", .array(elements)),
        ]).text
    }

    /// A network as `.pot` files write it: its layers, each with activation, weight rows and biases.
    public static func networkJSON(_ network: Network) -> PotJSON {
        .array(network.layers.map { layer in
            .object([("activation", .string(layer.activation.rawValue)),
                     ("weights", .array((0..<layer.outputs).map { k in
                         .numbers(Array(layer.weights[k * layer.inputs..<(k + 1) * layer.inputs]))
                     })),
                     ("biases", .numbers(layer.biases))])
        })
    }

    /// One descriptor as `.pot` files write it, neighbours named by `symbols`.
    public static func descriptorJSON(_ d: Descriptor, _ symbols: [String]) -> PotJSON {
        func cutoff(_ c: CutoffFunction) -> [(String, PotJSON)] {
            [("cutoff", .number(c.radius)), ("cutoff_function", .string(c.kind.rawValue)), ("alpha", .number(c.alpha))]
        }
        switch d {
        case .radial(let f):
            return .object([("type", .string("G2")), ("neighbor", .string(symbols[f.neighbor])),
                            ("eta", .number(f.eta)), ("rs", .number(f.shift))] + cutoff(f.cutoff))
        case .angular(let f):
            return .object([("type", .string(f.kind.rawValue)), ("neighbor1", .string(symbols[f.neighbors.0])),
                            ("neighbor2", .string(symbols[f.neighbors.1])), ("eta", .number(f.eta)),
                            ("rs", .number(f.shift)), ("lambda", .number(f.lambda)), ("zeta", .number(f.zeta))]
                           + cutoff(f.cutoff))
        case .chebyshev(let c):
            return .object([("type", .string("chebyshev")),
                            ("radial_order", .number(Double(c.radialOrder))), ("radial_cutoff", .number(c.radialCutoff)),
                            ("angular_order", .number(Double(c.angularOrder))), ("angular_cutoff", .number(c.angularCutoff)),
                            ("spins", .numbers(c.spins))])
        }
    }

    /// A `.pot` file holding a classical potential file's text verbatim.
    public static func writeInline(style: String, fileName: String, text: String) -> String {
        PotJSON.object([
            ("format", .string(formatName)), ("version", .number(Double(version))),
            ("kind", .string("inline")), ("style", .string(style)), ("file_name", .string(fileName)),
            ("provenance", .object([])),
            ("text", .string(text)),
        ]).text
    }

    // MARK: reading

    /// What a `.pot` file holds.
    public enum Content {
        case behlerParrinello(BehlerParrinello)
        /// A classical potential file's text, with its original file name.
        case inline(fileName: String, text: String)
        /// A direct-force network (forces only).
        case directForce(DirectForceNetwork)
        /// A reference to the potential's original files, with their checksums.
        case files(FileReference)
    }

    /// Reads a `.pot` file; errors name the file and line.
    public static func read(_ file: TextFile) throws -> Content {
        do {
            let root = try PotJSON.parse(file.lines.joined(separator: "\n"))
            guard try root.field("format").string("format") == formatName else {
                throw root.fail("not a \(formatName) file")
            }
            let v = try root.field("version").int("version")
            guard v == version else {
                throw try root.field("version").fail("version \(v) is not supported (this props reads version \(version))")
            }
            let kind = try root.field("kind")
            switch try kind.string("kind") {
            case "behler-parrinello":
                return .behlerParrinello(try behlerParrinello(root, path: file.path))
            case "inline":
                return .inline(fileName: try root.field("file_name").string("file_name"),
                               text: try root.field("text").string("text"))
            case "direct-force":
                return .directForce(try DirectForceFormat.read(root, path: file.path))
            case "files":
                return .files(try FileReference.read(root))
            case let other:
                throw kind.fail("unknown kind '\(other)' (expected behler-parrinello, inline, direct-force or files)")
            }
        } catch let e as InputError {
            throw e.at(file: file.path)
        }
    }

    static func behlerParrinello(_ root: PotJSON, path: String) throws -> BehlerParrinello {
        let units = try root.field("units")
        for (key, expected) in [("length", "angstrom"), ("energy", "eV")] {
            let u = try units.field(key)
            guard try u.string(key) == expected else { throw u.fail("\(key) unit must be \(expected)") }
        }
        let speciesNode = try root.field("species")
        let species = try speciesNode.array("species").map { s -> Element in
            let symbol = try s.string("species")
            guard let e = Element(symbol: symbol) else { throw s.fail("unknown element '\(symbol)'") }
            return e
        }
        let elementsNode = try root.field("elements")
        let entries = try elementsNode.array("elements")
        guard entries.count == species.count else {
            throw elementsNode.fail("\(entries.count) elements for \(species.count) species")
        }
        var models: [BehlerParrinello.ElementModel] = []
        for (k, entry) in entries.enumerated() {
            let symbolNode = try entry.field("element")
            guard try symbolNode.string("element") == species[k].symbol else {
                throw symbolNode.fail("element \(k + 1) must be \(species[k].symbol), in the order of \"species\"")
            }
            models.append(try model(entry, species))
        }
        let name = try root.optionalField("name")?.string("name") ?? "neural network \(path)"
        do {
            return try BehlerParrinello(name: name, models: models, provenance: root.optionalField("provenance") ?? .object([]))
        } catch let e as InputError {
            throw e.line == nil ? InputError(e.message, line: elementsNode.line) : e
        }
    }

    /// The species index named by `key` of `node`.
    static func speciesIndex(_ node: PotJSON, _ key: String, _ species: [Element]) throws -> Int {
        let v = try node.field(key)
        let symbol = try v.string(key)
        guard let k = species.firstIndex(where: { $0.symbol == symbol }) else {
            throw v.fail("\(key) '\(symbol)' is not one of the species")
        }
        return k
    }

    /// One descriptor object as `.pot` files write it (see `docs/pot-format.md`), for a
    /// potential of `species`; errors name the line.
    public static func descriptor(_ node: PotJSON, species: [Element]) throws -> Descriptor {
        let type = try node.field("type").string("type")
        func cutoff() throws -> CutoffFunction {
            let kindNode = try node.field("cutoff_function")
            let name = try kindNode.string("cutoff_function")
            guard let kind = CutoffFunction.Kind(rawValue: name) else {
                throw kindNode.fail("unknown cutoff_function '\(name)' (one of "
                                    + CutoffFunction.Kind.allCases.map(\.rawValue).joined(separator: ", ") + ")")
            }
            let rc = try node.field("cutoff").double("cutoff")
            let alpha = try node.optionalField("alpha")?.double("alpha") ?? 0
            guard rc > 0, alpha >= 0, alpha < 1 else { throw node.fail("needs cutoff > 0 and 0 ≤ alpha < 1") }
            return CutoffFunction(kind: kind, radius: rc, alpha: alpha)
        }
        switch type {
        case "G2":
            return .radial(RadialFunction(neighbor: try speciesIndex(node, "neighbor", species), eta: try node.field("eta").double("eta"),
                                          shift: try node.optionalField("rs")?.double("rs") ?? 0, cutoff: try cutoff()))
        case "G4", "G5":
            return .angular(AngularFunction(
                kind: type == "G4" ? .g4 : .g5,
                neighbors: (try speciesIndex(node, "neighbor1", species), try speciesIndex(node, "neighbor2", species)),
                eta: try node.field("eta").double("eta"), shift: try node.optionalField("rs")?.double("rs") ?? 0,
                lambda: try node.field("lambda").double("lambda"), zeta: try node.field("zeta").double("zeta"),
                cutoff: try cutoff()))
        case "chebyshev":
            return .chebyshev(ChebyshevBasis(
                radialOrder: try node.field("radial_order").int("radial_order"),
                radialCutoff: try node.field("radial_cutoff").double("radial_cutoff"),
                angularOrder: try node.field("angular_order").int("angular_order"),
                angularCutoff: try node.field("angular_cutoff").double("angular_cutoff"),
                spins: try node.optionalField("spins")?.doubles("spins") ?? []))
        default:
            throw node.fail("unknown descriptor type '\(type)' (G2, G4, G5 or chebyshev)")
        }
    }

    static func model(_ entry: PotJSON, _ species: [Element]) throws -> BehlerParrinello.ElementModel {
        let descriptors = try entry.field("descriptors").array("descriptors").map { try descriptor($0, species: species) }
        let descriptorsNode = try entry.field("descriptors")
        let set: DescriptorSet
        do { set = try DescriptorSet(descriptors, speciesCount: species.count) } catch let e as InputError {
            throw descriptorsNode.fail(e.message)
        }
        let n = set.count
        let scalingNode = try entry.field("scaling")
        let scaling = InputScaling(factor: try bounded(try scalingNode.field("factor"), "factor", count: n),
                                   shift: try bounded(try scalingNode.field("shift"), "shift", count: n),
                                   offset: try bounded(try scalingNode.field("offset"), "offset", count: n))
        let range = try entry.optionalField("training_range").map {
            TrainingRange(minimum: try $0.field("min").doubles("min", count: n), maximum: try $0.field("max").doubles("max", count: n))
        }
        let network = try self.network(try entry.field("network"), inputs: n)
        do {
            return try BehlerParrinello.ElementModel(
                element: species[try speciesIndex(entry, "element", species)], descriptors: set, scaling: scaling, trainingRange: range,
                network: network, energyScale: try bounded(try entry.field("energy_scale_eV"), "energy_scale_eV", count: 1)[0],
                energyShift: try bounded(try entry.field("energy_shift_eV"), "energy_shift_eV", count: 1)[0],
                referenceEnergy: try bounded(try entry.field("reference_energy_eV"), "reference_energy_eV", count: 1)[0])
        } catch let e as InputError {
            throw e.line == nil ? entry.fail(e.message) : e
        }
    }

    /// Largest |weight|, |bias|, input scaling or energy scale, shift or reference read: beyond
    /// it no trained network lies, and products of such values overflow the energy.
    public static let maximumWeight = 1e15

    /// The `count` numbers of `node`, each at most `maximumWeight` in magnitude.
    static func bounded(_ node: PotJSON, _ what: String, count: Int) throws -> [Double] {
        let values = try node.doubles(what, count: count)
        if let bad = values.first(where: { abs($0) > maximumWeight }) {
            throw node.fail("\(what) holds \(bad), beyond ±10^15: the network's energy would overflow")
        }
        return values
    }

    /// The network of a `"network"` node whose first layer takes `inputs` values.
    static func network(_ networkNode: PotJSON, inputs n: Int) throws -> Network {
        var inputs = n
        let layers = try networkNode.array("network").map { node -> Layer in
            let actNode = try node.field("activation")
            let name = try actNode.string("activation")
            guard let activation = Activation(rawValue: name) else {
                throw actNode.fail("unknown activation '\(name)' (one of "
                                   + Activation.allCases.map(\.rawValue).joined(separator: ", ") + ")")
            }
            let rows = try node.field("weights").array("weights")
            let weights = try rows.flatMap { try bounded($0, "a row of weights", count: inputs) }
            let biases = try bounded(try node.field("biases"), "biases", count: rows.count)
            defer { inputs = rows.count }
            return Layer(inputs: inputs, outputs: rows.count, weights: weights, biases: biases, activation: activation)
        }
        do { return try Network(layers: layers) } catch let e as InputError { throw networkNode.fail(e.message) }
    }
}
