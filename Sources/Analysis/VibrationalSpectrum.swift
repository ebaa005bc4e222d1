import Atoms
import FFT
import Foundation

/// Velocity autocorrelation function and vibrational density of states, its Fourier
/// transform (Dickey & Paskin, Phys. Rev. 188, 1407 (1969)). The VACF is mass-weighted,
/// C(t) = Σ_i m_i ⟨v_i(0)·v_i(t)⟩ over all time origins, so that by equipartition the
/// DOS integrates to 3 states per atom, comparable with a phonon DOS.
public struct VibrationalSpectrum: Sendable {
    /// Lags, ps, and the normalised VACF C(t)/C(0).
    public let lags: [Double]
    public let vacf: [Double]
    /// Frequencies, THz, and the DOS in states per THz per atom (∫ g dν = 3).
    public let frequencies: [Double]
    public let dos: [Double]

    /// The spectrum of `velocities` (frame-major, Å/ps) sampled every `interval` ps, with
    /// lags up to half the trajectory and a Hann window before the transform.
    public init(velocities: [[SIMD3<Double>]], masses: [Double], interval: Double) throws {
        let frames = velocities.count
        guard frames >= 8 else { throw InputError("the VACF needs at least 8 frames with velocities, got \(frames)") }
        let atoms = masses.count
        let chunks = max(1, min(Parallel.threads, atoms))
        var partial = [[Double]](repeating: [Double](repeating: 0, count: frames), count: chunks)
        partial.withUnsafeMutableBufferPointer { out in
            Parallel.forEachChunk(atoms, chunks: chunks) { c, range in
                var sum = [Double](repeating: 0, count: frames)
                var series = [Double](repeating: 0, count: frames)
                for i in range {
                    for k in 0..<3 {
                        for t in 0..<frames { series[t] = velocities[t][i][k] }
                        let ac = autocorrelation(series)
                        for m in 0..<frames { sum[m] += masses[i] * ac[m] / Double(frames - m) }
                    }
                }
                out[c] = sum
            }
        }
        var c = [Double](repeating: 0, count: frames)
        for p in partial { for m in 0..<frames { c[m] += p[m] } }
        let lagCount = frames / 2
        guard c[0] > 0 else { throw InputError("all velocities are zero: no VACF") }
        lags = (0..<lagCount).map { Double($0) * interval }
        vacf = (0..<lagCount).map { c[$0] / c[0] }
        // Even extension of the windowed VACF, length 2M: its real FFT is the cosine transform.
        var even = [Double](repeating: 0, count: 2 * lagCount)
        for m in 0..<lagCount {
            let w = 0.5 * (1 + cos(Double.pi * Double(m) / Double(lagCount)))
            even[m] = w * vacf[m]
            if m > 0 { even[2 * lagCount - m] = even[m] }
        }
        let spectrum = realForwardFFT(even)
        let dnu = 1 / (2 * Double(lagCount) * interval)
        frequencies = (0..<spectrum.count).map { Double($0) * dnu }
        var g = spectrum.map { max(0, $0.re) }
        let area = g.reduce(0, +) * dnu - 0.5 * (g.first! + g.last!) * dnu
        g = g.map { 3 * $0 / area }
        dos = g
    }
}
