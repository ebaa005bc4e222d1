import Atoms

/// The `"kind": "direct-force"` entry of the `.pot` format (`docs/pot-format.md`): element,
/// cutoff, number of neighbours, the frame and input convention, the force scale and the
/// three component networks in the layout Behler–Parrinello networks use.
public enum DirectForceFormat {
    /// Names the input convention of `LocalEnvironment`, so that a later convention can be told apart.
    static let inputName = "nearest-frame-cosine-v1"
    static let components = ["e1", "e2", "e3"]

    /// The `.pot` text of `p`.
    public static func write(_ p: DirectForceNetwork) -> String {
        PotJSON.object([
            ("format", .string(PotFormat.formatName)), ("version", .number(Double(PotFormat.version))),
            ("kind", .string("direct-force")), ("name", .string(p.name)),
            ("units", .object([("length", .string("angstrom")), ("force", .string("eV/angstrom"))])),
            ("species", .array([.string(p.species[0].symbol)])),
            ("cutoff_A", .number(p.cutoff)),
            ("neighbours", .number(Double(p.environment.neighbours))),
            ("input", .string(inputName)),
            ("force_scale_eV_per_A", .number(p.forceScale)),
            ("provenance", p.provenance),
            ("networks", .array(zip(components, p.networks).map { c, n in
                .object([("component", .string(c)), ("network", PotFormat.networkJSON(n))])
            })),
        ]).text
    }

    /// The potential of a parsed `.pot` object of kind direct-force; errors name the line.
    static func read(_ root: PotJSON, path: String) throws -> DirectForceNetwork {
        let speciesNode = try root.field("species")
        let symbols = try speciesNode.array("species").map { try $0.string("species") }
        guard symbols.count == 1, let element = Element(symbol: symbols[0]) else {
            throw speciesNode.fail("a direct-force network describes one known element, got \(symbols)")
        }
        let inputNode = try root.field("input")
        guard try inputNode.string("input") == inputName else {
            throw inputNode.fail("unknown input convention (this props reads \(inputName))")
        }
        let neighboursNode = try root.field("neighbours")
        let neighbours = try neighboursNode.int("neighbours")
        guard (1...1000).contains(neighbours) else { throw neighboursNode.fail("neighbours must be 1 to 1000, got \(neighbours)") }
        let environment = LocalEnvironment(neighbours: neighbours, cutoff: try root.field("cutoff_A").double("cutoff_A"))
        let networksNode = try root.field("networks")
        let entries = try networksNode.array("networks")
        guard entries.count == 3 else { throw networksNode.fail("3 networks (e1, e2, e3) needed, got \(entries.count)") }
        let networks = try zip(components, entries).map { c, entry -> Network in
            let name = try entry.field("component")
            guard try name.string("component") == c else { throw name.fail("component must be \(c), in the order e1, e2, e3") }
            return try PotFormat.network(try entry.field("network"), inputs: environment.inputCount)
        }
        do {
            return try DirectForceNetwork(
                name: try root.optionalField("name")?.string("name") ?? "direct-force network \(path)",
                element: element, environment: environment, networks: networks,
                forceScale: try root.field("force_scale_eV_per_A").double("force_scale_eV_per_A"),
                provenance: root.optionalField("provenance") ?? .object([]))
        } catch let e as InputError {
            throw e.line == nil ? root.fail(e.message) : e
        }
    }
}
