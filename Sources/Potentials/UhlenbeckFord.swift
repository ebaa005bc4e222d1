import Atoms
import Foundation
import Neighbors

/// The Uhlenbeck–Ford model fluid, φ(r) = −p k_B T ln(1 − e^{−r²/σ²}) (Paula Leite,
/// Freitas, Azevedo & de Koning, J. Chem. Phys. 145, 194101 (2016)): a purely repulsive,
/// soft-core pair potential whose free energy is known accurately at every density, the
/// reference fluid of a liquid's free energy (`UhlenbeckFordFluid`). Its energy scale is
/// p k_B T at the temperature of the run. Truncated (not shifted) at `cutoff`, where
/// φ is below 1e-9 k_B T for the default 5σ.
public struct UhlenbeckFord: Potential {
    /// The dimensionless scale p.
    public let p: Double
    /// Length σ, Å.
    public let sigma: Double
    /// The temperature whose k_B T sets the energy scale, K.
    public let temperatureK: Double
    public let cutoff: Double
    public let species: [Element]

    public var name: String { String(format: "Uhlenbeck-Ford fluid (p = %g, σ = %g Å, T = %g K)", p, sigma, temperatureK) }
    public var supplies: Quantities { .all }
    public var neighborKind: NeighborList.Kind { .half }

    /// - Parameters: sigma and cutoff (default 5σ) in Å, temperatureK in K.
    public init(p: Double, sigma: Double, temperatureK: Double, species: [Element], cutoff: Double? = nil) {
        self.p = p
        self.sigma = sigma
        self.temperatureK = temperatureK
        self.species = species
        self.cutoff = cutoff ?? 5 * sigma
    }

    /// ε = p k_B T, eV.
    public var epsilon: Double { p * Units.boltzmann * temperatureK }

    /// Pair energy (eV) and (dφ/dr)/r (eV/Å²) at squared distance r2 (Å²).
    @inline(__always) func pair(_ r2: Double) -> (Double, Double) {
        let s = r2 / (sigma * sigma)
        let e = -epsilon * log(-expm1(-s))
        // dφ/dr = −ε (2r/σ²) e^{−s}/(1 − e^{−s}) = −ε (2r/σ²)/(e^{s} − 1).
        return (e, -2 * epsilon / (sigma * sigma * expm1(s)))
    }

    public func evaluate(_ structure: Structure, neighbors: NeighborList, wanted: Quantities) throws -> Evaluation {
        _ = try typeIndices(structure)
        return PairSum.evaluate(structure, neighbors: neighbors, wanted: wanted, cutoff: cutoff) { pair($0) }
    }
}
