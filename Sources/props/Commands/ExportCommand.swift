import Export
import Foundation
import Potentials

/// `props export POT --lammps DIR`: the potential as files LAMMPS reads, with the input lines.
enum ExportCommand {
    static let spec = CommandSpec(
        name: "export",
        summary: "Write a potential as LAMMPS files (eam/sw/tersoff, n2p2 for hdnnp) with pair.lmp, and the props plugin lines.",
        positionals: [("POT", "any potential props reads (.pot, n2p2, aenet, LAMMPS file, lj:...)", true)],
        options: [OptionSpec(name: "lammps", value: "DIR", help: "the directory to write (required)"),
                  OptionSpec(name: "plugin", value: "PATH", help: "the plugin library named in pair-plugin.lmp (default: propsplugin.so next to this props executable)"),
                  .labelMap],
        details: """
        DIR gets pair.lmp (pair_style, pair_coeff and mass lines for LAMMPS's own style: the
        classical file as LAMMPS reads it; a Behler-Parrinello network in n2p2's format for
        pair_style hdnnp, Å and eV, cflength/cfenergy 1), pair-plugin.lmp (the same potential
        through pair_style props, built with make lammps-plugin), the files they read and a
        README naming the LAMMPS package needed. A network n2p2 cannot express (Chebyshev
        descriptors, ...), a GAP and a direct-force network get the plugin lines in pair.lmp, with the
        reason. A MEAM potential (library.meam,X.meam) is written as pair_style meam with both files.
        SNAP, ML-IAP, GAP and MEAM reach the plugin as props.pot, a reference to their files (copied
        into DIR) with SHA-256 checksums. Give 'units metal'
        before creating the box, then 'include DIR/pair.lmp' with -var propsdir DIR.
        """)

    static func run(_ args: ParsedArguments) throws {
        let inputs = try Inputs(args)
        guard let dir = args.string("lammps") else { throw UsageError("missing --lammps DIR", command: "export") }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let plugin = args.string("plugin") ?? executable.appendingPathComponent("propsplugin.so").path
        let result = try LAMMPSExport.export(args.positionals[0], to: dir, plugin: plugin, map: args.labelMap())
        if let why = result.nativeRefusal { inputs.console.note("no LAMMPS-native style: \(why)") }
        inputs.console.note("wrote \(dir): pair_style \(result.pairStyle) (needs \(result.package)), types "
                            + result.species.map(\.symbol).joined(separator: " ") + "; files " + result.files.joined(separator: ", "))
        if args.flag("json") {
            inputs.console.emit(.object([("directory", .string(dir)), ("pair_style", .string(result.pairStyle)),
                                         ("package", .string(result.package)),
                                         ("species", .array(result.species.map { .string($0.symbol) })),
                                         ("files", .array(result.files.map { .string($0) }))]))
        }
    }
}
