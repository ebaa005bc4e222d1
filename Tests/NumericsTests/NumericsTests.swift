import FFT
import LinearAlgebra
import XCTest

/// The system libraries are linked and called correctly (complex layout, planner lock).
final class NumericsTests: XCTestCase {
    func testHermitianEigenOfTwoByTwo() throws {
        // [[2, 1−i], [1+i, 3]] has eigenvalues 1 and 4.
        let a: [Complex] = [Complex(real: 2, imag: 0), Complex(real: 1, imag: 1),
                            Complex(real: 1, imag: -1), Complex(real: 3, imag: 0)]
        let e = try hermitianEigen(a, n: 2)
        XCTAssertEqual(e.values[0], 1, accuracy: 1e-12)
        XCTAssertEqual(e.values[1], 4, accuracy: 1e-12)
    }

    /// A NaN in a matrix is reported as such, not as LAPACKE's "argument 5 had an illegal
    /// value" (fuzz case phonopy-disp 706, 4 Dec 2026); other failures keep LAPACK's words.
    func testANaNMatrixIsNamedAsOne() {
        let a: [Complex] = [Complex(real: .nan, imag: 0), Complex(real: 0, imag: 0),
                            Complex(real: 0, imag: 0), Complex(real: 1, imag: 0)]
        XCTAssertThrowsError(try hermitianEigen(a, n: 2)) { error in
            XCTAssertEqual("\(error)", "LAPACK zheevd: its matrix (argument 5) holds a NaN: the input it was built from is not finite")
        }
        XCTAssertThrowsError(try symmetricEigen([1, .nan, .nan, 1], n: 2)) { error in
            XCTAssertTrue("\(error)".contains("dsyevd: its matrix (argument 5) holds a NaN"), "\(error)")
        }
        XCTAssertEqual("\(LapackError(routine: "dsyevd", info: -4, matrixArguments: [5]))",
                       "LAPACK dsyevd: argument 4 had an illegal value")
        XCTAssertEqual("\(LapackError(routine: "dsyevd", info: 3))", "LAPACK dsyevd failed to converge (info = 3)")
    }

    func testSymmetricEigenAndLeastSquares() throws {
        let (values, _) = try symmetricEigen([2, 1, 1, 2], n: 2)
        XCTAssertEqual(values[0], 1, accuracy: 1e-12)
        XCTAssertEqual(values[1], 3, accuracy: 1e-12)
        // y = 2 + 3x exactly.
        let xs = [0.0, 1, 2, 3]
        let c = try leastSquares(xs.flatMap { [1, $0] }, rows: 4, columns: 2, b: xs.map { 2 + 3 * $0 })
        XCTAssertEqual(c[0], 2, accuracy: 1e-12)
        XCTAssertEqual(c[1], 3, accuracy: 1e-12)
    }

    func testFFTPeakAndAutocorrelation() {
        let n = 64
        let x = (0..<n).map { cos(2 * Double.pi * 5 * Double($0) / Double(n)) }
        let spectrum = realForwardFFT(x)
        let magnitudes = spectrum.map { ($0.re * $0.re + $0.im * $0.im).squareRoot() }
        XCTAssertEqual(magnitudes.firstIndex(of: magnitudes.max()!), 5)
        XCTAssertEqual(magnitudes[5], Double(n) / 2, accuracy: 1e-9)
        let y = [1.0, 2, 3, 4]
        let c = autocorrelation(y)
        // c_k = Σ y_n y_{n+k}: 30, 20, 11, 4.
        for (got, want) in zip(c, [30.0, 20, 11, 4]) { XCTAssertEqual(got, want, accuracy: 1e-12) }
    }

    func testFFTPlannerIsSafeFromManyThreads() {
        DispatchQueue.concurrentPerform(iterations: 16) { k in
            let c = autocorrelation((0..<(32 + k)).map { Double($0 % 7) })
            XCTAssertGreaterThan(c[0], 0)
        }
    }
}
