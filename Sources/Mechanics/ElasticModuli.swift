import Foundation
import LinearAlgebra

/// Polycrystalline averages and mechanical stability of a 6×6 elastic matrix (GPa):
/// Voigt (uniform strain) and Reuss (uniform stress) bounds of the bulk and shear moduli,
/// their Hill mean, Young's modulus E = 9BG/(3B + G) and Poisson's ratio
/// ν = (3B − 2G)/(2(3B + G)) from the Hill values (Hill, Proc. Phys. Soc. A 65, 349 (1952)).
/// The Born stability condition of any crystal class is that C is positive definite
/// (Mouhat & Coudert, Phys. Rev. B 90, 224104 (2014)).
public struct ElasticModuli: Sendable {
    /// Voigt, Reuss and Hill bulk moduli, GPa.
    public let bulkVoigt, bulkReuss, bulkHill: Double
    /// Voigt, Reuss and Hill shear moduli, GPa.
    public let shearVoigt, shearReuss, shearHill: Double
    /// Young's modulus (Hill), GPa.
    public let young: Double
    /// Poisson's ratio (Hill).
    public let poisson: Double
    /// Eigenvalues of C (GPa), ascending; all positive for a Born-stable crystal.
    public let eigenvalues: [Double]

    /// True when C is positive definite.
    public var isBornStable: Bool { (eigenvalues.first ?? 0) > 0 }

    public init(_ c: [[Double]]) throws {
        let (values, vectors) = try symmetricEigen(c.flatMap { $0 }, n: 6)
        eigenvalues = values
        bulkVoigt = ((c[0][0] + c[1][1] + c[2][2]) + 2 * (c[0][1] + c[0][2] + c[1][2])) / 9
        shearVoigt = ((c[0][0] + c[1][1] + c[2][2]) - (c[0][1] + c[0][2] + c[1][2]) + 3 * (c[3][3] + c[4][4] + c[5][5])) / 15
        if values.allSatisfy({ $0 > 0 }) {
            // Compliance S = C⁻¹ = V diag(1/λ) Vᵀ (eigenvectors as columns of V, column-major).
            func s(_ i: Int, _ j: Int) -> Double {
                (0..<6).reduce(0.0) { $0 + vectors[$1 * 6 + i] * vectors[$1 * 6 + j] / values[$1] }
            }
            bulkReuss = 1 / ((s(0, 0) + s(1, 1) + s(2, 2)) + 2 * (s(0, 1) + s(0, 2) + s(1, 2)))
            shearReuss = 15 / (4 * (s(0, 0) + s(1, 1) + s(2, 2)) - 4 * (s(0, 1) + s(0, 2) + s(1, 2))
                               + 3 * (s(3, 3) + s(4, 4) + s(5, 5)))
        } else {
            bulkReuss = .nan
            shearReuss = .nan
        }
        bulkHill = (bulkVoigt + bulkReuss) / 2
        shearHill = (shearVoigt + shearReuss) / 2
        young = 9 * bulkHill * shearHill / (3 * bulkHill + shearHill)
        poisson = (3 * bulkHill - 2 * shearHill) / (2 * (3 * bulkHill + shearHill))
    }
}
