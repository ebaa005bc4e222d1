import Atoms

/// The irreducible points of a Γ-centred n1×n2×n3 q-point mesh under a set of rotations
/// and time reversal (q → −q), as phonopy reduces its mesh: points that a rotation (or a
/// rotation followed by q → −q) carries onto each other have the same frequencies, so only
/// one of each orbit is diagonalised and counted with the orbit's size as its weight.
///
/// A rotation R (Cartesian) acts on reduced q (primitive reciprocal coordinates) as
/// M = A R A⁻¹ (A: rows are the primitive lattice vectors), and on the integer grid
/// g = n ∘ q as N_ij = n_i M_ij / n_j; rotations whose N is not an integer matrix do not map
/// the mesh onto itself and are left out.
struct MeshReduction: Sendable {
    /// Mesh index of each irreducible point: the lowest index of its orbit.
    let points: [Int]
    /// For each mesh point (the last grid index fastest), its irreducible point (index into `points`).
    let index: [Int]
    /// Mesh points each irreducible point stands for; they add up to the mesh size.
    let weights: [Int]

    /// The reduction of the `size` mesh of the primitive cell `lattice` (rows a1, a2, a3,
    /// Å) by `rotations` (Cartesian; must form a group), always with time reversal.
    init(size: SIMD3<Int>, rotations: [Matrix3], lattice: Matrix3) {
        let inverse = lattice.inverse
        // Integer grid operations, row-major, each also with q → −q.
        var operations: [[Int]] = [[1, 0, 0, 0, 1, 0, 0, 0, 1], [-1, 0, 0, 0, -1, 0, 0, 0, -1]]
        for r in rotations {
            let m = lattice * r * inverse
            var grid: [Int] = []
            for i in 0..<3 {
                for j in 0..<3 {
                    let v = Double(size[i]) * m[i, j] / Double(size[j])
                    let k = v.rounded()
                    guard abs(v - k) < 1e-6 else { break }
                    grid.append(Int(k))
                }
            }
            guard grid.count == 9 else { continue }
            for op in [grid, grid.map { -$0 }] where !operations.contains(op) { operations.append(op) }
        }
        let (n0, n1, n2) = (size.x, size.y, size.z)
        var index = [Int](repeating: -1, count: n0 * n1 * n2)
        var points: [Int] = [], weights: [Int] = []
        for g in index.indices where index[g] < 0 {
            let irreducible = points.count
            points.append(g)
            weights.append(0)
            let (i, j, k) = (g / (n1 * n2), (g / n2) % n1, g % n2)
            for op in operations {
                let a = ((op[0] * i + op[1] * j + op[2] * k) % n0 + n0) % n0
                let b = ((op[3] * i + op[4] * j + op[5] * k) % n1 + n1) % n1
                let c = ((op[6] * i + op[7] * j + op[8] * k) % n2 + n2) % n2
                let h = (a * n1 + b) * n2 + c
                if index[h] < 0 {
                    index[h] = irreducible
                    weights[irreducible] += 1
                }
            }
        }
        self.points = points
        self.index = index
        self.weights = weights
    }

    /// No reduction: every one of `count` points stands for itself.
    init(identity count: Int) {
        points = Array(0..<count)
        index = points
        weights = [Int](repeating: 1, count: count)
    }
}
