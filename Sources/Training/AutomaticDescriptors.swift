import Atoms
import Foundation
import Potentials

/// A descriptor set made from the cutoff and the element list, as n2p2 and aenet users set
/// them up by hand: for each neighbour element `radialCount` shifted G2 with centres
/// r_s = r_in + kΔ (Δ = (r_c − r_in)/N, k = 0…N−1) and widths η = 1/(2Δ²), so that
/// neighbouring Gaussians overlap at one standard deviation (the "shifted" grid of
/// Imbalzano et al., J. Chem. Phys. 148, 241730 (2018)); for each pair of neighbour elements
/// angular G4 (or G5) with r_s = 0, every η of `angularEtas`, λ = ±1 and every ζ of `zetas`.
/// The angular functions may have a shorter cutoff than the radial ones (`angularCutoff`):
/// their cost grows with the square of the neighbours within it, the radial ones' linearly.
/// G5 functions with ζ in `wideZetas` may be added at the radial cutoff (η = (1, 2.5, 6)/r_c²,
/// λ = ±1): those with integer ζ ≤ `DescriptorSet.momentDegreeLimit` cost time linear in the
/// neighbours (`AngularMoments`), so they can reach further than the angular functions.
public struct AutomaticDescriptors: Sendable, Equatable {
    /// r_c of the radial functions, Å.
    public var cutoff: Double
    /// r_c of the angular functions, Å (at most `cutoff`).
    public var angularCutoff: Double
    public var cutoffFunction: CutoffFunction.Kind
    /// G2 per neighbour element.
    public var radialCount: Int
    /// r_in, Å: the first G2 centre.
    public var radialInner: Double
    public var angularKind: AngularFunction.Kind
    /// η of the angular functions, 1/Å²; by default (1, 2.5, 6)/r_c² with r_c the angular cutoff.
    public var angularEtas: [Double]
    public var zetas: [Double]
    /// ζ of the extra G5 functions at `cutoff` (none by default).
    public var wideZetas: [Double]

    /// `angularCutoff` (Å) is `cutoff` when nil.
    public init(cutoff: Double, angularCutoff: Double? = nil, cutoffFunction: CutoffFunction.Kind = .cos, radialCount: Int = 8,
                radialInner: Double = 1.5, angularKind: AngularFunction.Kind = .g4, angularEtas: [Double]? = nil,
                zetas: [Double] = [1, 2, 4, 16], wideZetas: [Double] = []) {
        self.cutoff = cutoff
        let angularCutoff = angularCutoff ?? cutoff
        self.angularCutoff = angularCutoff
        self.cutoffFunction = cutoffFunction
        self.radialCount = radialCount
        self.radialInner = radialInner
        self.angularKind = angularKind
        self.angularEtas = angularEtas ?? [1, 2.5, 6].map { $0 / (angularCutoff * angularCutoff) }
        self.zetas = zetas
        self.wideZetas = wideZetas
    }

    /// The descriptors of any central element of a potential with `speciesCount` species.
    public func descriptors(speciesCount: Int) throws -> [Descriptor] {
        guard cutoff > 0, radialCount >= 1, radialInner >= 0, radialInner < cutoff else {
            throw InputError("automatic descriptors need cutoff > 0, radial ≥ 1 and 0 ≤ radial_inner < cutoff")
        }
        guard angularCutoff > 0, angularCutoff <= cutoff else {
            throw InputError("automatic descriptors need 0 < angular_cutoff ≤ cutoff (\(cutoff) Å), found \(angularCutoff) Å")
        }
        guard zetas.allSatisfy({ $0 >= 1 }), wideZetas.allSatisfy({ $0 >= 1 }), angularEtas.allSatisfy({ $0 >= 0 }) else {
            throw InputError("automatic descriptors need every ζ ≥ 1 and every angular η ≥ 0")
        }
        let fc = CutoffFunction(kind: cutoffFunction, radius: cutoff)
        let angularFc = CutoffFunction(kind: cutoffFunction, radius: angularCutoff)
        let spacing = (cutoff - radialInner) / Double(radialCount)
        var out: [Descriptor] = []
        for a in 0..<speciesCount {
            for k in 0..<radialCount {
                out.append(.radial(RadialFunction(neighbor: a, eta: 1 / (2 * spacing * spacing),
                                                  shift: radialInner + Double(k) * spacing, cutoff: fc)))
            }
        }
        for a in 0..<speciesCount {
            for b in a..<speciesCount {
                for eta in angularEtas {
                    for lambda in [-1.0, 1] {
                        for zeta in zetas {
                            out.append(.angular(AngularFunction(kind: angularKind, neighbors: (a, b), eta: eta,
                                                                lambda: lambda, zeta: zeta, cutoff: angularFc)))
                        }
                    }
                }
                for eta in [1, 2.5, 6].map({ $0 / (cutoff * cutoff) }) {
                    for lambda in [-1.0, 1] {
                        for zeta in wideZetas {
                            out.append(.angular(AngularFunction(kind: .g5, neighbors: (a, b), eta: eta, lambda: lambda, zeta: zeta,
                                                                cutoff: fc)))
                        }
                    }
                }
            }
        }
        return out
    }
}
