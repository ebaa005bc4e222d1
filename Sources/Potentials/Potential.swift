import Atoms
import Neighbors

/// What a potential can supply and what a caller asks for.
public struct Quantities: OptionSet, Sendable, CustomStringConvertible {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Total energy, eV.
    public static let energy = Quantities(rawValue: 1)
    /// Energy of each atom, eV (sums to the total).
    public static let perAtomEnergies = Quantities(rawValue: 2)
    /// Forces, eV/Å.
    public static let forces = Quantities(rawValue: 4)
    /// Stress tensor, eV/Å³ (ASE sign), equivalently the virial.
    public static let stress = Quantities(rawValue: 8)

    public static let all: Quantities = [.energy, .perAtomEnergies, .forces, .stress]
    /// Each atom's share of the virial, eV (`Evaluation.perAtomVirials`). Not in `all`:
    /// asked for only where it is reported per atom (`pair_style props` under LAMMPS's
    /// `compute stress/atom`); it comes with `stress` wherever the stress is supplied.
    public static let perAtomVirials = Quantities(rawValue: 16)

    public var description: String {
        var names: [String] = []
        if contains(.energy) { names.append("energy") }
        if contains(.perAtomEnergies) { names.append("per-atom energies") }
        if contains(.forces) { names.append("forces") }
        if contains(.stress) { names.append("stress") }
        if contains(.perAtomVirials) { names.append("per-atom virials") }
        return names.joined(separator: ", ")
    }
}

/// The result of one evaluation. Quantities that were not asked for (or that the
/// potential cannot supply) are nil.
public struct Evaluation: Sendable {
    /// Total energy, eV.
    public var energy: Double?
    /// Per-atom energies, eV.
    public var perAtomEnergies: [Double]?
    /// Forces, eV/Å, one per atom in input order.
    public var forces: [SIMD3<Double>]?
    /// Stress σ = (1/V) ∂E/∂ε in eV/Å³ (ASE sign: positive under tension).
    public var stress: Matrix3?
    /// Each atom's share W_i of the strain derivative ∂E/∂ε, eV (Σ_i W_i = V σ): every
    /// gradient g = ∂E/∂d of a vector d from atom i to atom j gives ½ g ⊗ d to i and ½ to j,
    /// as LAMMPS splits a pair's virial; not symmetrized (only the sum is symmetric). Only
    /// when `.perAtomVirials` was asked for.
    public var perAtomVirials: [Matrix3]?
    /// For potentials that know the range of their training data (neural networks): how
    /// many descriptor values of this evaluation fell outside it (0 when none); nil for
    /// potentials without such a range. Callers sum it over a run and warn when non-zero.
    public var extrapolations: Int?
    /// Which atoms and descriptors extrapolated, and by how much; nil when nothing did
    /// or the potential does not say.
    public var extrapolation: Extrapolation?

    public init(energy: Double? = nil, perAtomEnergies: [Double]? = nil,
                forces: [SIMD3<Double>]? = nil, stress: Matrix3? = nil, extrapolations: Int? = nil) {
        self.energy = energy
        self.perAtomEnergies = perAtomEnergies
        self.forces = forces
        self.stress = stress
        self.extrapolations = extrapolations
    }
}

extension Evaluation {
    /// Largest magnitude of an energy (eV), force (eV/Å) or stress (eV/Å³) component taken
    /// as a result: beyond it a parameter has overflowed (and norms and sums of such values
    /// would be infinite).
    public static let maximumMagnitude = 1e100

    /// The evaluation itself when every energy, force and stress component is finite and
    /// below `maximumMagnitude`; otherwise a `NonFiniteResult` naming `potential` and the
    /// first bad quantity (overflowing parameters, NaN weights, atoms too close), so no NaN
    /// or infinity reaches a result. One pass over each array.
    public func checkedFinite(_ potential: Potential) throws -> Evaluation {
        func ok(_ x: Double) -> Bool { abs(x) <= Self.maximumMagnitude }
        func fail(_ what: String, atom: Int? = nil) -> NonFiniteResult {
            NonFiniteResult(atom: atom, message: "\(potential.name) gave a non-finite or overflowing \(what): its parameters overflow "
                            + "or are not numbers for this structure, or atoms are too close or outside its tables")
        }
        if let e = energy, !ok(e) { throw fail("energy \(e) eV") }
        if let p = perAtomEnergies, let k = p.withUnsafeBufferPointer({ e in Parallel.firstIndex(e.count) { !ok(e[$0]) } }) {
            throw fail("energy of atom \(k + 1) \(p[k]) eV", atom: k)
        }
        if let f = forces,
           let k = f.withUnsafeBufferPointer({ f in Parallel.firstIndex(f.count) { !(ok(f[$0].x) && ok(f[$0].y) && ok(f[$0].z)) } }) {
            throw fail("force on atom \(k + 1) (\(f[k].x), \(f[k].y), \(f[k].z)) eV/Å", atom: k)
        }
        if let s = stress, !(0..<3).allSatisfy({ ok(s[$0].x) && ok(s[$0].y) && ok(s[$0].z) }) { throw fail("stress") }
        return self
    }
}

