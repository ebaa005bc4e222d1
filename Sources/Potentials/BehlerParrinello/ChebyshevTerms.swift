import Atoms

/// aenet's Chebyshev descriptor, both passes. The second pass recomputes the polynomials
/// (a cheap recursion; the cutoff functions are the scratch's) and folds the weights of
/// each value and of its spin-weighted copy into one coefficient per order.
extension DescriptorSet {
    /// The values of one Chebyshev block.
    func chebyshevValues(_ block: Chebyshev, _ nb: NeighborSlots, _ values: UnsafeMutablePointer<Double>,
                         _ scratch: Scratch) {
        let b = block.basis, offset = block.offset
        let nr = b.radialOrder + 1, na = b.angularOrder + 1
        let weighted = !b.spins.isEmpty
        let t = scratch.chebyshev, dt = scratch.chebyshevSlope
        for s in 0..<nb.count where nb.r[s] < b.radialCutoff {
            let f = scratch.fc(block.radialCut)[s]
            chebyshevPolynomials(2 * nb.r[s] / b.radialCutoff - 1, b.radialOrder, t, dt)
            let spin = weighted ? b.spins[nb.type[s]] : 0
            for n in 0..<nr {
                values[offset + n] += f * t[n]
                if weighted { values[offset + nr + na + n] += spin * (f * t[n]) }
            }
        }
        forEachAngularPair(block, nb) { j, k, cosine in
            let w = scratch.fc(block.angularCut)[j] * scratch.fc(block.angularCut)[k]
            chebyshevPolynomials(cosine, b.angularOrder, t, dt)
            let spin = weighted ? b.spins[nb.type[j]] * b.spins[nb.type[k]] : 0
            for n in 0..<na {
                values[offset + nr + n] += w * t[n]
                if weighted { values[offset + 2 * nr + na + n] += spin * w * t[n] }
            }
        }
    }

    /// Adds Σ_n w_n ∂G_n/∂d over one Chebyshev block to each neighbour's gradient.
    func chebyshevGradients(_ block: Chebyshev, _ nb: NeighborSlots, _ weights: UnsafePointer<Double>,
                            _ gradients: UnsafeMutablePointer<SIMD3<Double>>, _ scratch: Scratch) {
        let b = block.basis, offset = block.offset
        let nr = b.radialOrder + 1, na = b.angularOrder + 1
        let weighted = !b.spins.isEmpty
        guard (offset..<(offset + b.width)).contains(where: { weights[$0] != 0 }) else { return }
        let t = scratch.chebyshev, dt = scratch.chebyshevSlope
        /// The weight of value n of the block plus `spin` times that of its weighted copy.
        func weight(_ n: Int, _ spin: Double) -> Double {
            weighted ? weights[offset + n] + spin * weights[offset + nr + na + n] : weights[offset + n]
        }
        for s in 0..<nb.count where nb.r[s] < b.radialCutoff {
            let r = nb.r[s]
            let f = scratch.fc(block.radialCut)[s], df = scratch.dfc(block.radialCut)[s]
            chebyshevPolynomials(2 * r / b.radialCutoff - 1, b.radialOrder, t, dt)
            let spin = weighted ? b.spins[nb.type[s]] : 0
            var slope = 0.0
            for n in 0..<nr { slope += weight(n, spin) * (df * t[n] + f * dt[n] * 2 / b.radialCutoff) }
            gradients[s] += (slope / r) * nb.d[s]
        }
        forEachAngularPair(block, nb) { j, k, cosine in
            let d1 = nb.d[j], r1 = nb.r[j], d2 = nb.d[k], r2 = nb.r[k]
            let f1 = scratch.fc(block.angularCut)[j], df1 = scratch.dfc(block.angularCut)[j]
            let f2 = scratch.fc(block.angularCut)[k], df2 = scratch.dfc(block.angularCut)[k]
            chebyshevPolynomials(cosine, b.angularOrder, t, dt)
            let spin = weighted ? b.spins[nb.type[j]] * b.spins[nb.type[k]] : 0
            var sum = 0.0, slope = 0.0
            for n in 0..<na {
                let w = weight(nr + n, spin)
                sum += w * t[n]
                slope += w * dt[n]
            }
            let dCos = f1 * f2 * slope
            let (cos1, cos2) = cosineGradients(d1, r1, d2, r2, cosine)
            gradients[j] += dCos * cos1 + (sum * df1 * f2 / r1) * d1
            gradients[k] += dCos * cos2 + (sum * f1 * df2 / r2) * d2
        }
    }

    /// Calls `body(j, k, cos θ_jik)` for the neighbour pairs j < k within the block's angular cutoff.
    @inline(__always)
    func forEachAngularPair(_ block: Chebyshev, _ nb: NeighborSlots, _ body: (Int, Int, Double) -> Void) {
        let rc = block.basis.angularCutoff
        guard nb.count > 1 else { return }
        for j in 0..<(nb.count - 1) where nb.r[j] < rc {
            for k in (j + 1)..<nb.count where nb.r[k] < rc {
                body(j, k, dot(nb.d[j], nb.d[k]) / (nb.r[j] * nb.r[k]))
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
