/// The radial symmetry functions G2 = Σ_j exp(−η (r_ij − r_s)²) f_c(r_ij), both passes.
extension DescriptorSet {
    /// Values, and each function's ∂G/∂r per neighbour into `scratch.radialSlope`.
    func radialValues(_ nb: NeighborSlots, _ values: UnsafeMutablePointer<Double>, _ scratch: Scratch) {
        let nr = radial.count
        for s in 0..<nb.count {
            let r = nb.r[s], t = nb.type[s]
            for q in radialStart[t]..<radialStart[t + 1] {
                let f = radial[q], g = gaussians[f.gaussian]
                let c = scratch.fc(f.cut)[s], e = scratch.gauss(f.gaussian)[s]
                values[f.index] += e * c
                scratch.radialSlope[s * nr + q] = e * (scratch.dfc(f.cut)[s] - 2 * g.eta * (r - g.shift) * c)
            }
        }
    }

    /// Adds Σ_n w_n ∂G_n/∂d_s over the radial functions to each neighbour's gradient.
    func radialGradients(_ nb: NeighborSlots, _ weights: UnsafePointer<Double>,
                         _ gradients: UnsafeMutablePointer<SIMD3<Double>>, _ scratch: Scratch) {
        let nr = radial.count
        guard radial.contains(where: { weights[$0.index] != 0 }) else { return }
        for s in 0..<nb.count {
            let t = nb.type[s]
            var slope = 0.0
            for q in radialStart[t]..<radialStart[t + 1] {
                slope += weights[radial[q].index] * scratch.radialSlope[s * nr + q]
            }
            gradients[s] += (slope / nb.r[s]) * nb.d[s]
        }
    }
}
