import Atoms
import Potentials

extension OptionSpec {
    /// `--map LABEL=ELEMENT,...`: the elements of a potential file's labels.
    static let labelMap = OptionSpec(
        name: "map", value: "LABEL=EL,...",
        help: "elements of the potential file's labels, as LAMMPS's pair_coeff * * FILE LABEL... (e.g. 'Si(D)=Si')")
}

extension OptionSpec {
    /// `--types TYPE=ELEMENT,...`: the elements of LAMMPS data/dump atom types.
    static let atomTypes = OptionSpec(
        name: "types", value: "1=EL,2=EL,...",
        help: "elements of the atom types of a LAMMPS data or dump file (default: from its Masses)")
}

extension ParsedArguments {
    /// The `--types` of the command line (empty without it).
    func atomTypes() throws -> AtomTypes {
        guard let text = string("types") else { return AtomTypes() }
        do { return try AtomTypes(parsing: text) } catch let e as InputError {
            throw UsageError(e.message, command: command)
        }
    }

    /// The `--map` of the command line (empty without it).
    func labelMap() throws -> LabelMap {
        guard let text = string("map") else { return LabelMap() }
        do { return try LabelMap(parsing: text) } catch let e as InputError {
            throw UsageError(e.message, command: command)
        }
    }
}
