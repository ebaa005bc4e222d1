import Foundation

/// A cutoff function f_c(r) that takes a descriptor smoothly to zero at the cutoff radius
/// r_c, with the kinds n2p2 offers (Singraber et al., J. Chem. Theory Comput. 15, 1827
/// (2019)) and aenet's cosine. Kinds with an inner radius r_ci = α r_c are 1 below r_ci
/// and follow the core function of x = (r − r_ci)/(r_c − r_ci) above it.
public struct CutoffFunction: Equatable, Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        /// 1 inside r_c (a step).
        case hard
        /// ½ (cos πx + 1) (Behler 2011; α = 0 is the classic form).
        case cos
        /// tanh³(1 − r/r_c), not 1 at r = 0 (n2p2 TANHU).
        case tanhu
        /// tanh³(1 − r/r_c) / tanh³(1), 1 at r = 0 (n2p2 TANH).
        case tanh
        /// 1 − 3x² + 2x³ (n2p2 POLY1).
        case poly1
        /// 1 − 10x³ + 15x⁴ − 6x⁵ (n2p2 POLY2).
        case poly2
        /// 1 − 35x⁴ + 84x⁵ − 70x⁶ + 20x⁷ (n2p2 POLY3).
        case poly3
        /// 1 − 126x⁵ + 420x⁶ − 540x⁷ + 315x⁸ − 70x⁹ (n2p2 POLY4).
        case poly4
        /// e · exp(1/(x² − 1)) (n2p2 EXP).
        case exp
    }

    public var kind: Kind
    /// Cutoff radius r_c, Å.
    public var radius: Double
    /// Inner radius as a fraction of r_c (0 ≤ α < 1); unused by hard, tanhu and tanh.
    public var alpha: Double

    public init(kind: Kind, radius: Double, alpha: Double = 0) {
        self.kind = kind
        self.radius = radius
        self.alpha = alpha
    }

    /// tanh³(1)⁻¹, the normalisation of `.tanh`.
    static let tanhNorm = 1 / Foundation.pow(Foundation.tanh(1.0), 3)

    /// f_c(r) and df_c/dr (1/Å) for r < r_c (the caller skips r ≥ r_c).
    @inline(__always)
    public func value(_ r: Double) -> (f: Double, df: Double) {
        switch kind {
        case .hard: return (1, 0)
        case .tanhu, .tanh:
            let t = Foundation.tanh(1 - r / radius)
            let t2 = t * t
            let norm = kind == .tanh ? Self.tanhNorm : 1
            return (norm * t * t2, norm * 3 * t2 * (t2 - 1) / radius)
        default:
            let inner = alpha * radius
            if r < inner { return (1, 0) }
            let width = 1 / (radius - inner)
            let x = (r - inner) * width
            let (f, df) = core(x)
            return (f, df * width)
        }
    }

    /// The core function of x ∈ [0, 1) and its derivative d/dx.
    @inline(__always)
    func core(_ x: Double) -> (Double, Double) {
        switch kind {
        case .cos:
            // With t = tan(πx/2): ½ (cos πx + 1) = 1/(1 + t²) and −½π sin πx = −π t/(1 + t²),
            // one libm call instead of two.
            let t = Foundation.tan(0.5 * Double.pi * x)
            let f = 1 / (1 + t * t)
            return (f, -Double.pi * t * f)
        case .poly1:
            return ((2 * x - 3) * x * x + 1, x * (6 * x - 6))
        case .poly2:
            let x2 = x * x
            return (((15 - 6 * x) * x - 10) * x * x2 + 1, x2 * ((60 - 30 * x) * x - 30))
        case .poly3:
            let x2 = x * x
            return ((x * (x * (20 * x - 70) + 84) - 35) * x2 * x2 + 1,
                    x2 * x * (x * (x * (140 * x - 420) + 420) - 140))
        case .poly4:
            let x4 = x * x * x * x
            return ((x * (x * ((315 - 70 * x) * x - 540) + 420) - 126) * x * x4 + 1,
                    x4 * (x * (x * ((2520 - 630 * x) * x - 3780) + 2520) - 630))
        case .exp:
            let t = 1 / (x * x - 1)
            let e = M_E * Foundation.exp(t)
            return (e, -2 * x * t * t * e)
        case .hard, .tanhu, .tanh:
            return (1, 0)
        }
    }
}
