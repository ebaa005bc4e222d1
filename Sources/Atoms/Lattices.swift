/// The crystal lattices `props` builds by name.
public enum LatticeKind: String, CaseIterable, Sendable {
    case sc, bcc, fcc, hcp, diamond, rocksalt, zincblende
    /// CsCl (B2), L1₂ (Cu₃Au: the second element at the corner), wurtzite (B4), cubic
    /// perovskite ABO₃ (A at the corner, B at the centre, O at the face centres).
    case b2, l12, wurtzite, perovskite

    /// Number of distinct elements the lattice takes (rocksalt and zincblende: two).
    public var elementCount: Int {
        switch self {
        case .rocksalt, .zincblende, .b2, .l12, .wurtzite: return 2
        case .perovskite: return 3
        default: return 1
        }
    }

    /// The lattices whose cell is hexagonal (a1 along x, c along z), which take c.
    public var isHexagonal: Bool { self == .hcp || self == .wurtzite }
}

/// Builders for the standard crystals. Cubic lattices come as the conventional cubic
/// cell (fcc: 4 atoms, bcc: 2, diamond: 8, ...) unless `primitive` is asked for;
/// hcp is always the 2-atom hexagonal cell with a1 along x (as ASE).
public enum Lattices {
    /// Builds `kind` with lattice constant `a` (Å) of the given elements (one, two for
    /// rocksalt/zincblende/b2/wurtzite: cation first; l12: the majority element first, Cu
    /// of Cu₃Au; perovskite: A, B, O). `c` is the hexagonal c in Å (default ideal
    /// √(8/3)·a), `u` wurtzite's internal parameter (default 3/8). B2, L1₂ and perovskite
    /// are simple cubic, so their primitive cell is the cubic one.
    public static func build(_ kind: LatticeKind, elements: [Element], a: Double,
                             c: Double? = nil, u: Double? = nil, primitive: Bool = false) throws -> Structure {
        guard elements.count == kind.elementCount else {
            throw InputError("\(kind.rawValue) takes \(kind.elementCount) element(s), got \(elements.count)")
        }
        guard a > 0, a.isFinite else { throw InputError("lattice constant must be positive, got \(a)") }
        let e0 = elements[0], e1 = elements.count > 1 ? elements[1] : elements[0]
        let h = 0.5, q = 0.25
        switch kind {
        case .hcp:
            let cc = c ?? a * (8.0 / 3.0).squareRoot()
            guard cc > 0 else { throw InputError("hcp c must be positive, got \(cc)") }
            let cell = Cell(SIMD3(a, 0, 0), SIMD3(-a / 2, a * 3.0.squareRoot() / 2, 0), SIMD3(0, 0, cc))
            return make(cell, [(SIMD3(1.0 / 3, 2.0 / 3, 0.25), e0), (SIMD3(2.0 / 3, 1.0 / 3, 0.75), e0)])
        case .wurtzite:
            let cc = c ?? a * (8.0 / 3.0).squareRoot()
            let uu = u ?? 0.375
            guard cc > 0, cc.isFinite, uu.isFinite, uu > 0, uu < 1 else {
                throw InputError("wurtzite needs c > 0 and 0 < u < 1, got c = \(cc), u = \(uu)")
            }
            let cell = Cell(SIMD3(a, 0, 0), SIMD3(-a / 2, a * 3.0.squareRoot() / 2, 0), SIMD3(0, 0, cc))
            let (p, q) = (SIMD3(1.0 / 3, 2.0 / 3, 0), SIMD3(2.0 / 3, 1.0 / 3, 0.5))
            return make(cell, [(p, e0), (q, e0), (p + SIMD3(0, 0, uu), e1), (q + SIMD3(0, 0, uu), e1)])
        case .sc:
            return make(.orthorhombic(SIMD3(repeating: a)), [(.zero, e0)])
        case .b2:
            return make(.orthorhombic(SIMD3(repeating: a)), [(.zero, e0), (SIMD3(h, h, h), e1)])
        case .l12:
            return make(.orthorhombic(SIMD3(repeating: a)),
                        [(.zero, e1), (SIMD3(0, h, h), e0), (SIMD3(h, 0, h), e0), (SIMD3(h, h, 0), e0)])
        case .perovskite:
            return make(.orthorhombic(SIMD3(repeating: a)),
                        [(.zero, e0), (SIMD3(h, h, h), e1), (SIMD3(h, h, 0), elements[2]),
                         (SIMD3(h, 0, h), elements[2]), (SIMD3(0, h, h), elements[2])])
        default:
            break
        }
        if primitive {
            let fccCell = Cell(SIMD3(0, h * a, h * a), SIMD3(h * a, 0, h * a), SIMD3(h * a, h * a, 0))
            switch kind {
            case .bcc:
                return make(Cell(SIMD3(-h * a, h * a, h * a), SIMD3(h * a, -h * a, h * a), SIMD3(h * a, h * a, -h * a)),
                            [(.zero, e0)])
            case .fcc:
                return make(fccCell, [(.zero, e0)])
            case .diamond, .zincblende:
                return make(fccCell, [(.zero, e0), (SIMD3(q, q, q), e1)])
            case .rocksalt:
                return make(fccCell, [(.zero, e0), (SIMD3(h, h, h), e1)])
            default:
                break
            }
        }
        let cube = Cell.orthorhombic(SIMD3(repeating: a))
        let fccSites: [SIMD3<Double>] = [.zero, SIMD3(0, h, h), SIMD3(h, 0, h), SIMD3(h, h, 0)]
        switch kind {
        case .bcc:
            return make(cube, [(.zero, e0), (SIMD3(h, h, h), e0)])
        case .fcc:
            return make(cube, fccSites.map { ($0, e0) })
        case .diamond, .zincblende:
            return make(cube, fccSites.flatMap { [($0, e0), ($0 + SIMD3(q, q, q), e1)] })
        case .rocksalt:
            return make(cube, fccSites.flatMap { [($0, e0), ($0 + SIMD3(h, 0, 0), e1)] })
        default:
            fatalError("handled above")
        }
    }

    /// The ground-state crystal of `element` from the experimental table, conventional cell.
    public static func groundState(of element: Element, primitive: Bool = false) throws -> Structure {
        guard let g = GroundState.of(element) else {
            throw InputError("no ground-state lattice known for \(element.symbol); give a structure")
        }
        return try build(g.lattice, elements: [element], a: g.a,
                         c: g.cOverA.map { $0 * g.a }, primitive: primitive)
    }

    private static func make(_ cell: Cell, _ sites: [(SIMD3<Double>, Element)]) -> Structure {
        Structure(cell: cell, positions: sites.map { cell.cartesian($0.0) }, elements: sites.map(\.1))
    }
}
