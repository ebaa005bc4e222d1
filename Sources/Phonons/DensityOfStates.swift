import Atoms
import Foundation

/// Phonon density of states on a frequency grid, total and per species, normalised so that
/// the total integrates to 3n modes per primitive cell.
public struct DensityOfStates: Sendable {
    public enum Method: Sendable { case tetrahedron, gaussian(sigmaTHz: Double) }

    /// Frequencies, THz.
    public let frequencies: [Double]
    /// Total DOS, states/THz per primitive cell.
    public let total: [Double]
    /// Partial DOS per species (same units), in the order of `species`.
    public let partial: [[Double]]
    public let species: [Element]

    /// DOS of `mesh` on `points` frequencies spanning the spectrum. Works on the mesh's
    /// irreducible points: a Gaussian per irreducible mode times its weight; tetrahedra whose
    /// corners fall on the same irreducible points (the same corner frequencies) are
    /// evaluated once and counted as often as they occur.
    public init(_ mesh: PhononMesh, method: Method = .tetrahedron, points: Int = 301) {
        let prim = mesh.primitive
        let species = prim.species
        self.species = species
        let n = prim.count
        let bands = 3 * n
        // Irreducible point r, mode k at [r * bands + k].
        let all = mesh.irreducibleModes.flatMap(\.frequencies)
        let lo = min(0, all.min()!), hi = all.max()!
        let margin = 0.05 * (hi - lo)
        let start = lo - margin, step = (hi - lo + 2 * margin) / Double(points - 1)
        let grid = (0..<points).map { start + step * Double($0) }
        frequencies = grid
        /// Grid indices strictly inside (a, b).
        func indices(_ a: Double, _ b: Double) -> ClosedRange<Int>? {
            let first = max(0, Int(((a - start) / step).rounded(.down)) + 1)
            let last = min(points - 1, Int(((b - start) / step).rounded(.up)) - 1)
            return first <= last ? first...last : nil
        }
        // Weight of each species in each mode: Σ_{p of species} Σ_α |e_pα|² (unchanged by
        // the symmetry operations, which carry atoms onto atoms of the same species).
        let speciesOf: [Int] = prim.elements.map { e in species.firstIndex(of: e)! }
        // Flat: mode k at irreducible point r, species s at [(r * bands + k) * species.count + s].
        let ns = species.count
        var weights = [Double](repeating: 0, count: mesh.irreducibleModes.count * bands * ns)
        for (r, m) in mesh.irreducibleModes.enumerated() {
            for k in 0..<bands {
                for p in 0..<n {
                    for a in 0..<3 {
                        let c = m.eigenvectors[k * bands + 3 * p + a]
                        weights[(r * bands + k) * ns + speciesOf[p]] += c.real * c.real + c.imag * c.imag
                    }
                }
            }
        }
        var total = [Double](repeating: 0, count: points)
        var partial = [[Double]](repeating: [Double](repeating: 0, count: points), count: species.count)
        switch method {
        case .gaussian(let sigma):
            let norm = 1 / (Double(mesh.qpoints.count) * sigma * (2 * Double.pi).squareRoot())
            for (r, m) in mesh.irreducibleModes.enumerated() {
                let weight = norm * Double(mesh.weights[r])
                for (k, f) in m.frequencies.enumerated() {
                    guard let range = indices(f - 6 * sigma, f + 6 * sigma) else { continue }
                    for g in range {
                        let x = grid[g]
                        let v = weight * exp(-0.5 * (x - f) * (x - f) / (sigma * sigma))
                        total[g] += v
                        for s in species.indices { partial[s][g] += v * weights[(r * bands + k) * ns + s] }
                    }
                }
            }
        case .tetrahedron:
            precondition(mesh.size.x > 0, "the tetrahedron method needs a regular mesh")
            let volume = 1 / Double(6 * mesh.qpoints.count)
            var w = [Double](repeating: 0, count: species.count)
            for (corners, count) in Self.distinctTetrahedra(mesh, reciprocal: prim.cell.reciprocal) {
                let weight = volume * Double(count)
                for k in 0..<bands {
                    let e = Self.sorted(SIMD4(all[Int(corners[0]) * bands + k], all[Int(corners[1]) * bands + k],
                                              all[Int(corners[2]) * bands + k], all[Int(corners[3]) * bands + k]))
                    guard let range = indices(e[0], e[3]) else { continue }
                    for s in species.indices {
                        var sum = 0.0
                        for c in 0..<4 { sum += weights[(Int(corners[c]) * bands + k) * ns + s] }
                        w[s] = sum / 4
                    }
                    for g in range {
                        let x = grid[g]
                        guard x > e[0] && x < e[3] else { continue }
                        let v = weight * Self.tetrahedronDOS(x, e)
                        total[g] += v
                        for s in species.indices { partial[s][g] += v * w[s] }
                    }
                }
            }
        }
        self.total = total
        self.partial = partial
    }