/// A result that is not a number (or overflows): the run or calculation cannot go on.
/// The one error of `Evaluation.checkedFinite`; `Calculator` turns it into an input error,
/// `ForceEngine` into a run failure naming the step.
public struct NonFiniteResult: Error, CustomStringConvertible {
    /// The atom (0-based) whose energy or force is bad; nil for the total energy or stress.
    public let atom: Int?
    /// What is wrong, in words for the user (names the potential).
    public let message: String

    public var description: String { message }
}

/// An interatomic potential: the one interface every property talks to.
///
/// The caller owns the neighbor list: it builds one of `neighborKind` with radius at least
/// `cutoff` (a Verlet list's larger radius is fine: pairs beyond the cutoff are skipped).
public protocol Potential: Sendable {
    /// A short human-readable description, e.g. "EAM/alloy Cu_mishin1.eam.alloy".
    var name: String { get }
    /// The elements the potential describes.
    var species: [Element] { get }
    /// Interaction range in Å.
    var cutoff: Double { get }
    /// What `evaluate` can return.
    var supplies: Quantities { get }
    /// The neighbor list the potential wants: half (pair/EAM) or full (many-body).
    var neighborKind: NeighborList.Kind { get }
    /// Evaluates `wanted` (restricted to `supplies`) for `structure` with a neighbor list
    /// built for it.
    func evaluate(_ structure: Structure, neighbors: NeighborList, wanted: Quantities) throws -> Evaluation
}

public extension Potential {
    /// Evaluates with a freshly built neighbor list.
    func evaluate(_ structure: Structure, wanted: Quantities = .all) throws -> Evaluation {
        let list = try NeighborList(structure, cutoff: cutoff, kind: neighborKind)
        return try evaluate(structure, neighbors: list, wanted: wanted).checkedFinite(self)
    }

    /// Throws unless the potential supplies everything in `needed`, naming what is missing
    /// and what needs it.
    func require(_ needed: Quantities, for purpose: String) throws {
        let missing = needed.subtracting(supplies)
        guard missing.isEmpty else {
            throw InputError("\(purpose) needs \(missing) but \(name) does not supply it")
        }
    }

    /// The index into `species` of each atom's element; throws for an element the
    /// potential does not describe.
    func typeIndices(_ structure: Structure) throws -> [Int] {
        // By atomic number (every Element is an entry of `Element.table`): no hashing of
        // symbols per atom, as this runs on every evaluation.
        // A streaming loop over the threads; each chunk notes its first atom of another
        // element (-1 in `types`).
        var lookup = [Int](repeating: -1, count: Element.table.count + 1)
        for (k, e) in species.enumerated() { lookup[e.number] = k }
        let n = structure.count
        var firstUnknown = [Int](repeating: n, count: Parallel.streamingChunks(n))
        let types = [Int](unsafeUninitializedCapacity: n) { t, initialized in
            structure.elements.withUnsafeBufferPointer { element in
                lookup.withUnsafeBufferPointer { type in
                    firstUnknown.withUnsafeMutableBufferPointer { unknown in
                        Parallel.forEachChunk(n, chunks: unknown.count) { c, range in
                            for i in range {
                                let k = type[element[i].number]
                                (t.baseAddress! + i).initialize(to: k)
                                if k < 0 && unknown[c] == n { unknown[c] = i }
                            }
                        }
                    }
                }
            }
            initialized = n
        }
        if let i = firstUnknown.min(), i < n {
            let e = structure.elements[i]
            throw InputError("atom \(i + 1) is \(e.symbol), which \(name) does not describe (it has \(species.map(\.symbol).joined(separator: ", ")))")
        }
        return types
    }
}
