import Foundation
import Potentials

/// `props convert IN -o OUT.pot`: any potential props reads, written as a native `.pot` file.
enum ConvertCommand {
    static let spec = CommandSpec(
        name: "convert",
        summary: "Write a potential (n2p2, aenet, LAMMPS file, .pot) as a native .pot file.",
        positionals: [("IN", "n2p2 directory or input.nn (bohr:DIR for Bohr/Hartree), aenet .nn or .nn.ascii (A.nn,B.nn), LAMMPS file, .pot", true)],
        options: [OptionSpec(name: "output", value: "OUT.pot", help: "the file to write (required)", short: "-o"),
                  OptionSpec(name: "source", value: "TEXT", help: "where the potential comes from (paper, URL, licence): added to the provenance")],
        details: """
        Neural-network potentials are written in full, in Å and eV (see docs/pot-format.md);
        LAMMPS files are kept verbatim inside the .pot. Every command reads the result like the original.
        """)

    static func run(_ args: ParsedArguments) throws {
        let inputs = try Inputs(args)
        guard let out = args.string("output") else { throw UsageError("missing -o OUT.pot", command: "convert") }
        var text = try PotentialLoader.potText(args.positionals[0])
        if let source = args.string("source") { text = try withSource(text, source, converted: args.positionals[0]) }
        try writeFile(text, to: out)
        let potential = try PotentialLoader.load(out)
        inputs.console.note("wrote \(out): \(potential.name), species \(potential.species.map(\.symbol).joined(separator: " ")), cutoff \(potential.cutoff) Å")
        if args.flag("json") {
            inputs.console.emit(.object([("output", .string(out)), ("potential", .string(potential.name)),
                                         ("species", .array(potential.species.map { .string($0.symbol) })),
                                         ("cutoff", .number(potential.cutoff))]))
        }
    }

    /// The `.pot` text with `source` and the converted path added to its provenance.
    static func withSource(_ text: String, _ source: String, converted: String) throws -> String {
        var root = try PotJSON.parse(text)
        guard case .object(var pairs) = root.value else { return text }
        let added: [(key: String, value: PotJSON)] = [("source", .string(source)), ("converted_from", .string(converted))]
        if let k = pairs.firstIndex(where: { $0.key == "provenance" }), case .object(let p) = pairs[k].value.value {
            pairs[k].value = PotJSON(.object(p.filter { $0.key != "source" && $0.key != "converted_from" } + added))
        } else {
            pairs.append((key: "provenance", value: PotJSON(.object(added))))
        }
        root.value = .object(pairs)
        return root.text
    }
}
