import Atoms
import Foundation
import LinearAlgebra

/// Frequencies (THz, ascending; imaginary modes negative) and eigenvectors at one q.
public struct PhononModes: Sendable {
    /// q in reduced coordinates of the primitive reciprocal lattice.
    public let q: SIMD3<Double>
    public let frequencies: [Double]
    /// Column-major eigenvectors: component (atom p, direction α) of mode k at
    /// `eigenvectors[k * 3n + 3p + α]`.
    public let eigenvectors: [Complex]
}

/// The dynamical matrix built as phonopy builds it: for each primitive atom p and supercell
/// atom j, the shortest vectors from p to the periodic images of j; when several images are
/// equally short they share Φ(p, j) equally (multiplicity), so that q-points that are not
/// commensurate with the supercell are interpolated the same way. Phase exp(2πi q·v), v in
/// reduced primitive coordinates (phonopy's convention with atomic positions).
public struct DynamicalMatrix: Sendable {
    public let forceConstants: ForceConstants
    /// Number of primitive atoms.
    public let atoms: Int
    /// Per term (p, j), flat: the row atom p, the column atom (primitive atom of j),
    /// Φ(p, j)/√(m_p m_j) divided by the multiplicity (nine numbers per term, row-major),
    /// and the term's first vector in the vector arrays (`vectorStart` has one entry more
    /// than there are terms).
    let termRow: [Int]
    let termColumn: [Int]
    let termWeight: [Double]
    let vectorStart: [Int]
    /// Each shortest vector v (reduced primitive coordinates) as δ(p, p') + R + ε: R an
    /// integer lattice vector, δ(p, p') = f_p' − f_p of the primitive positions (in
    /// `pairOffset[p * atoms + p']`) and ε the round-off rest. exp(2πi q·v) is then a product
    /// of per-axis tables exp(2πi q_k R_k), one phase per atom pair and (only where ε is not
    /// negligible: beyond 1e-13 in some component, i.e. a phase error above ~1e-12 rad)
    /// a small correction: few sines and cosines per q.
    let vectorLattice: [SIMD3<Int>]
    let vectorRest: [SIMD3<Double>]
    let pairOffset: [SIMD3<Double>]
    /// Largest |R_k| per axis.
    let reach: SIMD3<Int>

    /// Frequency unit: √(eV/Å²/amu)/(2π) in THz.
    public static let toTHz = Units.frequencyTHz

    public init(_ fc: ForceConstants, tolerance: Double = 1e-5) {
        forceConstants = fc
        let s = fc.supercell
        let prim = s.primitive.structure
        atoms = prim.count
        let superCell = s.structure.cell
        let toPrimitive = prim.cell.matrix.inverse
        let fractional = prim.positions.map { $0 * toPrimitive }
        var pairOffset: [SIMD3<Double>] = []
        for p in 0..<atoms { for q in 0..<atoms { pairOffset.append(fractional[q] - fractional[p]) } }
        var termRow: [Int] = [], termColumn: [Int] = [], termWeight: [Double] = [], vectorStart = [0]
        var vectorLattice: [SIMD3<Int>] = [], vectorRest: [SIMD3<Double>] = []
        var reach = SIMD3<Int>.zero
        for (k, p) in s.primitiveToSupercell.enumerated() {
            let rp = s.structure.positions[p]
            for j in 0..<s.structure.count {
                let target = s.primitiveAtom[j]
                let d0 = superCell.wrap(s.structure.positions[j] - rp + superCell.cartesian(SIMD3(repeating: 0.5)))
                    - superCell.cartesian(SIMD3(repeating: 0.5))
                var candidates: [SIMD3<Double>] = []
                for a in -2...2 { for b in -2...2 { for c in -2...2 {
                    candidates.append(d0 + superCell.cartesian(SIMD3(Double(a), Double(b), Double(c))))
                }}}
                let shortest = candidates.map(length).min()!
                let vectors = candidates.filter { length($0) < shortest + tolerance }
                let m = 1 / (s.structure.masses[p] * s.structure.masses[j]).squareRoot()
                let weight = m / Double(vectors.count)
                termRow.append(k)
                termColumn.append(target)
                termWeight += (weight * fc.phi[k][j]).rowMajor
                for v in vectors {
                    let lattice = v * toPrimitive - pairOffset[k * atoms + target]
                    let r = lattice.rounded(.toNearestOrEven)
                    let ri = SIMD3(Int(r.x), Int(r.y), Int(r.z))
                    vectorLattice.append(ri)
                    let rest = lattice - r
                    vectorRest.append(max(abs(rest.x), abs(rest.y), abs(rest.z)) > 1e-13 ? rest : .zero)
                    reach = pointwiseMax(reach, SIMD3(abs(ri.x), abs(ri.y), abs(ri.z)))
                }
                vectorStart.append(vectorLattice.count)
            }
        }
        self.termRow = termRow
        self.termColumn = termColumn
        self.termWeight = termWeight
        self.vectorStart = vectorStart
        self.vectorLattice = vectorLattice
        self.vectorRest = vectorRest
        self.pairOffset = pairOffset
        self.reach = reach
    }

