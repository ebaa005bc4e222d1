import Atoms
import Neighbors

/// The neighbours of one atom within its descriptors' cutoff: vectors d from the atom (Å),
/// lengths r, species indices and atom indices, as raw views of a per-thread buffer.
struct NeighborSlots {
    var count: Int
    var d: UnsafeMutablePointer<SIMD3<Double>>
    var r: UnsafeMutablePointer<Double>
    var type: UnsafeMutablePointer<Int>
    var atom: UnsafeMutablePointer<Int>

    /// The neighbours of atom i closer than `cutoff` (Å), written into the buffers given
    /// (each large enough for i's row of the list).
    @inline(__always)
    static func gather(_ i: Int, within cutoff: Double, _ loop: PairLoop, _ species: UnsafeBufferPointer<Int>,
                       _ d: UnsafeMutablePointer<SIMD3<Double>>, _ r: UnsafeMutablePointer<Double>,
                       _ type: UnsafeMutablePointer<Int>, _ atom: UnsafeMutablePointer<Int>) -> NeighborSlots {
        let rc2 = cutoff * cutoff
        let xi = loop.positions[i]
        var m = 0
        for k in loop.range(of: i) {
            let v = loop.displacement(k, from: xi)
            let r2 = lengthSquared(v)
            guard r2 < rc2 else { continue }
            let j = loop.neighbor(k)
            d[m] = v
            r[m] = r2.squareRoot()
            type[m] = species[j]
            atom[m] = j
            m += 1
        }
        return NeighborSlots(count: m, d: d, r: r, type: type, atom: atom)
    }
}
