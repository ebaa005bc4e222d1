import Atoms
import Foundation
import LinearAlgebra

/// Modes on a Γ-centred n1×n2×n3 mesh of the primitive Brillouin zone (all points, equal
/// weights), or at the q-points commensurate with a supercell, computed on all cores.
public struct PhononMesh: Sendable {
    public let size: SIMD3<Int>
    /// q-points in reduced coordinates, the last index fastest.
    public let qpoints: [SIMD3<Double>]
    public let modes: [PhononModes]
    /// The primitive cell the q-points refer to.
    public let primitive: Structure

    public init(_ dm: DynamicalMatrix, size: SIMD3<Int>) throws {
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
        try self.init(dm, qpoints: qs, size: size)
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
        try self.init(dm, qpoints: qs, size: .zero)
    }

    private init(_ dm: DynamicalMatrix, qpoints qs: [SIMD3<Double>], size: SIMD3<Int>) throws {
        self.size = size
        primitive = dm.forceConstants.supercell.primitive.structure
        qpoints = qs
        // Time reversal: D(−q) = D(q)*, so on a regular mesh (which holds −q with every q
        // inside the zone) only one point of each pair is diagonalised; its partner gets the
        // same frequencies and the conjugate eigenvectors. Points on the zone boundary (a
        // component ½, whose partner is stored as +½, not −½) are diagonalised themselves.
        var partner = Array(qs.indices)
        if size.min() > 0 {
            func at(_ i: Int, _ j: Int, _ k: Int) -> Int {
                (((i + size.x) % size.x) * size.y + (j + size.y) % size.y) * size.z + (k + size.z) % size.z
            }
            for i in 0..<size.x { for j in 0..<size.y { for k in 0..<size.z {
                let a = at(i, j, k), b = at(-i, -j, -k)
                if length(qs[a] + qs[b]) < 1e-9 { partner[a] = b }
            }}}
        }
        let computed = qs.indices.filter { partner[$0] >= $0 }
        var results = [PhononModes?](repeating: nil, count: qs.count)
        var failure: Error? = nil
        let lock = NSLock()
        results.withUnsafeMutableBufferPointer { out in
            Parallel.forEachChunk(computed.count, chunks: Parallel.threads * 4) { _, range in
                for c in range {
                    let k = computed[c]
                    do { out[k] = try dm.modes(at: qs[k]) } catch {
                        lock.lock(); failure = error; lock.unlock()
                    }
                }
            }
        }
        if let failure { throw failure }
        for k in qs.indices where partner[k] < k {
            let m = results[partner[k]]!
            results[k] = PhononModes(q: qs[k], frequencies: m.frequencies,
                                     eigenvectors: m.eigenvectors.map { Complex(real: $0.real, imag: -$0.imag) })
        }
        modes = results.map { $0! }
    }

    /// Index of mesh point (i, j, k) with periodic wrap.
    func index(_ i: Int, _ j: Int, _ k: Int) -> Int {
        let a = ((i % size.x) + size.x) % size.x, b = ((j % size.y) + size.y) % size.y, c = ((k % size.z) + size.z) % size.z
        return (a * size.y + b) * size.z + c
    }
}
