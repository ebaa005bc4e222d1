/// Behler's radial symmetry function G2 of one neighbour element (J. Behler, J. Chem. Phys.
/// 134, 074106 (2011)): G = Σ_j exp(−η (r_ij − r_s)²) f_c(r_ij) over neighbours j of that element.
public struct RadialFunction: Equatable, Sendable {
    /// Index into the potential's species of the neighbours counted.
    public var neighbor: Int
    /// η, 1/Å².
    public var eta: Double
    /// r_s, Å.
    public var shift: Double
    public var cutoff: CutoffFunction

    public init(neighbor: Int, eta: Double, shift: Double, cutoff: CutoffFunction) {
        self.neighbor = neighbor
        self.eta = eta
        self.shift = shift
        self.cutoff = cutoff
    }
}

/// Behler's angular symmetry functions over neighbour pairs j < k of two elements:
///
///     G4 = 2^(1−ζ) Σ (1 + λ cos θ_ijk)^ζ exp(−η [(r_ij−r_s)² + (r_ik−r_s)² + (r_jk−r_s)²]) f_c(r_ij) f_c(r_ik) f_c(r_jk)
///     G5 = 2^(1−ζ) Σ (1 + λ cos θ_ijk)^ζ exp(−η [(r_ij−r_s)² + (r_ik−r_s)²]) f_c(r_ij) f_c(r_ik)
///
/// (n2p2 types 3 and 9, aenet G4 and G5; r_s = 0 in the original form).
public struct AngularFunction: Equatable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// G4: includes the j–k distance ("narrow").
        case g4 = "G4"
        /// G5: without it ("wide").
        case g5 = "G5"
    }

    public var kind: Kind
    /// Species indices of the two neighbours (unordered).
    public var neighbors: (Int, Int)
    /// η, 1/Å².
    public var eta: Double
    /// r_s, Å.
    public var shift: Double
    /// λ = ±1.
    public var lambda: Double
    /// ζ ≥ 1.
    public var zeta: Double
    public var cutoff: CutoffFunction

    public init(kind: Kind, neighbors: (Int, Int), eta: Double, shift: Double = 0, lambda: Double, zeta: Double,
                cutoff: CutoffFunction) {
        self.kind = kind
        self.neighbors = (min(neighbors.0, neighbors.1), max(neighbors.0, neighbors.1))
        self.eta = eta
        self.shift = shift
        self.lambda = lambda
        self.zeta = zeta
        self.cutoff = cutoff
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.kind == b.kind && a.neighbors == b.neighbors && a.eta == b.eta && a.shift == b.shift
            && a.lambda == b.lambda && a.zeta == b.zeta && a.cutoff == b.cutoff
    }
}

/// aenet's Chebyshev descriptor (N. Artrith, A. Urban, G. Ceder, Phys. Rev. B 96, 014112
/// (2017)): the radial distribution expanded in T_n(2r/R_c − 1) f_c(r), n = 0...N_r, and
/// the angular distribution in T_n(cos θ_ijk) f_c(r_ij) f_c(r_ik), n = 0...N_a (pairs j < k),
/// with the cosine cutoff. For several species a second copy weights each neighbour by its
/// species' "spin" (radial s_j, angular s_j s_k). Order of the outputs: radial, angular,
/// then the weighted radial and angular copies.
public struct ChebyshevBasis: Equatable, Sendable {
    public var radialOrder: Int
    /// Å.
    public var radialCutoff: Double
    public var angularOrder: Int
    /// Å.
    public var angularCutoff: Double
    /// Spin of each species of the potential; empty for one species (no weighted copy).
    public var spins: [Double]

    public init(radialOrder: Int, radialCutoff: Double, angularOrder: Int, angularCutoff: Double, spins: [Double]) {
        self.radialOrder = radialOrder
        self.radialCutoff = radialCutoff
        self.angularOrder = angularOrder
        self.angularCutoff = angularCutoff
        self.spins = spins
    }

    /// aenet's default spins for n species: −n/2, ..., skipping 0 when n is even.
    public static func aenetSpins(_ n: Int) -> [Double] {
        guard n > 1 else { return [] }
        var s = -(n / 2)
        return (0..<n).map { _ in
            if s == 0 && n % 2 == 0 { s += 1 }
            defer { s += 1 }
            return Double(s)
        }
    }

    /// Number of values.
    public var width: Int { (radialOrder + angularOrder + 2) * (spins.isEmpty ? 1 : 2) }
}

/// One entry of a descriptor list; the list's order is the order of the network inputs.
public enum Descriptor: Equatable, Sendable {
    case radial(RadialFunction)
    case angular(AngularFunction)
    /// A block of `ChebyshevBasis.width` values.
    case chebyshev(ChebyshevBasis)

    /// Number of values it contributes.
    public var width: Int {
        if case .chebyshev(let c) = self { return c.width }
        return 1
    }

    /// The Gaussian's width η (Å⁻²) and centre r_s (Å) of a symmetry function; nil for Chebyshev.
    public var gaussian: (eta: Double, shift: Double)? {
        switch self {
        case .radial(let f): return (f.eta, f.shift)
        case .angular(let f): return (f.eta, f.shift)
        case .chebyshev: return nil
        }
    }

    /// Largest radius it looks at, Å.
    public var cutoff: Double {
        switch self {
        case .radial(let f): return f.cutoff.radius
        case .angular(let f): return f.cutoff.radius
        case .chebyshev(let c): return max(c.radialCutoff, c.angularCutoff)
        }
    }
}
