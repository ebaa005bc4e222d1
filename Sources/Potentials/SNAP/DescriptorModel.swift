import Foundation

/// Maps an atom's descriptor vector to its energy: SNAP's linear and quadratic forms and
/// ML-IAP's models (`linear`, `quadratic`, `nn`).
protocol DescriptorModel: Sendable {
    /// Descriptor length the model takes.
    var descriptorCount: Int { get }
    /// Scratch length `energy` needs.
    var scratchCount: Int { get }
    /// A description for the potential's name, e.g. "quadratic".
    var label: String { get }
    /// Energy (eV) of an atom of element `element` with descriptors `x`; writes dE/dx into
    /// `gradient`.
    func energy(_ x: UnsafeBufferPointer<Double>, element: Int, gradient: UnsafeMutableBufferPointer<Double>,
                scratch: UnsafeMutableBufferPointer<Double>) -> Double
}

/// E = β0 + Σ_k β_k x_k, plus ½ Σ_k β_kk x_k² + Σ_{k<l} β_kl x_k x_l when quadratic (the
/// coefficients after the linear ones, row by row of the upper triangle, as in LAMMPS's
/// `quadraticflag 1` and ML-IAP's `quadratic` model).
struct PolynomialModel: DescriptorModel {
    let descriptorCount: Int
    let quadratic: Bool
    /// Coefficients of each element.
    let coefficients: [[Double]]
    var scratchCount: Int { 0 }
    var label: String { quadratic ? "quadratic" : "linear" }

    /// Number of coefficients per element for `n` descriptors.
    static func parameterCount(descriptors n: Int, quadratic: Bool) -> Int {
        1 + n + (quadratic ? n * (n + 1) / 2 : 0)
    }

    func energy(_ x: UnsafeBufferPointer<Double>, element: Int, gradient: UnsafeMutableBufferPointer<Double>,
                scratch: UnsafeMutableBufferPointer<Double>) -> Double {
        let beta = coefficients[element]
        let n = descriptorCount
        var e = beta[0]
        for k in 0..<n {
            e += beta[k + 1] * x[k]
            gradient[k] = beta[k + 1]
        }
        guard quadratic else { return e }
        var c = n + 1
        for k in 0..<n {
            e += 0.5 * beta[c] * x[k] * x[k]
            gradient[k] += beta[c] * x[k]
            c += 1
            for l in (k + 1)..<max(k + 1, n) {
                e += beta[c] * x[k] * x[l]
                gradient[k] += beta[c] * x[l]
                gradient[l] += beta[c] * x[k]
                c += 1
            }
        }
        return e
    }
}
