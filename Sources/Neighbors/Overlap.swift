import Atoms

public extension Structure {
    /// The check every command makes before a potential sees a structure: a finite,
    /// right-handed cell of non-zero volume, finite positions (`validate()`), and no two
    /// atoms closer than `minimumDistance` Å (`checkOverlaps`).
    func checkUsable(minimumDistance: Double = 0.5) throws {
        try validate()
        try checkOverlaps(minimumDistance: minimumDistance)
    }

    /// Throws when two atoms (or an atom and its own periodic image) are closer than
    /// `minimumDistance` Å: a structure no potential can be trusted on.
    func checkOverlaps(minimumDistance: Double = 0.5) throws {
        let list = try NeighborList(self, cutoff: minimumDistance, kind: .half)
        for i in 0..<count {
            for k in list.range(of: i) {
                let j = list.neighbor(k)
                let d = length(list.displacement(k, from: i, positions))
                if j == i {
                    throw InputError(String(format: "atom %d is %.4f Å from its own periodic image: the cell is too small",
                                            i + 1, d))
                }
                throw InputError(String(format: "atoms %d and %d overlap: %.4f Å apart (minimum %.2f Å)",
                                        i + 1, j + 1, d, minimumDistance))
            }
        }
    }
}
