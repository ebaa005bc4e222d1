import Atoms
import Foundation
import Neighbors

/// The Tersoff potential as LAMMPS `pair_style tersoff` defines it,
///
///     E = Σ_i Σ_{j≠i} ½ [f_R(r_ij) + b_ij f_A(r_ij)],
///     f_R = A e^{−λ₁r} f_C(r),  f_A = −B e^{−λ₂r} f_C(r),
///     b_ij = (1 + (β ζ_ij)^n)^{−1/(2n)},
///     ζ_ij = Σ_{k≠i,j} f_C(r_ik) g(θ_ijk) exp[(λ₃ (r_ij − r_ik))^m],
///     g(θ) = γ (1 + c²/d² − c² / (d² + (h − cos θ)²)),
///
/// with f_C going from 1 to 0 between R − D and R + D (Å), A and B in eV, λ in 1/Å,
/// read from a LAMMPS `.tersoff` file. As in LAMMPS, f_R, f_A, β and n of bond ij come
/// from entry (i, j, j) and the ζ_ij term of neighbor k (γ, λ₃, m, c, d, h, R, D) from
/// entry (i, j, k); b_ij uses LAMMPS's asymptotic forms for very large or small βζ, and
/// the exponent of the ζ term is clamped at ±69.0776 as LAMMPS does (above the clamp the
/// force keeps LAMMPS's formula, 3λ₃³Δ²·10³⁰ for m = 3, rather than the derivative of the
/// constant). LAMMPS evaluates f_R of each pair from one end; here it is
/// the mean of the (i, j, j) and (j, i, i) forms, the same for symmetric files (as
/// published ones are). Per-atom energies follow LAMMPS: half of each pair's f_R and of
/// each bond's ½ b_ij f_A to either atom. The same evaluation serves LAMMPS's
/// `tersoff/mod` and `tersoff/zbl`, whose entries swap in their own f_C, g, b_ij or f_R and
/// f_A (`Tersoff.Style`, `TersoffStyles.swift`). Entries (i, j, k) with j ≠ k supply only
/// the ζ terms, so their two-body values are neither used nor checked.
public struct Tersoff: Potential {
    public let name: String
    public let species: [Element]
    /// Largest R + D over the entries in use, Å.
    public let cutoff: Double
    public var supplies: Quantities { .all }
    public var neighborKind: NeighborList.Kind { .full }

    /// Parameters of each ordered triplet (i, j, k), flattened `(i * n + j) * n + k`;
    /// entry (i, j, j) also carries the pair terms of bond ij.
    let entries: [Entry]
    /// Per element i: the largest cutoff of any entry (i, j, k), Å.
    let reach: [Double]

    struct Entry {
        var style: Style
        var m3: Bool
        var gamma: Double, lambda3: Double
        /// c², d², c²/d² and h (= cos θ₀).
        var c2: Double, d2: Double, c2OverD2: Double, h: Double
        var n: Double, beta: Double
        var lambda2: Double, bigB: Double
        var bigR: Double, bigD: Double
        var lambda1: Double, bigA: Double
        /// (R + D)², Å².
        var cutsq: Double
        /// Thresholds of βζ for the asymptotic forms of b_ij (set for entries (i, j, j)).
        var c1 = 0.0, c2Threshold = 0.0, c3 = 0.0, c4 = 0.0
        /// tersoff/mod: the exponent δ of b_ij and the angular c₁…c₅.
        var delta = 0.0
        var angularC = (0.0, 0.0, 0.0, 0.0, 0.0)
        /// tersoff/zbl: screening length (Å), Z_i Z_j e²/(4πε₀) (eV·Å), and the Fermi
        /// switch's centre (Å) and steepness (1/Å).
        var zblLength = 1.0, zblCharge = 0.0, fermiCut = 0.0, fermiScale = 0.0

        init(style: Style, m3: Bool, gamma: Double, lambda3: Double, c2: Double, d2: Double, c2OverD2: Double,
             h: Double, n: Double, beta: Double, lambda2: Double, bigB: Double, bigR: Double, bigD: Double,
             lambda1: Double, bigA: Double) {
            (self.style, self.m3, self.gamma, self.lambda3) = (style, m3, gamma, lambda3)
            (self.c2, self.d2, self.c2OverD2, self.h) = (c2, d2, c2OverD2, h)
            (self.n, self.beta, self.lambda2, self.bigB) = (n, beta, lambda2, bigB)
            (self.bigR, self.bigD, self.lambda1, self.bigA) = (bigR, bigD, lambda1, bigA)
            cutsq = (bigR + bigD) * (bigR + bigD)
        }

