import Atoms
import Foundation
import Neighbors

/// The training side of one SOAP term of a GAP (`props train --model gap`): the descriptors
/// of a structure's centre atoms, and the covariances between a structure's energy, forces
/// and strain derivative and a set of sparse points, k(q, x_s) = δ² (q·x_s)^ζ summed over the
/// centres — the rows of a sparse GP's K_nm. The descriptor, its neighbour coefficients and
/// the backward chain rule are the evaluator's own (`SOAPDescriptor.describe`/`backpropagate`),
/// so a fitted model and the GAP read back from its xml agree to round-off.
public struct SOAPKernelDesign: Sendable {
    /// The `<descriptor>` text (QUIP's `soap ...` string) the term was built from.
    public let text: String
    let descriptor: SOAPDescriptor
    /// Signal standard deviation δ (eV) and exponent ζ of the dot-product covariance.
    public let delta: Double
    public let zeta: Double

    /// Length of a descriptor vector.
    public var dimension: Int { descriptor.dimension }
    /// Cutoff radius, Å.
    public var cutoff: Double { descriptor.cutoff }
    /// Atomic numbers of the centres (0: every atom).
    public var centres: [Int] { descriptor.centreZ }

    /// Builds the term from a QUIP descriptor string, read as `GAPReader` reads an xml of
    /// gap_version `GAPWriter.version`; `source` names where the text came from in errors.
    public init(descriptor text: String, delta: Double, zeta: Double, source: String = "GAP descriptor") throws {
        let file = TextFile(path: source, text: text)
        var args = try DescriptorArguments(text, file: file, line: 1)
        guard args.kind == "soap" else { throw args.error("props fits soap descriptors only") }
        descriptor = try SOAPDescriptor(&args, xmlVersion: GAPWriter.version)
        try args.checkAllRead()
        guard delta > 0, delta.isFinite, zeta >= 1, zeta.isFinite else {
            throw InputError("GAP fit: delta must be > 0 and zeta ≥ 1 (got delta=\(delta), zeta=\(zeta))", file: source)
        }
        self.text = text
        self.delta = delta
        self.zeta = zeta
    }

    /// The covariance kernel with unit weights, for its exact power.
    private var kernel: DotProductKernel {
        DotProductKernel(dimension: dimension, sparse: [], alpha: [], sparseCutoff: [], delta: 1, zeta: zeta)
    }

    /// The descriptor of every centre atom of `structure`, `count × dimension` row-major, and
    /// the atoms they belong to.
    public func descriptors(_ structure: Structure) throws -> (atoms: [Int], values: [Double]) {
        var atoms: [Int] = [], values: [Double] = []
        let d = dimension
        try withDescribed(structure, gradients: false) { i, _, w in
            atoms.append(i)
            values.append(contentsOf: UnsafeBufferPointer(start: w.p, count: d))
        }
        return (atoms, values)
    }

    /// The covariances of `structure` with the `sparse` points (`count × dimension`):
    /// `energy[s]` = Σ_i k(q_i, x_s) (eV); when `gradients`, `forces[(3j + c) * count + s]` =
    /// −∂/∂r_jc of it (eV/Å) and `strain[r * count + s]` its strain derivative ∂/∂ε (eV;
    /// rows xx, yy, zz, yz, xz, xy; σ = (1/V) ∂E/∂ε, the evaluator's convention).
    public func covariances(_ structure: Structure, sparse: [Double], gradients: Bool) throws -> KernelRows {
        let d = dimension, m = sparse.count / d
        precondition(sparse.count == m * d, "sparse points must hold count × dimension values")
        var rows = KernelRows(count: m, atoms: structure.count, gradients: gradients)
        let k = kernel, delta2 = delta * delta, zeta = self.zeta
        let lower = UnsafeMutablePointer<Double>.allocate(capacity: max(m, 1))
        defer { lower.deallocate() }
        try sparse.withUnsafeBufferPointer { x in
            try withDescribed(structure, gradients: gradients) { i, atom, w in
                for s in 0..<m {
                    let row = x.baseAddress! + s * d
                    var dot = 0.0
                    for t in 0..<d { dot += row[t] * w.p[t] }
                    lower[s] = k.lowerPower(dot)
                    rows.energy[s] += delta2 * lower[s] * dot
                }
                guard gradients, let atom else { return }
                for s in 0..<m {
                    let factor = delta2 * zeta * lower[s], row = x.baseAddress! + s * d
                    for t in 0..<d { w.pBar[t] = factor * row[t] }
                    descriptor.backpropagate(atom, workspace: w) { slot, g in
                        rows.add(centre: i, neighbor: w.neighbor[slot], d: w.vector[slot], gradient: g, sparse: s)
                    }
                }
            }
        }
        return rows
    }

