import Foundation
import Potentials

extension Activation {
    /// Whether training accepts it as a hidden-layer activation: twice continuously
    /// differentiable, since the force loss needs f″ and forces from a non-smooth
    /// activation are discontinuous (relu is refused).
    public var isSmooth: Bool { self != .relu }

    /// f(x), f′(x) and f″(x) for the smooth activations.
    @inline(__always)
    func withCurvature(_ x: Double) -> (Double, Double, Double) {
        let (f, df) = self(x)
        switch self {
        case .linear, .relu: return (f, df, 0)
        case .tanh: return (f, df, -2 * f * df)
        case .scaledTanh, .twistedTanh:
            // f = a tanh(bx) (+ 0.1x): f″ = −2 a b² t (1 − t²), with t = tanh(bx).
            let t = Foundation.tanh(2 * x / 3)
            return (f, df, -2 * 1.7159 * (4.0 / 9) * t * (1 - t * t))
        case .sigmoid: return (f, df, df * (1 - 2 * f))
        case .reverseSigmoid: return (f, df, df * (1 - 2 * (1 - f)))
        case .softplus, .shiftedSoftplus: return (f, df, df * (1 - df))
        case .gaussian: return (f, df, (x * x - 1) * f)
        case .cos: return (f, df, -f)
        case .exp: return (f, df, f)
        case .harmonic: return (f, df, 2)
        }
    }
}
