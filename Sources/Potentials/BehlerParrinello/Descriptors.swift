import Atoms
import Foundation
import Neighbors

/// Behler's radial symmetry function G2 of one neighbour element (J. Behler, J. Chem. Phys.
/// 134, 074106 (2011)): G = Σ_j exp(−η (r_ij − r_s)²) f_c(r_ij) over neighbours j of that element.
public struct RadialFunction: Equatable, Sendable {
    /// Index into the potential's species of the neighbours counted.
    public var neighbor: Int
    /// η, 1/Å².
    public var eta: Double
    /// r_s, Å.
    public var shift: Double
    public var cutoff: CutoffFunction

    public init(neighbor: Int, eta: Double, shift: Double, cutoff: CutoffFunction) {
        self.neighbor = neighbor
        self.eta = eta
        self.shift = shift
        self.cutoff = cutoff
    }
}

/// Behler's angular symmetry functions over neighbour pairs j < k of two elements:
///
///     G4 = 2^(1−ζ) Σ (1 + λ cos θ_ijk)^ζ exp(−η [(r_ij−r_s)² + (r_ik−r_s)² + (r_jk−r_s)²]) f_c(r_ij) f_c(r_ik) f_c(r_jk)
///     G5 = 2^(1−ζ) Σ (1 + λ cos θ_ijk)^ζ exp(−η [(r_ij−r_s)² + (r_ik−r_s)²]) f_c(r_ij) f_c(r_ik)
///
/// (n2p2 types 3 and 9, aenet G4 and G5; r_s = 0 in the original form).
public struct AngularFunction: Equatable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// G4: includes the j–k distance ("narrow").
        case g4 = "G4"
        /// G5: without it ("wide").
        case g5 = "G5"
    }

    public var kind: Kind
    /// Species indices of the two neighbours (unordered).
    public var neighbors: (Int, Int)
    /// η, 1/Å².
    public var eta: Double
    /// r_s, Å.
    public var shift: Double
    /// λ = ±1.
    public var lambda: Double
    /// ζ ≥ 1.
    public var zeta: Double
    public var cutoff: CutoffFunction

    public init(kind: Kind, neighbors: (Int, Int), eta: Double, shift: Double = 0, lambda: Double, zeta: Double,
                cutoff: CutoffFunction) {
        self.kind = kind
        self.neighbors = (min(neighbors.0, neighbors.1), max(neighbors.0, neighbors.1))
        self.eta = eta
        self.shift = shift
        self.lambda = lambda
        self.zeta = zeta
        self.cutoff = cutoff
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.kind == b.kind && a.neighbors == b.neighbors && a.eta == b.eta && a.shift == b.shift
            && a.lambda == b.lambda && a.zeta == b.zeta && a.cutoff == b.cutoff
    }
}

/// aenet's Chebyshev descriptor (N. Artrith, A. Urban, G. Ceder, Phys. Rev. B 96, 014112
/// (2017)): the radial distribution expanded in T_n(2r/R_c − 1) f_c(r), n = 0...N_r, and
/// the angular distribution in T_n(cos θ_ijk) f_c(r_ij) f_c(r_ik), n = 0...N_a (pairs j < k),
/// with the cosine cutoff. For several species a second copy weights each neighbour by its
/// species' "spin" (radial s_j, angular s_j s_k). Order of the outputs: radial, angular,
/// then the weighted radial and angular copies.
public struct ChebyshevBasis: Equatable, Sendable {
    public var radialOrder: Int
    /// Å.
    public var radialCutoff: Double
    public var angularOrder: Int
    /// Å.
    public var angularCutoff: Double
    /// Spin of each species of the potential; empty for one species (no weighted copy).
    public var spins: [Double]

    public init(radialOrder: Int, radialCutoff: Double, angularOrder: Int, angularCutoff: Double, spins: [Double]) {
        self.radialOrder = radialOrder
        self.radialCutoff = radialCutoff
        self.angularOrder = angularOrder
        self.angularCutoff = angularCutoff
        self.spins = spins
    }

    /// aenet's default spins for n species: −n/2, ..., skipping 0 when n is even.
    public static func aenetSpins(_ n: Int) -> [Double] {
        guard n > 1 else { return [] }
        var s = -(n / 2)
        return (0..<n).map { _ in
            if s == 0 && n % 2 == 0 { s += 1 }
            defer { s += 1 }
            return Double(s)
        }
    }

    /// Number of values.
    public var width: Int { (radialOrder + angularOrder + 2) * (spins.isEmpty ? 1 : 2) }
}

