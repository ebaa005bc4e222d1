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

    /// DOS of `mesh` on `points` frequencies spanning the spectrum.
    public init(_ mesh: PhononMesh, method: Method = .tetrahedron, points: Int = 301) {
        let prim = mesh.primitive
        let species = prim.species
        self.species = species
        let n = prim.count
        let bands = 3 * n
        let all = mesh.modes.flatMap(\.frequencies)
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
        // Weight of each species in each mode: Σ_{p of species} Σ_α |e_pα|².
        let speciesOf: [Int] = prim.elements.map { e in species.firstIndex(of: e)! }
        // Flat: mode k at point q, species s at [(q * bands + k) * species.count + s].
        let ns = species.count
        var weights = [Double](repeating: 0, count: mesh.modes.count * bands * ns)
        for (q, m) in mesh.modes.enumerated() {
            for k in 0..<bands {
                for p in 0..<n {
                    for a in 0..<3 {
                        let c = m.eigenvectors[k * bands + 3 * p + a]
                        weights[(q * bands + k) * ns + speciesOf[p]] += c.real * c.real + c.imag * c.imag
                    }
                }
            }
        }
        var total = [Double](repeating: 0, count: points)
        var partial = [[Double]](repeating: [Double](repeating: 0, count: points), count: species.count)
        switch method {
        case .gaussian(let sigma):
            let norm = 1 / (Double(mesh.modes.count) * sigma * (2 * Double.pi).squareRoot())
            for (q, m) in mesh.modes.enumerated() {
                for (k, f) in m.frequencies.enumerated() {
                    guard let range = indices(f - 6 * sigma, f + 6 * sigma) else { continue }
                    for g in range {
                        let x = grid[g]
                        let v = norm * exp(-0.5 * (x - f) * (x - f) / (sigma * sigma))
                        total[g] += v
                        for s in species.indices { partial[s][g] += v * weights[(q * bands + k) * ns + s] }
                    }
                }
            }
        case .tetrahedron:
            precondition(mesh.size.x > 0, "the tetrahedron method needs a regular mesh")
            let tetrahedra = Self.tetrahedra(mesh, reciprocal: prim.cell.reciprocal)
            let volume = 1 / Double(tetrahedra.count)
            // Corner frequencies and species weights in reused buffers: nothing is
            // allocated per tetrahedron and band.
            var e = [Double](repeating: 0, count: 4)
            var w = [Double](repeating: 0, count: species.count)
            for corners in tetrahedra {
                for k in 0..<bands {
                    for c in 0..<4 { e[c] = all[corners[c] * bands + k] }
                    e.sort()
                    for s in species.indices {
                        var sum = 0.0
                        for c in 0..<4 { sum += weights[(corners[c] * bands + k) * ns + s] }
                        w[s] = sum / 4
                    }
                    guard let range = indices(e[0], e[3]) else { continue }
                    for g in range {
                        let x = grid[g]
                        guard x > e[0] && x < e[3] else { continue }
                        let v = volume * Self.tetrahedronDOS(x, e)
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
    static func tetrahedronDOS(_ x: Double, _ e: [Double]) -> Double {
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

    /// Six tetrahedra per mesh sub-cell, split along the shortest main diagonal.
    static func tetrahedra(_ mesh: PhononMesh, reciprocal: Matrix3) -> [[Int]] {
        let size = mesh.size
        func corner(_ bits: Int) -> SIMD3<Double> {
            SIMD3(Double(bits & 1) / Double(size.x), Double((bits >> 1) & 1) / Double(size.y), Double((bits >> 2) & 1) / Double(size.z))
        }
        let start = [0, 1, 2, 4].min { length((corner($0 ^ 7) - corner($0)) * reciprocal) < length((corner($1 ^ 7) - corner($1)) * reciprocal) }!
        let base = [[0, 1, 3, 7], [0, 1, 5, 7], [0, 2, 3, 7], [0, 2, 6, 7], [0, 4, 5, 7], [0, 4, 6, 7]]
        let shapes = base.map { $0.map { $0 ^ start } }
        var out: [[Int]] = []
        out.reserveCapacity(6 * size.x * size.y * size.z)
        for i in 0..<size.x { for j in 0..<size.y { for k in 0..<size.z {
            for shape in shapes {
                out.append(shape.map { b in mesh.index(i + (b & 1), j + ((b >> 1) & 1), k + ((b >> 2) & 1)) })
            }
        }}}
        return out
    }
}
