import Atoms
import Potentials

extension OptionSpec {
    /// `--map LABEL=ELEMENT,...`: the elements of a potential file's labels.
    static let labelMap = OptionSpec(
        name: "map", value: "LABEL=EL,...",
        help: "elements of the potential file's labels, as LAMMPS's pair_coeff * * FILE LABEL... (e.g. 'Si(D)=Si')")
}

extension ParsedArguments {
    /// The `--map` of the command line (empty without it).
    func labelMap() throws -> LabelMap {
        guard let text = string("map") else { return LabelMap() }
        do { return try LabelMap(parsing: text) } catch let e as InputError {
            throw UsageError(e.message, command: command)
        }
    }
}
