import Foundation

/// The G5 functions with integer ζ, arranged to be evaluated in time linear in the number
/// of neighbours rather than over neighbour pairs. For neighbours of species a with radial
/// factor g_j = f_c(r_ij) exp(−η (r_ij − r_s)²) and unit vectors u_j, a "channel" holds the
/// moments M_α = Σ_j g_j u_j^α (`MonomialBasis`) and D = Σ_j g_j². Expanding
/// (1 + λ cos θ)^ζ = Σ_n C(ζ, n) λ^n cos^n θ,
///
///     G5 (species a, b ≠ a) = 2^(1−ζ) Σ_n C(ζ, n) λ^n S_n(a, b),
///     G5 (species a, a)     = ½ [2^(1−ζ) Σ_n C(ζ, n) λ^n S_n(a, a) − 2^(1−ζ) (1 + λ)^ζ D],
///
/// with S_n(a, b) = Σ_{|α| = n} n!/α! M_α(a) M_α(b): the sum over all j, k less the j = k
/// terms, halved for the pairs j < k of one species (the convention of the pair loop).
struct AngularMoments: Equatable, Sendable {
    /// One G5 function as `DescriptorSet.init` meets it: output index, species pair,
    /// cutoff and Gaussian (indices into the set's `cutoffs` and `gaussians`), λ and ζ.
    struct Entry {
        var index: Int, species: (Int, Int), cut: Int, gaussian: Int, lambda: Double, zeta: Int
    }

    /// Neighbours of one species with one cutoff function and Gaussian.
    struct Channel: Equatable {
        var species: Int, cut: Int, gaussian: Int
    }

    /// The functions of one pair of channels (the same channel twice for one species).
    struct Run: Equatable {
        var first: Int, second: Int
        var same: Bool { first == second }
    }

    /// Output index and run of one function; its coefficients of S_0...S_L are
    /// `coefficients[f * (degree + 1) ..< (f + 1) * (degree + 1)]`, its j = k term
    /// 2^(1−ζ) (1 + λ)^ζ is `diagonal[f]`.
    struct Function: Equatable {
        var index: Int, run: Int
    }

    let basis: MonomialBasis
    /// Channels grouped by species: those of species a are `channels[channelStart[a]..<channelStart[a + 1]]`.
    let channels: [Channel]
    let channelStart: [Int]
    let runs: [Run]
    let functions: [Function]
    let coefficients: [Double]
    let diagonal: [Double]

    /// The arrangement of `entries` for a potential of `speciesCount` species.
    init(_ entries: [Entry], speciesCount: Int) {
        let degree = entries.map(\.zeta).max() ?? 0
        basis = MonomialBasis(degree: degree)
        var keys: [Channel] = []
        for e in entries {
            for s in [e.species.0, e.species.1] where !keys.contains(Channel(species: s, cut: e.cut, gaussian: e.gaussian)) {
                keys.append(Channel(species: s, cut: e.cut, gaussian: e.gaussian))
            }
        }
        let channels = keys.sorted { ($0.species, $0.cut, $0.gaussian) < ($1.species, $1.cut, $1.gaussian) }
        self.channels = channels
        channelStart = (0...speciesCount).map { s in channels.firstIndex { $0.species >= s } ?? channels.count }
        var runs: [Run] = [], functions: [Function] = [], coefficients: [Double] = [], diagonal: [Double] = []
        for e in entries {
            let first = channels.firstIndex(of: Channel(species: e.species.0, cut: e.cut, gaussian: e.gaussian))!
            let second = channels.firstIndex(of: Channel(species: e.species.1, cut: e.cut, gaussian: e.gaussian))!
            let run = Run(first: first, second: second)
            if !runs.contains(run) { runs.append(run) }
            functions.append(Function(index: e.index, run: runs.firstIndex(of: run)!))
            let norm = Foundation.pow(2, 1 - Double(e.zeta))
            var binomial = 1.0
            for n in 0...degree {
                coefficients.append(n <= e.zeta ? norm * binomial * Foundation.pow(e.lambda, Double(n)) : 0)
                binomial = binomial * Double(e.zeta - n) / Double(n + 1)
            }
            diagonal.append(norm * Foundation.pow(1 + e.lambda, Double(e.zeta)))
        }
        self.runs = runs
        self.functions = functions
        self.coefficients = coefficients
        self.diagonal = diagonal
    }
}