    /// Calls `body(i, state, workspace)` after describing every centre atom i (`state` nil
    /// unless `gradients`).
    private func withDescribed(_ structure: Structure, gradients: Bool,
                               _ body: (Int, SOAPAtom?, SOAPWorkspace) throws -> Void) throws {
        let list = try NeighborList(structure, cutoff: descriptor.cutoff, kind: .full)
        let numbers = structure.elements.map(\.number)
        let widest = (0..<structure.count).lazy.map { list.range(of: $0).count }.max() ?? 0
        let w = SOAPWorkspace(descriptor, capacity: widest)
        try numbers.withUnsafeBufferPointer { z in
            try list.withLoop(structure.positions) { loop in
                for i in 0..<structure.count {
                    guard let atom = descriptor.describe(i, z: z, loop: loop, workspace: w, gradients: gradients) else { continue }
                    try body(i, gradients ? atom : nil, w)
                }
            }
        }
    }
}

/// Covariances of one structure's energy, forces and strain derivative with `count` sparse
/// points (see `SOAPKernelDesign.covariances`).
public struct KernelRows: Sendable {
    public let count: Int
    /// Σ_i k(q_i, x_s), `count` values, eV.
    public var energy: [Double]
    /// −∂/∂r_jc, row 3j + c, `3 × atoms × count` values, eV/Å (empty without gradients).
    public var forces: [Double]
    /// ∂/∂ε, rows xx, yy, zz, yz, xz, xy, `6 × count` values, eV (empty without gradients).
    public var strain: [Double]

    init(count: Int, atoms: Int, gradients: Bool) {
        self.count = count
        energy = Array(repeating: 0, count: count)
        forces = gradients ? Array(repeating: 0, count: 3 * atoms * count) : []
        strain = gradients ? Array(repeating: 0, count: 6 * count) : []
    }

    /// Adds g = ∂k_s/∂d for the vector d from `centre` to `neighbor`.
    @inline(__always) mutating func add(centre i: Int, neighbor j: Int, d: SIMD3<Double>, gradient g: SIMD3<Double>, sparse s: Int) {
        for c in 0..<3 {
            forces[(3 * j + c) * count + s] -= g[c]
            forces[(3 * i + c) * count + s] += g[c]
        }
        for (r, (a, b)) in Self.strainPairs.enumerated() {
            strain[r * count + s] += 0.5 * (g[a] * d[b] + g[b] * d[a])
        }
    }

    /// The components of the six strain rows.
    public static let strainPairs = [(0, 0), (1, 1), (2, 2), (1, 2), (0, 2), (0, 1)]
}

/// A fitted SOAP term: its descriptor and covariance, the sparse points
/// (`alpha.count × dimension`) and their weights α (dimensionless: e(q) = Σ_s α_s δ² (q·x_s)^ζ, eV).
public struct FittedSOAPTerm: Sendable {
    public let design: SOAPKernelDesign
    public let sparse: [Double]
    public let alpha: [Double]

    public init(design: SOAPKernelDesign, sparse: [Double], alpha: [Double]) {
        precondition(sparse.count == alpha.count * design.dimension, "sparse points must hold α.count × dimension values")
        self.design = design
        self.sparse = sparse
        self.alpha = alpha
    }

    /// The term as the evaluator's.
    var term: SOAPTerm {
        let d = design
        return SOAPTerm(descriptor: d.descriptor,
                        kernel: DotProductKernel(dimension: d.dimension, sparse: sparse, alpha: alpha,
                                                 sparseCutoff: alpha.map { _ in 1 }, delta: d.delta, zeta: d.zeta))
    }
}

extension GAP {
    /// A GAP of fitted SOAP terms and isolated-atom energies (eV) per element, as `GAPReader`
    /// would read it back from `GAPWriter`'s files.
    public init(name: String, terms: [FittedSOAPTerm], e0: [(Element, Double)]) {
        var table = [Double](repeating: 0, count: Element.table.count + 1)
        for (e, v) in e0 { table[e.number] = v }
        self.init(name: name, species: e0.map(\.0).sorted { $0.number < $1.number }, soap: terms.map(\.term), pairs: [],
                  e0: table, energyScale: 1)
    }
}