/// One entry of a descriptor list; the list's order is the order of the network inputs.
public enum Descriptor: Equatable, Sendable {
    case radial(RadialFunction)
    case angular(AngularFunction)
    /// A block of `ChebyshevBasis.width` values.
    case chebyshev(ChebyshevBasis)

    /// Number of values it contributes.
    public var width: Int {
        if case .chebyshev(let c) = self { return c.width }
        return 1
    }

    /// Largest radius it looks at, Å.
    public var cutoff: Double {
        switch self {
        case .radial(let f): return f.cutoff.radius
        case .angular(let f): return f.cutoff.radius
        case .chebyshev(let c): return max(c.radialCutoff, c.angularCutoff)
        }
    }
}

/// The descriptors of one central element, arranged for evaluation: functions grouped by
/// kind and neighbour elements, each with its output index, and the distinct cutoff
/// functions evaluated once per neighbour.
public struct DescriptorSet: Equatable, Sendable {
    /// As given (network input order).
    public let descriptors: [Descriptor]
    /// Number of values.
    public let count: Int
    /// Largest cutoff, Å.
    public let cutoff: Double
    let speciesCount: Int

    struct Radial: Equatable {
        var index: Int, cut: Int, eta: Double, shift: Double
    }

    struct Angular: Equatable {
        var index: Int, cut: Int, narrow: Bool, eta: Double, shift: Double, lambda: Double, zeta: Double
        /// Index of (η, r_s) among `gaussians`.
        var gaussian: Int
        /// 2^(1−ζ).
        var norm: Double
        /// ζ as an integer when it is one (faster powers), else −1.
        var integerZeta: Int
    }

    /// Distinct cutoff functions.
    let cutoffs: [CutoffFunction]
    /// Distinct (η, r_s) of the angular functions: exp(−η (r − r_s)²) is evaluated once per
    /// neighbour and pair for each, and shared by the functions that use it.
    let gaussians: [(eta: Double, shift: Double)]
    /// Radial functions grouped by neighbour species: those of species a are
    /// `radial[radialStart[a]..<radialStart[a + 1]]`.
    let radial: [Radial]
    let radialStart: [Int]
    /// Angular functions grouped by unordered neighbour species pair p = a·speciesCount + b
    /// (a ≤ b): `angular[angularStart[p]..<angularStart[p + 1]]`.
    let angular: [Angular]
    let angularStart: [Int]
    /// Chebyshev blocks with their first output index.
    let chebyshev: [(offset: Int, basis: ChebyshevBasis)]

    public static func == (a: Self, b: Self) -> Bool { a.descriptors == b.descriptors && a.speciesCount == b.speciesCount }

    /// Arranges `descriptors` of a potential with `speciesCount` species.
    public init(_ descriptors: [Descriptor], speciesCount: Int) throws {
        self.descriptors = descriptors
        self.speciesCount = speciesCount
        var cutoffs: [CutoffFunction] = []
        func cutIndex(_ c: CutoffFunction) -> Int {
            if let k = cutoffs.firstIndex(of: c) { return k }
            cutoffs.append(c)
            return cutoffs.count - 1
        }
        var radial = [[Radial]](repeating: [], count: speciesCount)
        var angular = [[Angular]](repeating: [], count: speciesCount * speciesCount)
        var chebyshev: [(Int, ChebyshevBasis)] = []
        var gaussians: [(eta: Double, shift: Double)] = []
        func gaussianIndex(_ eta: Double, _ shift: Double) -> Int {
            if let k = gaussians.firstIndex(where: { $0.eta == eta && $0.shift == shift }) { return k }
            gaussians.append((eta, shift))
            return gaussians.count - 1
        }
        var index = 0
        func valid(_ s: Int) -> Bool { (0..<speciesCount).contains(s) }
        for (k, d) in descriptors.enumerated() {
            guard d.cutoff > 0 else { throw InputError("descriptor \(k + 1) has no positive cutoff") }
            switch d {
            case .radial(let f):
                guard valid(f.neighbor) else { throw InputError("descriptor \(k + 1) names an unknown neighbour species") }
                radial[f.neighbor].append(Radial(index: index, cut: cutIndex(f.cutoff), eta: f.eta, shift: f.shift))
            case .angular(let f):
                guard valid(f.neighbors.0), valid(f.neighbors.1) else {
                    throw InputError("descriptor \(k + 1) names an unknown neighbour species")
                }
                guard f.zeta >= 1 else { throw InputError("descriptor \(k + 1) has ζ = \(f.zeta) < 1") }
                let z = f.zeta.rounded() == f.zeta && f.zeta <= 64 ? Int(f.zeta) : -1
                angular[f.neighbors.0 * speciesCount + f.neighbors.1].append(
                    Angular(index: index, cut: cutIndex(f.cutoff), narrow: f.kind == .g4, eta: f.eta, shift: f.shift,
                            lambda: f.lambda, zeta: f.zeta, gaussian: gaussianIndex(f.eta, f.shift),
                            norm: Foundation.pow(2, 1 - f.zeta), integerZeta: z))
            case .chebyshev(let c):
                guard c.radialOrder >= 0, c.angularOrder >= 0, c.spins.isEmpty || c.spins.count == speciesCount else {
                    throw InputError("descriptor \(k + 1): Chebyshev orders must be ≥ 0 and spins one per species")
                }
                chebyshev.append((index, c))
            }
            index += d.width
        }
        count = index
        cutoff = descriptors.map(\.cutoff).max() ?? 0
        self.cutoffs = cutoffs
        self.gaussians = gaussians
        // Functions sharing a cutoff and a Gaussian next to each other, so f_c(r_jk) and
        // exp(−η (r_jk − r_s)²) are computed once per run.
        self.radial = radial.flatMap { $0 }
        radialStart = radial.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        let sortedAngular = angular.map { $0.sorted { ($0.cut, $0.gaussian, $0.index) < ($1.cut, $1.gaussian, $1.index) } }
        self.angular = sortedAngular.flatMap { $0 }
        angularStart = sortedAngular.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        self.chebyshev = chebyshev
    }

