import Atoms
import Foundation

/// One atom's sums over its neighbours j (each weighted by the screening s_ij) from which
/// the MEAM partial densities follow, in a flat row of `width` doubles: ρ₀ = Σ ρᵃ₀;
/// A¹ = Σ ρᵃ₁ û (3); A² = Σ ρᵃ₂ û⊗û (6 independent components); Σ ρᵃ₂; A³ = Σ ρᵃ₃ û⊗û⊗û
/// (10); Σ ρᵃ₃ û (3); Σ t_l ρᵃ₀ (3); Σ t_l² ρᵃ₀ (3). The same layout holds the adjoints
/// ∂E/∂(each sum).
struct MEAMDensityTerms {
    static let width = 30
    static let a1 = 1, a2 = 4, a2Trace = 10, a3 = 11, a3Trace = 21, tSum = 24, tSquaredSum = 27
    /// Components (m, n) of the symmetric A², with their multiplicities.
    static let pairs: [(Int, Int, Double)] = [(0, 0, 1), (0, 1, 2), (0, 2, 2), (1, 1, 1), (1, 2, 2), (2, 2, 1)]
    /// Components (m, n, p) of the symmetric A³, with their multiplicities.
    static let triples: [(Int, Int, Int, Double)] = [
        (0, 0, 0, 1), (0, 0, 1, 3), (0, 0, 2, 3), (0, 1, 1, 3), (0, 1, 2, 6),
        (0, 2, 2, 3), (1, 1, 1, 1), (1, 1, 2, 3), (1, 2, 2, 3), (2, 2, 2, 1),
    ]

    let v: UnsafeMutablePointer<Double>
    init(_ v: UnsafeMutablePointer<Double>) { self.v = v }

    /// The atomic densities ρᵃ₀…ρᵃ₃ of an element-`e` neighbour at r Å (times t_l when ialloy = 1) and their r-derivatives.
    @inline(__always)
    static func atomic(_ p: MEAMParameters, _ e: Int, _ r: Double) -> (SIMD4<Double>, SIMD4<Double>) {
        let x = r / p.re[p.pair(e, e)] - 1
        let b = p.beta[e]
        var rho = p.densityScale[e] * SIMD4(exp(-b.x * x), exp(-b.y * x), exp(-b.z * x), exp(-b.w * x))
        if p.ialloy == 1 { rho *= SIMD4(1, p.t[e].x, p.t[e].y, p.t[e].z) }
        return (rho, -b / p.re[p.pair(e, e)] * rho)
    }

    /// Adds neighbour of element `e` at vector d (length r, Å) with screening s.
    @inline(__always)
    func add(_ p: MEAMParameters, _ e: Int, _ d: SIMD3<Double>, _ r: Double, _ s: Double) {
        let rho = Self.atomic(p, e, r).0 * s
        let u = d / r
        v[0] += rho[0]
        for m in 0..<3 {
            v[Self.a1 + m] += rho[1] * u[m]
            v[Self.a3Trace + m] += rho[3] * u[m]
        }
        for (k, (m, n, _)) in Self.pairs.enumerated() { v[Self.a2 + k] += rho[2] * u[m] * u[n] }
        v[Self.a2Trace] += rho[2]
        for (k, (m, n, q, _)) in Self.triples.enumerated() { v[Self.a3 + k] += rho[3] * u[m] * u[n] * u[q] }
        let t = p.t[e]
        for l in 0..<3 {
            v[Self.tSum + l] += t[l] * rho[0]
            v[Self.tSquaredSum + l] += t[l] * t[l] * rho[0]
        }
    }

