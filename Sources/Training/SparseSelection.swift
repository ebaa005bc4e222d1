import Atoms
import Dynamics
import LinearAlgebra

/// The choice of a sparse GP's sparse points among the rows of a descriptor matrix.
public enum SparseSelection {
    /// Indices (ascending) of `count` rows of `x` (`rows × dimension`, row-major): all rows when
    /// there are no more; else by `method`: `random`, a seeded uniform draw; `cur`, the rows of
    /// highest statistical leverage π_i = Σ_j u_ij² over the leading k = min(count, rank)
    /// left singular vectors of x (u_ij = x_i·v_j/σ_j from the eigenvectors of xᵀx), the
    /// deterministic form of the CUR decomposition's row choice (Mahoney and Drineas, PNAS
    /// 106, 697 (2009)); ties go to the earlier row.
    public static func select(_ x: [Double], rows: Int, dimension: Int, count: Int, method: GAPFitSettings.SparseMethod,
                              seed: UInt64) throws -> [Int] {
        precondition(x.count == rows * dimension, "x must hold rows × dimension values")
        guard count < rows else { return Array(0..<rows) }
        switch method {
        case .random:
            var random = RandomSource(seed: seed)
            return Array(shuffled(Array(0..<rows), &random).prefix(count)).sorted()
        case .cur:
            let scores = try leverage(x, rows: rows, dimension: dimension, rank: count)
            let order = (0..<rows).sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
            return Array(order.prefix(count)).sorted()
        }
    }

    /// π_i over the leading `rank` singular directions of x (those with σ² above 1e-12 of the largest).
    static func leverage(_ x: [Double], rows: Int, dimension d: Int, rank: Int) throws -> [Double] {
        var gram = [Double](repeating: 0, count: d * d)
        for i in 0..<rows {
            let row = x[(i * d)..<((i + 1) * d)]
            for a in 0..<d {
                let xa = row[row.startIndex + a]
                guard xa != 0 else { continue }
                for b in a..<d { gram[b * d + a] += xa * row[row.startIndex + b] }
            }
        }
        for a in 0..<d { for b in a..<d { gram[a * d + b] = gram[b * d + a] } }
        let (values, vectors) = try symmetricEigen(gram, n: d)
        let largest = values.last ?? 0
        let kept = (0..<d).reversed().filter { values[$0] > 1e-12 * largest }.prefix(rank)
        var scores = [Double](repeating: 0, count: rows)
        for i in 0..<rows {
            var sum = 0.0
            for j in kept {
                var u = 0.0
                for a in 0..<d { u += x[i * d + a] * vectors[j * d + a] }
                sum += u * u / values[j]
            }
            scores[i] = sum
        }
        return scores
    }
}
