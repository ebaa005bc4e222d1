// Dense linear algebra through LAPACKE as props links it (whichever BLAS/LAPACK Debian's
// alternatives select: the reference libraries, or OpenBLAS after `make deps`): the
// symmetric eigensolver (dsyevd, with vectors) and the Cholesky factorisation (dpotrf) of a
// 1200×1200 matrix, the sizes of GAP/SNAP fits, QHA and large force-constant problems.
import CLapacke
import Dispatch
import Foundation
import LinearAlgebra

/// A symmetric positive-definite n×n matrix (column-major): a fixed pseudo-random
/// symmetric matrix plus n on the diagonal.
private func testMatrix(_ n: Int) -> [Double] {
    var state: UInt64 = 12345
    var a = [Double](repeating: 0, count: n * n)
    for i in 0..<n {
        for j in 0...i {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let x = Double(state >> 11) / Double(1 << 53) - 0.5
            a[i * n + j] = x
            a[j * n + i] = x
        }
        a[i * n + i] += Double(n)
    }
    return a
}

/// Median wall time (s) of `repeats` calls of `body`.
private func medianSeconds(_ body: () throws -> Void) rethrows -> Double {
    var times: [Double] = []
    for _ in 0..<max(1, repeats) {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
    }
    return times.sorted()[times.count / 2]
}

func benchmarkLinearAlgebra() throws {
    let n = 1200
    let a = testMatrix(n)
    print("")
    print("dense linear algebra, \(n)×\(n), LAPACKE as linked (median of \(max(1, repeats)), seconds)")
    let eigen = try medianSeconds { _ = try symmetricEigen(a, n: n) }
    let cholesky = medianSeconds {
        var b = a
        let info = b.withUnsafeMutableBufferPointer {
            LAPACKE_dpotrf(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "U")), Int32(n), $0.baseAddress!, Int32(n))
        }
        precondition(info == 0, "dpotrf failed: \(info)")
    }
    print(String(format: "dsyevd (values and vectors)   %8.3f", eigen))
    print(String(format: "dpotrf (Cholesky)             %8.3f", cholesky))
    // LAPACK's threads are the BLAS library's (OPENBLAS_NUM_THREADS), not Parallel.threads.
    let lapackThreads = Int(ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] ?? "") ?? 0
    record("linalg dsyevd \(n)", unit: "s", eigen, threads: lapackThreads)
    record("linalg dpotrf \(n)", unit: "s", cholesky, threads: lapackThreads)
    benchFacts["lapack_libraries"] = loadedLibraries(matching: ["lapack", "blas"]).joined(separator: " ")
    print("loaded: " + (benchFacts["lapack_libraries"] ?? ""))
}

/// The shared libraries mapped into this process whose file names contain one of `words`
/// (from /proc/self/maps; empty where that file does not exist), sorted, each once.
private func loadedLibraries(matching words: [String]) -> [String] {
    guard let maps = try? String(contentsOfFile: "/proc/self/maps", encoding: .utf8) else { return [] }
    let paths = maps.split(separator: "\n").compactMap { line -> String? in
        guard let path = line.split(separator: " ", omittingEmptySubsequences: true).last, path.hasPrefix("/") else { return nil }
        let name = path.split(separator: "/").last.map(String.init) ?? ""
        return words.contains { name.contains($0) } ? String(path) : nil
    }
    return Set(paths).sorted()
}
