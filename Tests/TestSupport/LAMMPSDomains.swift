import Atoms

/// Domains as a LAMMPS process sees them, built from a periodic cell for tests: owned atoms
/// first, then ghosts (the other atoms and every periodic image within reach).
public enum LAMMPSDomains {
    /// One process's atoms: its owned atoms first, then ghosts, with the original atom of
    /// each; `s` has its atoms inside the cell.
    public static func domain(_ s: Structure, owned: [Int], reach: Double) -> (Structure, [Int]) {
        var positions = owned.map { s.positions[$0] }, elements = owned.map { s.elements[$0] }, origin = owned
        let margin = SIMD3(repeating: reach) / s.cell.faceDistances
        let m = SIMD3<Int>(Int(margin.x) + 1, Int(margin.y) + 1, Int(margin.z) + 1)
        let ownedSet = Set(owned)
        for a in -m.x...m.x { for b in -m.y...m.y { for c in -m.z...m.z {
            for i in 0..<s.count where !(a == 0 && b == 0 && c == 0 && ownedSet.contains(i)) {
                let f = s.cell.fractional(s.positions[i]) + SIMD3(Double(a), Double(b), Double(c))
                guard (0..<3).allSatisfy({ f[$0] > -margin[$0] && f[$0] < 1 + margin[$0] }) else { continue }
                positions.append(s.cell.cartesian(f))
                elements.append(s.elements[i])
                origin.append(i)
            }
        }}}
        return (Structure(cell: s.cell, positions: positions, elements: elements), origin)
    }
}
