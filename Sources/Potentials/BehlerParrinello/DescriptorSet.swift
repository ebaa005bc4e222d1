import Atoms
import Foundation

/// The descriptors of one central element, arranged for evaluation: functions grouped by
/// kind and neighbour elements, each with its output index, and what functions share
/// (cutoff functions, Gaussians, powers of 1 + λ cos θ) computed once per neighbour or
/// neighbour pair.
///
/// One atom is done in two passes over its neighbours, as n2p2 does: `evaluate` gives the
/// values G_n and keeps in the scratch what the second pass needs; once the network has
/// given the weights w_n = ∂E/∂G_n, `addGradients` adds Σ_n w_n ∂G_n/∂d_s to each
/// neighbour s, without storing the ∂G_n/∂d_s one by one.
public struct DescriptorSet: Equatable, Sendable {
    /// As given (network input order).
    public let descriptors: [Descriptor]
    /// Number of values.
    public let count: Int
    /// Largest cutoff, Å.
    public let cutoff: Double
    let speciesCount: Int

    /// exp(−η (r − r_s)²), η in 1/Å², r_s in Å.
    struct Gaussian: Equatable {
        var eta: Double, shift: Double
    }

    /// A radial function: output index, cutoff (index into `cutoffs`) and Gaussian (into `gaussians`).
    struct Radial: Equatable {
        var index: Int, cut: Int, gaussian: Int
    }

    /// One angular function: output index, its run (index into `runs`) and its (λ, ζ) (into `powers`).
    struct Angular: Equatable {
        var index: Int, run: Int, power: Int
    }

    /// Angular functions of one species pair with the same cutoff, Gaussian and kind: for a
    /// neighbour pair they differ only in their power of 1 + λ cos θ. The runs of a species
    /// pair with the same cutoffs (`cut`, `narrowCut`) are next to each other.
    struct AngularRun: Equatable {
        var cut: Int, gaussian: Int
        /// G4: where f_c(r_jk) and exp(−η (r_jk − r_s)²) sit among `narrowCutoffs` and
        /// `narrowGaussians`; −1 for G5.
        var narrowCut: Int, narrowGaussian: Int
    }

    /// A distinct (λ, ζ) of the angular functions.
    struct Power: Equatable {
        var lambda: Double, zeta: Double
        /// ζ as an integer when it is one (faster powers), else −1.
        var integerZeta: Int
        /// 2^(1−ζ).
        var norm: Double
    }

    /// A Chebyshev block with its first output index and its two cutoffs (into `cutoffs`).
    struct Chebyshev: Equatable {
        var offset: Int, basis: ChebyshevBasis, radialCut: Int, angularCut: Int
    }

    /// Distinct cutoff functions, evaluated once per neighbour.
    let cutoffs: [CutoffFunction]
    /// Distinct Gaussians of the symmetry functions, evaluated once per neighbour.
    let gaussians: [Gaussian]
    /// The cutoffs and Gaussians (indices into `cutoffs`, `gaussians`) that G4 functions
    /// apply to r_jk, evaluated once per neighbour pair.
    let narrowCutoffs: [Int]
    let narrowGaussians: [Int]
    /// Which of `gaussians` and of the narrow Gaussians are powers of another one.
    let gaussianPowers: GaussianPowers
    let narrowGaussianPowers: GaussianPowers
    /// Distinct (λ, ζ): 2^(1−ζ) (1 + λ cos θ)^ζ and its derivative are evaluated once per neighbour pair.
    let powers: [Power]
    /// Radial functions grouped by neighbour species: those of species a are
    /// `radial[radialStart[a]..<radialStart[a + 1]]`.
    let radial: [Radial]
    let radialStart: [Int]
    /// The angular functions, and their runs: those of the unordered species pair
    /// p = a·speciesCount + b (a ≤ b) are `runs[runStart[p]..<runStart[p + 1]]`.
    let angular: [Angular]
    let runs: [AngularRun]
    let runStart: [Int]
    /// Per species pair: the largest cutoff of its angular functions in `angular` (0 when it has none),
    /// and whether it has G5 functions (which count a neighbour pair whatever r_jk).
    let pairReach: [Double]
    let pairHasWide: [Bool]
    let chebyshev: [Chebyshev]
    /// The G5 functions with integer ζ up to the degree limit and |λ| ≤ 1, evaluated from
    /// moments of the neighbours rather than over neighbour pairs (not in `angular`).
    let moments: AngularMoments

    /// Largest angular exponent ζ read: beyond about 1024, 2^(1−ζ) underflows while (1 + λ cos θ)^ζ overflows.
    public static let maximumZeta = 1000.0
    /// Largest ζ of the G5 functions evaluated from moments (`AngularMoments`): the monomials
    /// of degree ≤ 8 are 165, and the cost per neighbour grows with their number.
    public static let momentDegreeLimit = 8
    /// Largest |r_s| read, Å (ten times the largest cutoff a potential may have).
    public static let maximumShift = 1000.0

