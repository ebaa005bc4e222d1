import Atoms
import Foundation
import Neighbors

/// The Stillinger–Weber potential as LAMMPS `pair_style sw` defines it,
///
///     E = Σ_i Σ_{j≠i} ½ φ_ij(r_ij) + Σ_i Σ_{j<k} h_ijk(r_ij, r_ik, θ_jik),
///     φ_ij(r) = A ε (B (σ/r)^p − (σ/r)^q) exp(σ / (r − aσ)),
///     h_ijk = λ ε (cos θ − cos θ₀)² exp(γ_ij σ_ij / (r_ij − a_ij σ_ij)) exp(γ_ik σ_ik / (r_ik − a_ik σ_ik)),
///
/// read from a LAMMPS `.sw` file (ε in eV, σ in Å). As in LAMMPS, φ_ij and the radial
/// factor of bond ij take ε, σ, a, γ, A, B, p, q and tol from entry (i, j, j), and λ, ε and
/// cos θ₀ of h_ijk come from entry (i, j, k); tol > 0 shortens the interaction range to
/// where the exponential falls below tol. LAMMPS evaluates each pair from one end and
/// each triplet with the entry of whichever neighbor it meets first; here φ_ij is the
/// mean of the (i, j, j) and (j, i, i) forms and h_ijk the mean over (i, j, k) and
/// (i, k, j), which is the same whenever the file is symmetric (as published files are)
/// and otherwise does not depend on atom order. Per-atom energies follow LAMMPS: half of
/// each pair energy to either atom, a third of each triplet energy to each of its atoms.
public struct StillingerWeber: Potential {
    public let name: String
    public let species: [Element]
    /// Largest interaction range over the element pairs, Å.
    public let cutoff: Double
    public var supplies: Quantities { .all }
    public var neighborKind: NeighborList.Kind { .full }

    /// Two-body and radial parameters of each ordered element pair (entry (i, j, j)),
    /// flattened `i * n + j`.
    let pairs: [Pair]
    /// Angular parameters of each ordered triplet, flattened `(i * n + j) * n + k`.
    let angles: [Angle]

    struct Pair {
        /// aσ, Å: where the exponentials diverge.
        var cut: Double
        /// Square of the interaction range (aσ, or less with tol), Å².
        var cutsq: Double
        var sigma: Double
        /// γσ, Å.
        var sigmaGamma: Double
        /// A ε B σ^p and A ε σ^q (eV·Å^p, eV·Å^q).
        var repulsive: Double, attractive: Double
        var p: Double, q: Double
        /// p and q when they are small non-negative integers (4 and 0 for silicon), else −1:
        /// r^−p is then a few multiplications instead of a `pow` call (a quarter of the
        /// force call's time), equal to it within an ulp.
        var pInteger: Int, qInteger: Int

        /// p or q as an exponent for `inversePower`, −1 when it is not a small integer.
        static func smallInteger(_ x: Double) -> Int {
            x >= 0 && x <= 32 && x == x.rounded() ? Int(x) : -1
        }

        /// r^−x, by repeated squaring of 1/r when x is the small integer n.
        @inline(__always) static func inversePower(_ r: Double, _ x: Double, _ n: Int) -> Double {
            guard n >= 0 else { return pow(r, -x) }
            var result = 1.0, base = 1 / r, k = n
            while k > 0 {
                if k & 1 == 1 { result *= base }
                base *= base
                k >>= 1
            }
            return result
        }

        /// φ(r) (eV) and dφ/dr (eV/Å).
        @inline(__always) func energy(_ r: Double) -> (Double, Double) {
            let rp = Self.inversePower(r, p, pInteger), rq = Self.inversePower(r, q, qInteger)
            let rainv = 1 / (r - cut)
            let ex = exp(sigma * rainv)
            let e = (repulsive * rp - attractive * rq) * ex
            let de = -(p * repulsive * rp - q * attractive * rq) / r * ex - e * sigma * rainv * rainv
            return (e, de)
        }
    }

