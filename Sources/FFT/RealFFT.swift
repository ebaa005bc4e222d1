import CFFTW

/// Forward discrete Fourier transform of real data, X_k = Σ_n x_n e^{−2πi kn/N},
/// returning the N/2+1 non-redundant coefficients as (re, im) pairs (FFTW `r2c`).
public func realForwardFFT(_ x: [Double]) -> [(re: Double, im: Double)] {
    let n = x.count
    guard n > 0 else { return [] }
    let m = n / 2 + 1
    let input = fftw_alloc_real(n)!
    let output = fftw_alloc_complex(m)!
    defer { fftw_free(input); fftw_free(output) }
    let plan = PlannerLock.withLock {
        fftw_plan_dft_r2c_1d(Int32(n), input, output, UInt32(FFTW_ESTIMATE))
    }!
    for i in 0..<n { input[i] = x[i] }
    fftw_execute(plan)
    PlannerLock.withLock { fftw_destroy_plan(plan) }
    return (0..<m).map { (output[$0].0, output[$0].1) }
}

/// Non-normalised autocorrelation c_k = Σ_{n=0}^{N−1−k} x_n x_{n+k} for k = 0..<N,
/// by zero-padded FFTs (O(N log N)); the building block of the FFT mean-square
/// displacement and velocity autocorrelation.
public func autocorrelation(_ x: [Double]) -> [Double] {
    let n = x.count
    guard n > 0 else { return [] }
    let size = 2 * n
    let m = size / 2 + 1
    let real = fftw_alloc_real(size)!
    let spectrum = fftw_alloc_complex(m)!
    defer { fftw_free(real); fftw_free(spectrum) }
    let (forward, backward) = PlannerLock.withLock {
        (fftw_plan_dft_r2c_1d(Int32(size), real, spectrum, UInt32(FFTW_ESTIMATE))!,
         fftw_plan_dft_c2r_1d(Int32(size), spectrum, real, UInt32(FFTW_ESTIMATE))!)
    }
    for i in 0..<size { real[i] = i < n ? x[i] : 0 }
    fftw_execute(forward)
    for k in 0..<m {
        let (re, im) = spectrum[k]
        spectrum[k] = (re * re + im * im, 0)
    }
    fftw_execute(backward)
    PlannerLock.withLock {
        fftw_destroy_plan(forward)
        fftw_destroy_plan(backward)
    }
    return (0..<n).map { real[$0] / Double(size) }
}
