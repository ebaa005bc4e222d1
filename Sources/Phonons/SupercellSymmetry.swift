import Atoms

/// Space-group operations acting on a phonon supercell: each as a Cartesian rotation and
/// the permutation of supercell atoms it causes. Built from the unit cell's space group
/// combined with unit-cell lattice translations, so it is exact and O(N) per operation.
public struct SupercellSymmetry: Sendable {
    public struct Operation: Sendable {
        /// Cartesian rotation (column convention).
        public let rotation: Matrix3
        /// `permutation[j]`: the supercell atom that atom j lands on.
        public let permutation: [Int]
    }

    public let supercell: PhononSupercell
    public let group: SpaceGroup
    /// Cartesian rotation of each unit-cell operation.
    let rotations: [Matrix3]
    /// For each unit-cell operation and unit atom: the lattice translation Δ with
    /// W f_u + t = f_{perm(u)} + Δ.
    let offsets: [[SIMD3<Double>]]

    /// Symmetry of `supercell`; `identityOnly` gives just the identity (no symmetry used).
    public init(_ supercell: PhononSupercell, identityOnly: Bool = false, tolerance: Double = 1e-5) {
        self.supercell = supercell
        let unit = supercell.unit
        let found = SpaceGroup.find(unit, tolerance: tolerance)
        // Only operations that map the supercell's lattice onto itself act on the periodic
        // supercell (all do for N×N×N of a cubic or hexagonal cell; not for a skewed one).
        let p = Matrix3(rowMajor: supercell.matrix.flatMap { $0.map(Double.init) })
        let pInverse = p.inverse
        let compatible = found.operations.filter { op in
            (0..<3).allSatisfy { k in
                let c = (op.rotation * p[k]) * pInverse
                return length(c - c.rounded(.toNearestOrEven)) < 1e-8
            }
        }
        let group = identityOnly ? found.identityOnly : SpaceGroup(operations: compatible, tolerance: found.tolerance)
        self.group = group
        rotations = group.operations.map { $0.cartesianRotation(unit.cell) }
        let inverse = unit.cell.matrix.inverse
        let fractional = unit.positions.map { $0 * inverse }
        offsets = group.operations.map { op in
            (0..<unit.count).map { (u: Int) -> SIMD3<Double> in
                let moved: SIMD3<Double> = op.rotation * fractional[u] + op.translation
                return (moved - fractional[op.permutation[u]]).rounded(.toNearestOrEven)
            }
        }
    }

    /// Unit operation `g` followed by the lattice translation `shift`, on the supercell.
    func operation(_ g: Int, shift: SIMD3<Double>) -> Operation {
        let op = group.operations[g]
        let s = supercell
        let perm = (0..<s.structure.count).map { j -> Int in
            let u = s.unitAtom[j]
            return s.index(unitAtom: op.permutation[u], translation: offsets[g][u] + op.rotation * s.translation[j] + shift)
        }
        return Operation(rotation: rotations[g], permutation: perm)
    }

    /// Where unit operation g sends supercell atom j: (unit atom, translation).
    func image(_ g: Int, of j: Int) -> (Int, SIMD3<Double>) {
        let s = supercell
        let op = group.operations[g]
        let u = s.unitAtom[j]
        return (op.permutation[u], offsets[g][u] + op.rotation * s.translation[j])
    }

    /// The operations that leave supercell atom `a` in place (its site symmetry).
    public func siteSymmetry(of a: Int) -> [Operation] {
        let s = supercell
        return group.operations.indices.compactMap { g in
            let (u, n) = image(g, of: a)
            guard u == s.unitAtom[a] else { return nil }
            return operation(g, shift: s.translation[a] - n)
        }
    }

    /// An operation sending supercell atom `a` to atom `b`, or nil when they are not
    /// equivalent.
    public func operation(mapping a: Int, to b: Int) -> Operation? {
        let s = supercell
        for g in group.operations.indices {
            let (u, n) = image(g, of: a)
            if u == s.unitAtom[b] { return operation(g, shift: s.translation[b] - n) }
        }
        return nil
    }
}
