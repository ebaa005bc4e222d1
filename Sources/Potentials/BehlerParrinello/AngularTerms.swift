import Atoms
import Foundation

/// The angular symmetry functions G4 and G5 over neighbour pairs j < k, both passes (the G5
/// with integer ζ up to `momentDegreeLimit` go to `MomentTerms` instead). For a
/// neighbour pair every function is 2^(1−ζ) (1 + λ cos θ)^ζ · e · f with e the product of
/// its Gaussians and f of its cutoff functions (at r_ij, r_ik, and for G4 r_jk). The
/// neighbour pairs are gathered first, species pair by species pair, into a table with
/// one column per quantity, which is then filled column by column: the functions of r_jk
/// once per pair, the powers once per (λ, ζ), e · f once per run of functions sharing
/// them; the sums go over (run, power) tables rather than function by function.
extension DescriptorSet {
    /// Columns of the neighbour-pair table (`Scratch.column`): cos θ, r_jk, f_c(r_jk) of each
    /// narrow cutoff, f_c'(r_jk) of each, exp(−η (r_jk − r_s)²) of each narrow Gaussian,
    /// 2^(1−ζ) (1 + λ cos θ)^ζ of each power, its derivative with respect to cos θ, and the
    /// `Work` columns.
    static let cosineColumn = 0, distanceColumn = 1
    var narrowCutoffColumn: Int { 2 }
    var narrowSlopeColumn: Int { narrowCutoffColumn + narrowCutoffs.count }
    var narrowGaussianColumn: Int { narrowSlopeColumn + narrowCutoffs.count }
    var powerColumn: Int { narrowGaussianColumn + narrowGaussians.count }
    var powerSlopeColumn: Int { powerColumn + powers.count }
    var workColumn: Int { powerSlopeColumn + powers.count }
    var pairColumnCount: Int { workColumn + Work.count }

    /// Work columns (after `workColumn`): e · f of one run, with e the product of its
    /// Gaussians and f of its cutoff functions; in the second pass the weighted sums V and S
    /// of one run's powers and of their slopes, the sums Σ V e, Σ η V e, Σ η r_s V e and
    /// Σ S e over the runs sharing one set of cutoffs, and the derivatives of Σ_n w_n G_n
    /// with respect to cos θ, r_ij, r_ik and r_jk over all runs.
    enum Work {
        static let ef = 0, value = 1, slope = 2, sumVE = 3, sumEtaVE = 4, sumEtaShiftVE = 5, sumSE = 6
        static let dCos = 7, dr1 = 8, dr2 = 9, dr3 = 10, count = 11
    }

    /// Values; the neighbour pairs and their columns stay in the scratch for `angularGradients`.
    func angularValues(_ nb: NeighborSlots, _ values: UnsafeMutablePointer<Double>, _ scratch: Scratch) {
        guard !angular.isEmpty else { return }
        let m = nb.count
        scratch.reservePairs(m * (m - 1) / 2)
        gatherPairs(nb, scratch)
        let count = scratch.pairCount, stride = scratch.columnStride
        let cosine = scratch.column(Self.cosineColumn), r3 = scratch.column(Self.distanceColumn)
        for u in 0..<narrowCutoffs.count {
            let cut = cutoffs[narrowCutoffs[u]]
            let f = scratch.column(narrowCutoffColumn + u), df = scratch.column(narrowSlopeColumn + u)
            for t in 0..<count { (f[t], df[t]) = r3[t] < cut.radius ? cut.value(r3[t]) : (0, 0) }
        }
        narrowGaussianPowers.fill(distances: r3, count: count, into: scratch.column(narrowGaussianColumn), stride: stride)
        let np = powers.count, power = scratch.column(powerColumn), powerSlope = scratch.column(powerSlopeColumn)
        for p in 0..<np { powers[p].values(cosine, count: count, power + p * stride, powerSlope + p * stride) }
        let sums = scratch.runPower, ef = scratch.column(workColumn + Work.ef)
        for q in 0..<(runs.count * np) { sums[q] = 0 }
        for pair in 0..<(speciesCount * speciesCount) {
            let pairs = scratch.pairStart[pair]..<scratch.pairStart[pair + 1]
            for run in runStart[pair]..<runStart[pair + 1] {
                runFactors(run, pairs, scratch)
                let first = pairs.lowerBound
                for p in 0..<np {
                    sums[run * np + p] += dotProduct(power + p * stride + first, ef + first, count: pairs.count)
                }
            }
        }
        for f in angular { values[f.index] = sums[f.run * np + f.power] }
    }