    /// λε and cos θ₀ of entries (i, j, k) and (i, k, j), each weighted ½.
    struct Angle {
        var lambdaEpsilon: (Double, Double)
        var cosTheta0: (Double, Double)
    }

    static let labels = ["epsilon", "sigma", "a", "lambda", "gamma", "costheta0", "A", "B", "p", "q", "tol"]

    /// Reads a LAMMPS `.sw` file whose labels name elements through `map`. `elements` nil
    /// describes every element the file names (all their triplets must have entries);
    /// otherwise only these elements, ignoring entries with others.
    public static func read(_ file: TextFile, elements: [Element]? = nil,
                            map: LabelMap = LabelMap()) throws -> StillingerWeber {
        let labels = Self.labels
        let table = try ManyBodyFile.read(file, labels: labels, elements: elements, map: map) { e in
            let v = e.values
            // ε, λ and cos θ₀ enter every triplet; σ, a, γ, A, B, p, q and tol only from
            // the entries (i, j, j), which alone are checked for them.
            for k in e.isPair ? [0, 3, 4, 6, 7, 8, 9, 10] : [0, 3] {
                try e.require(v[k] >= 0, k, "must not be negative", labels: labels, file: file)
            }
            guard e.isPair else { return }
            try e.require(v[1] > 0, 1, "must be positive", labels: labels, file: file)
            try e.require(v[2] > 0, 2, "must be positive", labels: labels, file: file)
            try e.require(range(v) > 0, 10, "leaves no interaction range (a σ + σ/ln tol ≤ 0)",
                          labels: labels, file: file)
        }
        let n = table.species.count
        let pairs = (0..<n * n).map { ij -> Pair in
            let (i, j) = (ij / n, ij % n)
            let v = table.entries[(i * n + j) * n + j].values
            let (epsilon, sigma, a, gamma, bigA, bigB, p, q) = (v[0], v[1], v[2], v[4], v[6], v[7], v[8], v[9])
            let r = range(v)
            return Pair(cut: sigma * a, cutsq: r * r, sigma: sigma, sigmaGamma: sigma * gamma,
                        repulsive: bigA * epsilon * bigB * pow(sigma, p), attractive: bigA * epsilon * pow(sigma, q),
                        p: p, q: q, pInteger: Pair.smallInteger(p), qInteger: Pair.smallInteger(q))
        }
        let angles = (0..<n * n * n).map { ijk -> Angle in
            let (i, j, k) = (ijk / (n * n), (ijk / n) % n, ijk % n)
            let a = table.entries[(i * n + j) * n + k].values
            let b = table.entries[(i * n + k) * n + j].values
            return Angle(lambdaEpsilon: (a[3] * a[0], b[3] * b[0]), cosTheta0: (a[5], b[5]))
        }
        let cutoff = pairs.map { $0.cutsq.squareRoot() }.max()!
        return StillingerWeber(name: "Stillinger-Weber \(file.path)", species: table.species, cutoff: cutoff,
                               pairs: pairs, angles: angles)
    }

    /// Interaction range of an entry, Å: aσ, shortened as LAMMPS does when tol > 0 (tol
    /// capped at 0.01) to where the radial exponential reaches tol.
    static func range(_ v: [Double]) -> Double {
        let (sigma, a, gamma) = (v[1], v[2], v[4])
        var tol = v[10]
        guard tol > 0 else { return sigma * a }
        tol = min(tol, 0.01)
        return sigma * a + (gamma < 1 ? gamma * sigma : sigma) / log(tol)
    }

