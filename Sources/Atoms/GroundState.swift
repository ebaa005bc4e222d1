/// The experimental ground-state crystal of an element at low temperature: the lattice a
/// property command builds when the user gives no structure, and the starting lattice
/// constant before relaxing it with the potential.
/// Lattice constants (Å): Kittel, Introduction to Solid State Physics, 8th ed., table 1.3
/// (as ASE's `reference_states`).
public struct GroundState: Sendable {
    public let lattice: LatticeKind
    /// Lattice constant a in Å (conventional cubic cell for cubic lattices).
    public let a: Double
    /// c/a for hcp; nil otherwise.
    public let cOverA: Double?

    /// The ground state of `element`, or nil when the table has none.
    public static func of(_ element: Element) -> GroundState? { table[element.symbol] }

    static let table: [String: GroundState] = [
        "Cu": .init(lattice: .fcc, a: 3.61, cOverA: nil),
        "Ag": .init(lattice: .fcc, a: 4.09, cOverA: nil),
        "Au": .init(lattice: .fcc, a: 4.08, cOverA: nil),
        "Al": .init(lattice: .fcc, a: 4.05, cOverA: nil),
        "Ni": .init(lattice: .fcc, a: 3.52, cOverA: nil),
        "Pd": .init(lattice: .fcc, a: 3.89, cOverA: nil),
        "Pt": .init(lattice: .fcc, a: 3.92, cOverA: nil),
        "Pb": .init(lattice: .fcc, a: 4.95, cOverA: nil),
        "Ir": .init(lattice: .fcc, a: 3.84, cOverA: nil),
        "Rh": .init(lattice: .fcc, a: 3.80, cOverA: nil),
        "Ca": .init(lattice: .fcc, a: 5.58, cOverA: nil),
        "Sr": .init(lattice: .fcc, a: 6.08, cOverA: nil),
        "Ne": .init(lattice: .fcc, a: 4.43, cOverA: nil),
        "Ar": .init(lattice: .fcc, a: 5.26, cOverA: nil),
        "Kr": .init(lattice: .fcc, a: 5.72, cOverA: nil),
        "Xe": .init(lattice: .fcc, a: 6.20, cOverA: nil),
        "C": .init(lattice: .diamond, a: 3.567, cOverA: nil),
        "Si": .init(lattice: .diamond, a: 5.430, cOverA: nil),
        "Ge": .init(lattice: .diamond, a: 5.658, cOverA: nil),
        "Sn": .init(lattice: .diamond, a: 6.49, cOverA: nil),
        "Li": .init(lattice: .bcc, a: 3.49, cOverA: nil),
        "Na": .init(lattice: .bcc, a: 4.23, cOverA: nil),
        "K": .init(lattice: .bcc, a: 5.23, cOverA: nil),
        "Rb": .init(lattice: .bcc, a: 5.59, cOverA: nil),
        "Cs": .init(lattice: .bcc, a: 6.05, cOverA: nil),
        "Ba": .init(lattice: .bcc, a: 5.02, cOverA: nil),
        "V": .init(lattice: .bcc, a: 3.03, cOverA: nil),
        "Cr": .init(lattice: .bcc, a: 2.88, cOverA: nil),
        "Fe": .init(lattice: .bcc, a: 2.87, cOverA: nil),
        "Nb": .init(lattice: .bcc, a: 3.30, cOverA: nil),
        "Mo": .init(lattice: .bcc, a: 3.15, cOverA: nil),
        "Ta": .init(lattice: .bcc, a: 3.30, cOverA: nil),
        "W": .init(lattice: .bcc, a: 3.16, cOverA: nil),
        "Be": .init(lattice: .hcp, a: 2.29, cOverA: 1.568),
        "Mg": .init(lattice: .hcp, a: 3.21, cOverA: 1.624),
        "Ti": .init(lattice: .hcp, a: 2.95, cOverA: 1.587),
        "Co": .init(lattice: .hcp, a: 2.51, cOverA: 1.622),
        "Zn": .init(lattice: .hcp, a: 2.66, cOverA: 1.856),
        "Zr": .init(lattice: .hcp, a: 3.23, cOverA: 1.593),
        "Cd": .init(lattice: .hcp, a: 2.98, cOverA: 1.886),
        "Hf": .init(lattice: .hcp, a: 3.20, cOverA: 1.581),
        "Re": .init(lattice: .hcp, a: 2.76, cOverA: 1.615),
        "Os": .init(lattice: .hcp, a: 2.74, cOverA: 1.579),
        "Ru": .init(lattice: .hcp, a: 2.70, cOverA: 1.582),
    ]
}