    /// Fills the pair table of the scratch: for each species pair with angular functions,
    /// the neighbour pairs j < k of that species pair within its reach (and, when it has
    /// only G4 functions, with r_jk within it), with cos θ_jik and r_jk. The neighbours
    /// within the reach are listed first, so that with angular cutoffs shorter than the
    /// radial ones the double loop visits only them.
    func gatherPairs(_ nb: NeighborSlots, _ scratch: Scratch) {
        let m = nb.count, ns = speciesCount
        let cosine = scratch.column(Self.cosineColumn), r3 = scratch.column(Self.distanceColumn)
        let near = scratch.near
        var count = 0
        for pair in 0..<(ns * ns) {
            scratch.pairStart[pair] = count
            let reach = pairReach[pair], wide = pairHasWide[pair]
            guard m > 1, runStart[pair] < runStart[pair + 1] else { continue }
            var n = 0
            for s in 0..<m {
                near[n] = s
                n += nb.r[s] < reach ? 1 : 0
            }
            for a in 0..<max(0, n - 1) {
                let j = near[a]
                let d1 = nb.d[j], r1 = nb.r[j], t1 = nb.type[j]
                for b in (a + 1)..<n {
                    let k = near[b], t2 = nb.type[k]
                    guard min(t1, t2) * ns + max(t1, t2) == pair else { continue }
                    // Written in any case and kept by advancing `count`: no branch to mispredict.
                    let d2 = nb.d[k], r2 = nb.r[k]
                    let r3Squared = lengthSquared(d2 - d1)
                    scratch.pairs[count] = SIMD2(Int32(truncatingIfNeeded: j), Int32(truncatingIfNeeded: k))
                    cosine[count] = dot(d1, d2) / (r1 * r2)
                    r3[count] = r3Squared.squareRoot()
                    count += wide || r3Squared < reach * reach ? 1 : 0
                }
            }
        }
        scratch.pairStart[ns * ns] = count
    }

    /// The e · f work column for one run and its neighbour pairs.
    func runFactors(_ run: Int, _ pairs: Range<Int>, _ scratch: Scratch) {
        let r = runs[run], ef = scratch.column(workColumn + Work.ef)
        let fc = scratch.fc(r.cut), gauss = scratch.gauss(r.gaussian)
        for t in pairs {
            let j = Int(scratch.pairs[t].x), k = Int(scratch.pairs[t].y)
            ef[t] = gauss[j] * gauss[k] * fc[j] * fc[k]
        }
        if r.narrowCut >= 0 {
            let fc3 = scratch.column(narrowCutoffColumn + r.narrowCut), gauss3 = scratch.column(narrowGaussianColumn + r.narrowGaussian)
            for t in pairs { ef[t] *= gauss3[t] * fc3[t] }
        }
    }

