/// A space-group operation in the lattice basis of a cell: fractional coordinates (as a
/// column) map as f → W f + t, with W an integer matrix.
public struct SymmetryOperation: Sendable {
    /// Integer rotation in the lattice basis (entries exact integers).
    public let rotation: Matrix3
    /// Fractional translation in [0, 1).
    public let translation: SIMD3<Double>
    /// `permutation[i]`: the atom that atom i lands on.
    public let permutation: [Int]

    /// True for a pure lattice-centring translation (W = 1).
    public var isTranslation: Bool { rotation == .identity }

    /// The rotation in Cartesian coordinates for `cell` (column convention, r → R r).
    public func cartesianRotation(_ cell: Cell) -> Matrix3 {
        let h = cell.matrix
        return h.transpose * rotation * h.transpose.inverse
    }
}

/// The space group of a crystal: every operation (W, t) that maps the structure onto itself
/// within a tolerance. Rotations are found among the integer matrices with entries −1, 0, 1
/// that preserve the metric of the cell (complete for conventional cubic, hexagonal and
/// standard primitive cells, the cells `props` builds); translations by mapping atoms.
public struct SpaceGroup: Sendable {
    public let operations: [SymmetryOperation]
    /// Position tolerance, Å.
    public let tolerance: Double

    /// Number of operations.
    public var order: Int { operations.count }

    public init(operations: [SymmetryOperation], tolerance: Double) {
        self.operations = operations
        self.tolerance = tolerance
    }

    /// The group with only its identity operation (symmetry switched off).
    public var identityOnly: SpaceGroup {
        SpaceGroup(operations: operations.filter { $0.rotation == .identity && $0.translation == .zero }, tolerance: tolerance)
    }

    /// Finds the space group of `s` with position tolerance `tolerance` Å.
    public static func find(_ s: Structure, tolerance: Double = 1e-5) -> SpaceGroup {
        let h = s.cell.matrix
        let metric = h * h.transpose
        let scale = max(metric[0, 0], metric[1, 1], metric[2, 2])
        let inverse = h.inverse
        let fractional = s.positions.map { $0 * inverse }
        // The species with the fewest atoms anchors the translation search.
        var counts: [Element: Int] = [:]
        for e in s.elements { counts[e, default: 0] += 1 }
        let anchor = s.elements.indices.min { counts[s.elements[$0]]! < counts[s.elements[$1]]! }!
        var operations: [SymmetryOperation] = []
        for w in latticeRotations(metric: metric, tolerance: 2 * tolerance * scale.squareRoot()) {
            let moved = fractional.map { w * $0 }
            for j in s.elements.indices where s.elements[j] == s.elements[anchor] {
                var t = fractional[j] - moved[anchor]
                t -= t.rounded(.down)
                if let perm = permutation(moved, t, fractional, s, tolerance: tolerance) {
                    for k in 0..<3 where t[k] > 1 - 1e-9 { t[k] = 0 }
                    operations.append(SymmetryOperation(rotation: w, translation: t, permutation: perm))
                }
            }
        }
        return SpaceGroup(operations: operations, tolerance: tolerance)
    }

    /// Integer matrices W (entries −1, 0, 1, det ±1) with Wᵀ G W = G.
    static func latticeRotations(metric g: Matrix3, tolerance: Double) -> [Matrix3] {
        var out: [Matrix3] = []
        let values: [Double] = [-1, 0, 1]
        var rows: [SIMD3<Double>] = []
        for a in values { for b in values { for c in values where a != 0 || b != 0 || c != 0 { rows.append(SIMD3(a, b, c)) } } }
        // Column k of W is the image of lattice vector k: its length must match.
        let columns = (0..<3).map { k in rows.filter { v in abs(dot(v, g * v) - g[k, k]) < tolerance } }
        for c0 in columns[0] { for c1 in columns[1] {
            guard abs(dot(c0, g * c1) - g[0, 1]) < tolerance else { continue }
            for c2 in columns[2] {
                guard abs(dot(c0, g * c2) - g[0, 2]) < tolerance, abs(dot(c1, g * c2) - g[1, 2]) < tolerance else { continue }
                let w = Matrix3(c0, c1, c2).transpose
                if abs(abs(w.determinant) - 1) < 1e-9 { out.append(w) }
            }
        }}
        return out
    }

    /// The atom each atom lands on under f → f' + t, or nil when some atom lands on none
    /// of its species.
    static func permutation(_ moved: [SIMD3<Double>], _ t: SIMD3<Double>, _ fractional: [SIMD3<Double>],
                            _ s: Structure, tolerance: Double) -> [Int]? {
        var perm = [Int](repeating: -1, count: s.count)
        let tol2 = tolerance * tolerance
        for i in 0..<s.count {
            let target = moved[i] + t
            var found = -1
            for j in 0..<s.count where s.elements[j] == s.elements[i] {
                var d = target - fractional[j]
                d -= d.rounded(.toNearestOrEven)
                if lengthSquared(d * s.cell.matrix) < tol2 { found = j; break }
            }
            guard found >= 0 else { return nil }
            perm[i] = found
        }
        return perm
    }
}