        /// f_C(r) and its derivative (1/Å).
        @inline(__always) func cutoffFunction(_ r: Double) -> (Double, Double) {
            if style == .mod { return modCutoff(r) }
            if r < bigR - bigD { return (1, 0) }
            if r > bigR + bigD { return (0, 0) }
            let x = Double.pi / 2 * (r - bigR) / bigD
            return (0.5 * (1 - sin(x)), -(Double.pi / 4 / bigD) * cos(x))
        }

        /// f_R(r) (eV) and its derivative (eV/Å); tersoff/zbl: (1 − F) E_ZBL + F f_R.
        @inline(__always) func repulsive(_ r: Double) -> (Double, Double) {
            let (fc, dfc) = cutoffFunction(r)
            let ex = bigA * exp(-lambda1 * r)
            let (e, de) = (fc * ex, ex * (dfc - lambda1 * fc))
            guard style == .zbl else { return (e, de) }
            let (f, df) = fermi(r)
            let (z, dz) = zblRepulsion(r)
            return ((1 - f) * z + f * e, -df * z + (1 - f) * dz + df * e + f * de)
        }

        /// f_A(r) (eV) and its derivative (eV/Å); tersoff/zbl multiplies it by F.
        @inline(__always) func attractive(_ r: Double) -> (Double, Double) {
            if r > bigR + bigD { return (0, 0) }
            let (fc, dfc) = cutoffFunction(r)
            let ex = bigB * exp(-lambda2 * r)
            let (e, de) = (-ex * fc, ex * (lambda2 * fc - dfc))
            guard style == .zbl else { return (e, de) }
            let (f, df) = fermi(r)
            return (e * f, de * f + e * df)
        }

        /// b_ij and db_ij/dζ at ζ, with LAMMPS's branches.
        @inline(__always) func bondOrder(_ zeta: Double) -> (Double, Double) {
            if style == .mod { return modBondOrder(zeta) }
            let t = beta * zeta
            if t > c1 { return (1 / t.squareRoot(), beta * -0.5 * pow(t, -1.5)) }
            if t > c2Threshold {
                let tn = pow(t, -n)
                return ((1 - tn / (2 * n)) / t.squareRoot(),
                        beta * (-0.5 * pow(t, -1.5) * (1 - (1 + 1 / (2 * n)) * tn)))
            }
            if t < c4 { return (1, 0) }
            if t < c3 { return (1 - pow(t, n) / (2 * n), -0.5 * beta * pow(t, n - 1)) }
            let tn = pow(t, n)
            return (pow(1 + tn, -1 / (2 * n)), -0.5 * pow(1 + tn, -1 - 1 / (2 * n)) * tn / zeta)
        }

        /// g(cos θ) and dg/dcos θ.
        @inline(__always) func angular(_ cs: Double) -> (Double, Double) {
            if style == .mod { return modAngular(cs) }
            let hc = h - cs
            let denominator = 1 / (d2 + hc * hc)
            return (gamma * (1 + c2OverD2 - c2 * denominator), gamma * (-2 * c2 * hc) * denominator * denominator)
        }

        /// exp[(λ₃ Δ)^m] clamped as LAMMPS, and LAMMPS's derivative with respect to Δ.
        @inline(__always) func radial(_ delta: Double) -> (Double, Double) {
            let arg = m3 ? (lambda3 * delta) * (lambda3 * delta) * (lambda3 * delta) : lambda3 * delta
            let ex = arg > 69.0776 ? 1e30 : (arg < -69.0776 ? 0 : exp(arg))
            let slope = m3 ? 3 * (lambda3 * lambda3 * lambda3) * delta * delta : lambda3
            return (ex, slope * ex)
        }
    }

    static let labels = ["m", "gamma", "lambda3", "c", "d", "costheta0", "n", "beta",
                         "lambda2", "B", "R", "D", "lambda1", "A"]

    /// Reads a LAMMPS `.tersoff` (or tersoff/mod, tersoff/zbl) file whose labels name
    /// elements through `map`. `elements` nil describes every element the file names (all
    /// their triplets must have entries); otherwise only these elements, ignoring entries
    /// with others.
    public static func read(_ file: TextFile, style: Style = .tersoff, elements: [Element]? = nil,
                            map: LabelMap = LabelMap()) throws -> Tersoff {
        let table = try ManyBodyFile.read(file, labels: style.labels, elements: elements, map: map) {
            try style.check($0, file: file)
        }
        let entries = table.entries.map(style.entry)
        let ns = table.species.count
        let reach = (0..<ns).map { i in
            entries[(i * ns * ns)..<((i + 1) * ns * ns)].map { $0.cutsq.squareRoot() }.max()!
        }
        let title = style == .tersoff ? "Tersoff" : style.rawValue
        return Tersoff(name: "\(title) \(file.path)", species: table.species, cutoff: reach.max()!,
                       entries: entries, reach: reach)
    }