    /// The embedding energy F(ρ̄) (eV) of an atom of element `e` with these sums, writing
    /// ∂F/∂(each sum) into `adjoint`.
    func embed(_ p: MEAMParameters, _ e: Int, adjoint out: MEAMDensityTerms) -> Double {
        let rho0 = v[0]
        // Partial densities ρ₁, ρ₂, ρ₃ (squared magnitudes).
        var rho = SIMD3<Double>.zero
        for m in 0..<3 {
            rho[0] += v[Self.a1 + m] * v[Self.a1 + m]
            rho[2] -= 3.0 / 5.0 * v[Self.a3Trace + m] * v[Self.a3Trace + m]
        }
        for (k, (_, _, w)) in Self.pairs.enumerated() { rho[1] += w * v[Self.a2 + k] * v[Self.a2 + k] }
        rho[1] -= v[Self.a2Trace] * v[Self.a2Trace] / 3
        for (k, (_, _, _, w)) in Self.triples.enumerated() { rho[2] += w * v[Self.a3 + k] * v[Self.a3 + k] }
        // Average weights t̄.
        var tbar = SIMD3<Double>.zero
        switch p.ialloy {
        case 2: tbar = p.t[e]
        case 1:
            for l in 0..<3 where v[Self.tSquaredSum + l] != 0 { tbar[l] = v[Self.tSum + l] / v[Self.tSquaredSum + l] }
        default:
            if rho0 > 0 { for l in 0..<3 { tbar[l] = v[Self.tSum + l] / rho0 } }
        }
        let scale = rho0 > 0 ? 1 / (rho0 * rho0) : 1
        let gamma = (tbar * rho).sum() * scale
        let (g, dg) = MEAMMath.g(gamma, ibar: p.ibar[e], smoothing: p.gammaSmoothing)
        let background = p.dynamicBackground
            ? p.densityScale[e] * p.lattice[p.pair(e, e)].firstNeighbors : p.referenceDensity[e]
        let (f, df) = MEAMMath.embedding(a: p.embeddingScale[e], ec: p.ec[p.pair(e, e)], rhoBar: rho0 * g / background,
                                         linearNegative: p.linearNegativeEmbedding)
        let dGamma = df * rho0 * dg / background
        let dRho = dGamma * scale * tbar
        let dTbar = dGamma * scale * rho
        var dRho0 = df * g / background + (rho0 > 0 ? -2 * dGamma * gamma / rho0 : 0)
        for k in 0..<Self.width { out.v[k] = 0 }
        switch p.ialloy {
        case 2: break
        case 1:
            for l in 0..<3 where v[Self.tSquaredSum + l] != 0 {
                let q = v[Self.tSquaredSum + l]
                out.v[Self.tSum + l] = dTbar[l] / q
                out.v[Self.tSquaredSum + l] = -dTbar[l] * v[Self.tSum + l] / (q * q)
            }
        default:
            if rho0 > 0 {
                for l in 0..<3 {
                    out.v[Self.tSum + l] = dTbar[l] / rho0
                    dRho0 -= dTbar[l] * v[Self.tSum + l] / (rho0 * rho0)
                }
            }
        }
        out.v[0] = dRho0
        for m in 0..<3 {
            out.v[Self.a1 + m] = 2 * dRho[0] * v[Self.a1 + m]
            out.v[Self.a3Trace + m] = -6.0 / 5.0 * dRho[2] * v[Self.a3Trace + m]
        }
        for (k, (_, _, w)) in Self.pairs.enumerated() { out.v[Self.a2 + k] = 2 * w * dRho[1] * v[Self.a2 + k] }
        out.v[Self.a2Trace] = -2.0 / 3.0 * dRho[1] * v[Self.a2Trace]
        for (k, (_, _, _, w)) in Self.triples.enumerated() { out.v[Self.a3 + k] = 2 * w * dRho[2] * v[Self.a3 + k] }
        return f
    }

    /// For these adjoints, the neighbour of element `e` at d (length r) with screening s:
    /// ∂E/∂s and ∂E/∂d at fixed s.
    @inline(__always)
    func pullBack(_ p: MEAMParameters, _ e: Int, _ d: SIMD3<Double>, _ r: Double, _ s: Double) -> (Double, SIMD3<Double>) {
        let (rho, dRho) = Self.atomic(p, e, r)
        let u = d / r
        let t = p.t[e]
        var k0 = v[0]
        for l in 0..<3 { k0 += v[Self.tSum + l] * t[l] + v[Self.tSquaredSum + l] * t[l] * t[l] }
        // Angular contractions and their gradients with respect to û.
        var p1 = SIMD3<Double>.zero, p3b = SIMD3<Double>.zero
        for m in 0..<3 { p1[m] = v[Self.a1 + m]; p3b[m] = v[Self.a3Trace + m] }
        var q2 = 0.0, g2 = SIMD3<Double>.zero
        for (k, (m, n, _)) in Self.pairs.enumerated() {
            let c = v[Self.a2 + k]
            q2 += c * u[m] * u[n]
            g2[m] += c * u[n]
            g2[n] += c * u[m]
        }
        var q3 = 0.0, g3 = SIMD3<Double>.zero
        for (k, (m, n, q, _)) in Self.triples.enumerated() {
            let c = v[Self.a3 + k]
            q3 += c * u[m] * u[n] * u[q]
            g3[m] += c * u[n] * u[q]
            g3[n] += c * u[m] * u[q]
            g3[q] += c * u[m] * u[n]
        }
        let q1 = dot(p1, u)
        let a2 = q2 + v[Self.a2Trace], a3 = q3 + dot(p3b, u)
        let dS = rho[0] * k0 + rho[1] * q1 + rho[2] * a2 + rho[3] * a3
        let radial = dRho[0] * k0 + dRho[1] * q1 + dRho[2] * a2 + dRho[3] * a3
        let angular = rho[1] * p1 + rho[2] * g2 + rho[3] * (g3 + p3b)
        let gradient = s * (radial * u + (angular - dot(angular, u) * u) / r)
        return (dS, gradient)
    }
}
