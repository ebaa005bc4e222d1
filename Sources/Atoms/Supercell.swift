/// Supercells of a structure by an integer matrix P: the new lattice vectors are
/// A' = P·A (rows). Atoms are ordered image-major (all atoms of the first image, then
/// the next image, ...; the last index runs fastest), as ASE's `repeat` and LAMMPS'
/// `replicate` order them.
public enum Supercell {
    /// Most atoms a supercell may hold: beyond it the request is a typo, not a model
    /// (ten million atoms take about a gigabyte before any neighbor list).
    public static let maximumAtoms = 10_000_000
    /// Largest magnitude of an entry of a supercell matrix.
    public static let maximumEntry = 100_000

    /// Parses `N`, `NxMxK` or nine integers `a b c d e f g h i` (row-major P).
    public static func parseMatrix(_ text: String) throws -> [[Int]] {
        let parts = text.split(whereSeparator: { $0 == "x" || $0 == "X" || $0 == " " || $0 == "," })
            .map(String.init)
        let numbers = parts.compactMap { Int($0) }
        guard numbers.count == parts.count else {
            throw InputError("supercell '\(text)' is not N, NxMxK or nine integers")
        }
        let p: [[Int]]
        switch numbers.count {
        case 1: p = [[numbers[0], 0, 0], [0, numbers[0], 0], [0, 0, numbers[0]]]
        case 3: p = [[numbers[0], 0, 0], [0, numbers[1], 0], [0, 0, numbers[2]]]
        case 9: p = [Array(numbers[0..<3]), Array(numbers[3..<6]), Array(numbers[6..<9])]
        default: throw InputError("supercell '\(text)' is not N, NxMxK or nine integers")
        }
        try checkEntries(p, name: "supercell '\(text)'")
        guard determinant(p) > 0 else {
            throw InputError("supercell '\(text)' has a non-positive determinant")
        }
        return p
    }

    /// The supercell with matrix `p` (rows give the new lattice vectors in units of the
    /// old ones).
    public static func make(_ s: Structure, matrix p: [[Int]]) throws -> Structure {
        try checkSize(p, atoms: s.count)
        let det = determinant(p)
        let pm = Matrix3(rowMajor: p.flatMap { $0.map(Double.init) })
        let newCell = Cell(pm * s.cell.matrix)
        let translations = latticePoints(p)
        guard translations.count == det else {
            throw InputError("internal: found \(translations.count) lattice points for a supercell of determinant \(det)")
        }
        var positions: [SIMD3<Double>] = []
        var elements: [Element] = []
        var masses: [Double] = []
        positions.reserveCapacity(det * s.count)
        for n in translations {
            let t = s.cell.cartesian(n)
            for a in 0..<s.count {
                positions.append(s.positions[a] + t)
                elements.append(s.elements[a])
                masses.append(s.masses[a])
            }
        }
        return Structure(cell: newCell, positions: positions, elements: elements, masses: masses)
    }

    /// The lattice translations n (integers, in units of the old cell) that lie inside the
    /// supercell of matrix `p`. Order: the c-index fastest (`firstFastest` false, ASE and
    /// LAMMPS) or the a-index fastest (`firstFastest` true, phonopy).
    public static func latticePoints(_ p: [[Int]], firstFastest: Bool = false) -> [SIMD3<Double>] {
        let pinv = Matrix3(rowMajor: p.flatMap { $0.map(Double.init) }).inverse
        let (lo, hi) = bounds(p)
        var points: [SIMD3<Double>] = []
        func consider(_ i: Int, _ j: Int, _ k: Int) {
            let n = SIMD3(Double(i), Double(j), Double(k))
            let f = n * pinv
            if f.min() >= -1e-9 && f.max() < 1 - 1e-9 { points.append(n) }
        }
        if firstFastest {
            for k in lo.z...hi.z { for j in lo.y...hi.y { for i in lo.x...hi.x { consider(i, j, k) } } }
        } else {
            for i in lo.x...hi.x { for j in lo.y...hi.y { for k in lo.z...hi.z { consider(i, j, k) } } }
        }
        return points
    }

    /// The diagonal supercell n1×n2×n3.
    public static func make(_ s: Structure, repeats n: SIMD3<Int>) throws -> Structure {
        try make(s, matrix: [[n.x, 0, 0], [0, n.y, 0], [0, 0, n.z]])
    }

    /// The box of lattice translations (inclusive, in old-cell units) that holds the
    /// supercell of matrix `p`: the range searched for its lattice points.
    static func bounds(_ p: [[Int]]) -> (lo: SIMD3<Int>, hi: SIMD3<Int>) {
        var lo = SIMD3<Int>(repeating: 0), hi = SIMD3<Int>(repeating: 0)
        for corner in 0..<8 {
            let c = SIMD3<Int>(corner & 1, (corner >> 1) & 1, (corner >> 2) & 1)
            for k in 0..<3 {
                let v = c.x * p[0][k] + c.y * p[1][k] + c.z * p[2][k]
                lo[k] = min(lo[k], v)
                hi[k] = max(hi[k], v)
            }
        }
        return (lo, hi)
    }

    /// Throws unless `p` makes a supercell of a cell of `atoms` atoms that can be built: entries
    /// of magnitude at most `maximumEntry`, a positive determinant, at most `maximumAtoms`
    /// atoms, and a lattice-point search box of at most 10^8 translations.
    public static func checkSize(_ p: [[Int]], atoms: Int) throws {
        try checkEntries(p, name: "the supercell matrix")
        let det = determinant(p)
        guard det > 0 else { throw InputError("supercell matrix has non-positive determinant \(det)") }
        guard Double(det) * Double(atoms) <= Double(maximumAtoms) else {
            throw InputError("a supercell of \(det) cells of \(atoms) atoms exceeds the limit of \(maximumAtoms) atoms")
        }
        let (lo, hi) = bounds(p)
        let size = hi &- lo &+ 1
        let box = Double(size.x) * Double(size.y) * Double(size.z)
        guard box <= 1e8 else {
            throw InputError("the supercell matrix is too skewed: its lattice points would be searched among \(box) translations")
        }
    }

    /// Throws unless `p` is 3×3 with entries of magnitude at most `maximumEntry`.
    static func checkEntries(_ p: [[Int]], name: String) throws {
        guard p.count == 3, p.allSatisfy({ $0.count == 3 }) else { throw InputError("\(name) is not 3×3") }
        guard p.joined().allSatisfy({ $0 >= -maximumEntry && $0 <= maximumEntry }) else {
            throw InputError("\(name) has an entry larger than \(maximumEntry) in magnitude")
        }
    }

    static func determinant(_ p: [[Int]]) -> Int {
        p[0][0] * (p[1][1] * p[2][2] - p[1][2] * p[2][1])
            - p[0][1] * (p[1][0] * p[2][2] - p[1][2] * p[2][0])
            + p[0][2] * (p[1][0] * p[2][1] - p[1][1] * p[2][0])
    }
}