    /// The Hermitian dynamical matrix at q (reduced), column-major 3n×3n, eV/Å²/amu.
    public func matrix(at q: SIMD3<Double>) -> [Complex] {
        let n3 = 3 * atoms
        var d = [Complex](repeating: Complex(real: 0, imag: 0), count: n3 * n3)
        // exp(2πi q_k m) for m = −reach_k … reach_k, axis k at offset k * width.
        let width = 2 * reach.max() + 1
        var axis = [SIMD2<Double>](repeating: .zero, count: 3 * width)
        for k in 0..<3 {
            for m in -reach[k]...reach[k] {
                let phase = 2 * Double.pi * q[k] * Double(m)
                axis[k * width + m + reach[k]] = SIMD2(cos(phase), sin(phase))
            }
        }
        let pair = pairOffset.map { o -> SIMD2<Double> in
            let phase = 2 * Double.pi * dot(q, o)
            return SIMD2(cos(phase), sin(phase))
        }
        /// (a + ib)(c + id).
        func times(_ x: SIMD2<Double>, _ y: SIMD2<Double>) -> SIMD2<Double> {
            SIMD2(x.x * y.x - x.y * y.y, x.x * y.y + x.y * y.x)
        }
        // Per 3×3 block (p, p'): Σ_terms Φ/√(m m') · phase, the nine elements (row-major)
        // as eight SIMD lanes and one scalar, real and imaginary parts apart.
        let blocks = atoms * atoms
        var lanesRe = [SIMD8<Double>](repeating: .zero, count: blocks), lanesIm = lanesRe
        var lastRe = [Double](repeating: 0, count: blocks), lastIm = lastRe
        termWeight.withUnsafeBufferPointer { weights in
            for t in termRow.indices {
                let block = termRow[t] * atoms + termColumn[t]
                var sum = SIMD2<Double>.zero
                for v in vectorStart[t]..<vectorStart[t + 1] {
                    let r = vectorLattice[v] &+ reach
                    var phase = times(times(axis[r.x], axis[width + r.y]), axis[2 * width + r.z])
                    let rest = vectorRest[v]
                    if rest != .zero {
                        let theta = 2 * Double.pi * dot(q, rest)
                        // Below 1e-5 rad the series 1 − θ²/2, θ is exact to round-off.
                        let correction = abs(theta) < 1e-5 ? SIMD2(1 - theta * theta / 2, theta) : SIMD2(cos(theta), sin(theta))
                        phase = times(phase, correction)
                    }
                    sum += phase
                }
                let phase = times(sum, pair[block])
                let w = UnsafeRawPointer(weights.baseAddress! + 9 * t).loadUnaligned(as: SIMD8<Double>.self)
                lanesRe[block] += w * phase.x
                lanesIm[block] += w * phase.y
                lastRe[block] += weights[9 * t + 8] * phase.x
                lastIm[block] += weights[9 * t + 8] * phase.y
            }
        }
        for p in 0..<atoms {
            for pp in 0..<atoms {
                let block = p * atoms + pp
                for a in 0..<3 {
                    for b in 0..<3 {
                        // Row (p, a), column (pp, b), column-major.
                        let e = 3 * a + b, idx = (3 * pp + b) * n3 + 3 * p + a
                        d[idx] = e < 8 ? Complex(real: lanesRe[block][e], imag: lanesIm[block][e])
                                       : Complex(real: lastRe[block], imag: lastIm[block])
                    }
                }
            }
        }
        // Hermitise: (D + D†)/2.
        for i in 0..<n3 {
            for j in i..<n3 {
                let a = d[j * n3 + i], b = d[i * n3 + j]
                let re = (a.real + b.real) / 2, im = (a.imag - b.imag) / 2
                d[j * n3 + i] = Complex(real: re, imag: im)
                d[i * n3 + j] = Complex(real: re, imag: -im)
            }
        }
        return d
    }

    /// Frequencies (THz, negative for imaginary modes) and eigenvectors at q (reduced).
    public func modes(at q: SIMD3<Double>, eigenvectors: Bool = true) throws -> PhononModes {
        let e = try hermitianEigen(matrix(at: q), n: 3 * atoms, vectors: eigenvectors)
        let f = e.values.map { ($0 < 0 ? -1.0 : 1.0) * abs($0).squareRoot() * Self.toTHz }
        return PhononModes(q: q, frequencies: f, eigenvectors: e.vectors)
    }
}