    /// Per-thread buffers for `evaluate`, sized for up to `capacity` neighbours.
    public struct Scratch {
        var fc: [Double]
        var dfc: [Double]
        /// exp(−η (r_s − r_s⁰)²) per neighbour slot and Gaussian.
        var gauss: [Double]
        var chebyshev: [Double]
        var chebyshevSlope: [Double]

        init(cutoffs: Int, gaussians: Int, capacity: Int, chebyshevOrder: Int) {
            fc = Array(repeating: 0, count: max(1, cutoffs * capacity))
            dfc = fc
            gauss = Array(repeating: 0, count: max(1, gaussians * capacity))
            chebyshev = Array(repeating: 0, count: chebyshevOrder + 1)
            chebyshevSlope = chebyshev
        }
    }

    func makeScratch(capacity: Int) -> Scratch {
        let order = chebyshev.map { max($0.basis.radialOrder, $0.basis.angularOrder) }.max() ?? 0
        return Scratch(cutoffs: cutoffs.count, gaussians: gaussians.count, capacity: capacity, chebyshevOrder: order)
    }

    /// Evaluates all values into `values` (`count`) and, when `derivatives` is non-nil, their
    /// gradients with respect to each neighbour vector: entry `s * count + n` is ∂G_n/∂d_s
    /// for neighbour slot s. The neighbours are `d` (vectors from the central atom, Å), `r`
    /// (their lengths) and `type` (species indices), all within `cutoff`.
    func evaluate(_ nb: NeighborSlots, values: UnsafeMutablePointer<Double>,
                  derivatives: UnsafeMutablePointer<SIMD3<Double>>?, scratch: inout Scratch) {
        let m = nb.count
        for n in 0..<count { values[n] = 0 }
        if let derivatives { for k in 0..<(m * count) { derivatives[k] = .zero } }
        let nc = cutoffs.count
        let ng = gaussians.count
        scratch.fc.withUnsafeMutableBufferPointer { fcb in
            scratch.dfc.withUnsafeMutableBufferPointer { dfcb in
                scratch.gauss.withUnsafeMutableBufferPointer { gb in
                    let fc = fcb.baseAddress!, dfc = dfcb.baseAddress!, gauss = gb.baseAddress!
                    for s in 0..<m {
                        for c in 0..<nc {
                            if nb.r[s] < cutoffs[c].radius {
                                (fc[s * nc + c], dfc[s * nc + c]) = cutoffs[c].value(nb.r[s])
                            } else {
                                (fc[s * nc + c], dfc[s * nc + c]) = (0, 0)
                            }
                        }
                        for g in 0..<ng {
                            let x = nb.r[s] - gaussians[g].shift
                            gauss[s * ng + g] = Foundation.exp(-gaussians[g].eta * x * x)
                        }
                    }
                    radial.withUnsafeBufferPointer { rf in
                        radialStart.withUnsafeBufferPointer { rs in
                            radialTerms(nb, rf, rs, fc, dfc, values, derivatives)
                        }
                    }
                    angular.withUnsafeBufferPointer { af in
                        angularStart.withUnsafeBufferPointer { as_ in
                            angularTerms(nb, af, as_, fc, dfc, gauss, values, derivatives)
                        }
                    }
                }
            }
        }
        for (offset, basis) in chebyshev {
            chebyshevTerms(basis, offset, nb, values, derivatives, &scratch)
        }
    }