    /// Adds Σ_n w_n ∂G_n/∂d over the angular functions to the gradients of both neighbours
    /// of each pair kept by `angularValues`: the derivatives with respect to cos θ, r_ij,
    /// r_ik and r_jk of each pair first, then one vector update per pair. For the runs
    /// sharing cutoffs (product f, with ∂f/∂r_ij written f₁) and a pair, with V and S the
    /// weighted sums of a run's powers and slopes and e its Gaussians,
    ///
    ///     ∂/∂cos θ = f Σ S e,   ∂/∂r_ij = f₁ Σ V e − 2 f (r_ij Σ η V e − Σ η r_s V e),
    ///
    /// and the same for r_ik and (G4) r_jk.
    func angularGradients(_ nb: NeighborSlots, _ weights: UnsafePointer<Double>,
                          _ gradients: UnsafeMutablePointer<SIMD3<Double>>, _ scratch: Scratch) {
        let count = scratch.pairCount, stride = scratch.columnStride
        let np = powers.count
        let runWeights = scratch.runPower
        for q in 0..<(runs.count * np) { runWeights[q] = 0 }
        var weighted = false
        for f in angular where weights[f.index] != 0 {
            runWeights[f.run * np + f.power] += weights[f.index]
            weighted = true
        }
        guard weighted else { return }
        let power = scratch.column(powerColumn), powerSlope = scratch.column(powerSlopeColumn)
        let r3 = scratch.column(Self.distanceColumn), work = scratch.column(workColumn)
        let value = work + Work.value * stride, slope = work + Work.slope * stride
        let sumVE = work + Work.sumVE * stride, sumEtaVE = work + Work.sumEtaVE * stride
        let sumEtaShiftVE = work + Work.sumEtaShiftVE * stride, sumSE = work + Work.sumSE * stride
        let dCos = work + Work.dCos * stride, dr1 = work + Work.dr1 * stride
        let dr2 = work + Work.dr2 * stride, dr3 = work + Work.dr3 * stride
        for t in 0..<count { (dCos[t], dr1[t], dr2[t], dr3[t]) = (0, 0, 0, 0) }
        for pair in 0..<(speciesCount * speciesCount) {
            let pairs = scratch.pairStart[pair]..<scratch.pairStart[pair + 1], first = pairs.lowerBound
            var run = runStart[pair]
            while run < runStart[pair + 1] {
                let cut = runs[run].cut, narrowCut = runs[run].narrowCut, narrow = narrowCut >= 0
                for t in pairs { (sumVE[t], sumEtaVE[t], sumEtaShiftVE[t], sumSE[t]) = (0, 0, 0, 0) }
                var classWeighted = false
                while run < runStart[pair + 1] && runs[run].cut == cut && runs[run].narrowCut == narrowCut {
                    defer { run += 1 }
                    let w = runWeights + run * np
                    guard (0..<np).contains(where: { w[$0] != 0 }) else { continue }
                    classWeighted = true
                    combineRows(w, rows: np, of: power + first, stride: stride, count: pairs.count, into: value + first)
                    combineRows(w, rows: np, of: powerSlope + first, stride: stride, count: pairs.count, into: slope + first)
                    let r = runs[run], g = gaussians[r.gaussian], gauss = scratch.gauss(r.gaussian)
                    let gauss3 = scratch.column(narrowGaussianColumn + max(0, r.narrowGaussian))
                    for t in pairs {
                        let j = Int(scratch.pairs[t].x), k = Int(scratch.pairs[t].y)
                        let e = gauss[j] * gauss[k] * (narrow ? gauss3[t] : 1)
                        let ve = value[t] * e
                        sumVE[t] += ve
                        sumEtaVE[t] += g.eta * ve
                        sumEtaShiftVE[t] += g.eta * g.shift * ve
                        sumSE[t] += slope[t] * e
                    }
                }
                guard classWeighted else { continue }
                let fc = scratch.fc(cut), dfc = scratch.dfc(cut)
                let fc3 = scratch.column(narrowCutoffColumn + max(0, narrowCut))
                let dfc3 = scratch.column(narrowSlopeColumn + max(0, narrowCut))
                for t in pairs {
                    let j = Int(scratch.pairs[t].x), k = Int(scratch.pairs[t].y)
                    let f3 = narrow ? fc3[t] : 1
                    let f12 = fc[j] * fc[k], f = f12 * f3
                    dCos[t] += f * sumSE[t]
                    dr1[t] += dfc[j] * fc[k] * f3 * sumVE[t] - 2 * f * (nb.r[j] * sumEtaVE[t] - sumEtaShiftVE[t])
                    dr2[t] += fc[j] * dfc[k] * f3 * sumVE[t] - 2 * f * (nb.r[k] * sumEtaVE[t] - sumEtaShiftVE[t])
                    if narrow { dr3[t] += f12 * dfc3[t] * sumVE[t] - 2 * f * (r3[t] * sumEtaVE[t] - sumEtaShiftVE[t]) }
                }
            }
        }
        let cosine = scratch.column(Self.cosineColumn)
        for t in 0..<count {
            let j = Int(scratch.pairs[t].x), k = Int(scratch.pairs[t].y)
            let d1 = nb.d[j], r1 = nb.r[j], d2 = nb.d[k], r2 = nb.r[k]
            let g3 = dr3[t] == 0 ? SIMD3<Double>.zero : (dr3[t] / r3[t]) * (d2 - d1)
            let (cos1, cos2) = cosineGradients(d1, r1, d2, r2, cosine[t])
            gradients[j] += dCos[t] * cos1 + (dr1[t] / r1) * d1 - g3
            gradients[k] += dCos[t] * cos2 + (dr2[t] / r2) * d2 + g3
        }
    }
}

