import Atoms
import Foundation

/// Potentials LAMMPS reads from two files, given on the command line comma-separated in
/// `pair_coeff`'s order: SNAP (`X.snapcoeff,X.snapparam`), ML-IAP
/// (`X.mliap.model,X.mliap.descriptor`) and MEAM (`library.meam,X.meam`, whose library
/// entries `map` names), told apart by content.
public enum LAMMPSFilePair {
    /// Whether `text` names a pair whose first file has labels `--map` chooses (MEAM).
    static func takesLabels(_ text: String) -> Bool {
        let paths = text.split(separator: ",").map(String.init)
        return paths.count == 2 && (try? TextFile(path: paths[0])).map(MEAM.isLibraryFile) == true
    }

    /// The potential of `paths` when they are such a pair; nil when they are not.
    static func load(_ paths: [String], map: LabelMap = LabelMap()) throws -> Potential? {
        guard paths.count == 2 else { return nil }
        let first = try TextFile(path: paths[0])
        if MEAM.isLibraryFile(first) {
            return try MEAM.read(library: first, parameters: TextFile(path: paths[1]), map: map)
        }
        guard map.isEmpty else { throw PotentialLoader.labelsUnsupported(paths.joined(separator: ",")) }
        let second = try TextFile(path: paths[1])
        if SNAPReader.isParameterFile(second) {
            return try SNAPReader.read(coefficients: TextFile(path: paths[0]), parameters: second)
        }
        if MLIAPReader.isDescriptorFile(second) {
            return try MLIAPReader.read(model: TextFile(path: paths[0]), descriptor: second)
        }
        return nil
    }
}

public extension LAMMPSFilePair {
    /// LAMMPS's own `pair_style` of the two files `paths` of a SNAP or ML-IAP potential, with
    /// the files named `names` in the style's arguments (ML-IAP names its files there; SNAP
    /// names them in `pair_coeff`): `snap`, or `mliap model nn|linear|quadratic MODEL
    /// descriptor sna|so3 DESCRIPTOR`. Nil when the files are not such a pair.
    static func pairStyle(_ paths: [String], names: [String]) throws -> String? {
        guard paths.count == 2, names.count == 2 else { return nil }
        let second = try TextFile(path: paths[1])
        if SNAPReader.isParameterFile(second) { return "snap" }
        guard MLIAPReader.isDescriptorFile(second) else { return nil }
        let potential = try MLIAPReader.read(model: TextFile(path: paths[0]), descriptor: second)
        let model: String, descriptor: String
        if let p = potential as? BispectrumPotential {
            (model, descriptor) = (p.model.label, "sna")
        } else if let p = potential as? PowerSpectrumPotential {
            (model, descriptor) = (p.model.label, "so3")
        } else {
            return nil
        }
        return "mliap model \(model) \(names[0]) descriptor \(descriptor) \(names[1])"
    }
}
