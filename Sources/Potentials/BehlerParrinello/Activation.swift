import Foundation

/// Activation function of a network layer; each returns its value and derivative together.
/// Raw values are the names used in `.pot` files.
public enum Activation: String, CaseIterable, Sendable {
    /// x
    case linear
    /// tanh x
    case tanh
    /// 1.7159 tanh(2x/3) (LeCun et al. 1998; aenet "mtanh")
    case scaledTanh = "scaled_tanh"
    /// 1.7159 tanh(2x/3) + 0.1 x (aenet "twist")
    case twistedTanh = "twisted_tanh"
    /// 1/(1 + e^−x)
    case sigmoid
    /// 1 − 1/(1 + e^−x) (n2p2 "S")
    case reverseSigmoid = "reverse_sigmoid"
    /// ln(1 + e^x)
    case softplus
    /// ln(1 + e^x) − ln 2 (SchNet's shifted softplus, 0 at x = 0)
    case shiftedSoftplus = "shifted_softplus"
    /// exp(−x²/2)
    case gaussian
    /// max(0, x)
    case relu
    /// cos x
    case cos
    /// e^−x
    case exp
    /// x²
    case harmonic

    /// The activation for an n2p2 `global_activation_short` letter.
    public init?(n2p2 letter: Substring) {
        switch letter {
        case "l": self = .linear
        case "t": self = .tanh
        case "s": self = .sigmoid
        case "S": self = .reverseSigmoid
        case "p": self = .softplus
        case "r": self = .relu
        case "g": self = .gaussian
        case "c": self = .cos
        case "e": self = .exp
        case "h": self = .harmonic
        default: return nil
        }
    }

    /// The activation for an aenet function code (0 linear, 1 tanh, 2 sigmoid, 3 mtanh, 4 twist).
    public init?(aenet code: Int) {
        switch code {
        case 0: self = .linear
        case 1: self = .tanh
        case 2: self = .sigmoid
        case 3: self = .scaledTanh
        case 4: self = .twistedTanh
        default: return nil
        }
    }

    static let ln2 = Foundation.log(2.0)

    /// f(x) and f'(x).
    @inline(__always)
    public func callAsFunction(_ x: Double) -> (Double, Double) {
        switch self {
        case .linear: return (x, 1)
        case .tanh:
            let t = Foundation.tanh(x)
            return (t, 1 - t * t)
        case .scaledTanh, .twistedTanh:
            let t = Foundation.tanh(2 * x / 3)
            let twist = self == .twistedTanh ? 0.1 : 0
            return (1.7159 * t + twist * x, 1.7159 * 2 / 3 * (1 - t * t) + twist)
        case .sigmoid:
            let s = 1 / (1 + Foundation.exp(-x))
            return (s, s * (1 - s))
        case .reverseSigmoid:
            let s = 1 / (1 + Foundation.exp(-x))
            return (1 - s, -s * (1 - s))
        case .softplus, .shiftedSoftplus:
            // ln(1 + e^x) = max(x, 0) + ln(1 + e^−|x|), stable for large |x|.
            let v = max(x, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(x)))
            return (self == .softplus ? v : v - Self.ln2, 1 / (1 + Foundation.exp(-x)))
        case .gaussian:
            let g = Foundation.exp(-0.5 * x * x)
            return (g, -x * g)
        case .relu: return x > 0 ? (x, 1) : (0, 0)
        case .cos: return (Foundation.cos(x), -Foundation.sin(x))
        case .exp:
            let e = Foundation.exp(-x)
            return (e, -e)
        case .harmonic: return (x * x, 2 * x)
        }
    }
}
