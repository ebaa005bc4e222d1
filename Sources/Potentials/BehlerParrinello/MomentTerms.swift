/// The G5 functions of `AngularMoments`, both passes, in time linear in the neighbours.
extension DescriptorSet {
    /// Values: the monomials of each neighbour (kept in the scratch for `momentGradients`),
    /// the moments and diagonal sums of each channel, the sums S_n of each run.
    func momentValues(_ nb: NeighborSlots, _ values: UnsafeMutablePointer<Double>, _ scratch: Scratch) {
        let mo = moments, nm = mo.basis.count, degrees = mo.basis.degree + 1
        guard !mo.functions.isEmpty else { return }
        let mono = scratch.monomials, sums = scratch.moments, diagonal = scratch.momentDiagonal
        for q in 0..<(mo.channels.count * nm) { sums[q] = 0 }
        for c in 0..<mo.channels.count { diagonal[c] = 0 }
        for s in 0..<nb.count {
            let t = nb.type[s], row = mono + s * mo.basis.padded
            mo.basis.fill(nb.d[s] / nb.r[s], row)
            for i in nm..<mo.basis.padded { row[i] = 0 }
            for c in mo.channelStart[t]..<mo.channelStart[t + 1] {
                let channel = mo.channels[c]
                let g = scratch.fc(channel.cut)[s] * scratch.gauss(channel.gaussian)[s]
                guard g != 0 else { continue }
                let m = sums + c * nm
                var i = 0
                while i + 4 <= nm {
                    setLanes(m, i, lanes(m, i) + g * lanes(row, i))
                    i += 4
                }
                while i < nm {
                    m[i] += g * row[i]
                    i += 1
                }
                diagonal[c] += g * g
            }
        }
        let runSums = scratch.momentRun
        mo.basis.multiplicity.withUnsafeBufferPointer { mult in
            for (r, run) in mo.runs.enumerated() {
                let a = sums + run.first * nm, b = sums + run.second * nm
                for n in 0..<degrees {
                    var sum = 0.0
                    for i in mo.basis.degreeStart[n]..<mo.basis.degreeStart[n + 1] { sum += mult[i] * a[i] * b[i] }
                    runSums[r * degrees + n] = sum
                }
            }
        }
        for (f, function) in mo.functions.enumerated() {
            let run = mo.runs[function.run]
            var value = 0.0
            for n in 0..<degrees { value += mo.coefficients[f * degrees + n] * runSums[function.run * degrees + n] }
            values[function.index] = run.same ? 0.5 * (value - mo.diagonal[f] * diagonal[run.first]) : value
        }
    }

    /// Adds Σ_n w_n ∂G_n/∂d_s over the functions of `AngularMoments` to each neighbour's
    /// gradient. With Λ_α = ∂E/∂M_α and Δ = ∂E/∂D of each channel (E = Σ_n w_n G_n), a
    /// neighbour with radial factor g(r) and unit vector u = d/r gets, summed over its channels,
    ///
    ///     ∂E/∂d = g′ (Σ_α Λ_α u^α + 2 g Δ) u + (g/r) (Σ_α Λ_α ∇u^α − Σ_α |α| Λ_α u^α u),
    ///
    /// since ∂u/∂d = (1 − u uᵀ)/r and u · ∇u^α = |α| u^α.
    func momentGradients(_ nb: NeighborSlots, _ weights: UnsafePointer<Double>,
                         _ gradients: UnsafeMutablePointer<SIMD3<Double>>, _ scratch: Scratch) {
        let mo = moments, nm = mo.basis.count, degrees = mo.basis.degree + 1
        guard mo.functions.contains(where: { weights[$0.index] != 0 }) else { return }
        let runWeights = scratch.momentRun
        for q in 0..<(mo.runs.count * degrees) { runWeights[q] = 0 }
        let lambdas = scratch.momentSlope, deltas = scratch.momentDiagonalSlope
        for q in 0..<(mo.channels.count * nm) { lambdas[q] = 0 }
        for c in 0..<mo.channels.count { deltas[c] = 0 }
        for (f, function) in mo.functions.enumerated() where weights[function.index] != 0 {
            let w = weights[function.index], run = mo.runs[function.run]
            let half = run.same ? 0.5 : 1
            for n in 0..<degrees { runWeights[function.run * degrees + n] += half * w * mo.coefficients[f * degrees + n] }
            if run.same { deltas[run.first] -= 0.5 * w * mo.diagonal[f] }
        }
        let sums = scratch.moments
        mo.basis.multiplicity.withUnsafeBufferPointer { mult in
            for (r, run) in mo.runs.enumerated() {
                let a = sums + run.first * nm, b = sums + run.second * nm
                let la = lambdas + run.first * nm, lb = lambdas + run.second * nm
                for n in 0..<degrees {
                    let h = runWeights[r * degrees + n]
                    guard h != 0 else { continue }
                    for i in mo.basis.degreeStart[n]..<mo.basis.degreeStart[n + 1] {
                        la[i] += h * mult[i] * b[i]
                        lb[i] += h * mult[i] * a[i]
                    }
                }
            }
        }
        // Per channel five rows against the monomials: Λ_α, |α| Λ_α and the three rows
        // (b_x + 1) Λ_(β + e_x) whose sums with u^β are Σ_α Λ_α ∂u^α/∂u_x (and y, z).
        let padded = mo.basis.padded, table = scratch.momentTable
        for c in 0..<mo.channels.count {
            let l = lambdas + c * nm, rows = table + c * 5 * padded
            for q in 0..<(5 * padded) { rows[q] = 0 }
            for i in 0..<nm {
                rows[i] = l[i]
                rows[padded + i] = mo.basis.order[i] * l[i]
                for x in 0..<3 { rows[(2 + x) * padded + i] = mo.basis.raiseFactor[3 * i + x] * l[mo.basis.raise[3 * i + x]] }
            }
        }
        let mono = scratch.monomials
        for s in 0..<nb.count {
            let t = nb.type[s], row = mono + s * padded, r = nb.r[s]
            var radial = 0.0, degree = 0.0, tangent = SIMD3<Double>.zero
            for c in mo.channelStart[t]..<mo.channelStart[t + 1] {
                let channel = mo.channels[c], gauss = gaussians[channel.gaussian]
                let fc = scratch.fc(channel.cut)[s], e = scratch.gauss(channel.gaussian)[s]
                let g = fc * e
                guard g != 0 else { continue }
                let slope = e * (scratch.dfc(channel.cut)[s] - 2 * gauss.eta * (r - gauss.shift) * fc)
                let rows = table + c * 5 * padded
                var p = SIMD4<Double>.zero, order = p, dx = p, dy = p, dz = p
                var i = 0
                while i < padded {
                    let m = lanes(row, i)
                    p += lanes(rows, i) * m
                    order += lanes(rows + padded, i) * m
                    dx += lanes(rows + 2 * padded, i) * m
                    dy += lanes(rows + 3 * padded, i) * m
                    dz += lanes(rows + 4 * padded, i) * m
                    i += 4
                }
                radial += slope * (p.sum() + 2 * g * deltas[c])
                degree += g * order.sum()
                tangent += g * SIMD3(dx.sum(), dy.sum(), dz.sum())
            }
            let u = nb.d[s] / r
            gradients[s] += (radial - degree / r) * u + tangent / r
        }
    }
}
