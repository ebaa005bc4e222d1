import Atoms
import Foundation

extension Matrix3 {
    /// The matrix exponential exp(A) by scaling and squaring: A/2ˢ with ‖A/2ˢ‖ ≤ ½, a
    /// Taylor series to 14th order (remainder below 1e-17 there), then s squarings. Used
    /// for the cell deformations of the barostats (e.g. exp(v_g Δt)), where ‖A‖ ≪ 1.
    public var exponential: Matrix3 {
        let norm = rowMajor.reduce(0) { $0 + abs($1) }
        var squarings = 0
        var scaled = self
        if norm > 0.5 {
            squarings = Int(log2(norm / 0.5).rounded(.up))
            scaled = pow(2, -Double(squarings)) * self
        }
        var term = Matrix3.identity, sum = Matrix3.identity
        for k in 1...14 {
            term = (1 / Double(k)) * (term * scaled)
            sum += term
        }
        for _ in 0..<squarings { sum = sum * sum }
        return sum
    }

    /// The upper triangle (i ≤ j) of the matrix, the rest zero.
    var upperTriangle: Matrix3 {
        Matrix3(SIMD3(self[0, 0], self[0, 1], self[0, 2]), SIMD3(0, self[1, 1], self[1, 2]), SIMD3(0, 0, self[2, 2]))
    }

    /// The diagonal of the matrix as a diagonal matrix.
    var diagonalPart: Matrix3 { Matrix3(diagonal: SIMD3(self[0, 0], self[1, 1], self[2, 2])) }

    /// Σ_ij A_ij B_ij.
    func contracted(with b: Matrix3) -> Double {
        zip(rowMajor, b.rowMajor).reduce(0) { $0 + $1.0 * $1.1 }
    }
}
