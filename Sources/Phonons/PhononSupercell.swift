import Atoms

/// The supercell of a phonon calculation and its bookkeeping: which unit-cell atom and
/// lattice translation each supercell atom is, which primitive atom it belongs to, and
/// the supercell atom standing for each primitive atom.
///
/// Diagonal supercells are ordered as phonopy orders them (atom-major: all images of unit
/// atom 1, then of atom 2, ...; the a-translation fastest), so phonopy's FORCE_SETS can be
/// read against them; other matrices use the same atom-major order.
public struct PhononSupercell: Sendable {
    /// The unit cell the supercell repeats.
    public let unit: Structure
    /// Supercell matrix: rows are the supercell vectors in units of the unit-cell vectors.
    public let matrix: [[Int]]
    /// The supercell.
    public let structure: Structure
    /// The primitive cell.
    public let primitive: PrimitiveCell
    /// Unit-cell atom of each supercell atom.
    public let unitAtom: [Int]
    /// Unit-cell lattice translation of each supercell atom (integers).
    public let translation: [SIMD3<Double>]
    /// Primitive atom of each supercell atom.
    public let primitiveAtom: [Int]
    /// The supercell atom standing for each primitive atom (phonopy's p2s).
    public let primitiveToSupercell: [Int]
    private let lookup: [SIMD4<Int>: Int]
    private let matrixInverse: Matrix3
    private let matrixDouble: Matrix3

    public init(unit: Structure, matrix p: [[Int]], primitive: PrimitiveCell? = nil) throws {
        try Supercell.checkSize(p, atoms: unit.count)
        self.unit = unit
        self.matrix = p
        let prim = primitive ?? PrimitiveCell.find(unit)
        self.primitive = prim
        let pm = Matrix3(rowMajor: p.flatMap { $0.map(Double.init) })
        guard pm.determinant >= 0.5 else { throw InputError("supercell matrix must have a positive determinant") }
        matrixDouble = pm
        matrixInverse = pm.inverse
        // Lattice translations inside the supercell, the a-index fastest (phonopy's order).
        let cells = Supercell.latticePoints(p, firstFastest: true)
        let cell = Cell(pm * unit.cell.matrix)
        var positions: [SIMD3<Double>] = [], elements: [Element] = [], masses: [Double] = []
        var unitAtom: [Int] = [], translation: [SIMD3<Double>] = [], lookup: [SIMD4<Int>: Int] = [:]
        for u in 0..<unit.count {
            for n in cells {
                lookup[SIMD4(u, Int(n.x), Int(n.y), Int(n.z))] = positions.count
                positions.append(unit.positions[u] + unit.cell.cartesian(n))
                elements.append(unit.elements[u])
                masses.append(unit.masses[u])
                unitAtom.append(u)
                translation.append(n)
            }
        }
        structure = Structure(cell: cell, positions: positions, elements: elements, masses: masses)
        self.unitAtom = unitAtom
        self.translation = translation
        self.lookup = lookup
        primitiveAtom = unitAtom.map { prim.primitiveIndex[$0] }
        primitiveToSupercell = (0..<prim.structure.count).map { p in unitAtom.indices.first { prim.primitiveIndex[unitAtom[$0]] == p }! }
    }

    /// True for a diagonal supercell matrix (atoms in phonopy's order).
    public var isDiagonal: Bool {
        (0..<3).allSatisfy { i in (0..<3).allSatisfy { j in i == j || matrix[i][j] == 0 } }
    }

    /// The supercell atom that is unit atom `u` translated by `n` (any integers; reduced
    /// into the supercell).
    public func index(unitAtom u: Int, translation n: SIMD3<Double>) -> Int {
        var f = n * matrixInverse
        f -= (f + SIMD3(repeating: 1e-9)).rounded(.down)
        let r = (f * matrixDouble).rounded(.toNearestOrEven)
        return lookup[SIMD4(u, Int(r.x), Int(r.y), Int(r.z))]!
    }
}