extension DescriptorSet.Power {
    /// 2^(1−ζ) (1 + λ cos θ)^ζ and its derivative with respect to cos θ (0 and 0 where
    /// 1 + λ cos θ ≤ 0).
    @inline(__always)
    func value(_ cosine: Double) -> (Double, Double) {
        let base = 1 + lambda * cosine
        guard base > 0 else { return (0, 0) }
        let lower = integerZeta > 0 ? powInt(base, integerZeta - 1) : Foundation.pow(base, zeta - 1)
        return (norm * lower * base, norm * zeta * lambda * lower)
    }

    /// `value` of `count` cosines into `values` and `slopes`, four at a time for integer ζ.
    func values(_ cosines: UnsafePointer<Double>, count: Int, _ values: UnsafeMutablePointer<Double>,
                _ slopes: UnsafeMutablePointer<Double>) {
        var t = 0
        if integerZeta > 0 {
            while t + 4 <= count {
                let base = 1 + lambda * lanes(cosines, t)
                var lower = SIMD4<Double>(repeating: 1), square = base, e = integerZeta - 1
                while e > 0 {
                    if e & 1 == 1 { lower *= square }
                    square *= square
                    e >>= 1
                }
                let outside = base .<= 0
                setLanes(values, t, (norm * lower * base).replacing(with: 0, where: outside))
                setLanes(slopes, t, (norm * zeta * lambda * lower).replacing(with: 0, where: outside))
                t += 4
            }
        }
        while t < count {
            (values[t], slopes[t]) = value(cosines[t])
            t += 1
        }
    }
}

/// ∂cos θ/∂d1 and ∂cos θ/∂d2 for the angle θ between d1 and d2 (lengths r1, r2).
@inline(__always)
func cosineGradients(_ d1: SIMD3<Double>, _ r1: Double, _ d2: SIMD3<Double>, _ r2: Double,
                     _ cosine: Double) -> (SIMD3<Double>, SIMD3<Double>) {
    let inv12 = 1 / (r1 * r2)
    let a: SIMD3<Double> = inv12 * d2 - (cosine / (r1 * r1)) * d1
    let b: SIMD3<Double> = inv12 * d1 - (cosine / (r2 * r2)) * d2
    return (a, b)
}

/// x^n for n ≥ 0 by repeated squaring.
@inline(__always)
func powInt(_ x: Double, _ n: Int) -> Double {
    var result = 1.0, base = x, e = n
    while e > 0 {
        if e & 1 == 1 { result *= base }
        base *= base
        e >>= 1
    }
    return result
}
