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

    /// Cubic averages, GPa: C11 = ⟨C11, C22, C33⟩, C12 = ⟨C12, C13, C23⟩, C44 = ⟨C44, C55, C66⟩.
    public var c11: Double { (matrixGPa[0][0] + matrixGPa[1][1] + matrixGPa[2][2]) / 3 }
    public var c12: Double { (matrixGPa[0][1] + matrixGPa[0][2] + matrixGPa[1][2]) / 3 }
    public var c44: Double { (matrixGPa[3][3] + matrixGPa[4][4] + matrixGPa[5][5]) / 3 }
    /// Bulk modulus of a cubic crystal, (C11 + 2 C12)/3, GPa.
    public var bulkModulus: Double { (c11 + 2 * c12) / 3 }

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
