/// Atoms held on their sites during a run: after every step each is put back on its
/// site (fractional coordinates, so the site follows the cell) with zero velocity. Used
/// to keep one half of a coexistence cell crystalline while the other melts.
public struct PinnedSites: Sendable {
    /// Indices of the held atoms.
    public let atoms: [Int]
    /// Their sites, fractional coordinates.
    public let sites: [SIMD3<Double>]

    /// Holds `atoms` at their present positions in `state`.
    public init(_ atoms: [Int], in state: MDState) {
        self.atoms = atoms
        sites = atoms.map { state.structure.cell.fractional(state.structure.positions[$0]) }
    }

    /// Puts the held atoms back on their sites with zero velocity.
    public func apply(_ state: inout MDState) {
        for (k, a) in atoms.enumerated() {
            state.structure.positions[a] = state.structure.cell.cartesian(sites[k])
            state.velocities[a] = .zero
        }
    }
}
