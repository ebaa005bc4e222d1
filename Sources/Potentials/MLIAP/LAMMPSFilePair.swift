import Atoms
import Foundation

/// Potentials LAMMPS reads from two files, given on the command line comma-separated in
/// `pair_coeff`'s order: SNAP (`X.snapcoeff,X.snapparam`) and ML-IAP
/// (`X.mliap.model,X.mliap.descriptor`), told apart by content.
enum LAMMPSFilePair {
    /// The potential of `paths` when they are such a pair; nil when they are not.
    static func load(_ paths: [String]) throws -> Potential? {
        guard paths.count == 2 else { return nil }
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