    public func evaluate(_ structure: Structure, neighbors: NeighborList, wanted: Quantities) throws -> Evaluation {
        precondition(neighbors.kind == .full, "Tersoff needs a full neighbor list")
        let types = try typeIndices(structure)
        let n = structure.count
        let widest = (0..<n).lazy.map { neighbors.range(of: $0).count }.max() ?? 0
        return neighbors.withLoop(structure.positions) { loop in
            types.withUnsafeBufferPointer { type in
                ParallelEvaluation.run(count: n, volume: structure.cell.volume, wanted: wanted, balance: neighbors.rowStarts) { range, sink in
                    // Neighbors within reach and ∂ζ/∂d_ik per neighbor, reused for every atom.
                    var short = ShortList(capacity: widest)
                    for i in range {
                        let ti = type[i]
                        let reach2 = reach[ti] * reach[ti]
                        short.count = 0
                        for k in loop.range(of: i) {
                            let j = loop.neighbor(k)
                            let d = loop.displacement(k, from: loop.positions[i])
                            let r2 = lengthSquared(d)
                            if r2 < reach2 { short.append(j, type[j], d, r2) }
                        }
                        bonds(i, ti, &short, &sink)
                    }
                }
            }
        }
    }

    /// The pair and bond-order terms of every bond ij of atom i.
    @inline(__always)
    func bonds(_ i: Int, _ ti: Int, _ s: inout ShortList, _ sink: inout GradientSink) {
        let ns = species.count
        for a in 0..<s.count {
            let tj = s.type[a]
            let base = (ti * ns + tj) * ns
            let pair = entries[base + tj]
            guard s.squared[a] < pair.cutsq else { continue }
            let j = s.atom[a]
            let d1 = s.vector[a], r1 = s.distance[a], u1 = d1 / r1
            let (eR, dR) = pair.repulsive(r1)
            sink.addEnergy(i, 0.5 * eR)
            // ζ_ij and its gradients: with respect to d_ij summed, to each d_ik kept.
            var zeta = 0.0
            var dZeta1 = SIMD3<Double>.zero
            for b in 0..<s.count where b != a {
                let t = entries[base + s.type[b]]
                s.included[b] = s.squared[b] < t.cutsq
                guard s.included[b] else { continue }
                let d2 = s.vector[b], r2 = s.distance[b], u2 = d2 / r2
                let cs = dot(u1, u2)
                let (fc, dfc) = t.cutoffFunction(r2)
                let (g, dg) = t.angular(cs)
                let (ex, dex) = t.radial(r1 - r2)
                zeta += fc * g * ex
                let dcs1 = (u2 - cs * u1) / r1, dcs2 = (u1 - cs * u2) / r2
                dZeta1 += (fc * dg * ex) * dcs1 + (fc * g * dex) * u1
                s.dZeta[b] = (dfc * g * ex - fc * g * dex) * u2 + (fc * dg * ex) * dcs2
            }
            let (fa, dfa) = pair.attractive(r1)
            let (bij, dbij) = pair.bondOrder(zeta)
            let eA = 0.5 * bij * fa
            sink.addEnergy(i, 0.5 * eA)
            sink.addEnergy(j, 0.5 * eA)
            let prefactor = 0.5 * fa * dbij  // ∂E/∂ζ_ij
            sink.add(i, j, d: d1, gradient: (0.5 * (dR + bij * dfa)) * u1 + prefactor * dZeta1)
            for b in 0..<s.count where b != a && s.included[b] {
                sink.add(i, s.atom[b], d: s.vector[b], gradient: prefactor * s.dZeta[b])
            }
        }
    }

    /// Scratch list of an atom's neighbors within reach.
    struct ShortList {
        var count = 0
        var atom: [Int], type: [Int]
        var vector: [SIMD3<Double>]
        var squared: [Double], distance: [Double]
        /// Per neighbor k of the current bond ij: whether it enters ζ_ij, and ∂ζ_ij/∂d_ik (1/Å).
        var included: [Bool]
        var dZeta: [SIMD3<Double>]

        init(capacity: Int) {
            atom = Array(repeating: 0, count: capacity)
            type = atom
            vector = Array(repeating: .zero, count: capacity)
            squared = Array(repeating: 0, count: capacity)
            distance = squared
            included = Array(repeating: false, count: capacity)
            dZeta = vector
        }

        @inline(__always)
        mutating func append(_ j: Int, _ t: Int, _ d: SIMD3<Double>, _ r2: Double) {
            atom[count] = j
            type[count] = t
            vector[count] = d
            squared[count] = r2
            distance[count] = r2.squareRoot()
            count += 1
        }
    }
}