    public func evaluate(_ structure: Structure, neighbors: NeighborList, wanted: Quantities) throws -> Evaluation {
        precondition(neighbors.kind == .full, "Stillinger-Weber needs a full neighbor list")
        let types = try typeIndices(structure)
        let n = structure.count
        let ns = species.count
        let widest = (0..<n).lazy.map { neighbors.range(of: $0).count }.max() ?? 0
        return neighbors.withLoop(structure.positions) { loop in
            types.withUnsafeBufferPointer { type in
                ParallelEvaluation.run(count: n, volume: structure.cell.volume, wanted: wanted, balance: neighbors.rowStarts) { range, sink in
                    // Neighbors of the current atom within range, reused for every atom.
                    var short = ShortList(capacity: widest)
                    for i in range {
                        let ti = type[i]
                        short.count = 0
                        for k in loop.range(of: i) {
                            let j = loop.neighbor(k)
                            let d = loop.displacement(k, from: loop.positions[i])
                            let r2 = lengthSquared(d)
                            let tj = type[j]
                            let pair = pairs[ti * ns + tj]
                            guard r2 < pair.cutsq else { continue }
                            let r = r2.squareRoot()
                            let (e, de) = pair.energy(r)
                            sink.addEnergy(i, 0.5 * e)
                            sink.add(i, j, d: d, gradient: (0.5 * de / r) * d)
                            let rainv = 1 / (r - pair.cut)
                            let ex = exp(pair.sigmaGamma * rainv)
                            short.append(j, tj, d, r, ex, -pair.sigmaGamma * rainv * rainv)
                        }
                        threeBody(i, ti, short, &sink)
                    }
                }
            }
        }
    }

    /// The triplet terms centred on atom i over its neighbors in `s`.
    @inline(__always)
    func threeBody(_ i: Int, _ ti: Int, _ s: ShortList, _ sink: inout GradientSink) {
        let ns = species.count
        guard s.count > 1 else { return }
        for a in 0..<s.count - 1 {
            let d1 = s.vector[a], r1 = s.distance[a]
            let base = (ti * ns + s.type[a]) * ns
            var g1 = SIMD3<Double>.zero
            for b in a + 1..<s.count {
                let d2 = s.vector[b], r2 = s.distance[b]
                let angle = angles[base + s.type[b]]
                let inv12 = 1 / (r1 * r2)
                let cs = dot(d1, d2) * inv12
                let del0 = cs - angle.cosTheta0.0, del1 = cs - angle.cosTheta0.1
                let h = 0.5 * (angle.lambdaEpsilon.0 * del0 * del0 + angle.lambdaEpsilon.1 * del1 * del1)
                let dh = angle.lambdaEpsilon.0 * del0 + angle.lambdaEpsilon.1 * del1
                let radial = s.radial[a] * s.radial[b]
                let e = h * radial
                let third = e / 3
                sink.addEnergy(i, third)
                sink.addEnergy(s.atom[a], third)
                sink.addEnergy(s.atom[b], third)
                // ∂cos/∂d1 = d2/(r1 r2) − cos d1/r1², and the same with 1 ↔ 2.
                let angular = dh * radial
                let cross = angular * inv12
                let along1: Double = e * s.logSlope[a] / r1 - angular * cs / (r1 * r1)
                let along2: Double = e * s.logSlope[b] / r2 - angular * cs / (r2 * r2)
                g1 += along1 * d1 + cross * d2
                let g2 = along2 * d2 + cross * d1
                sink.add(i, s.atom[b], d: d2, gradient: g2)
            }
            sink.add(i, s.atom[a], d: d1, gradient: g1)
        }
    }

    /// Scratch list of an atom's neighbors within range, with their radial factors.
    struct ShortList {
        var count = 0
        var atom: [Int], type: [Int]
        var vector: [SIMD3<Double>]
        var distance: [Double]
        /// exp(γσ / (r − aσ)) and its logarithmic derivative −γσ / (r − aσ)² (1/Å).
        var radial: [Double], logSlope: [Double]

        init(capacity: Int) {
            atom = Array(repeating: 0, count: capacity)
            type = atom
            vector = Array(repeating: .zero, count: capacity)
            distance = Array(repeating: 0, count: capacity)
            radial = distance
            logSlope = distance
        }

        @inline(__always)
        mutating func append(_ j: Int, _ t: Int, _ d: SIMD3<Double>, _ r: Double, _ ex: Double, _ slope: Double) {
            atom[count] = j
            type[count] = t
            vector[count] = d
            distance[count] = r
            radial[count] = ex
            logSlope[count] = slope
            count += 1
        }
    }
}
