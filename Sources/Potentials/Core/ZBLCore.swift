import Atoms
import Neighbors

/// A potential with a ZBL screened-nuclear repulsion (`ZBL`) added below the shortest
/// distances it was trained on, so that it stays repulsive where its data end:
///
///     E = E_inner + Σ_pairs S(r_ij) φ_ZBL(r_ij)
///
/// with the switch S = 1 for r ≤ r_inner, S = 0 for r ≥ r_outer and, with
/// x = (r − r_inner)/(r_outer − r_inner), S = 1 − 10x³ + 15x⁴ − 6x⁵ between (continuous with
/// its first two derivatives, so energy, forces and stress stay continuous and consistent).
/// Pairs of elements without a `Pair` get no core. Stored in `.pot` files as the `core` key
/// (`docs/pot-format.md`).
public struct ZBLCore: Potential {
    /// The core of one pair of elements.
    public struct Pair: Sendable, Equatable {
        /// The two elements (either order).
        public var elements: (Element, Element)
        /// Below this distance the full ZBL repulsion is added, Å.
        public var rInner: Double
        /// Above this distance nothing is added, Å.
        public var rOuter: Double

        public init(_ a: Element, _ b: Element, rInner: Double, rOuter: Double) {
            elements = (a, b)
            self.rInner = rInner
            self.rOuter = rOuter
        }

        public static func == (x: Pair, y: Pair) -> Bool {
            x.elements.0 == y.elements.0 && x.elements.1 == y.elements.1 && x.rInner == y.rInner && x.rOuter == y.rOuter
        }

        /// "Si-O".
        public var label: String { "\(elements.0.symbol)-\(elements.1.symbol)" }
    }

    /// The potential the core is added to.
    public let inner: Potential
    /// The cores, one per pair of elements at most.
    public let pairs: [Pair]
    /// Pair slot of species (a, b) at a·n + b, or −1.
    let slot: [Int]
    let zbl: [ZBL]

    public var name: String { "\(inner.name) + ZBL core" }
    public var species: [Element] { inner.species }
    public var cutoff: Double { max(inner.cutoff, pairs.map(\.rOuter).max() ?? 0) }
    public var supplies: Quantities { inner.supplies }
    public var neighborKind: NeighborList.Kind { inner.neighborKind }

    /// Adds `pairs` to `inner`; throws for an element `inner` does not describe, a pair given
    /// twice, or radii not 0 < r_inner < r_outer.
    public init(wrapping inner: Potential, pairs: [Pair]) throws {
        let n = inner.species.count
        var slot = [Int](repeating: -1, count: n * n)
        for (p, pair) in pairs.enumerated() {
            guard let a = inner.species.firstIndex(of: pair.elements.0), let b = inner.species.firstIndex(of: pair.elements.1) else {
                throw InputError("core pair \(pair.label): \(inner.name) describes only \(inner.species.map(\.symbol).joined(separator: ", "))")
            }
            guard pair.rInner > 0, pair.rOuter > pair.rInner, pair.rOuter.isFinite else {
                throw InputError("core pair \(pair.label) needs 0 < r_inner < r_outer, got \(pair.rInner), \(pair.rOuter) Å")
            }
            guard slot[a * n + b] < 0 else { throw InputError("core pair \(pair.label) is given twice") }
            slot[a * n + b] = p
            slot[b * n + a] = p
        }
        if let wrapped = inner as? ZBLCore {
            throw InputError("\(wrapped.name) already has a core; replace its pairs instead of adding a second core")
        }
        self.inner = inner
        self.pairs = pairs
        self.slot = slot
        zbl = pairs.map { ZBL(z1: $0.elements.0.number, z2: $0.elements.1.number) }
    }

