import Atoms
import Foundation

/// Reads one `<gpCoordinates>` of a GAP xml: its descriptor, covariance, weights α and
/// sparse cutoffs, and its sparse points (from the file `sparseX_filename` beside the xml,
/// one number per line as gap_fit writes it, or inline in `<sparseX>` elements).
struct GAPCoordinateReader {
    let element: XMLTree
    let file: TextFile
    let directory: String
    let xmlVersion: Int

    private func error(_ message: String, line: Int? = nil) -> InputError {
        file.error(message, line: line ?? element.line)
    }

    private func attribute(_ key: String) throws -> String {
        guard let v = element.attribute(key) else { throw error("<gpCoordinates> has no \(key) attribute") }
        return v
    }

    private func number(_ key: String) throws -> Double {
        let text = try attribute(key)
        guard let v = parseDouble(text), v.isFinite else { throw error("\(key)=\"\(text)\" is not a number") }
        return v
    }

    private func integer(_ key: String) throws -> Int {
        let text = try attribute(key)
        guard let v = Int(text.trimmingCharacters(in: .whitespaces)) else { throw error("\(key)=\"\(text)\" is not an integer") }
        return v
    }

    /// Appends the term to `soap` or `pairs`.
    func read(soap: inout [SOAPTerm], pairs: inout [DistanceTwoBodyTerm]) throws {
        guard let descriptorElement = element.child("descriptor") else { throw error("<gpCoordinates> has no <descriptor>") }
        var args = try DescriptorArguments(descriptorElement.text.trimmingCharacters(in: .whitespacesAndNewlines),
                                           file: file, line: descriptorElement.line)
        let dimension = try integer("dimensions")
        let delta = try number("signal_variance")
        let f0 = try number("signal_mean")
        let covariance = try integer("covariance_type")
        guard ["t", "true"].contains(try attribute("sparsified").lowercased()) else {
            throw error("a GAP without sparsification (sparsified=F) is not supported")
        }
        let count = try integer("n_sparseX")
        guard dimension >= 1, dimension <= 1_000_000, count >= 0, count <= 10_000_000, dimension * count <= 200_000_000 else {
            throw error("dimensions=\(dimension), n_sparseX=\(count) out of range")
        }
        switch args.kind {
        case "soap":
            guard covariance == 2 else { throw error("GAP 'soap' with covariance_type=\(covariance) is not supported (only dot_product, 2)") }
            let zeta: Double
            if element.attribute("zeta") != nil {
                zeta = try number("zeta")
            } else if let theta = element.child("theta"), let v = parseDouble(theta.text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                zeta = v  // older files keep ζ in <theta>
            } else {
                throw error("dot_product covariance without zeta")
            }
            let descriptor = try SOAPDescriptor(&args, xmlVersion: xmlVersion)
            try args.checkAllRead()
            guard descriptor.dimension == dimension else {
                throw error("the soap descriptor has \(descriptor.dimension) components but dimensions=\(dimension)")
            }
            let (alpha, cutoffs, points) = try sparsePoints(count: count, dimension: dimension)
            soap.append(SOAPTerm(descriptor: descriptor,
                                 kernel: DotProductKernel(dimension: dimension, sparse: points, alpha: alpha, sparseCutoff: cutoffs,
                                                          delta: delta, zeta: zeta)))
        case "distance_2b":
            guard covariance == 1 else { throw error("GAP 'distance_2b' with covariance_type=\(covariance) is not supported (only ard_se, 1)") }
            guard try integer("n_permutations") == 1 else { throw error("ard_se covariance with several permutations is not supported") }
            let p = try DistanceTwoBodyTerm.parameters(&args)
            try args.checkAllRead()
            guard p.exponents.count == dimension else {
                throw error("distance_2b has \(p.exponents.count) exponents but dimensions=\(dimension)")
            }
            guard let thetaElement = element.child("theta") else { throw error("ard_se covariance without <theta>") }
            let theta = thetaElement.text.split(whereSeparator: \.isWhitespace).compactMap { parseDouble($0) }
            guard theta.count == dimension, theta.allSatisfy({ $0 > 0 && $0.isFinite }) else {
                throw error("<theta> needs \(dimension) positive numbers", line: thetaElement.line)
            }
            let (alpha, cutoffs, points) = try sparsePoints(count: count, dimension: dimension)
            pairs.append(DistanceTwoBodyTerm(cutoff: p.cutoff, transitionWidth: p.width, z1: p.z1, z2: p.z2,
                                             exponents: p.exponents, tailRange: p.tailRange, tailExponent: p.tailExponent,
                                             kernel: SquaredExponentialKernel(dimension: dimension, sparse: points, alpha: alpha,
                                                                              sparseCutoff: cutoffs, theta: theta, delta: delta, f0: f0)))
        default:
            throw file.error("GAP descriptor '\(args.kind)' is not supported by props (it reads soap and distance_2b)",
                             line: descriptorElement.line)
        }
    }

