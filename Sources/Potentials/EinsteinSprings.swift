import Atoms
import Neighbors

/// The Einstein crystal: every atom tied to its own lattice site by a harmonic spring,
/// E = ½ Σᵢ kᵢ |dᵢ|², with dᵢ the displacement from the site (minimum image). With
/// `relativeToCentreOfMass` the displacements are taken relative to the mass-weighted
/// mean displacement, dᵢ = uᵢ − Σⱼ mⱼuⱼ/M: the energy is then invariant under a
/// translation of the whole crystal and the forces sum to zero, so the reference of a
/// Frenkel–Ladd integration has the same translational symmetry as the potential it is
/// switched from (and the centre-of-mass correction of its free energy is exact).
/// The reference system of `FrenkelLadd`; no stress (it is used at constant volume).
public struct EinsteinSprings: Potential {
    /// The sites, Cartesian Å, fixed in space.
    public let sites: [SIMD3<Double>]
    /// Spring constant of each atom, eV/Å².
    public let springConstants: [Double]
    /// Mass of each atom, amu (weights of the centre of mass).
    public let masses: [Double]
    public let relativeToCentreOfMass: Bool
    public let species: [Element]

    public var name: String { "Einstein crystal (\(sites.count) springs\(relativeToCentreOfMass ? ", centre of mass free" : ""))" }
    /// The springs need no neighbours; a small radius keeps the unused list empty.
    public var cutoff: Double { 0.5 }
    public var supplies: Quantities { [.energy, .perAtomEnergies, .forces] }
    public var neighborKind: NeighborList.Kind { .half }

    /// - Parameters:
    ///   - sites: one site per atom, Cartesian Å (the atoms' order).
    ///   - springConstants: one k per atom, eV/Å².
    ///   - masses: one mass per atom, amu.
    public init(sites: [SIMD3<Double>], springConstants: [Double], masses: [Double], species: [Element],
                relativeToCentreOfMass: Bool) {
        precondition(sites.count == springConstants.count && sites.count == masses.count, "one site, spring and mass per atom")
        self.sites = sites
        self.springConstants = springConstants
        self.masses = masses
        self.species = species
        self.relativeToCentreOfMass = relativeToCentreOfMass
    }

    /// Displacements dᵢ from the sites (relative to the centre of mass when asked), Å.
    public func displacements(_ structure: Structure) -> [SIMD3<Double>] {
        var d = (0..<sites.count).map { structure.cell.minimumImage(structure.positions[$0] - sites[$0]) }
        guard relativeToCentreOfMass else { return d }
        let total = masses.reduce(0, +)
        var mean = SIMD3<Double>.zero
        for i in d.indices { mean += (masses[i] / total) * d[i] }
        for i in d.indices { d[i] -= mean }
        return d
    }

    public func evaluate(_ structure: Structure, neighbors: NeighborList, wanted: Quantities) throws -> Evaluation {
        guard structure.count == sites.count else {
            throw InputError("the Einstein crystal has \(sites.count) sites but the structure \(structure.count) atoms")
        }
        let d = displacements(structure)
        var energies = [Double](repeating: 0, count: d.count)
        var forces = [SIMD3<Double>](repeating: .zero, count: d.count)
        var pull = SIMD3<Double>.zero
        for i in d.indices {
            energies[i] = 0.5 * springConstants[i] * lengthSquared(d[i])
            forces[i] = -springConstants[i] * d[i]
            pull += springConstants[i] * d[i]
        }
        if relativeToCentreOfMass {
            // ∂dᵢ/∂r_l = δᵢₗ − m_l/M, so F_l = −k_l d_l + (m_l/M) Σᵢ kᵢ dᵢ.
            let total = masses.reduce(0, +)
            for l in d.indices { forces[l] += (masses[l] / total) * pull }
        }
        return Evaluation(energy: energies.reduce(0, +), perAtomEnergies: wanted.contains(.perAtomEnergies) ? energies : nil,
                          forces: forces)
    }
}
