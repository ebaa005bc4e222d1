import Atoms

public extension Structure {
    /// Throws when two atoms (or an atom and its own periodic image) are closer than
    /// `minimumDistance` Å: a structure no potential can be trusted on.
    func checkOverlaps(minimumDistance: Double = 0.5) throws {
        let list = NeighborList(self, cutoff: minimumDistance, kind: .half)
        for i in 0..<count {
            for k in list.range(of: i) {
                let j = Int(list.index[k])
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
