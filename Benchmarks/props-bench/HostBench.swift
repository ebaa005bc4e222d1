// What the machine itself gives a second core, measured beside the workloads: the same fixed
// work, cut into two equal independent parts, run on one thread of props' pool and then on
// two. Nothing is shared between the parts, so the 1-core time over the 2-core time is the
// ceiling of any program's 2-core speed-up at that moment; on a virtual machine whose cores
// are slowed by other guests it falls below 2, and a workload's speed-up can be read against it.
import Atoms
import Dispatch
import Foundation

/// Fastest wall time (s) of `repeats` runs of `part(0)` and `part(1)` on `Parallel.threads`,
/// after one untimed run (the pool's threads started, the arrays created and in memory).
private func timeTwoParts(_ part: @escaping (Int) -> Double) -> Double {
    var best = Double.infinity
    var results = [0.0, 0.0]
    for run in 0...max(1, repeats) {
        let start = DispatchTime.now().uptimeNanoseconds
        results.withUnsafeMutableBufferPointer { out in
            Parallel.forEachChunk(2, chunks: 2) { c, _ in out[c] = part(c) }
        }
        if run > 0 { best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9) }
    }
    precondition(results.allSatisfy { $0.isFinite }, "host benchmark: a part's result is not finite")
    return best
}

/// Arithmetic in registers: eight independent multiply-add chains (about 0.25 s a part).
private func arithmetic(_ part: Int) -> Double {
    var x = SIMD8<Double>(repeating: Double(part) * 1e-3)
    let a = SIMD8<Double>(repeating: 0.999_999_9), b = SIMD8<Double>(0, 1, 2, 3, 4, 5, 6, 7) * 1e-9
    for _ in 0..<100_000_000 { x = x * a + b }
    return x.sum()
}

/// Streaming reads: each part sums its own 128 MB array (beyond the caches) four times.
private let streams = (0..<2).map { [Double](repeating: Double($0) + 0.5, count: 16 << 20) }
private func streaming(_ part: Int) -> Double {
    streams[part].withUnsafeBufferPointer { p in
        var s = SIMD8<Double>.zero
        for _ in 0..<4 {
            var i = 0
            while i + 8 <= p.count {
                s += SIMD8(p[i], p[i + 1], p[i + 2], p[i + 3], p[i + 4], p[i + 5], p[i + 6], p[i + 7])
                i += 8
            }
        }
        return s.sum()
    }
}

func benchmarkHost() {
    print("")
    print("The machine: two equal independent parts of fixed work, s (1 thread: one after the other; the 1T/2T ratio is the ceiling of a 2-core speed-up)")
    print("work".padding(toLength: 24, withPad: " ", startingAt: 0) + threadCounts.map { "   \($0)T s" }.joined())
    for (name, key, part) in [("arithmetic", "host arithmetic", arithmetic), ("streaming reads", "host streaming", streaming)] as [(String, String, (Int) -> Double)] {
        var line = name.padding(toLength: 24, withPad: " ", startingAt: 0)
        var times: [Double] = []
        for t in threadCounts {
            Parallel.threads = t
            let seconds = timeTwoParts(part)
            record(key, unit: "s", seconds)
            times.append(seconds)
            line += String(format: "   %6.3f", seconds)
        }
        if times.count == 2 { line += String(format: "   speed-up %.2f", times[0] / times[1]) }
        print(line)
    }
    Parallel.threads = ProcessInfo.processInfo.activeProcessorCount
}