    /// α, sparse cutoff and point of each `<sparseX>` (the points inline or from the file).
    private func sparsePoints(count: Int, dimension: Int) throws -> ([Double], [Double], [Double]) {
        let entries = element.children(named: "sparseX")
        guard entries.count == count else { throw error("n_sparseX=\(count) but \(entries.count) <sparseX> elements") }
        var alpha = [Double](repeating: 0, count: count), cutoff = [Double](repeating: 0, count: count)
        let separate = element.attribute("sparseX_filename") != nil
        var points = separate ? [] : [Double](repeating: 0, count: count * dimension)
        var seen = [Bool](repeating: false, count: count)
        for e in entries {
            guard let iText = e.attribute("i"), let i = Int(iText), i >= 1, i <= count, !seen[i - 1] else {
                throw error("<sparseX> needs a distinct index i in 1...\(count)", line: e.line)
            }
            seen[i - 1] = true
            guard let a = e.attribute("alpha").flatMap({ parseDouble($0) }), a.isFinite,
                  let c = e.attribute("sparseCutoff").flatMap({ parseDouble($0) }), c.isFinite else {
                throw error("<sparseX> needs numeric alpha and sparseCutoff", line: e.line)
            }
            alpha[i - 1] = a
            cutoff[i - 1] = c
            if !separate {
                if let sliced = e.attribute("sliced"), ["t", "true"].contains(sliced.lowercased()) {
                    throw error("sliced <sparseX> is not supported", line: e.line)
                }
                let values = e.text.split(whereSeparator: \.isWhitespace).map { parseDouble($0) }
                guard values.count == dimension, values.allSatisfy({ $0 != nil }) else {
                    throw error("<sparseX i=\"\(i)\"> needs \(dimension) numbers", line: e.line)
                }
                for k in 0..<dimension { points[(i - 1) * dimension + k] = values[k]! }
            }
        }
        return (alpha, cutoff, separate ? try sparseFile(count: count, dimension: dimension) : points)
    }

    /// The sparse points from the file the xml names, beside the xml.
    private func sparseFile(count: Int, dimension: Int) throws -> [Double] {
        let name = try attribute("sparseX_filename")
        let path = name.hasPrefix("/") ? name : (directory as NSString).appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: path) else {
            throw error("the sparse-point file '\(name)' it names is missing (looked for \(path))")
        }
        let sparse = try TextFile(path: path)
        var scanner = TokenScanner(sparse)
        var points = [Double]()
        points.reserveCapacity(count * dimension)
        for _ in 0..<(count * dimension) {
            points.append(try scanner.double("sparse point component \(points.count + 1) of \(count * dimension) (n_sparseX=\(count) × dimensions=\(dimension) from \(file.path))"))
        }
        guard scanner.atEnd() else {
            throw sparse.error("more numbers than n_sparseX × dimensions = \(count * dimension) (\(file.path))", line: scanner.currentLine)
        }
        return points
    }
}
