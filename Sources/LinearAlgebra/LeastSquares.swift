import CLapacke

/// Solves the linear least-squares problem min ‖A x − b‖ with LAPACK `dgelsd` (SVD-based,
/// robust to rank deficiency).
/// - Parameters:
///   - a: design matrix, row-major, `rows`×`columns`.
///   - b: right-hand side, `rows` values.
/// - Returns: the `columns` coefficients.
public func leastSquares(_ a: [Double], rows: Int, columns: Int, b: [Double]) throws -> [Double] {
    precondition(a.count == rows * columns && b.count == rows, "shape mismatch")
    var am = a
    let ldb = max(rows, columns)
    var bm = [Double](repeating: 0, count: ldb)
    for i in 0..<rows { bm[i] = b[i] }
    var s = [Double](repeating: 0, count: min(rows, columns))
    var rank: Int32 = 0
    let info = am.withUnsafeMutableBufferPointer { ap in
        bm.withUnsafeMutableBufferPointer { bp in
            s.withUnsafeMutableBufferPointer { sp in
                LAPACKE_dgelsd(LAPACK_ROW_MAJOR, Int32(rows), Int32(columns), 1,
                               ap.baseAddress, Int32(columns), bp.baseAddress, 1,
                               sp.baseAddress, -1, &rank)
            }
        }
    }
    guard info == 0 else { throw LapackError(routine: "dgelsd", info: info, matrixArguments: [5, 7]) }
    return Array(bm[0..<columns])
}
