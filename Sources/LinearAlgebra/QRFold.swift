import CLapacke

/// Streaming QR of a tall matrix (Householder, LAPACK `dgeqrf`): folds blocks of rows into the
/// upper-triangular factor R so that RᵀR = AᵀA over all rows seen, without ever holding A.
/// With the right-hand side as the last column, R's last column holds Qᵀb and its corner the
/// residual norm, so least-squares problems of any height are solved from R alone — with the
/// accuracy of QR, not of the normal equations.
public struct QRFold: Sendable {
    /// Number of columns.
    public let columns: Int
    /// R, `columns`×`columns`, column-major (below the diagonal: zero).
    public private(set) var r: [Double]

    public init(columns: Int) {
        self.columns = columns
        r = Array(repeating: 0, count: columns * columns)
    }

    /// Folds `count` rows given row-major (`rows[i * columns + c]`) into R.
    public mutating func fold(rows: [Double], count: Int) throws {
        precondition(rows.count == count * columns, "rows must hold count*columns values")
        guard count > 0 else { return }
        let n = columns, m = n + count
        var a = [Double](repeating: 0, count: m * n)
        for c in 0..<n {
            for i in 0...c { a[c * m + i] = r[c * n + i] }
            for i in 0..<count { a[c * m + n + i] = rows[i * n + c] }
        }
        var tau = [Double](repeating: 0, count: n)
        let info = a.withUnsafeMutableBufferPointer { ap in
            tau.withUnsafeMutableBufferPointer { tp in
                LAPACKE_dgeqrf(LAPACK_COL_MAJOR, Int32(m), Int32(n), ap.baseAddress, Int32(m), tp.baseAddress)
            }
        }
        guard info == 0 else { throw LapackError(routine: "dgeqrf", info: info, matrixArguments: [4]) }
        for c in 0..<n {
            for i in 0..<n { r[c * n + i] = i <= c ? a[c * m + i] : 0 }
        }
    }
}