    /// S(r) and dS/dr of `pair` at r (Å).
    @inline(__always)
    static func switching(_ r: Double, _ pair: Pair) -> (Double, Double) {
        if r <= pair.rInner { return (1, 0) }
        let width = pair.rOuter - pair.rInner
        let x = (r - pair.rInner) / width
        let x2 = x * x
        return (1 - x2 * x * (10 - 15 * x + 6 * x2), -30 * x2 * (1 - x) * (1 - x) / width)
    }

    /// The core energy S(r)φ(r) (eV) and its derivative (eV/Å) of pair slot `p` at r (Å); zero at r ≥ r_outer.
    public func pairEnergy(_ p: Int, _ r: Double) -> (energy: Double, derivative: Double) {
        let pair = pairs[p]
        guard r < pair.rOuter else { return (0, 0) }
        let (s, ds) = Self.switching(r, pair)
        let (phi, dphi) = zbl[p].energyAndDerivative(r)
        return (s * phi, s * dphi + ds * phi)
    }

    public func evaluate(_ structure: Structure, neighbors: NeighborList, wanted: Quantities) throws -> Evaluation {
        Self.adding(try coreTerm(structure, neighbors: neighbors, wanted: wanted),
                    to: try inner.evaluate(structure, neighbors: neighbors, wanted: wanted))
    }

    /// The core's own energy, per-atom energies, forces and stress, summed over the rows of
    /// `neighbors` (each pair of a full list counted half from each side).
    func coreTerm(_ structure: Structure, neighbors: NeighborList, wanted: Quantities) throws -> Evaluation {
        let types = try typeIndices(structure)
        let n = species.count
        let share = neighbors.kind == .full ? 0.5 : 1.0
        return neighbors.withLoop(structure.positions) { loop in
            ParallelEvaluation.run(count: structure.count, volume: structure.cell.volume, wanted: wanted, balance: neighbors.rowStarts) { range, sink in
                for i in range {
                    let row = types[i] * n
                    for k in loop.range(of: i) {
                        let j = loop.neighbor(k)
                        let p = slot[row + types[j]]
                        guard p >= 0 else { continue }
                        let d = loop.displacement(k, from: loop.positions[i])
                        let r = length(d)
                        guard r < pairs[p].rOuter else { continue }
                        let (e, de) = pairEnergy(p, r)
                        sink.addEnergy(i, 0.5 * share * e)
                        sink.addEnergy(j, 0.5 * share * e)
                        sink.add(i, j, d: d, gradient: (share * de / r) * d)
                    }
                }
            }
        }
    }

    /// `result` with the quantities of `core` it holds added.
    static func adding(_ core: Evaluation, to result: Evaluation) -> Evaluation {
        var result = result
        if let e = core.energy { result.energy = result.energy.map { $0 + e } }
        if let e = core.perAtomEnergies, let inner = result.perAtomEnergies { result.perAtomEnergies = zip(inner, e).map { $0 + $1 } }
        if let f = core.forces, let inner = result.forces { result.forces = zip(inner, f).map { $0 + $1 } }
        if let s = core.stress, let inner = result.stress { result.stress = inner + s }
        if let v = core.perAtomVirials, let inner = result.perAtomVirials { result.perAtomVirials = zip(inner, v).map { $0 + $1 } }
        return result
    }
}

/// On a LAMMPS domain (`pair_style props`): the inner potential's domain evaluation plus the
/// core's pair terms of the owned rows (ghost rows of the list are empty).
extension ZBLCore: DomainPotential {
    public func evaluateDomain(_ atoms: Structure, owned: Int, neighbors: NeighborList, wanted: Quantities) throws -> Evaluation {
        guard let domain = inner as? DomainPotential else {
            throw InputError("pair_style props cannot yet evaluate \(inner.name) on a LAMMPS domain")
        }
        return Self.adding(try coreTerm(atoms.withUnitCell, neighbors: neighbors, wanted: wanted),
                           to: try domain.evaluateDomain(atoms, owned: owned, neighbors: neighbors, wanted: wanted))
    }
}
