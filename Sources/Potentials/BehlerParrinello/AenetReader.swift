import Atoms
import Foundation

/// Reads aenet potentials (N. Artrith, A. Urban, Comput. Mater. Sci. 114, 135 (2016)): one
/// network file per element, in either of aenet's two forms, told apart by content:
///
/// - binary `.nn`: Fortran unformatted sequential records (`Records`);
/// - ASCII (`*.nn.ascii`, as aenet-PyTorch writes it and aenet's `nnASCII2bin.x` converts
///   it): the same fields as Fortran list-directed text (`ASCIIFields`).
///
/// Both hold, in turn,
///
/// - the network: layer count, widest layer, weight count, node count, nodes per layer,
///   activation code per layer (0 linear, 1 tanh, 2 sigmoid, 3 mtanh, 4 twist), weight
///   and node offsets, and the weights: per layer a column-major (nodes × (inputs + 1))
///   matrix whose last column holds the biases;
/// - the descriptor setup: description, central species, environment species, R_min,
///   R_max, basis type (`Behler2011` or `Chebyshev`), function count, parameter count,
///   function kinds, parameters (Behler2011: G2 R_c, R_s, η; G4/G5 R_c, λ, ζ, η;
///   Chebyshev: radial R_c and order, angular R_c and order), environment species of
///   each function, evaluation count, min, max, mean and (newer files only) the mean
///   square of each function over the training set;
/// - the training-set summary: file name, whether it was scaled, energy scale and shift,
///   species, their free-atom energies, atom and structure counts, energy range.
///
/// One parser (`ElementFile`) reads these fields from either form and builds the model.
public enum AenetReader {
    /// True when `data` starts like an aenet network file, binary or ASCII.
    public static func recognizes(_ data: Data) -> Bool {
        Records.recognizes(data) || ASCIIFields.recognizes(data)
    }

    /// Reads the potential made of `paths` (one network file per element, binary or ASCII).
    public static func read(_ paths: [String]) throws -> BehlerParrinello {
        let files = try paths.map { path -> ElementFile in
            guard let data = FileManager.default.contents(atPath: path) else {
                throw InputError(FileManager.default.fileExists(atPath: path) ? "cannot read file" : "no such file", file: path)
            }
            // Binary files always hold NUL bytes (in the record markers); anything else that
            // is text is read as the ASCII form, so that its errors name lines.
            if !Records.recognizes(data), let text = ASCIIFields.text(data) {
                var fields = ASCIIFields(TextFile(path: path, text: text))
                do { return try ElementFile(&fields) } catch let e as InputError { throw e.at(file: path, line: fields.line) }
            }
            do {
                var records = try Records(data)
                return try ElementFile(&records)
            } catch let e as InputError { throw e.at(file: path) }
        }
        var species: [Element] = []
        for (file, path) in zip(files, paths) {
            guard let e = Element(symbol: file.atomType) else { throw InputError("unknown element '\(file.atomType)'", file: path) }
            guard !species.contains(e) else { throw InputError("a second file for \(e.symbol)", file: path) }
            species.append(e)
        }
        let models = try zip(files, paths).map { file, path in
            do { return try file.model(species) } catch let e as InputError { throw e.at(file: path) }
        }
        let provenance = PotJSON.object([
            ("imported_from", .string("aenet")), ("files", .array(paths.map { .string($0) })),
            ("descriptions", .array(files.map { .string($0.description) })),
        ])
        return try BehlerParrinello(name: "aenet " + paths.joined(separator: ","), models: models, provenance: provenance)
    }
}

/// The fields of an aenet network file in the order they are written, from the binary
/// records or the ASCII text; `what` names the field in error messages.
protocol AenetFields {
    mutating func ints(_ n: Int, _ what: String) throws -> [Int]
    mutating func doubles(_ n: Int, _ what: String) throws -> [Double]
    /// A character field, as written (untrimmed).
    mutating func text(_ what: String) throws -> String
    /// `n` species names.
    mutating func names(_ n: Int, _ what: String) throws -> [String]
    /// A Fortran logical.
    mutating func flag(_ what: String) throws -> Bool
    /// Whether the mean squares of the descriptors come next (after the means).
    var hasMeanSquares: Bool { get }
    /// Throws when anything is left after the last field.
    func end() throws
}

extension AenetFields {
    mutating func int(_ what: String) throws -> Int { try ints(1, what)[0] }
    mutating func double(_ what: String) throws -> Double { try doubles(1, what)[0] }
}
