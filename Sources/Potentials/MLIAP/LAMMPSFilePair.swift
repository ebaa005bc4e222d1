import Atoms
import Foundation

/// Potentials LAMMPS reads from two files, given on the command line comma-separated in
/// `pair_coeff`'s order: SNAP (`X.snapcoeff,X.snapparam`), ML-IAP
/// (`X.mliap.model,X.mliap.descriptor`) and MEAM (`library.meam,X.meam`, whose library
/// entries `map` names), told apart by content.
enum LAMMPSFilePair {
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
