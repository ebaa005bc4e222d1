import Atoms
import Foundation
import Neighbors

/// LAMMPS `pair_style mliap ... descriptor so3`: a per-atom model of the SO(3) power
/// spectrum (`PowerSpectrumDescriptor`). With A_nl(j) = w_j f_c(r_j) I_nl(r_j) and
/// u_jk = r̂_j·r̂_k, p_{n1 n2 l} = K_l Σ_{j,k} A_{n1 l}(j) A_{n2 l}(k) P_l(u_jk),
/// K_l = 2√2 π/√(2l+1) · (2l+1)/(4π); forces follow from the chain rule through A and u.
public struct PowerSpectrumPotential: Potential {
    public let name: String
    public let species: [Element]
    public let cutoff: Double
    public var supplies: Quantities { .all }
    public var neighborKind: NeighborList.Kind { .full }
    let descriptor: PowerSpectrumDescriptor
    let model: any DescriptorModel

    init(name: String, species: [Element], descriptor: PowerSpectrumDescriptor, model: any DescriptorModel) {
        self.name = name
        self.species = species
        self.descriptor = descriptor
        self.model = model
        cutoff = descriptor.maxCutoff
    }

    /// Per-thread scratch.
    struct Work {
        var atom: [Int] = [], vector: [SIMD3<Double>] = [], unit: [SIMD3<Double>] = [], distance: [Double] = []
        /// A_nl(j) and dA_nl/dr(j), neighbor-major, (nmax (lmax+1)) per neighbor.
        var a: [Double] = [], da: [Double] = []
        var value: [Double], slope: [Double], bessel: [Double]
        /// Legendre P_l(u_jk) and P_l'(u_jk) for the current pair.
        var legendre: [Double], dLegendre: [Double]
        var p: [Double], beta: [Double], scratch: [Double]
        /// ∂E/∂A_nl(j), neighbor-major.
        var adjoint: [Double] = []

        init(_ d: PowerSpectrumDescriptor, scratch: Int) {
            value = Array(repeating: 0, count: d.nmax * (d.lmax + 1))
            slope = value
            bessel = Array(repeating: 0, count: d.lmax + 2)
            legendre = Array(repeating: 0, count: d.lmax + 1)
            dLegendre = legendre
            p = Array(repeating: 0, count: d.count)
            beta = p
            self.scratch = Array(repeating: 0, count: scratch)
        }
    }

    /// Fills P_l(u) and P_l'(u), l = 0…lmax.
    @inline(__always)
    static func legendre(_ u: Double, _ lmax: Int, _ p: inout [Double], _ dp: inout [Double]) {
        p[0] = 1
        dp[0] = 0
        guard lmax > 0 else { return }
        p[1] = u
        dp[1] = 1
        guard lmax > 1 else { return }
        for l in 2...lmax {
            let d = Double(l)
            p[l] = ((2 * d - 1) * u * p[l - 1] - (d - 1) * p[l - 2]) / d
            dp[l] = d * p[l - 1] + u * dp[l - 1]
        }
    }

    /// K_l.
    func weight(_ l: Int) -> Double {
        2 * 2.0.squareRoot() * Double.pi / Double(2 * l + 1).squareRoot() * Double(2 * l + 1) / (4 * Double.pi)
    }

