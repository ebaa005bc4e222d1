/// One structure as read from a file, with whatever labels came with it: reference
/// energy, forces, stress (DFT or another code), velocities, and free-form info.
public struct Frame: Sendable {
    public var structure: Structure
    /// Total energy in eV.
    public var energy: Double?
    /// Forces in eV/Å, one per atom.
    public var forces: [SIMD3<Double>]?
    /// Stress in eV/Å³, ASE sign (σ = (1/V) ∂E/∂ε, positive under tension).
    public var stress: Matrix3?
    /// Velocities in Å/ps, one per atom.
    public var velocities: [SIMD3<Double>]?
    /// Periodicity along a1, a2, a3 (as written; `props` treats every cell as periodic).
    public var pbc: (Bool, Bool, Bool) = (true, true, true)
    /// `config_type` (data-set group), when present.
    public var configType: String?
    /// Other key=value pairs of the comment line, as written.
    public var info: [(key: String, value: String)] = []
    /// Other per-atom real columns by name (e.g. per-atom energies), flattened.
    public var arrays: [(name: String, columns: Int, values: [Double])] = []

    public init(structure: Structure, energy: Double? = nil, forces: [SIMD3<Double>]? = nil,
                stress: Matrix3? = nil, velocities: [SIMD3<Double>]? = nil) {
        self.structure = structure
        self.energy = energy
        self.forces = forces
        self.stress = stress
        self.velocities = velocities
    }

    /// The value of an info key (exact name).
    public func info(_ key: String) -> String? { info.first { $0.key == key }?.value }
}