    @inline(__always)
    func radialTerms(_ nb: NeighborSlots, _ functions: UnsafeBufferPointer<Radial>, _ start: UnsafeBufferPointer<Int>,
                     _ fc: UnsafePointer<Double>, _ dfc: UnsafePointer<Double>,
                     _ values: UnsafeMutablePointer<Double>, _ derivatives: UnsafeMutablePointer<SIMD3<Double>>?) {
        let nc = cutoffs.count
        for s in 0..<nb.count {
            let r = nb.r[s]
            for q in start[nb.type[s]]..<start[nb.type[s] + 1] {
                let f = functions[q]
                let c = fc[s * nc + f.cut]
                guard c != 0 || dfc[s * nc + f.cut] != 0 else { continue }
                let x = r - f.shift
                let e = Foundation.exp(-f.eta * x * x)
                values[f.index] += e * c
                if let derivatives {
                    let slope = e * (dfc[s * nc + f.cut] - 2 * f.eta * x * c)
                    derivatives[s * count + f.index] += (slope / r) * nb.d[s]
                }
            }
        }
    }

    @inline(__always)
    func angularTerms(_ nb: NeighborSlots, _ functions: UnsafeBufferPointer<Angular>, _ start: UnsafeBufferPointer<Int>,
                      _ fc: UnsafePointer<Double>, _ dfc: UnsafePointer<Double>,
                      _ gauss: UnsafePointer<Double>,
                      _ values: UnsafeMutablePointer<Double>, _ derivatives: UnsafeMutablePointer<SIMD3<Double>>?) {
        let nc = cutoffs.count
        let ng = gaussians.count
        let ns = speciesCount
        let m = nb.count
        guard m > 1 else { return }
        for j in 0..<(m - 1) {
            let d1 = nb.d[j], r1 = nb.r[j], t1 = nb.type[j]
            for k in (j + 1)..<m {
                let t2 = nb.type[k]
                let pair = min(t1, t2) * ns + max(t1, t2)
                let group = start[pair]..<start[pair + 1]
                if group.isEmpty { continue }
                let d2 = nb.d[k], r2 = nb.r[k]
                let inv12 = 1 / (r1 * r2)
                let cosine = dot(d1, d2) * inv12
                let d3 = d2 - d1
                let r3 = length(d3)
                var lastCut = -1, lastGaussian = -1
                var fc3 = 0.0, dfc3 = 0.0, gauss3 = 0.0
                for q in group {
                    let f = functions[q]
                    let fc1 = fc[j * nc + f.cut], fc2 = fc[k * nc + f.cut]
                    if fc1 == 0 || fc2 == 0 { continue }
                    if f.narrow {
                        if f.cut != lastCut {
                            lastCut = f.cut
                            let cut = cutoffs[f.cut]
                            (fc3, dfc3) = r3 < cut.radius ? cut.value(r3) : (0, 0)
                        }
                        if fc3 == 0 { continue }
                    }
                    let p = 1 + f.lambda * cosine
                    if p <= 0 { continue }
                    let p1 = f.integerZeta > 0 ? powInt(p, f.integerZeta - 1) : Foundation.pow(p, f.zeta - 1)
                    let x1 = r1 - f.shift, x2 = r2 - f.shift, x3 = r3 - f.shift
                    var base = f.norm * gauss[j * ng + f.gaussian] * gauss[k * ng + f.gaussian]
                    if f.narrow {
                        if f.gaussian != lastGaussian {
                            lastGaussian = f.gaussian
                            gauss3 = Foundation.exp(-f.eta * x3 * x3)
                        }
                        base *= gauss3
                    }
                    let g3 = f.narrow ? fc3 : 1
                    let radial = base * fc1 * fc2 * g3
                    values[f.index] += radial * p1 * p
                    guard let derivatives else { continue }
                    let pz = p1 * p
                    let dCos = radial * f.zeta * f.lambda * p1
                    let dr1 = base * pz * fc2 * g3 * (dfc[j * nc + f.cut] - 2 * f.eta * x1 * fc1)
                    let dr2 = base * pz * fc1 * g3 * (dfc[k * nc + f.cut] - 2 * f.eta * x2 * fc2)
                    var g1 = dCos * (inv12 * d2 - (cosine / (r1 * r1)) * d1) + (dr1 / r1) * d1
                    var g2 = dCos * (inv12 * d1 - (cosine / (r2 * r2)) * d2) + (dr2 / r2) * d2
                    if f.narrow {
                        let dr3 = base * pz * fc1 * fc2 * (dfc3 - 2 * f.eta * x3 * fc3)
                        let g3v = (dr3 / r3) * d3
                        g1 -= g3v
                        g2 += g3v
                    }
                    derivatives[j * count + f.index] += g1
                    derivatives[k * count + f.index] += g2
                }
            }
        }
    }

