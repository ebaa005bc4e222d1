import Analysis
import Atoms

/// The starting structures of `props melt --start`: the perfect crystal, the crystal with
/// a spherical void at the centre of the cell, or a slab with two free surfaces (vacuum
/// added along the third cell vector).
enum MeltStart {
    static func build(_ settings: MeltSettings, cell crystal: Structure, console: Console) throws -> Structure {
        switch settings.start {
        case .crystal, .coexistence:
            return crystal
        case .void:
            let d = LatticeDisplacement(reference: crystal).nearestNeighbourDistance
            let radius = settings.voidRadius * d
            let m = crystal.cell.matrix
            let centre = 0.5 * (m[0] + m[1] + m[2])
            let keep = crystal.positions.indices.filter { length(crystal.cell.minimumImage(crystal.positions[$0] - centre)) > radius }
            guard keep.count < crystal.count, keep.count > crystal.count / 2 else {
                throw UsageError("--void-radius \(settings.voidRadius) removes \(crystal.count - keep.count) of \(crystal.count) atoms; choose a radius that removes some but fewer than half", command: "melt")
            }
            console.note("void start: \(crystal.count - keep.count) atoms removed within \(fmt(radius, 2)) Å of the cell centre")
            return Structure(cell: crystal.cell, positions: keep.map { crystal.positions[$0] }, elements: keep.map { crystal.elements[$0] },
                             masses: keep.map { crystal.masses[$0] })
        case .surface:
            let m = crystal.cell.matrix
            let c = m[2]
            var s = crystal
            s.positions = crystal.positions.map { crystal.cell.wrap($0) }
            s.cell = Cell(m[0], m[1], c * (1 + settings.vacuum / length(c)))
            console.note("surface start: slab of \(fmt(length(c), 2)) Å with \(fmt(settings.vacuum, 1)) Å of vacuum along the third cell vector (barostat aniso)")
            return s
        }
    }
}
