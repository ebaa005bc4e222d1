import Atoms
import Foundation

/// The settings of a LAMMPS `pair_style snap` potential apart from its coefficients: the
/// bispectrum (`.snapparam` keywords) and, per element, the radius and neighbour weight of
/// the `.snapcoeff` header lines. Builds the potential from coefficients and writes both files.
public struct SNAPParameters: Sendable {
    public var species: [Element]
    /// R of each element (`radelem`), Å.
    public var radii: [Double]
    /// Neighbour weight of each element (`wjelem`).
    public var weights: [Double]
    public var twojmax: Int
    /// Cutoff R_ij = rcutfac (R_i + R_j).
    public var rcutfac: Double
    public var rfac0 = 0.99363
    /// Å.
    public var rmin0 = 0.0
    public var switching = true
    /// Subtract the isolated atom's B (`bzeroflag`); with it the constant coefficient is the
    /// energy of an isolated atom.
    public var bzero = true
    /// E_i also has ½ Σ β_kl B_k B_l (`quadraticflag`).
    public var quadratic = false

    public init(species: [Element], radii: [Double], weights: [Double], twojmax: Int, rcutfac: Double) {
        self.species = species
        self.radii = radii
        self.weights = weights
        self.twojmax = twojmax
        self.rcutfac = rcutfac
    }

    /// Number of bispectrum components.
    public var descriptorCount: Int { BispectrumLayout.componentCount(twojmax: twojmax) }

    /// Coefficients per element: constant, linear and (quadratic) upper-triangle terms.
    public var coefficientCount: Int { PolynomialModel.parameterCount(descriptors: descriptorCount, quadratic: quadratic) }

    /// Throws for settings LAMMPS would not accept.
    public func check() throws {
        guard !species.isEmpty, radii.count == species.count, weights.count == species.count else {
            throw InputError("SNAP needs one radius and one weight per element (\(species.map(\.symbol).joined(separator: " ")))")
        }
        guard (0...24).contains(twojmax) else { throw InputError("twojmax must be 0 to 24, got \(twojmax)") }
        guard rcutfac > 0, radii.allSatisfy({ $0 > 0 }) else { throw InputError("rcutfac and the radii must be positive") }
        guard rfac0 >= BispectrumDescriptor.minimumRfac0, rfac0 < 1 else {
            throw InputError("rfac0 must lie in [\(BispectrumDescriptor.minimumRfac0), 1), got \(rfac0)")
        }
        try BispectrumDescriptor.checkWeights(weights, symbols: species.map(\.symbol))
        guard rmin0 >= 0, radii.allSatisfy({ rmin0 < rcutfac * 2 * $0 }) else {
            throw InputError("rmin0 must be ≥ 0 and below every cutoff")
        }
    }

    var descriptor: BispectrumDescriptor {
        BispectrumDescriptor(layout: BispectrumLayout(twojmax: twojmax), rcutfac: rcutfac, rfac0: rfac0, rmin0: rmin0,
                             switching: switching, bzero: bzero, radii: radii, weights: weights)
    }

    /// The potential with `coefficients[e]` (`coefficientCount` each) for element e.
    public func potential(coefficients: [[Double]], name: String) throws -> BispectrumPotential {
        try check()
        guard coefficients.count == species.count, coefficients.allSatisfy({ $0.count == coefficientCount }) else {
            throw InputError("SNAP needs \(coefficientCount) coefficients for each of \(species.count) element(s)")
        }
        let model = PolynomialModel(descriptorCount: descriptorCount, quadratic: quadratic, coefficients: coefficients)
        return BispectrumPotential(name: name, species: species, descriptor: descriptor, model: model)
    }

    /// The `.snapparam` file, after `#` comment lines.
    public func parameterFile(comments: [String]) -> String {
        var text = comments.map { "# \($0)\n" }.joined() + "\n"
        text += "rcutfac \(rcutfac)\ntwojmax \(twojmax)\nrfac0 \(rfac0)\nrmin0 \(rmin0)\n"
        text += "switchflag \(switching ? 1 : 0)\nbzeroflag \(bzero ? 1 : 0)\nquadraticflag \(quadratic ? 1 : 0)\n"
        return text
    }

    /// The `.snapcoeff` file of `coefficients`, after `#` comment lines (17 significant digits,
    /// so that a read-back potential is the written one).
    public func coefficientFile(_ coefficients: [[Double]], comments: [String]) -> String {
        var text = comments.map { "# \($0)\n" }.joined() + "\n\(species.count) \(coefficientCount)\n"
        for (e, element) in species.enumerated() {
            text += "\(element.symbol) \(radii[e]) \(weights[e])\n"
            for c in coefficients[e] { text += String(format: "%.17g\n", c) }
        }
        return text
    }
}