    func chebyshevTerms(_ b: ChebyshevBasis, _ offset: Int, _ nb: NeighborSlots,
                        _ values: UnsafeMutablePointer<Double>, _ derivatives: UnsafeMutablePointer<SIMD3<Double>>?,
                        _ scratch: inout Scratch) {
        let nr = b.radialOrder + 1, na = b.angularOrder + 1
        let weighted = !b.spins.isEmpty
        let radialCut = CutoffFunction(kind: .cos, radius: b.radialCutoff)
        let angularCut = CutoffFunction(kind: .cos, radius: b.angularCutoff)
        scratch.chebyshev.withUnsafeMutableBufferPointer { tb in
            scratch.chebyshevSlope.withUnsafeMutableBufferPointer { sb in
                let t = tb.baseAddress!, dt = sb.baseAddress!
                for s in 0..<nb.count where nb.r[s] < b.radialCutoff {
                    let r = nb.r[s]
                    let (f, df) = radialCut.value(r)
                    chebyshevPolynomials(2 * r / b.radialCutoff - 1, b.radialOrder, t, dt)
                    let spin = weighted ? b.spins[nb.type[s]] : 0
                    for n in 0..<nr {
                        let v = f * t[n]
                        values[offset + n] += v
                        if weighted { values[offset + nr + na + n] += spin * v }
                        if let derivatives {
                            let g = ((df * t[n] + f * dt[n] * 2 / b.radialCutoff) / r) * nb.d[s]
                            derivatives[s * count + offset + n] += g
                            if weighted { derivatives[s * count + offset + nr + na + n] += spin * g }
                        }
                    }
                }
                guard nb.count > 1 else { return }
                for j in 0..<(nb.count - 1) where nb.r[j] < b.angularCutoff {
                    let d1 = nb.d[j], r1 = nb.r[j]
                    let (f1, df1) = angularCut.value(r1)
                    for k in (j + 1)..<nb.count where nb.r[k] < b.angularCutoff {
                        let d2 = nb.d[k], r2 = nb.r[k]
                        let (f2, df2) = angularCut.value(r2)
                        let inv12 = 1 / (r1 * r2)
                        let cosine = dot(d1, d2) * inv12
                        chebyshevPolynomials(cosine, b.angularOrder, t, dt)
                        let spin = weighted ? b.spins[nb.type[j]] * b.spins[nb.type[k]] : 0
                        let w = f1 * f2
                        let dCos1 = inv12 * d2 - (cosine / (r1 * r1)) * d1
                        let dCos2 = inv12 * d1 - (cosine / (r2 * r2)) * d2
                        let dw1 = (df1 * f2 / r1) * d1, dw2 = (f1 * df2 / r2) * d2
                        for n in 0..<na {
                            let i0 = offset + nr + n
                            values[i0] += w * t[n]
                            if weighted { values[i0 + nr + na] += spin * w * t[n] }
                            if let derivatives {
                                let g1 = t[n] * dw1 + (w * dt[n]) * dCos1
                                let g2 = t[n] * dw2 + (w * dt[n]) * dCos2
                                derivatives[j * count + i0] += g1
                                derivatives[k * count + i0] += g2
                                if weighted {
                                    derivatives[j * count + i0 + nr + na] += spin * g1
                                    derivatives[k * count + i0 + nr + na] += spin * g2
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Chebyshev polynomials T_0...T_order at x and their derivatives.
@inline(__always)
func chebyshevPolynomials(_ x: Double, _ order: Int, _ t: UnsafeMutablePointer<Double>,
                          _ dt: UnsafeMutablePointer<Double>) {
    t[0] = 1
    dt[0] = 0
    guard order > 0 else { return }
    t[1] = x
    dt[1] = 1
    guard order > 1 else { return }
    for n in 1..<order {
        t[n + 1] = 2 * x * t[n] - t[n - 1]
        dt[n + 1] = 2 * t[n] + 2 * x * dt[n] - dt[n - 1]
    }
}

/// x^n for n ≥ 0 by repeated squaring.
@inline(__always)
func powInt(_ x: Double, _ n: Int) -> Double {
    var result = 1.0, base = x, e = n
    while e > 0 {
        if e & 1 == 1 { result *= base }
        base *= base
        e >>= 1
    }
    return result
}

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
