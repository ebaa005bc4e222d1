import Atoms
import Foundation
import LinearAlgebra
import Potentials

/// Elastic constants from stress–strain finite differences.
///
/// Each of the six Voigt strains ε_J (J = xx, yy, zz, yz, xz, xy; shears as engineering
/// strains γ = 2ε) is applied at ±δ and ±2δ to the relaxed structure, the positions are
/// relaxed at fixed cell (internal relaxation: needed for diamond's C44), and C_IJ is the
/// slope of σ_I against ε_J by least squares over the four strains. Stress follows ASE's
/// sign, so σ = C ε.
public struct ElasticConstants {
    /// The 6×6 Voigt matrix in GPa, symmetrised.
    public var matrixGPa: [[Double]]
    /// Strain step δ used.
    public var strain: Double

    /// A matrix (GPa) obtained elsewhere, with the strain step δ it came from.
    public init(matrixGPa: [[Double]], strain: Double) {
        self.matrixGPa = matrixGPa
        self.strain = strain
    }

    /// Cubic averages, GPa: C11 = ⟨C11, C22, C33⟩, C12 = ⟨C12, C13, C23⟩, C44 = ⟨C44, C55, C66⟩.
    /// Meaningful only for a cubic crystal in its standard orientation (`cubicDeviation`
    /// small); other crystals are named by `named(_:laue:tolerance:)`.
    public var c11: Double { (matrixGPa[0][0] + matrixGPa[1][1] + matrixGPa[2][2]) / 3 }
    public var c12: Double { (matrixGPa[0][1] + matrixGPa[0][2] + matrixGPa[1][2]) / 3 }
    public var c44: Double { (matrixGPa[3][3] + matrixGPa[4][4] + matrixGPa[5][5]) / 3 }

    /// Largest difference between entries that cubic symmetry makes equal (or zero), GPa:
    /// a large value means the crystal (or its orientation) is not cubic.
    public var cubicDeviation: Double {
        let m = matrixGPa
        var dev = 0.0
        for k in 0..<3 {
            dev = max(dev, abs(m[k][k] - c11), abs(m[k + 3][k + 3] - c44))
        }
        dev = max(dev, abs(m[0][1] - c12), abs(m[0][2] - c12), abs(m[1][2] - c12))
        for a in 0..<6 { for b in 0..<6 where (a >= 3 || b >= 3) && a != b { dev = max(dev, abs(m[a][b])) } }
        return dev
    }

    /// Bulk modulus of a cubic crystal, (C11 + 2 C12)/3, GPa (the Voigt bulk modulus of
    /// any crystal).
    public var bulkModulus: Double {
        let m = matrixGPa
        return ((m[0][0] + m[1][1] + m[2][2]) + 2 * (m[0][1] + m[0][2] + m[1][2])) / 9
    }

    /// The matrix averaged over the crystal's point-group rotations (Cartesian, column
    /// convention): C'_{ijkl} = ⟨R_ia R_jb R_kc R_ld C_abcd⟩, which puts exactly the zeros and
    /// equalities of the crystal's class into it in any orientation.
    public func symmetrised(by rotations: [Matrix3]) -> [[Double]] {
        guard !rotations.isEmpty else { return matrixGPa }
        let pairs = Self.voigt
        func voigtIndex(_ i: Int, _ j: Int) -> Int { pairs.firstIndex { ($0.0 == i && $0.1 == j) || ($0.0 == j && $0.1 == i) }! }
        var tensor = [Double](repeating: 0, count: 81)
        for i in 0..<3 { for j in 0..<3 { for k in 0..<3 { for l in 0..<3 {
            tensor[((i * 3 + j) * 3 + k) * 3 + l] = matrixGPa[voigtIndex(i, j)][voigtIndex(k, l)]
        }}}}
        var sum = [Double](repeating: 0, count: 81)
        for r in rotations {
            // Rotate one index at a time: four passes of 81 × 3 products.
            var t = tensor
            for axis in 0..<4 {
                var out = [Double](repeating: 0, count: 81)
                let stride = [27, 9, 3, 1][axis]
                for idx in 0..<81 {
                    let digit = (idx / stride) % 3
                    let base = idx - digit * stride
                    var v = 0.0
                    for a in 0..<3 { v += r[digit, a] * t[base + a * stride] }
                    out[idx] = v
                }
                t = out
            }
            for idx in 0..<81 { sum[idx] += t[idx] }
        }
        let n = Double(rotations.count)
        return (0..<6).map { I in (0..<6).map { J in
            let (i, j) = pairs[I], (k, l) = pairs[J]
            return sum[((i * 3 + j) * 3 + k) * 3 + l] / n
        }}
    }

    /// The independent constants of `laue` read from `symmetrised` (GPa), or nil when the
    /// crystal is not in the class's standard setting (the matrix does not have the
    /// class's form there, e.g. a cubic crystal rotated about z); `tolerance` in GPa.
    public static func named(_ symmetrised: [[Double]], laue: LaueClass, tolerance: Double) -> [(name: String, value: Double)]? {
        let constants = laue.independent
        let values = constants.map { symmetrised[$0.i][$0.j] }
        let template = laue.matrix(values)
        for i in 0..<6 { for j in 0..<6 where abs(template[i][j] - symmetrised[i][j]) > tolerance { return nil } }
        return zip(constants, values).map { ($0.name, $1) }
    }

    /// Voigt index pairs.
    static let voigt = [(0, 0), (1, 1), (2, 2), (1, 2), (0, 2), (0, 1)]

    public static func compute(_ relaxed: Structure, calculator: inout Calculator,
                               strain delta: Double = 0.005, forceTolerance: Double = 1e-6) throws -> ElasticConstants {
        var settings = RelaxationSettings()
        settings.forceTolerance = forceTolerance
        let steps = [-2.0, -1.0, 1.0, 2.0].map { $0 * delta }
        var c = [[Double]](repeating: [Double](repeating: 0, count: 6), count: 6)
        for (J, (a, b)) in voigt.enumerated() {
            var stresses: [[Double]] = []
            for e in steps {
                var eps = Matrix3.zero
                if a == b { eps[a, b] = e } else { eps[a, b] = e / 2; eps[b, a] = e / 2 }
                let strained = relaxed.strained(eps)
                let r = try Relaxation.run(strained, calculator: &calculator, settings: settings)
                let sigma = try calculator.evaluate(r.structure, wanted: [.stress]).stress!
                stresses.append(voigt.map { sigma[$0.0, $0.1] })
            }
            for I in 0..<6 {
                c[I][J] = LinearFit(x: steps, y: stresses.map { $0[I] }).slope * Units.eVPerA3InGPa
            }
        }
        for I in 0..<6 { for J in (I + 1)..<6 {
            let m = (c[I][J] + c[J][I]) / 2
            c[I][J] = m
            c[J][I] = m
        }}
        return ElasticConstants(matrixGPa: c, strain: delta)
    }
}