    public func evaluate(_ structure: Structure, neighbors: NeighborList, wanted: Quantities) throws -> Evaluation {
        precondition(neighbors.kind == .full, "ML-IAP so3 needs a full neighbor list")
        let types = try typeIndices(structure)
        let d = descriptor
        let nl = d.nmax * (d.lmax + 1), lmax = d.lmax, nmax = d.nmax
        let needsGradient = !wanted.isDisjoint(with: [.forces, .stress])
        let k = (0...lmax).map(weight)
        // Index of p_{n1 n2 l}: ((n1 (n1+1)/2 + n2) (lmax+1) + l).
        func index(_ n1: Int, _ n2: Int, _ l: Int) -> Int { ((n1 * (n1 + 1) / 2 + n2) * (lmax + 1)) + l }
        return neighbors.withLoop(structure.positions) { loop in
            ParallelEvaluation.run(count: structure.count, volume: structure.cell.volume, wanted: wanted,
                                   balance: neighbors.rowStarts, chunksPerThread: ParallelEvaluation.costlyAtomChunks) { range, sink in
                var w = Work(d, scratch: model.scratchCount)
                for i in range {
                    // Neighbors and their radial terms.
                    w.atom.removeAll(keepingCapacity: true)
                    w.vector.removeAll(keepingCapacity: true)
                    w.unit.removeAll(keepingCapacity: true)
                    w.distance.removeAll(keepingCapacity: true)
                    w.a.removeAll(keepingCapacity: true)
                    w.da.removeAll(keepingCapacity: true)
                    let xi = loop.positions[i]
                    for n in loop.range(of: i) {
                        let j = loop.neighbor(n)
                        let v = loop.displacement(n, from: xi)
                        let r2 = (v * v).sum()
                        let rc = d.cutoff(types[i], types[j])
                        guard r2 < rc * rc else { continue }
                        let r = r2.squareRoot()
                        guard r >= 1e-8 else { continue }
                        d.radial(r, value: &w.value, slope: &w.slope, bessel: &w.bessel)
                        let (s, ds) = d.switching(r)
                        let wj = d.weights[types[j]]
                        w.atom.append(j)
                        w.vector.append(v)
                        w.unit.append(v / r)
                        w.distance.append(r)
                        for q in 0..<nl {
                            w.a.append(wj * s * w.value[q])
                            w.da.append(wj * (ds * w.value[q] + s * w.slope[q]))
                        }
                    }
                    let count = w.atom.count
                    // Descriptors.
                    for q in w.p.indices { w.p[q] = 0 }
                    for j in 0..<count {
                        for m in 0..<count {
                            Self.legendre((w.unit[j] * w.unit[m]).sum(), lmax, &w.legendre, &w.dLegendre)
                            for n1 in 0..<nmax {
                                for n2 in 0...n1 {
                                    for l in 0...lmax {
                                        w.p[index(n1, n2, l)] += k[l] * w.legendre[l]
                                            * w.a[j * nl + n1 * (lmax + 1) + l] * w.a[m * nl + n2 * (lmax + 1) + l]
                                    }
                                }
                            }
                        }
                    }
                    let e = w.p.withUnsafeBufferPointer { p in
                        w.beta.withUnsafeMutableBufferPointer { b in
                            w.scratch.withUnsafeMutableBufferPointer { s in model.energy(p, element: types[i], gradient: b, scratch: s) }
                        }
                    }
                    sink.addEnergy(i, e)
                    guard needsGradient else { continue }
                    // ∂E/∂A_nl(j) and the angular gradients, pair by pair.
                    w.adjoint = Array(repeating: 0, count: count * nl)
                    var gradients = [SIMD3<Double>](repeating: .zero, count: count)
                    for j in 0..<count {
                        for m in 0..<count {
                            let u = (w.unit[j] * w.unit[m]).sum()
                            Self.legendre(u, lmax, &w.legendre, &w.dLegendre)
                            var du = 0.0
                            for n1 in 0..<nmax {
                                for n2 in 0...n1 {
                                    for l in 0...lmax {
                                        let b = w.beta[index(n1, n2, l)] * k[l]
                                        let a1 = w.a[j * nl + n1 * (lmax + 1) + l], a2 = w.a[m * nl + n2 * (lmax + 1) + l]
                                        w.adjoint[j * nl + n1 * (lmax + 1) + l] += b * w.legendre[l] * a2
                                        w.adjoint[m * nl + n2 * (lmax + 1) + l] += b * w.legendre[l] * a1
                                        du += b * w.dLegendre[l] * a1 * a2
                                    }
                                }
                            }
                            guard j != m else { continue }
                            // u = r̂_j·r̂_m: ∂u/∂r_j = (r̂_m − u r̂_j)/r_j, and the same with j ↔ m.
                            gradients[j] += (du / w.distance[j]) * (w.unit[m] - u * w.unit[j])
                            gradients[m] += (du / w.distance[m]) * (w.unit[j] - u * w.unit[m])
                        }
                    }
                    for j in 0..<count {
                        var radial = 0.0
                        for q in 0..<nl { radial += w.adjoint[j * nl + q] * w.da[j * nl + q] }
                        sink.add(i, w.atom[j], d: w.vector[j], gradient: gradients[j] + radial * w.unit[j])
                    }
                }
            }
        }
    }
}
