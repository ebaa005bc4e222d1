import Atoms
import Foundation
import Phonons
import Potentials

/// `props convert IN -o OUT.pot`: any potential props reads, written as a native `.pot` file;
/// `props convert FORCE_SETS -o OUT.extxyz`: a phonopy calculation as force-labelled structures.
enum ConvertCommand {
    static let spec = CommandSpec(
        name: "convert",
        summary: "Write a potential (n2p2, aenet, LAMMPS file, .pot) as a native .pot file, or phonopy FORCE_SETS as extended XYZ.",
        positionals: [("IN", "n2p2 directory or input.nn (bohr:DIR for Bohr/Hartree), aenet .nn or .nn.ascii (A.nn,B.nn), LAMMPS file, .pot; or a phonopy FORCE_SETS", true)],
        options: [OptionSpec(name: "output", value: "OUT", help: "the file to write (required): OUT.pot, or OUT.extxyz for FORCE_SETS", short: "-o"),
                  OptionSpec(name: "source", value: "TEXT", help: "where the potential comes from (paper, URL, licence): added to the provenance"),
                  OptionSpec(name: "phonopy-yaml", value: "FILE", help: "FORCE_SETS: its phonopy_disp.yaml (default: next to it)"),
                  OptionSpec(name: "config-weight", value: "W", help: "FORCE_SETS: config_weight=W on every structure (training loss factor)"),
                  OptionSpec(name: "core", value: "zbl[:R1,R2]", help: ShortRangeOptions.coreHelp), .labelMap],
        details: """
        Neural-network potentials are written in full, in Å and eV (see docs/pot-format.md);
        LAMMPS files are kept verbatim inside the .pot. SNAP, ML-IAP, GAP and MEAM are kept as a reference:
        the .pot names their files (absolute paths) with SHA-256 checksums, verified on every load.
        Every command reads the result like the original.
        --core zbl[:R1,R2] adds (or replaces) a ZBL screened-nuclear repulsion below R1..R2 Å (without radii:
        from the shortest training distances a props-trained .pot records).
        A phonopy FORCE_SETS (with its phonopy_disp.yaml; VASP or QE units) becomes one structure per
        displacement: the displaced supercell and its forces (eV/Å), no energy, config_type
        phonopy-displacement, ready for props train --data.
        """)

    static func run(_ args: ParsedArguments) throws {
        let inputs = try Inputs(args)
        guard let out = args.string("output") else { throw UsageError("missing -o OUT", command: "convert") }
        if (args.positionals[0] as NSString).lastPathComponent.hasPrefix("FORCE_SETS") {
            return try convertForceSets(args, to: out, inputs.console)
        }
        var text = try PotentialLoader.potText(args.positionals[0], map: try args.labelMap())
        if let source = args.string("source") { text = try withSource(text, source, converted: args.positionals[0]) }
        if let core = args.string("core") {
            text = try ShortRangeOptions.addCore(core, to: text, species: try PotentialLoader.load(args.positionals[0]).species,
                                                 shortest: try PotFormat.shortestDistances(inPot: text), console: inputs.console)
        }
        try writeFile(text, to: out)
        let potential = try PotentialLoader.load(out)
        inputs.console.note("wrote \(out): \(potential.name), species \(potential.species.map(\.symbol).joined(separator: " ")), cutoff \(potential.cutoff) Å")
        if args.flag("json") {
            inputs.console.emit(.object([("output", .string(out)), ("potential", .string(potential.name)),
                                         ("species", .array(potential.species.map { .string($0.symbol) })),
                                         ("cutoff", .number(potential.cutoff))]))
        }
    }

    /// FORCE_SETS → extended XYZ of the displaced supercells with their forces.
    static func convertForceSets(_ args: ParsedArguments, to out: String, _ console: Console) throws {
        let input = try PhonopyInput(forceSets: args.positionals[0], yaml: args.string("phonopy-yaml"))
        var frames = input.displacedFrames
        if args.string("config-weight") != nil {
            let w = try args.double("config-weight", default: 1, range: 1e-12...1e12)
            for k in frames.indices { frames[k].info.append(("config_weight", "\(w)")) }
        }
        try writeFile(frames.map(ExtendedXYZ.write).joined(), to: out)
        console.note("wrote \(out): \(frames.count) displaced supercell\(frames.count == 1 ? "" : "s") of \(input.supercell.structure.count) atoms "
                     + "with forces (eV/Å) from \(args.positionals[0]) (\(input.calculator) units)")
        if args.flag("json") {
            console.emit(.object([("output", .string(out)), ("structures", .int(frames.count)),
                                  ("atoms", .int(input.supercell.structure.count))]))
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
