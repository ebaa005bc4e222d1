import Atoms
import Potentials

/// Per-thread buffers for predictions and loss gradients: one network kernel per species
/// and the input-sized vectors.
final class LossWorkspace {
    let kernels: [NetworkKernel]
    let x: UnsafeMutablePointer<Double>, slope: UnsafeMutablePointer<Double>
    let direction: UnsafeMutablePointer<Double>

    init(_ layout: ParameterLayout) {
        kernels = layout.networks.map { NetworkKernel($0) }
        let widest = layout.widest
        x = .allocate(capacity: widest)
        slope = .allocate(capacity: widest)
        direction = .allocate(capacity: widest)
    }

    deinit { x.deallocate(); slope.deallocate(); direction.deallocate() }
}

/// The loss of one example and its gradient with respect to θ.
///
/// Forces and stress come from g_s = ∂E_i/∂d_s = Σ_n (∂E_i/∂G_n) ∂G_n/∂d_s for each
/// neighbour vector d_s of each atom i (F_i += g_s, F_j −= g_s, ∂E/∂ε = Σ g_s ⊗ d_s). The
/// gradient of the force and stress terms, Σ_k δ_k·∂F_k/∂θ + Σ_ab D_ab ∂(∂E/∂ε_ab)/∂θ
/// with δ_k and D the loss derivatives, is then Σ_i Σ_s t_s·∂g_s/∂θ with
/// t_s = δ_i − δ_j + D d_s, which for each atom is the weight gradient of the network's
/// directional derivative along x′_n = a_n Σ_s t_s·∂G_n/∂d_s (a_n the input scaling):
/// one forward-mode and one backward pass per atom (`NetworkKernel.accumulateGradient`).
enum StructureLoss {
    /// Energy, forces and stress of `example` with parameters θ.
    static func predict(_ example: Example, _ model: TrainableModel, _ theta: UnsafePointer<Double>,
                        _ w: LossWorkspace) -> Prediction {
        let table = example.table
        var energy = 0.0
        var forces = [SIMD3<Double>](repeating: .zero, count: table.count)
        var virial = Matrix3.zero
        forEachAtom(example, model, theta, w) { i, t, y, derivatives, vectors in
            let width = table.widths[t], kernel = w.kernels[t], factor = model.scaling[t].factor
            energy += model.energyScale * y + model.referenceEnergies[t]
            kernel.inputGradient(theta, w.slope)
            for n in 0..<width { w.slope[n] *= model.energyScale * factor[n] }
            var gi = SIMD3<Double>.zero
            var dg = derivatives
            for slot in table.slotStart[i]..<table.slotStart[i + 1] {
                var g = SIMD3<Double>.zero
                for n in 0..<width {
                    let c = w.slope[n]
                    g.x += c * dg[3 * n]
                    g.y += c * dg[3 * n + 1]
                    g.z += c * dg[3 * n + 2]
                }
                dg += 3 * width
                gi += g
                forces[Int(table.neighbor[slot])] -= g
                let d = SIMD3(vectors[3 * slot], vectors[3 * slot + 1], vectors[3 * slot + 2])
                virial.rows.0 += g.x * d
                virial.rows.1 += g.y * d
                virial.rows.2 += g.z * d
            }
            forces[i] += gi
        }
        let volume = example.frame.structure.cell.volume
        return Prediction(energy: energy, forces: forces, stress: (1 / volume) * virial.symmetrized)
    }

    @inline(__always)
    static func scale(_ g: UnsafePointer<Double>, _ s: InputScaling, _ width: Int, into x: UnsafeMutablePointer<Double>) {
        for n in 0..<width { x[n] = s.factor[n] * (g[n] - s.shift[n]) + s.offset[n] }
    }