    public static func == (a: Self, b: Self) -> Bool { a.descriptors == b.descriptors && a.speciesCount == b.speciesCount }

    /// Arranges `descriptors` of a potential with `speciesCount` species; G5 functions with
    /// integer ζ ≤ `momentDegreeLimit` and |λ| ≤ 1 go to `moments` (0: every angular
    /// function over neighbour pairs).
    public init(_ descriptors: [Descriptor], speciesCount: Int,
                momentDegreeLimit: Int = DescriptorSet.momentDegreeLimit) throws {
        self.descriptors = descriptors
        self.speciesCount = speciesCount
        var cutoffs: [CutoffFunction] = [], gaussians: [Gaussian] = [], powers: [Power] = []
        var narrowCutoffs: [Int] = [], narrowGaussians: [Int] = []
        func position<T: Equatable>(of x: T, in list: inout [T]) -> Int {
            if let k = list.firstIndex(of: x) { return k }
            list.append(x)
            return list.count - 1
        }
        let pairs = speciesCount * speciesCount
        var radial = [[Radial]](repeating: [], count: speciesCount)
        /// Angular functions per species pair with their run key: cut, narrow cut, Gaussian,
        /// narrow Gaussian (runs with the same cutoffs next to each other).
        var angular = [[(key: [Int], function: Angular)]](repeating: [], count: pairs)
        var pairReach = [Double](repeating: 0, count: pairs), pairHasWide = [Bool](repeating: false, count: pairs)
        var chebyshev: [Chebyshev] = []
        var momentEntries: [AngularMoments.Entry] = []
        var index = 0
        func valid(_ s: Int) -> Bool { (0..<speciesCount).contains(s) }
        for (k, d) in descriptors.enumerated() {
            guard d.cutoff > 0 else { throw InputError("descriptor \(k + 1) has no positive cutoff") }
            if let (eta, shift) = d.gaussian, !(eta >= 0 && eta.isFinite && abs(shift) <= Self.maximumShift) {
                throw InputError("descriptor \(k + 1) has η = \(eta) Å⁻² and r_s = \(shift) Å: η must be finite and ≥ 0 "
                                 + "(a negative η makes exp(−η (r − r_s)²) grow), |r_s| at most \(Int(Self.maximumShift)) Å")
            }
            switch d {
            case .radial(let f):
                guard valid(f.neighbor) else { throw InputError("descriptor \(k + 1) names an unknown neighbour species") }
                radial[f.neighbor].append(Radial(index: index, cut: position(of: f.cutoff, in: &cutoffs),
                                                 gaussian: position(of: Gaussian(eta: f.eta, shift: f.shift), in: &gaussians)))
            case .angular(let f):
                guard valid(f.neighbors.0), valid(f.neighbors.1) else {
                    throw InputError("descriptor \(k + 1) names an unknown neighbour species")
                }
                guard f.zeta >= 1 else { throw InputError("descriptor \(k + 1) has ζ = \(f.zeta) < 1") }
                guard f.zeta <= Self.maximumZeta else {
                    throw InputError("descriptor \(k + 1) has ζ = \(f.zeta) above \(Int(Self.maximumZeta)) "
                                     + "(2^(1−ζ) and (1 + λ cos θ)^ζ leave the floating-point range from ζ ≈ 1024)")
                }
                let z = f.zeta.rounded() == f.zeta && f.zeta <= 64 ? Int(f.zeta) : -1
                if f.kind == .g5 && z >= 1 && z <= momentDegreeLimit && abs(f.lambda) <= 1 {
                    momentEntries.append(AngularMoments.Entry(index: index, species: f.neighbors,
                                                              cut: position(of: f.cutoff, in: &cutoffs),
                                                              gaussian: position(of: Gaussian(eta: f.eta, shift: f.shift), in: &gaussians),
                                                              lambda: f.lambda, zeta: z))
                    index += 1
                    continue
                }
                let power = position(of: Power(lambda: f.lambda, zeta: f.zeta, integerZeta: z, norm: Foundation.pow(2, 1 - f.zeta)),
                                     in: &powers)
                let cut = position(of: f.cutoff, in: &cutoffs)
                let gaussian = position(of: Gaussian(eta: f.eta, shift: f.shift), in: &gaussians)
                let narrow = f.kind == .g4
                let key = narrow ? [cut, position(of: cut, in: &narrowCutoffs), gaussian, position(of: gaussian, in: &narrowGaussians)]
                                 : [cut, -1, gaussian, -1]
                let pair = f.neighbors.0 * speciesCount + f.neighbors.1
                angular[pair].append((key, Angular(index: index, run: -1, power: power)))
                pairReach[pair] = max(pairReach[pair], f.cutoff.radius)
                if !narrow { pairHasWide[pair] = true }
            case .chebyshev(let c):
                guard c.radialOrder >= 0, c.angularOrder >= 0, c.spins.isEmpty || c.spins.count == speciesCount else {
                    throw InputError("descriptor \(k + 1): Chebyshev orders must be ≥ 0 and spins one per species")
                }
                chebyshev.append(Chebyshev(offset: index, basis: c,
                                           radialCut: position(of: CutoffFunction(kind: .cos, radius: c.radialCutoff), in: &cutoffs),
                                           angularCut: position(of: CutoffFunction(kind: .cos, radius: c.angularCutoff), in: &cutoffs)))
            }
            index += d.width
        }
        count = index
        cutoff = descriptors.map(\.cutoff).max() ?? 0
        self.cutoffs = cutoffs
        self.gaussians = gaussians
        self.narrowCutoffs = narrowCutoffs
        self.narrowGaussians = narrowGaussians
        gaussianPowers = GaussianPowers(gaussians)
        narrowGaussianPowers = GaussianPowers(narrowGaussians.map { gaussians[$0] })
        self.powers = powers
        self.radial = radial.flatMap { $0 }
        radialStart = radial.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        var flat: [Angular] = [], runs: [AngularRun] = [], runStart = [0]
        for group in angular {
            for (key, members) in Dictionary(grouping: group, by: \.key).sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
                flat += members.map { Angular(index: $0.function.index, run: runs.count, power: $0.function.power) }
                runs.append(AngularRun(cut: key[0], gaussian: key[2], narrowCut: key[1], narrowGaussian: key[3]))
            }
            runStart.append(runs.count)
        }
        self.angular = flat
        self.runs = runs
        self.runStart = runStart
        self.pairReach = pairReach
        self.pairHasWide = pairHasWide
        self.chebyshev = chebyshev
        moments = AngularMoments(momentEntries, speciesCount: speciesCount)
    }

    /// First pass: all values into `values` (`count`), and into `scratch` what `addGradients`
    /// needs. The neighbours `nb` are all within `cutoff`.
    func evaluate(_ nb: NeighborSlots, values: UnsafeMutablePointer<Double>, scratch: Scratch) {
        for n in 0..<count { values[n] = 0 }
        neighborTerms(nb, scratch)
        radialValues(nb, values, scratch)
        angularValues(nb, values, scratch)
        momentValues(nb, values, scratch)
        for block in chebyshev { chebyshevValues(block, nb, values, scratch) }
    }

    /// Second pass, after `evaluate` of the same neighbours with the same scratch: adds
    /// Σ_n w_n ∂G_n/∂d_s to `gradients[s]` for each neighbour slot s, with `weights` w_n
    /// (`count`, e.g. ∂E/∂G_n in eV per descriptor unit).
    func addGradients(_ nb: NeighborSlots, weights: UnsafePointer<Double>, to gradients: UnsafeMutablePointer<SIMD3<Double>>,
                      scratch: Scratch) {
        radialGradients(nb, weights, gradients, scratch)
        angularGradients(nb, weights, gradients, scratch)
        momentGradients(nb, weights, gradients, scratch)
        for block in chebyshev { chebyshevGradients(block, nb, weights, gradients, scratch) }
    }

    /// Values and every derivative, for tables and tests: entry `s * count + n` of
    /// `derivatives` is ∂G_n/∂d_s for neighbour slot s (one second pass per value).
    func evaluate(_ nb: NeighborSlots, values: UnsafeMutablePointer<Double>,
                  derivatives: UnsafeMutablePointer<SIMD3<Double>>, scratch: Scratch) {
        evaluate(nb, values: values, scratch: scratch)
        withUnsafeTemporaryAllocation(of: Double.self, capacity: max(1, count)) { unit in
            withUnsafeTemporaryAllocation(of: SIMD3<Double>.self, capacity: max(1, nb.count)) { column in
                unit.initialize(repeating: 0)
                for n in 0..<count {
                    unit[n] = 1
                    column.initialize(repeating: .zero)
                    addGradients(nb, weights: unit.baseAddress!, to: column.baseAddress!, scratch: scratch)
                    for s in 0..<nb.count { derivatives[s * count + n] = column[s] }
                    unit[n] = 0
                }
            }
        }
    }

    /// The cutoff functions and Gaussians of every neighbour.
    func neighborTerms(_ nb: NeighborSlots, _ scratch: Scratch) {
        for (c, cut) in cutoffs.enumerated() {
            let f = scratch.fc(c), df = scratch.dfc(c)
            for s in 0..<nb.count { (f[s], df[s]) = nb.r[s] < cut.radius ? cut.value(nb.r[s]) : (0, 0) }
        }
        gaussianPowers.fill(distances: nb.r, count: nb.count, into: scratch.gauss(0), stride: scratch.slots)
    }
}
