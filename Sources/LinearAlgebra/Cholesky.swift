import CLapacke

/// The lower Cholesky factor L (row-major, zero above the diagonal) of the symmetric
/// positive-definite `n`×`n` matrix `a` (row-major) with A = L Lᵀ, by LAPACK `dpotrf`; nil
/// when A is not positive definite.
public func choleskyLower(_ a: [Double], n: Int) -> [Double]? {
    precondition(a.count == n * n, "matrix must hold n*n elements")
    var l = a
    let info = l.withUnsafeMutableBufferPointer { p in
        LAPACKE_dpotrf(LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "L")), Int32(n), p.baseAddress, Int32(n))
    }
    guard info == 0 else { return nil }
    for i in 0..<n { for j in (i + 1)..<max(i + 1, n) { l[i * n + j] = 0 } }
    return l
}