    /// The loss of `example` (see `LossWeights`); adds `factor ×` its gradient to `gradient`.
    static func lossAndGradient(_ example: Example, _ model: TrainableModel, _ theta: UnsafePointer<Double>,
                                _ weights: LossWeights, factor: Double, _ w: LossWorkspace,
                                gradient: UnsafeMutablePointer<Double>?) -> Double {
        let p = predict(example, model, theta, w)
        let frame = example.frame
        let n = Double(example.atomCount)
        var loss = 0.0
        // dL/dE, δ_k = dL/dF_k, D = dL/d(∂E/∂ε).
        var alpha = 0.0
        var delta: [SIMD3<Double>]? = nil
        var strainCoefficient = Matrix3.zero
        if let e = frame.energy, weights.energy > 0 {
            let error = (p.energy - e) / n
            loss += weights.energy * error * error
            alpha = 2 * weights.energy * error / n
        }
        if let f = frame.forces, weights.force > 0 {
            let c = weights.force * example.forceWeight / (3 * n)
            var sum = 0.0
            delta = zip(p.forces, f).map { predicted, reference in
                let e = predicted - reference
                sum += dot(e, e)
                return 2 * c * e
            }
            loss += c * sum
        }
        if let sigma = frame.stress, weights.stress > 0 {
            let gpa = Units.eVPerA3InGPa, volume = frame.structure.cell.volume
            let error = p.stress - sigma
            switch weights.stressTerm {
            case .pressure:
                let dp = -error.trace / 3 * gpa
                loss += weights.stress * dp * dp
                strainCoefficient = (-2 * weights.stress * dp * gpa / (3 * volume)) * Matrix3.identity
            case .stress:
                let squares = error.rows.0 * error.rows.0 + error.rows.1 * error.rows.1 + error.rows.2 * error.rows.2
                loss += weights.stress * gpa * gpa / 9 * (squares.x + squares.y + squares.z)
                strainCoefficient = (2 * weights.stress * gpa * gpa / (9 * volume)) * error
            }
        }
        if let gradient {
            accumulate(example, model, theta, alpha: factor * alpha, delta: delta, strain: factor * strainCoefficient,
                       factor: factor, w, gradient)
        }
        return loss
    }

    /// Adds Σ_i s ∂(α y_i + y′_i)/∂θ, the directions x′ built from δ (scaled by `factor`) and D.
    static func accumulate(_ example: Example, _ model: TrainableModel, _ theta: UnsafePointer<Double>,
                           alpha: Double, delta: [SIMD3<Double>]?, strain: Matrix3, factor: Double,
                           _ w: LossWorkspace, _ gradient: UnsafeMutablePointer<Double>) {
        let table = example.table
        let delta = delta.map { $0.map { factor * $0 } } ?? [SIMD3<Double>](repeating: .zero, count: table.count)
        forEachAtom(example, model, theta, w) { i, t, _, derivatives, vectors in
            let width = table.widths[t], scaling = model.scaling[t].factor
            for k in 0..<width { w.direction[k] = 0 }
            var dg = derivatives
            for slot in table.slotStart[i]..<table.slotStart[i + 1] {
                let d = SIMD3(vectors[3 * slot], vectors[3 * slot + 1], vectors[3 * slot + 2])
                let ts = delta[i] - delta[Int(table.neighbor[slot])] + strain * d
                for k in 0..<width {
                    w.direction[k] += ts.x * dg[3 * k] + ts.y * dg[3 * k + 1] + ts.z * dg[3 * k + 2]
                }
                dg += 3 * width
            }
            for k in 0..<width { w.direction[k] *= scaling[k] }
            w.kernels[t].accumulateGradient(theta, w.x, w.direction, alpha: alpha, scale: model.energyScale, into: gradient)
        }
    }

    /// For each atom i of `example`: scales its descriptors into `w.x`, runs its network
    /// forward, and calls `body(i, species, output y, ∂G/∂d of its first slot, all slot vectors)`.
    @inline(__always)
    static func forEachAtom(_ example: Example, _ model: TrainableModel, _ theta: UnsafePointer<Double>, _ w: LossWorkspace,
                            _ body: (_ i: Int, _ t: Int, _ y: Double, _ derivatives: UnsafePointer<Double>,
                                     _ vectors: UnsafePointer<Double>) -> Void) {
        let table = example.table
        table.values.withUnsafeBufferPointer { values in
            table.derivatives.withUnsafeBufferPointer { derivatives in
                table.vectors.withUnsafeBufferPointer { vectors in
                    for i in 0..<table.count {
                        let t = table.types[i]
                        scale(values.baseAddress! + table.valueStart[i], model.scaling[t], table.widths[t], into: w.x)
                        let y = w.kernels[t].forward(theta, w.x)
                        body(i, t, y, derivatives.baseAddress! + 3 * table.derivativeStart[i], vectors.baseAddress!)
                    }
                }
            }
        }
    }
}
