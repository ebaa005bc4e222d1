/// Structures with non-periodic directions: a molecule or cluster (extended XYZ
/// `pbc="F F F"`, or no `Lattice=`) or a slab (`pbc="T T F"`).
///
/// props evaluates periodic cells only; a non-periodic direction is made periodic with a
/// vacuum gap wider than the potential's range, so that no atom sees an image across it
/// and the energy and forces are those of the isolated molecule or slab. The stress is not
/// defined along such a direction (the cell length there is arbitrary).
public extension Frame {
    /// Whether all three directions are periodic.
    var isPeriodic: Bool { pbc.0 && pbc.1 && pbc.2 }

    /// The structure with each non-periodic direction's cell vector replaced by one
    /// perpendicular to the periodic vectors (and to each other) whose length is the
    /// atoms' extent along it plus `range` plus 1 Å: atoms more than `range` Å apart
    /// across the gap. Cartesian positions are kept. Periodic vectors are kept as given; when
    /// they are degenerate (zero, parallel or not finite) the structure is returned as it is,
    /// for `Structure.validate` to refuse.
    func isolated(range: Double) -> Structure {
        let periodic = [pbc.0, pbc.1, pbc.2]
        guard periodic.contains(false) else { return structure }
        let given = [structure.cell[0], structure.cell[1], structure.cell[2]]
        var vectors = given
        var basis: [SIMD3<Double>] = []
        func perpendicular(_ v: SIMD3<Double>) -> SIMD3<Double> {
            basis.reduce(v) { u, e in u - (u * e).sum() * e }
        }
        func usable(_ v: SIMD3<Double>) -> Bool { v.x.isFinite && v.y.isFinite && v.z.isFinite && (v * v).sum() > 1e-12 }
        for k in 0..<3 where periodic[k] {
            let u = perpendicular(given[k])
            guard usable(u) else { return structure }
            basis.append(u / (u * u).sum().squareRoot())
        }
        let axes = [SIMD3<Double>(1, 0, 0), SIMD3(0, 1, 0), SIMD3(0, 0, 1)]
        var last = 0
        for k in 0..<3 where !periodic[k] {
            // The given vector made perpendicular to the others, else a Cartesian axis.
            guard let u = ([given[k]] + axes).map(perpendicular).first(where: usable) else { return structure }
            let e = u / (u * u).sum().squareRoot()
            basis.append(e)
            let along = structure.positions.map { ($0 * e).sum() }
            vectors[k] = ((along.max() ?? 0) - (along.min() ?? 0) + range + 1) * e
            last = k
        }
        if Cell(vectors[0], vectors[1], vectors[2]).matrix.determinant < 0 { vectors[last] = -vectors[last] }
        var s = structure
        s.cell = Cell(vectors[0], vectors[1], vectors[2])
        return s
    }

    /// The refusal for a command that needs every direction periodic.
    static func nonPeriodicRefusal(_ what: String) -> String {
        "\(what) has a non-periodic direction (pbc with F): eval, relax --fixed-cell and md (NVE/NVT) treat it as a "
            + "molecule or slab; this command needs a cell periodic in all three directions"
    }
}
