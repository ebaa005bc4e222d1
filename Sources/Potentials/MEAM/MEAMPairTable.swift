import Foundation

/// The MEAM pair potential φ_ab(r) of one pair of elements, obtained from the Rose binding
/// curve of the pair's reference structure (with the second-neighbour series of 2NN MEAM
/// and the ZBL blend at short range), tabulated and interpolated as LAMMPS does: 1000
/// points spaced 1.1 r_c / 1000 and a cubic through fourth-order finite-difference slopes.
struct MEAMPairTable: Sendable {
    /// Grid spacing, Å.
    let spacing: Double
    /// Cubic coefficients per interval: φ = c₀ + c₁p + c₂p² + c₃p³, p the fraction.
    let coefficients: [SIMD4<Double>]

    static let points = 1000

    init(_ p: MEAMParameters, _ a: Int, _ b: Int) {
        spacing = 1.1 * p.rc / Double(Self.points)
        let n = Self.points
        let values = (0..<n).map { p.tabulatedPhi(Double($0) * 1.1 * p.rc / Double(n), a, b) }
        var slope = [Double](repeating: 0, count: n)
        slope[0] = values[1] - values[0]
        slope[1] = 0.5 * (values[2] - values[0])
        slope[n - 2] = 0.5 * (values[n - 1] - values[n - 3])
        slope[n - 1] = 0
        for j in 2..<(n - 2) {
            slope[j] = ((values[j - 2] - values[j + 2]) + 8 * (values[j + 1] - values[j - 1])) / 12
        }
        coefficients = (0..<n).map { j in
            guard j < n - 1 else { return SIMD4(values[j], slope[j], 0, 0) }
            let step = values[j + 1] - values[j]
            return SIMD4(values[j], slope[j], 3 * step - 2 * slope[j] - slope[j + 1], slope[j] + slope[j + 1] - 2 * step)
        }
    }

    /// φ(r) (eV) and dφ/dr (eV/Å).
    @inline(__always)
    func callAsFunction(_ r: Double) -> (Double, Double) {
        var x = r / spacing
        let k = min(Int(x), Self.points - 2)
        x = min(x - Double(k), 1)
        let c = coefficients[k]
        return (((c[3] * x + c[2]) * x + c[1]) * x + c[0], ((3 * c[3] * x + 2 * c[2]) * x + c[1]) / spacing)
    }
}

extension MEAMParameters {
    /// Partial densities ρ₀…ρ₃ seen by an a atom and by a b atom at distance r in the
    /// a–b reference structure.
    func referenceDensities(_ r: Double, _ a: Int, _ b: Int) -> (SIMD4<Double>, SIMD4<Double>) {
        let ab = pair(a, b), lat = lattice[ab]
        func atomic(_ e: Int, _ x: Double) -> SIMD4<Double> {
            let d = x / re[pair(e, e)] - 1
            let w = ialloy == 1 ? SIMD4(1, t[e].x, t[e].y, t[e].z) : SIMD4<Double>(repeating: 1)
            return densityScale[e] * w * SIMD4(exp(-beta[e].x * d), exp(-beta[e].y * d), exp(-beta[e].z * d), exp(-beta[e].w * d))
        }
        let fa = atomic(a, r), fb = atomic(b, r)
        var ra = SIMD4<Double>.zero, rb = SIMD4<Double>.zero
        let z = lat.firstNeighbors
        ra[0] = z * fb[0]
        rb[0] = z * fa[0]
        let s = lat.shape
        for l in 1...3 where s[l - 1] != 0 {
            ra[l] = s[l - 1] * fb[l] * fb[l]
            rb[l] = s[l - 1] * fa[l] * fa[l]
        }
        if secondNeighbors[ab] {
            let shellA = lat.secondShell(cmin: cmin[triplet(a, a, b)], cmax: cmax[triplet(a, a, b)])
            let shellB = lat.secondShell(cmin: cmin[triplet(b, b, a)], cmax: cmax[triplet(b, b, a)])
            ra[0] += shellA.count * shellA.screening * atomic(a, shellA.ratio * r)[0]
            rb[0] += shellB.count * shellB.screening * atomic(b, shellB.ratio * r)[0]
        }
        return (ra, rb)
    }

