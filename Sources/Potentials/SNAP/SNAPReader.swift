import Atoms
import Foundation

/// Reads LAMMPS `pair_style snap` potentials: a `.snapcoeff` file (`nelements ncoeff`,
/// then per element `symbol radius weight` and its ncoeff coefficients) and a
/// `.snapparam` file of keywords, given in the order `pair_coeff` names them.
enum SNAPReader {
    /// Whether `file` looks like a `.snapparam` file (it sets `twojmax` and `rcutfac` and has
    /// no `nelems`, which ML-IAP descriptor files have).
    static func isParameterFile(_ file: TextFile) -> Bool {
        let keys = Set(file.lines.compactMap { line -> Substring? in
            (line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
                .split(whereSeparator: \.isWhitespace).first
        })
        return keys.contains("twojmax") && keys.contains("rcutfac") && !keys.contains("nelems")
    }

    static func read(coefficients coeffFile: TextFile, parameters paramFile: TextFile) throws -> BispectrumPotential {
        var keys = try KeywordFile(paramFile)
        let quadratic = try keys.flag("quadraticflag", false)
        _ = keys.values("chunksize")
        _ = keys.values("parallelthresh")
        var scanner = TokenScanner(commentFree(coeffFile))
        let elementCount = try scanner.int("the number of elements")
        let coefficientCount = try scanner.int("the number of coefficients")
        guard (1...118).contains(elementCount) else {
            throw coeffFile.error("the number of elements must be 1 to 118", line: scanner.currentLine)
        }
        var species: [Element] = [], radii: [Double] = [], weights: [Double] = [], coefficients: [[Double]] = []
        for _ in 0..<elementCount {
            let symbol = try scanner.token("an element symbol")
            guard let element = Element(symbol: String(symbol)) else {
                throw coeffFile.error("'\(symbol)' is not an element symbol", line: scanner.currentLine)
            }
            guard !species.contains(element) else {
                throw coeffFile.error("element \(symbol) appears twice", line: scanner.currentLine)
            }
            species.append(element)
            let radius = try scanner.double("the radius of \(symbol)")
            guard radius > 0 else { throw coeffFile.error("the radius of \(symbol) must be positive", line: scanner.currentLine) }
            radii.append(radius)
            weights.append(try scanner.double("the weight of \(symbol)"))
            do { try BispectrumDescriptor.checkWeights([weights.last!], symbols: [String(symbol)]) } catch let e as InputError {
                throw coeffFile.error(e.message, line: scanner.currentLine)
            }
            coefficients.append(try scanner.doubles(coefficientCount, "the coefficients of \(symbol)"))
        }
        guard scanner.atEnd() else {
            throw coeffFile.error("unexpected text after the coefficients of \(elementCount) element(s)", line: scanner.currentLine)
        }
        let descriptor = try BispectrumDescriptor.read(&keys, radii: radii, weights: weights)
        try keys.finish(known: BispectrumDescriptor.keywords + ["quadraticflag", "chunksize", "parallelthresh"])
        let n = descriptor.count
        let expected = PolynomialModel.parameterCount(descriptors: n, quadratic: quadratic)
        guard coefficientCount == expected else {
            throw coeffFile.error("\(coefficientCount) coefficients per element, but twojmax \(descriptor.layout.twojmax)"
                                  + "\(quadratic ? " with quadraticflag 1" : "") in \(paramFile.path) needs \(expected)", line: 1)
        }
        let model = PolynomialModel(descriptorCount: n, quadratic: quadratic, coefficients: coefficients)
        return BispectrumPotential(name: "SNAP (\(model.label), twojmax \(descriptor.layout.twojmax)) \(coeffFile.path)",
                                   species: species, descriptor: descriptor, model: model)
    }

    /// The file with `#` comments blanked out (line numbers kept).
    static func commentFree(_ file: TextFile) -> TextFile {
        TextFile(path: file.path, text: file.lines.map {
            $0.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        }.joined(separator: "\n"))
    }
}
