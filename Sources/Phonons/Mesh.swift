import Atoms
import Foundation

/// Modes on a Γ-centred n1×n2×n3 mesh of the primitive Brillouin zone (all points, equal
/// weights), computed on all cores.
public struct PhononMesh: Sendable {
    public let size: SIMD3<Int>
    /// q-points in reduced coordinates, the last index fastest.
    public let qpoints: [SIMD3<Double>]
    public let modes: [PhononModes]
    /// The primitive cell the q-points refer to.
    public let primitive: Structure

    public init(_ dm: DynamicalMatrix, size: SIMD3<Int>) throws {
        self.size = size
        primitive = dm.forceConstants.supercell.primitive.structure
        var qs: [SIMD3<Double>] = []
        for i in 0..<size.x { for j in 0..<size.y { for k in 0..<size.z {
            var q = SIMD3(Double(i) / Double(size.x), Double(j) / Double(size.y), Double(k) / Double(size.z))
            // Map into (−½, ½] (symmetric about Γ, as phonopy's mesh).
            for c in 0..<3 where q[c] > 0.5 + 1e-12 { q[c] -= 1 }
            qs.append(q)
        }}}
        qpoints = qs
        var results = [PhononModes?](repeating: nil, count: qs.count)
        var failure: Error? = nil
        let lock = NSLock()
        results.withUnsafeMutableBufferPointer { out in
            Parallel.forEachChunk(qs.count, chunks: Parallel.threads * 4) { _, range in
                for k in range {
                    do { out[k] = try dm.modes(at: qs[k]) } catch {
                        lock.lock(); failure = error; lock.unlock()
                    }
                }
            }
        }
        if let failure { throw failure }
        modes = results.map { $0! }
    }

    /// Index of mesh point (i, j, k) with periodic wrap.
    func index(_ i: Int, _ j: Int, _ k: Int) -> Int {
        let a = ((i % size.x) + size.x) % size.x, b = ((j % size.y) + size.y) % size.y, c = ((k % size.z) + size.z) % size.z
        return (a * size.y + b) * size.z + c
    }
}
