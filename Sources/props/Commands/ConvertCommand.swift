import Foundation
import Potentials

/// `props convert IN -o OUT.pot`: any potential props reads, written as a native `.pot` file.
enum ConvertCommand {
    static let spec = CommandSpec(
        name: "convert",
        summary: "Write a potential (n2p2, aenet, LAMMPS file, .pot) as a native .pot file.",
        positionals: [("IN", "n2p2 directory or input.nn (bohr:DIR for Bohr/Hartree), aenet .nn (A.nn,B.nn), LAMMPS file, .pot", true)],
        options: [OptionSpec(name: "output", value: "OUT.pot", help: "the file to write (required)", short: "-o")],
        details: """
        Neural-network potentials are written in full, in Å and eV (see docs/pot-format.md);
        LAMMPS files are kept verbatim inside the .pot. Every command reads the result like the original.
        """)

    static func run(_ args: ParsedArguments) throws {
        let inputs = try Inputs(args)
        guard let out = args.string("output") else { throw UsageError("missing -o OUT.pot", command: "convert") }
        let text = try PotentialLoader.potText(args.positionals[0])
        try writeFile(text, to: out)
        let potential = try PotentialLoader.load(out)
        inputs.console.note("wrote \(out): \(potential.name), species \(potential.species.map(\.symbol).joined(separator: " ")), cutoff \(potential.cutoff) Å")
        if args.flag("json") {
            inputs.console.emit(.object([("output", .string(out)), ("potential", .string(potential.name)),
                                         ("species", .array(potential.species.map { .string($0.symbol) })),
                                         ("cutoff", .number(potential.cutoff))]))
        }
    }
}
