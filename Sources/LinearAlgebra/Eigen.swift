import CLapacke

/// A complex number as LAPACK stores it (real part, imaginary part).
public typealias Complex = props_complex_double

/// Eigenvalues (ascending) and eigenvectors of a Hermitian matrix.
public struct HermitianEigen {
    /// Eigenvalues in ascending order.
    public let values: [Double]
    /// Eigenvectors, column-major: component `i` of vector `k` is `vectors[k * n + i]`.
    public let vectors: [Complex]
}

/// Diagonalises the Hermitian `n`×`n` matrix `a` (column-major; only the upper
/// triangle is read) with LAPACK `zheevd`.
public func hermitianEigen(_ a: [Complex], n: Int, vectors: Bool = true) throws -> HermitianEigen {
    precondition(a.count == n * n, "matrix must hold n*n elements")
    var work = a
    var w = [Double](repeating: 0, count: n)
    let job = CChar(UInt8(ascii: vectors ? "V" : "N"))
    let info = work.withUnsafeMutableBufferPointer { ap in
        w.withUnsafeMutableBufferPointer { wp in
            LAPACKE_zheevd(LAPACK_COL_MAJOR, job, CChar(UInt8(ascii: "U")), Int32(n),
                           ap.baseAddress, Int32(n), wp.baseAddress)
        }
    }
    guard info == 0 else { throw LapackError(routine: "zheevd", info: info, matrixArguments: [5]) }
    return HermitianEigen(values: w, vectors: vectors ? work : [])
}

/// Eigenvalues (ascending) and, column-major, eigenvectors of the real symmetric
/// `n`×`n` matrix `a` (column-major), with LAPACK `dsyevd`.
public func symmetricEigen(_ a: [Double], n: Int) throws -> (values: [Double], vectors: [Double]) {
    precondition(a.count == n * n, "matrix must hold n*n elements")
    var work = a
    var w = [Double](repeating: 0, count: n)
    let info = work.withUnsafeMutableBufferPointer { ap in
        w.withUnsafeMutableBufferPointer { wp in
            LAPACKE_dsyevd(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "V")), CChar(UInt8(ascii: "U")),
                           Int32(n), ap.baseAddress, Int32(n), wp.baseAddress)
        }
    }
    guard info == 0 else { throw LapackError(routine: "dsyevd", info: info, matrixArguments: [5]) }
    return (w, work)
}
