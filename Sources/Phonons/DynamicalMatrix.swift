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
    /// Per (p, j): Φ(p, j)/√(m_p m_j) divided by the multiplicity, and the shortest
    /// vectors in reduced primitive coordinates.
    let terms: [[(target: Int, weighted: Matrix3, vectors: [SIMD3<Double>])]]

    /// Frequency unit: √(eV/Å²/amu)/(2π) in THz.
    public static let toTHz = Units.frequencyTHz

    public init(_ fc: ForceConstants, tolerance: Double = 1e-5) {
        forceConstants = fc
        let s = fc.supercell
        let prim = s.primitive.structure
        atoms = prim.count
        let superCell = s.structure.cell
        let toPrimitive = prim.cell.matrix.inverse
        var terms: [[(Int, Matrix3, [SIMD3<Double>])]] = []
        for (k, p) in s.primitiveToSupercell.enumerated() {
            var row: [(Int, Matrix3, [SIMD3<Double>])] = []
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
                row.append((target, weight * fc.phi[k][j], vectors.map { $0 * toPrimitive }))
            }
            terms.append(row)
        }
        self.terms = terms
    }

    /// The Hermitian dynamical matrix at q (reduced), column-major 3n×3n, eV/Å²/amu.
    public func matrix(at q: SIMD3<Double>) -> [Complex] {
        let n3 = 3 * atoms
        var d = [Complex](repeating: Complex(real: 0, imag: 0), count: n3 * n3)
        for (p, row) in terms.enumerated() {
            for term in row {
                var re = 0.0, im = 0.0
                for v in term.vectors {
                    let phase = 2 * Double.pi * dot(q, v)
                    re += cos(phase)
                    im += sin(phase)
                }
                let pp = term.target
                for a in 0..<3 {
                    for b in 0..<3 {
                        let f = term.weighted[a, b]
                        // Row (p, a), column (pp, b), column-major.
                        let idx = (3 * pp + b) * n3 + 3 * p + a
                        d[idx].real += f * re
                        d[idx].imag += f * im
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
