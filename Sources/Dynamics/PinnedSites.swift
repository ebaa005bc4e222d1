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

    /// The held atoms as numbers for a checkpoint: their count, indices, then sites.
    public var checkpointValues: [Double] {
        [Double(atoms.count)] + atoms.map(Double.init) + sites.flatMap { [$0.x, $0.y, $0.z] }
    }

    /// Reads `checkpointValues`; nil when they are malformed.
    public init?(checkpointValues v: [Double]) {
        guard let n = v.first.flatMap({ Int(exactly: $0) }), n >= 0, v.count == 1 + 4 * n else { return nil }
        let indices = v[1...n].compactMap { Int(exactly: $0) }
        guard indices.count == n, indices.allSatisfy({ $0 >= 0 }) else { return nil }
        atoms = indices
        sites = (0..<n).map { SIMD3(v[1 + n + 3 * $0], v[2 + n + 3 * $0], v[3 + n + 3 * $0]) }
    }

    /// Puts the held atoms back on their sites with zero velocity.
    public func apply(_ state: inout MDState) {
        for (k, a) in atoms.enumerated() {
            state.structure.positions[a] = state.structure.cell.cartesian(sites[k])
            state.velocities[a] = .zero
        }
    }
}