    /// ∫ DOS over the grid (trapezoid), modes per primitive cell.
    public var integral: Double {
        var sum = 0.0
        for g in 1..<frequencies.count {
            sum += (frequencies[g] - frequencies[g - 1]) * (total[g] + total[g - 1]) / 2
        }
        return sum
    }

    /// The linear-tetrahedron DOS of one tetrahedron with sorted corner frequencies e at x
    /// (Blöchl, Jepsen, Andersen, PRB 49, 16223 (1994)), for a tetrahedron of unit volume.
    static func tetrahedronDOS(_ x: Double, _ e: SIMD4<Double>) -> Double {
        let (e1, e2, e3, e4) = (e[0], e[1], e[2], e[3])
        if x < e2 {
            return 3 * (x - e1) * (x - e1) / ((e2 - e1) * (e3 - e1) * (e4 - e1))
        } else if x < e3 {
            let a = 3 * (e2 - e1) + 6 * (x - e2) - 3 * ((e3 - e1) + (e4 - e2)) * (x - e2) * (x - e2) / ((e3 - e2) * (e4 - e2))
            return a / ((e3 - e1) * (e4 - e1))
        } else {
            return 3 * (e4 - x) * (e4 - x) / ((e4 - e1) * (e4 - e2) * (e4 - e3))
        }
    }

    /// The four values in ascending order (a sorting network: five compare-exchanges).
    static func sorted<T: SIMDScalar & Comparable>(_ v: SIMD4<T>) -> SIMD4<T> {
        var e = v
        if e[1] < e[0] { (e[0], e[1]) = (e[1], e[0]) }
        if e[3] < e[2] { (e[2], e[3]) = (e[3], e[2]) }
        if e[2] < e[0] { (e[0], e[2]) = (e[2], e[0]) }
        if e[3] < e[1] { (e[1], e[3]) = (e[3], e[1]) }
        if e[2] < e[1] { (e[1], e[2]) = (e[2], e[1]) }
        return e
    }

    /// Six tetrahedra per mesh sub-cell, split along the shortest main diagonal, each as its
    /// corners' irreducible points in ascending order, with how many tetrahedra of the mesh
    /// have those corners.
    static func distinctTetrahedra(_ mesh: PhononMesh, reciprocal: Matrix3) -> [(corners: SIMD4<Int32>, count: Int)] {
        let size = mesh.size
        func corner(_ bits: Int) -> SIMD3<Double> {
            SIMD3(Double(bits & 1) / Double(size.x), Double((bits >> 1) & 1) / Double(size.y), Double((bits >> 2) & 1) / Double(size.z))
        }
        let start = [0, 1, 2, 4].min { length((corner($0 ^ 7) - corner($0)) * reciprocal) < length((corner($1 ^ 7) - corner($1)) * reciprocal) }!
        let base = [SIMD4(0, 1, 3, 7), SIMD4(0, 1, 5, 7), SIMD4(0, 2, 3, 7), SIMD4(0, 2, 6, 7), SIMD4(0, 4, 5, 7), SIMD4(0, 4, 6, 7)]
        let shapes = base.map { $0 ^ SIMD4(repeating: start) }
        // Distinct corner sets in an open-addressing table (linear probing), slot → entry of `out`.
        let tetrahedra = 6 * size.x * size.y * size.z
        let bits = max(4, Int.bitWidth - (2 * tetrahedra).leadingZeroBitCount)
        let mask = (1 << bits) - 1
        var slots = [Int32](repeating: -1, count: 1 << bits)
        var out: [(corners: SIMD4<Int32>, count: Int)] = []
        let (nx, ny, nz) = (size.x, size.y, size.z)
        mesh.irreducibleIndex.withUnsafeBufferPointer { irreducible in
            for i in 0..<nx { for j in 0..<ny { for k in 0..<nz {
                // The sub-cell's eight corners (bit 0: +x, bit 1: +y, bit 2: +z), wrapped.
                let (i1, j1, k1) = ((i + 1) % nx, (j + 1) % ny, (k + 1) % nz)
                var cube = SIMD8<Int32>()
                for b in 0..<8 {
                    cube[b] = Int32(irreducible[((b & 1 == 0 ? i : i1) * ny + (b & 2 == 0 ? j : j1)) * nz + (b & 4 == 0 ? k : k1)])
                }
                for shape in shapes {
                    let c = sorted(SIMD4(cube[shape[0]], cube[shape[1]], cube[shape[2]], cube[shape[3]]))
                    let packed = (UInt64(UInt32(c[0])) | UInt64(UInt32(c[1])) << 32) &* 0x9E37_79B9_7F4A_7C15
                        ^ (UInt64(UInt32(c[2])) | UInt64(UInt32(c[3])) << 32) &* 0xBF58_476D_1CE4_E5B9
                    var h = Int(truncatingIfNeeded: packed >> UInt64(64 - bits)) & mask
                    while true {
                        let e = Int(slots[h])
                        if e < 0 {
                            slots[h] = Int32(out.count)
                            out.append((c, 1))
                            break
                        }
                        if out[e].corners == c { out[e].count += 1; break }
                        h = (h + 1) & mask
                    }
                }
            }}}
        }
        return out
    }
}
