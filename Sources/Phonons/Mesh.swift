import Atoms
import Foundation
import LinearAlgebra

/// Modes on a Γ-centred n1×n2×n3 mesh of the primitive Brillouin zone, or at the q-points
/// commensurate with a supercell, computed on all cores. A regular mesh is reduced by the
/// point group the force constants respect and by time reversal (`MeshReduction`, as
/// phonopy's mesh): only the irreducible points are diagonalised, and every mesh point has
/// the frequencies of its irreducible point.
public struct PhononMesh: Sendable {
    public let size: SIMD3<Int>
    /// Every q-point of the mesh in reduced coordinates, the last index fastest.
    public let qpoints: [SIMD3<Double>]
    /// Modes (frequencies and eigenvectors) at the irreducible q-points.
    public let irreducibleModes: [PhononModes]
    /// Index into `qpoints` of each irreducible point.
    public let irreduciblePoints: [Int]
    /// For each q-point, its irreducible point (index into `irreducibleModes`).
    public let irreducibleIndex: [Int]
    /// Number of q-points each irreducible point stands for; they add up to `qpoints.count`.
    public let weights: [Int]
    /// The primitive cell the q-points refer to.
    public let primitive: Structure

    /// Modes per q-point: 3 × primitive atoms.
    public var bands: Int { 3 * primitive.count }

    /// Frequencies (THz) at every q-point, point after point (`bands` per point), each
    /// point's taken from its irreducible point.
    public var frequencies: [Double] {
        let n = bands
        var out = [Double](repeating: 0, count: qpoints.count * n)
        for (q, r) in irreducibleIndex.enumerated() {
            let f = irreducibleModes[r].frequencies
            for k in 0..<n { out[q * n + k] = f[k] }
        }
        return out
    }

    /// The `size` mesh; `symmetry: false` reduces it by time reversal only (the full mesh's
    /// frequencies computed without the point group, for checks).
    public init(_ dm: DynamicalMatrix, size: SIMD3<Int>, symmetry: Bool = true) throws {
        guard size.min() > 0, size.max() <= 1000 else {
            throw InputError("a phonon mesh needs 1 to 1000 points along each axis, not \(size.x)×\(size.y)×\(size.z)")
        }
        var qs: [SIMD3<Double>] = []
        for i in 0..<size.x { for j in 0..<size.y { for k in 0..<size.z {
            var q = SIMD3(Double(i) / Double(size.x), Double(j) / Double(size.y), Double(k) / Double(size.z))
            // Map into (−½, ½] (symmetric about Γ, as phonopy's mesh).
            for c in 0..<3 where q[c] > 0.5 + 1e-12 { q[c] -= 1 }
            qs.append(q)
        }}}
        let lattice = dm.forceConstants.supercell.primitive.structure.cell.matrix
        let reduction = MeshReduction(size: size, rotations: symmetry ? dm.forceConstants.pointGroup : [], lattice: lattice)
        try self.init(dm, qpoints: qs, size: size, reduction: reduction)
    }

    /// The modes at the q-points commensurate with `supercell` (a cell built from whole
    /// primitive cells, e.g. an MD cell, up to a 2 % strain): exactly the harmonic modes
    /// such a periodic cell holds. Not a regular mesh (`size` is zero): for Gaussian
    /// densities of states only.
    public init(_ dm: DynamicalMatrix, commensurateWith supercell: Cell) throws {
        let primitive = dm.forceConstants.supercell.primitive.structure.cell.matrix
        // Supercell rows = M · primitive rows; q (reduced) is commensurate when M q is integer.
        let real = supercell.matrix * primitive.inverse
        let m = Matrix3(rowMajor: real.rowMajor.map { $0.rounded() })
        // Lattice constants may differ a little (thermal expansion, a relaxed crystal).
        guard (real - m).maxAbs < 0.02 * max(1, m.maxAbs), abs(m.determinant) >= 0.5 else {
            throw InputError("the cell is not made of whole primitive cells of the crystal")
        }
        let inverse = m.inverse
        let reach = (0..<3).map { i in Int((0..<3).reduce(0) { $0 + abs(m[i, $1]) }.rounded()) }
        var qs: [SIMD3<Double>] = []
        for a in -reach[0]...reach[0] { for b in -reach[1]...reach[1] { for c in -reach[2]...reach[2] {
            var q = inverse * SIMD3(Double(a), Double(b), Double(c))
            guard (0..<3).allSatisfy({ q[$0] > -1e-9 && q[$0] < 1 - 1e-9 }) else { continue }
            for k in 0..<3 where q[k] > 0.5 + 1e-9 { q[k] -= 1 }
            if !qs.contains(where: { length($0 - q) < 1e-7 }) { qs.append(q) }
        }}}
        try self.init(dm, qpoints: qs, size: .zero, reduction: MeshReduction(identity: qs.count))
    }

    private init(_ dm: DynamicalMatrix, qpoints qs: [SIMD3<Double>], size: SIMD3<Int>, reduction: MeshReduction) throws {
        self.size = size
        primitive = dm.forceConstants.supercell.primitive.structure
        qpoints = qs
        irreduciblePoints = reduction.points
        irreducibleIndex = reduction.index
        weights = reduction.weights
        let points = reduction.points
        var results = [PhononModes?](repeating: nil, count: points.count)
        var failure: Error? = nil
        let lock = NSLock()
        results.withUnsafeMutableBufferPointer { out in
            Parallel.forEachChunk(points.count, chunks: Parallel.threads * 4) { _, range in
                for r in range {
                    do { out[r] = try dm.modes(at: qs[points[r]]) } catch {
                        lock.lock(); failure = error; lock.unlock()
                    }
                }
            }
        }
        if let failure { throw failure }
        irreducibleModes = results.map { $0! }
    }
}