    /// The embedding energy of an a atom in the a–b reference structure with partial
    /// densities `rho`, weighting its angular terms by `weights`.
    private func referenceEmbedding(_ a: Int, _ rho: SIMD4<Double>, weights: SIMD3<Double>) -> Double {
        var gamma = (weights * SIMD3(rho[1], rho[2], rho[3])).sum()
        gamma = rho[0] < 1e-14 ? 0 : gamma / (rho[0] * rho[0])
        let g = MEAMMath.g(gamma, ibar: ibar[a], smoothing: gammaSmoothing).0
        let background = dynamicBackground ? densityScale[a] * lattice[pair(a, a)].firstNeighbors : referenceDensity[a]
        return MEAMMath.embedding(a: embeddingScale[a], ec: ec[pair(a, a)], rhoBar: rho[0] / background * g,
                                  linearNegative: linearNegativeEmbedding).0
    }

    /// φ_ab(r) from the reference structure alone (first neighbours; eqn. I.16 of Huang
    /// et al., Modelling Simul. Mater. Sci. Eng. 3, 615 (1995)).
    func referencePhi(_ r: Double, _ a: Int, _ b: Int) -> Double {
        guard abs(r) >= 1e-20 else { return 0 }
        let (ra, rb) = referenceDensities(r, a, b)
        if ra[0] <= 1e-14 && rb[0] <= 1e-14 { return 0 }
        // In every supported reference structure an atom's neighbours are of the other element.
        let (wa, wb) = ialloy == 2 ? (t[a], t[b]) : (t[b], t[a])
        let fa = referenceEmbedding(a, ra, weights: wa)
        let fb = referenceEmbedding(b, rb, weights: wb)
        let ab = pair(a, b)
        let eu = MEAMMath.rose(r, re: re[ab], alpha: alpha[ab], ec: ec[ab], repuls: repuls[ab], attrac: attrac[ab],
                               form: eroseForm)
        return (2 * eu - fa - fb) / lattice[ab].firstNeighbors
    }

    /// Σₙ₌₁¹⁰ bⁿ φ(r aⁿ) with b = −Z₂S/Z₁ (Lee and Baskes eqn. 21), stopped at the first
    /// negligible term.
    func secondNeighborSeries(_ r: Double, _ a: Int, _ b: Int, z1: Double, shell: (count: Double, ratio: Double, screening: Double)) -> Double {
        guard shell.screening > 0 else { return 0 }
        let b2 = -shell.count * shell.screening / z1
        var sum = 0.0
        for k in 1...10 {
            let v = MEAMMath.power(b2, k) * referencePhi(r * MEAMMath.power(shell.ratio, k), a, b)
            if abs(v) < 1e-20 { break }
            sum += v
        }
        return sum
    }

    /// φ_ab(r) as LAMMPS tabulates it: with the second-neighbour terms when nn2 is set
    /// and the ZBL blend for α(r/r_e − 1) < −1 when zbl is set.
    func tabulatedPhi(_ r: Double, _ a: Int, _ b: Int) -> Double {
        let ab = pair(a, b), lat = lattice[ab]
        var phi = referencePhi(r, a, b)
        if secondNeighbors[ab] {
            let z1 = lat.firstNeighbors
            let shell = lat.secondShell(cmin: cmin[triplet(a, a, b)], cmax: cmax[triplet(a, a, b)])
            if [.b1, .b2, .dia].contains(lat) {
                // Second neighbours are like atoms: subtract their (2NN-corrected) a–a and b–b pair terms.
                let x = r * shell.ratio
                func like(_ e: Int) -> Double {
                    let own = lattice[pair(e, e)]
                    let ownShell = own.secondShell(cmin: cmin[triplet(e, e, e)], cmax: cmax[triplet(e, e, e)])
                    return referencePhi(x, e, e)
                        + secondNeighborSeries(x, e, e, z1: own.firstNeighbors, shell: (ownShell.count, ownShell.ratio, ownShell.screening))
                }
                let shellB = lat.secondShell(cmin: cmin[triplet(b, b, a)], cmax: cmax[triplet(b, b, a)])
                phi -= shell.count * shell.screening / (2 * z1) * like(a)
                phi -= shellB.count * shellB.screening / (2 * z1) * like(b)
            } else {
                phi += secondNeighborSeries(r, a, b, z1: z1, shell: shell)
            }
        }
        if zbl[ab] {
            let astar = alpha[ab] * (r / re[ab] - 1)
            if astar <= -3 {
                phi = MEAMMath.zbl(r, atomicNumber[a], atomicNumber[b])
            } else if astar < -1 {
                let f = MEAMMath.smoothStep(1 - (astar + 1) / (-3 + 1))
                phi = f * phi + (1 - f) * MEAMMath.zbl(r, atomicNumber[a], atomicNumber[b])
            }
        }
        return phi
    }
}
