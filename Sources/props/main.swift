import Atoms
import Foundation

HeapPolicy.keepFreedMemory()

/// Every command: its spec (for parsing and help) and what runs it.
let commands: [(spec: CommandSpec, run: (ParsedArguments) throws -> Void)] = [
    (EvalCommand.spec, EvalCommand.run),
    (EOSCommand.spec, EOSCommand.run),
    (RelaxCommand.spec, RelaxCommand.run),
    (ElasticCommand.spec, ElasticCommand.run),
    (PhononsCommand.spec, PhononsCommand.run),
    (ValidateCommand.spec, ValidateCommand.run),
    (ReportCommand.spec, ReportCommand.run),
    (ConvertCommand.spec, ConvertCommand.run),
    (ExportCommand.spec, ExportCommand.run),
    (TrainCommand.spec, TrainCommand.run),
    (CpCommand.spec, CpCommand.run),
    (MeltCommand.spec, MeltCommand.run),
    (MDCommand.spec, MDCommand.run),
    (RDFCommand.spec, RDFCommand.run),
    (MSDCommand.spec, MSDCommand.run),
    (VDOSCommand.spec, VDOSCommand.run),
    (QHACommand.spec, QHACommand.run),
    (DefectsCommand.spec, DefectsCommand.run),
    (SampleCommand.spec, SampleCommand.run),
]

func overview() -> String {
    var out = """
    props: properties of solids from interatomic potentials.

    Usage: props <command> POT [STRUCT] [options]
           props help <command>
           props --version

    Commands:

    """
    for c in commands { out += "  " + c.spec.name.padding(toLength: 10, withPad: " ", startingAt: 0) + c.spec.summary + "\n" }
    out += """

    Units: energy eV, length Å, stress/pressure GPa for people (eV/Å³ in --json), time ps.
    A structure is a file (POSCAR/CONTCAR, extended XYZ) or LATTICE:ELEMENT:A, e.g. fcc:Cu:3.615.
    Also LAMMPS data and dump files (--types 1=Cu,2=Zr), CIF, and b2, l12, wurtzite, perovskite specs.
    A GAP potential is QUIP's xml file (gap_fit's gp_file); its sparse-point files are read from beside it.
    """
    return out
}

func fail(_ message: String, status: Int32) -> Never {
    FileHandle.standardError.write(("props: error: " + message + "\n").data(using: .utf8)!)
    exit(status)
}

var argv = FuzzServer.childArguments(Array(CommandLine.arguments.dropFirst()))
if let first = argv.first, first == "--version" || first == "version" {
    print("props \(propsVersion)")
    exit(0)
}
guard let name = argv.first, !["-h", "--help"].contains(name) else {
    print(overview())
    exit(argv.isEmpty ? 2 : 0)
}
if name == "help" {
    guard argv.count > 1 else { print(overview()); exit(0) }
    guard let c = commands.first(where: { $0.spec.name == argv[1] }) else {
        fail("unknown command '\(argv[1])'; run 'props help'", status: 2)
    }
    print(c.spec.usage)
    exit(0)
}
guard let command = commands.first(where: { $0.spec.name == name }) else {
    fail("unknown command '\(name)'; run 'props help' for the list", status: 2)
}
do {
    let args = try command.spec.parse(Array(argv.dropFirst()))
    if args.flag("help") {
        print(command.spec.usage)
        exit(0)
    }
    try command.run(args)
} catch let e as UsageError {
    FileHandle.standardError.write(("props \(name): " + e.message + "\n\n" + command.spec.usage).data(using: .utf8)!)
    exit(2)
} catch let e as InputError {
    fail(e.description, status: 1)
} catch let e as CommandFailure {
    fail(e.description, status: 1)
} catch {
    fail("\(error)", status: 1)
}
