import Atoms
import Foundation

/// Displacements from the lattice sites of a reference crystal, for the Lindemann ratio
/// L = √⟨u²⟩/d. The sites follow the cell (they are kept as fractional coordinates), so
/// thermal expansion under a barostat is not counted as displacement; the mass-weighted
/// mean displacement (the centre-of-mass drift) is removed; d, the nearest-neighbour
/// distance of the reference, is scaled with the cell as (V/V₀)^(1/3). Positions must be
/// unwrapped (as MD keeps them), so an atom that has diffused away counts its whole path.
public struct LatticeDisplacement: Sendable {
    /// Reference sites, fractional coordinates of the reference cell.
    public let sites: [SIMD3<Double>]
    /// Nearest-neighbour distance of the reference, Å.
    public let nearestNeighbourDistance: Double
    /// Volume of the reference cell, Å³.
    public let referenceVolume: Double
    private let weights: [Double]

    /// Sites from `reference` (a crystal at its lattice positions).
    public init(reference: Structure) {
        let cell = reference.cell
        sites = reference.positions.map { cell.fractional($0) }
        var dmin = Double.infinity
        for i in 0..<reference.count {
            for j in (i + 1)..<reference.count {
                dmin = min(dmin, length(cell.minimumImage(reference.positions[j] - reference.positions[i])))
            }
        }
        nearestNeighbourDistance = dmin
        referenceVolume = cell.volume
        let total = reference.masses.reduce(0, +)
        weights = reference.masses.map { $0 / total }
    }

    /// ⟨u²⟩ (Å²), the nearest-neighbour distance d (Å) scaled to `cell`, and L = √⟨u²⟩/d,
    /// for unwrapped `positions` (Å) in `cell`.
    public func measure(cell: Cell, positions: [SIMD3<Double>]) -> (meanSquare: Double, distance: Double, ratio: Double) {
        precondition(positions.count == sites.count, "one position per site")
        let u = positions.indices.map { cell.cartesian(cell.fractional(positions[$0]) - sites[$0]) }
        var drift = SIMD3<Double>.zero
        for i in u.indices { drift += weights[i] * u[i] }
        let meanSquare = u.reduce(0) { $0 + lengthSquared($1 - drift) } / Double(u.count)
        let d = nearestNeighbourDistance * cbrt(cell.volume / referenceVolume)
        return (meanSquare, d, meanSquare.squareRoot() / d)
    }
}
