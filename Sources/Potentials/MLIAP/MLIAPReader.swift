import Atoms
import Foundation

/// Reads LAMMPS `pair_style mliap` potentials from the model file and the descriptor file,
/// in the order `pair_style mliap model KIND MODEL descriptor KIND DESCRIPTOR` names them.
/// The model kind is told from the model file: `NET` layers make an `nn` model, otherwise
/// the coefficient count tells `linear` from `quadratic`. The descriptor kind is told from
/// its keywords: `twojmax` for `sna`, `nmax`/`lmax` for `so3`.
enum MLIAPReader {
    /// Whether `file` is an ML-IAP descriptor file (it lists `nelems`).
    static func isDescriptorFile(_ file: TextFile) -> Bool {
        file.lines.contains { line in
            (line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
                .split(whereSeparator: \.isWhitespace).first == "nelems"
        }
    }

    static func read(model modelFile: TextFile, descriptor descriptorFile: TextFile) throws -> any Potential {
        var keys = try KeywordFile(descriptorFile)
        let count = try keys.int("nelems")
        guard (1...118).contains(count) else {
            throw descriptorFile.error("nelems must be 1 to 118", line: keys.values("nelems")?.line)
        }
        func list(_ key: String) throws -> (values: [Substring], line: Int) {
            guard let e = keys.values(key) else { throw descriptorFile.error("missing the required keyword '\(key)'") }
            guard e.values.count == count else {
                throw descriptorFile.error("'\(key)' lists \(e.values.count) values for nelems \(count)", line: e.line)
            }
            return (e.values, e.line)
        }
        func numbers(_ key: String) throws -> [Double] {
            let (values, line) = try list(key)
            return try values.map {
                guard let v = parseDouble($0), v.isFinite else { throw descriptorFile.error("'\($0)' in \(key) is not a number", line: line) }
                return v
            }
        }
        let (symbols, symbolLine) = try list("elems")
        let species = try symbols.map {
            guard let e = Element(symbol: String($0)) else {
                throw descriptorFile.error("'\($0)' is not an element symbol", line: symbolLine)
            }
            return e
        }
        let radii = try numbers("radelems"), weights = try numbers("welems")
        do { try BispectrumDescriptor.checkWeights(weights, symbols: symbols.map(String.init)) } catch let e as InputError {
            throw descriptorFile.error(e.message, line: keys.values("welems")?.line)
        }
        if let bad = radii.firstIndex(where: { $0 <= 0 }) {
            throw descriptorFile.error("the radius of \(symbols[bad]) must be positive", line: keys.values("radelems")?.line)
        }
        if keys.entries["twojmax"] != nil {
            let descriptor = try BispectrumDescriptor.read(&keys, radii: radii, weights: weights)
            try keys.finish(known: BispectrumDescriptor.keywords + ["nelems", "elems", "radelems", "welems"])
            let model = try readModel(modelFile, descriptors: descriptor.count, elements: count)
            return BispectrumPotential(
                name: "ML-IAP \(model.label) on SNAP bispectrum (twojmax \(descriptor.layout.twojmax)) \(modelFile.path)",
                species: species, descriptor: descriptor, model: model)
        }
        if keys.entries["nmax"] != nil || keys.entries["lmax"] != nil {
            let nmax = try keys.int("nmax"), lmax = try keys.int("lmax")
            let rcutfac = try keys.double("rcutfac"), alpha = try keys.double("alpha")
            guard (1...20).contains(nmax) else { throw descriptorFile.error("nmax must be 1 to 20", line: keys.values("nmax")?.line) }
            guard (0...20).contains(lmax) else { throw descriptorFile.error("lmax must be 0 to 20", line: keys.values("lmax")?.line) }
            guard rcutfac > 0 else { throw descriptorFile.error("rcutfac must be positive", line: keys.values("rcutfac")?.line) }
            guard alpha > 0 else { throw descriptorFile.error("alpha must be positive", line: keys.values("alpha")?.line) }
            try keys.finish(known: ["nelems", "elems", "radelems", "welems", "rcutfac", "nmax", "lmax", "alpha"])
            let descriptor = PowerSpectrumDescriptor(nmax: nmax, lmax: lmax, rcutfac: rcutfac, alpha: alpha,
                                                     radii: radii, weights: weights)
            let model = try readModel(modelFile, descriptors: descriptor.count, elements: count)
            return PowerSpectrumPotential(
                name: "ML-IAP \(model.label) on SO(3) power spectrum (nmax \(nmax), lmax \(lmax)) \(modelFile.path)",
                species: species, descriptor: descriptor, model: model)
        }
        throw descriptorFile.error("cannot tell the ML-IAP descriptor: no 'twojmax' (sna) or 'nmax'/'lmax' (so3)")
    }

    /// Reads an ML-IAP model file for `descriptors` inputs and `elements` elements.
    static func readModel(_ file: TextFile, descriptors: Int, elements: Int) throws -> any DescriptorModel {
        var scanner = TokenScanner(SNAPReader.commentFree(file))
        let elementCount = try scanner.int("the number of elements")
        let parameterCount = try scanner.int("the number of parameters")
        guard elementCount == elements else {
            throw file.error("the model is for \(elementCount) element(s) but the descriptor file lists \(elements)", line: scanner.currentLine)
        }
        guard parameterCount > 0 else { throw file.error("the number of parameters must be positive", line: scanner.currentLine) }
        let first = try scanner.token("the coefficients")
        guard first.hasPrefix("NET") else {
            var coefficients = [[parseDouble(first) ?? .nan]]
            guard coefficients[0][0].isFinite else { throw file.error("'\(first)' is not a number", line: scanner.currentLine) }
            coefficients[0] += try scanner.doubles(parameterCount - 1, "the coefficients of element 1")
            for e in 1..<max(1, elementCount) {
                coefficients.append(try scanner.doubles(parameterCount, "the coefficients of element \(e + 1)"))
            }
            try expectEnd(&scanner, file)
            for quadratic in [false, true]
            where PolynomialModel.parameterCount(descriptors: descriptors, quadratic: quadratic) == parameterCount {
                return PolynomialModel(descriptorCount: descriptors, quadratic: quadratic, coefficients: coefficients)
            }
            throw file.error("\(parameterCount) parameters fit neither a linear (\(descriptors + 1)) nor a quadratic "
                             + "(\(PolynomialModel.parameterCount(descriptors: descriptors, quadratic: true))) model of \(descriptors) descriptors", line: 1)
        }
        let netLine = scanner.currentLine
        let inputs = try scanner.int("the number of descriptors after NET")
        guard inputs == descriptors else {
            throw file.error("the network takes \(inputs) descriptors but the descriptor file gives \(descriptors)", line: netLine)
        }
        let layers = try scanner.int("the number of layers")
        guard (1...100).contains(layers) else { throw file.error("the number of layers must be 1 to 100", line: netLine) }
        var nodes: [Int] = [], activations: [NeuralModel.Activation] = []
        for l in 0..<layers {
            let name = try scanner.token("the activation of layer \(l + 1)")
            guard let a = NeuralModel.Activation(rawValue: String(name)) else {
                throw file.error("unknown activation '\(name)' (props reads \(NeuralModel.Activation.allCases.map(\.rawValue).joined(separator: ", ")))", line: netLine)
            }
            activations.append(a)
            let n = try scanner.int("the nodes of layer \(l + 1)")
            guard (1...100_000).contains(n) else { throw file.error("layer \(l + 1) must have 1 to 100000 nodes", line: netLine) }
            nodes.append(n)
        }
        guard nodes.last == 1 else { throw file.error("the last layer must have one node (the energy)", line: netLine) }
        let expected = NeuralModel.parameterCount(descriptors: inputs, nodes: nodes)
        guard expected == parameterCount else {
            throw file.error("the network needs \(expected) parameters per element, the header says \(parameterCount)", line: 1)
        }
        var mean: [[Double]] = [], sigma: [[Double]] = [], parameters: [[Double]] = []
        for e in 0..<elementCount {
            mean.append(try scanner.doubles(inputs, "the descriptor means of element \(e + 1)"))
            let s = try scanner.doubles(inputs, "the descriptor scales of element \(e + 1)")
            if let bad = s.firstIndex(where: { $0 == 0 }) {
                throw file.error("descriptor \(bad + 1) of element \(e + 1) has scale 0", line: scanner.currentLine)
            }
            sigma.append(s)
            parameters.append(try scanner.doubles(parameterCount, "the parameters of element \(e + 1)"))
        }
        try expectEnd(&scanner, file)
        return NeuralModel(descriptorCount: inputs, nodes: nodes, activations: activations, mean: mean, sigma: sigma,
                           parameters: parameters)
    }

    static func expectEnd(_ scanner: inout TokenScanner, _ file: TextFile) throws {
        guard scanner.atEnd() else { throw file.error("unexpected text after the last element's parameters", line: scanner.currentLine) }
    }
}
