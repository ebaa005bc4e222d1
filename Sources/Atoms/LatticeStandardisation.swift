import Foundation

/// Puts a primitive lattice given in any setting into the standard primitive setting of its
/// Bravais lattice, where one exists here: cubic P (three orthogonal equal axes), cubic F
/// (three equal axes at 60°, phonopy's (0,½,½), (½,0,½), (½,½,0)), cubic I (three equal
/// axes at 109.47°, phonopy's (−½,½,½), (½,−½,½), (½,½,−½)) and hexagonal (a = b at 120°,
/// c perpendicular). The basis is first reduced (pairwise Gauss reduction until no vector
/// gets shorter, which gives the Minkowski basis in three dimensions for the lattices
/// here), then the standard axes are looked for among the short lattice vectors.
///
/// The classification is by the metric alone, as `PrimitiveCell.bravais` does.
public enum LatticeStandardisation {
    /// The integer matrix M (rows in units of the rows of `basis`, det +1) whose rows
    /// M · basis are a standard setting, or nil when the lattice is none of the four kinds
    /// (or `basis` is degenerate). `tolerance` is relative, on lengths and cosines.
    public static func standardAxes(_ basis: Matrix3, tolerance: Double = 1e-5) -> Matrix3? {
        let volume = abs(basis.determinant)
        guard volume.isFinite, volume > 0 else { return nil }
        // Reduce: integer combinations kept alongside.
        var vectors = [basis[0], basis[1], basis[2]]
        var coefficients = [SIMD3<Double>(1, 0, 0), SIMD3(0, 1, 0), SIMD3(0, 0, 1)]
        var changed = true
        var sweeps = 0
        while changed && sweeps < 1000 {
            changed = false
            sweeps += 1
            for i in 0..<3 {
                for j in 0..<3 where i != j {
                    let m = (dot(vectors[i], vectors[j]) / lengthSquared(vectors[j])).rounded()
                    guard m != 0, m.isFinite else { continue }
                    let candidate = vectors[i] - m * vectors[j]
                    if lengthSquared(candidate) < lengthSquared(vectors[i]) * (1 - 1e-12) {
                        vectors[i] = candidate
                        coefficients[i] -= m * coefficients[j]
                        changed = true
                    }
                }
            }
        }
        // Short lattice vectors with their coefficients in the original basis.
        var short: [(v: SIMD3<Double>, c: SIMD3<Double>)] = []
        for a in -2...2 { for b in -2...2 { for c in -2...2 where a != 0 || b != 0 || c != 0 {
            let (x, y, z) = (Double(a), Double(b), Double(c))
            short.append((x * vectors[0] + y * vectors[1] + z * vectors[2],
                          x * coefficients[0] + y * coefficients[1] + z * coefficients[2]))
        }}}
        short.sort { lengthSquared($0.v) < lengthSquared($1.v) }
        let shortest = length(short[0].v)
        let first = short.filter { length($0.v) < shortest * (1 + tolerance) }
        func cosine(_ u: SIMD3<Double>, _ v: SIMD3<Double>) -> Double { dot(u, v) / (length(u) * length(v)) }
        func close(_ x: Double, _ y: Double) -> Bool { abs(x - y) < tolerance * 10 }
        /// Three of `set` with the given pairwise cosine spanning one primitive cell.
        func triple(_ set: [(v: SIMD3<Double>, c: SIMD3<Double>)], cosine target: Double) -> Matrix3? {
            for i in set.indices { for j in set.indices where j != i && close(cosine(set[i].v, set[j].v), target) {
                for k in set.indices where k != i && k != j
                    && close(cosine(set[i].v, set[k].v), target) && close(cosine(set[j].v, set[k].v), target) {
                    let m = Matrix3(set[i].c, set[j].c, set[k].c)
                    if abs(m.determinant - 1) < 1e-6 { return m }
                }
            }}
            return nil
        }
        switch first.count {
        case 12: if let m = triple(first, cosine: 0.5) { return m }
        case 8: if let m = triple(first, cosine: -1.0 / 3) { return m }
        case 6: if let m = triple(first, cosine: 0) { return m }
        default: break
        }
        // Hexagonal: c along a six-fold axis, a and b the shortest vectors perpendicular to c.
        for c in short {
            let plane = short.filter { abs(cosine($0.v, c.v)) < tolerance * 10 }
            guard let a0 = plane.first else { continue }
            let ring = plane.filter { length($0.v) < length(a0.v) * (1 + tolerance) }
            guard ring.count == 6 else { continue }
            for a in ring {
                for b in ring where close(cosine(a.v, b.v), -0.5) {
                    let m = Matrix3(a.c, b.c, c.c)
                    if abs(m.determinant - 1) < 1e-6 { return m }
                }
            }
        }
        return nil
    }
}
