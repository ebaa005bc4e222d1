import Potentials
import Validation

/// The loss of a direct-force network and its gradient in the parameters θ (three networks
/// in one `ParameterLayout`, one per frame axis): over a set of M atoms,
///
///     L = 1/(3M) Σ_a Σ_k (s y_k(x_a) − t_ak)²   ((eV/Å)²),
///
/// with y_k the network of axis k, s the force scale (eV/Å) and t the reference force in the
/// atom's frame. ∂L/∂θ by back-propagation (`NetworkKernel`, no allocation per atom).
public struct DirectForceObjective {
    public let data: DirectForceData
    public let layout: ParameterLayout
    /// s, eV/Å.
    public let forceScale: Double

    public init(data: DirectForceData, layout: ParameterLayout, forceScale: Double) {
        precondition(layout.networks.count == 3, "three networks, one per frame axis")
        self.data = data
        self.layout = layout
        self.forceScale = forceScale
    }

    /// L over `atoms` and (when `gradient`) ∂L/∂θ.
    public func evaluate(_ theta: [Double], atoms: [Int], gradient wanted: Bool = true) -> (loss: Double, gradient: [Double]) {
        let n = data.environment.inputCount, s = forceScale
        let kernels = layout.networks.map { NetworkKernel($0) }
        let zero = [Double](repeating: 0, count: n)
        var gradient = [Double](repeating: 0, count: wanted ? layout.count : 0)
        var loss = 0.0
        let norm = 1 / Double(max(3 * atoms.count, 1))
        theta.withUnsafeBufferPointer { th in
            data.inputs.withUnsafeBufferPointer { x in
                zero.withUnsafeBufferPointer { z in
                    gradient.withUnsafeMutableBufferPointer { g in
                        for a in atoms {
                            let xa = x.baseAddress! + a * n
                            for k in 0..<3 {
                                let r = s * kernels[k].forward(th.baseAddress!, xa) - data.targets[3 * a + k]
                                loss += r * r
                                if wanted {
                                    kernels[k].accumulateGradient(th.baseAddress!, xa, z.baseAddress!, alpha: 2 * s * r * norm,
                                                                  scale: 1, into: g.baseAddress!)
                                }
                            }
                        }
                    }
                }
            }
        }
        return (loss * norm, gradient)
    }

    /// The model's force on each of `atoms` in the lab frame, eV/Å.
    public func forces(_ theta: [Double], atoms: [Int]) -> [SIMD3<Double>] {
        let n = data.environment.inputCount
        let kernels = layout.networks.map { NetworkKernel($0) }
        return theta.withUnsafeBufferPointer { th in
            data.inputs.withUnsafeBufferPointer { x in
                atoms.map { a in
                    let y = SIMD3((0..<3).map { kernels[$0].forward(th.baseAddress!, x.baseAddress! + a * n) })
                    return data.axes[a].lab(forceScale * y)
                }
            }
        }
    }

    /// Force-component errors of `atoms` in the lab frame.
    public func errors(_ theta: [Double], atoms: [Int]) -> ErrorMetrics {
        let model = forces(theta, atoms: atoms)
        var predicted: [Double] = [], reference: [Double] = []
        for (a, f) in zip(atoms, model) {
            let t = data.axes[a].lab(SIMD3(data.targets[3 * a], data.targets[3 * a + 1], data.targets[3 * a + 2]))
            predicted += [f.x, f.y, f.z]
            reference += [t.x, t.y, t.z]
        }
        return ErrorMetrics(predicted: predicted, reference: reference)
    }
}
