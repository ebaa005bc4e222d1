/// The crystal lattices `props` builds by name.
public enum LatticeKind: String, CaseIterable, Sendable {
    case sc, bcc, fcc, hcp, diamond, rocksalt, zincblende

    /// Number of distinct elements the lattice takes (rocksalt and zincblende: two).
    public var elementCount: Int {
        switch self {
        case .rocksalt, .zincblende: return 2
        default: return 1
        }
    }
}

/// Builders for the standard crystals. Cubic lattices come as the conventional cubic
/// cell (fcc: 4 atoms, bcc: 2, diamond: 8, ...) unless `primitive` is asked for;
/// hcp is always the 2-atom hexagonal cell with a1 along x (as ASE).
public enum Lattices {
    /// Builds `kind` with lattice constant `a` (Å) of the given elements (one, or two for
    /// rocksalt/zincblende: cation first). `c` is hcp's c in Å (default ideal √(8/3)·a).
    public static func build(_ kind: LatticeKind, elements: [Element], a: Double,
                             c: Double? = nil, primitive: Bool = false) throws -> Structure {
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
        case .sc:
            return make(.orthorhombic(SIMD3(repeating: a)), [(.zero, e0)])
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
            case .sc, .hcp:
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
        case .sc, .hcp:
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
