import Foundation

/// How many threads compute-heavy loops use (`--threads N`; default all cores).
public enum Parallel {
    /// Number of worker threads; 1 gives a single-core run for fair timing.
    nonisolated(unsafe) public static var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    /// Runs `body(chunk, range)` for `chunks` contiguous parts of `0..<count`, on up to
    /// `threads` cores. `chunks` defaults to the thread count.
    public static func forEachChunk(_ count: Int, chunks: Int? = nil,
                                    _ body: (_ chunk: Int, _ range: Range<Int>) -> Void) {
        let parts = max(1, min(chunks ?? threads, count))
        if parts == 1 || threads == 1 {
            for c in 0..<parts { body(c, c * count / parts..<(c + 1) * count / parts) }
            return
        }
        let chunk = { (c: Int) in body(c, c * count / parts..<(c + 1) * count / parts) }
        if !ChunkPool.shared.run(chunks: parts, threads: threads, chunk) {
            DispatchQueue.concurrentPerform(iterations: parts, execute: chunk)
        }
    }

    /// Like `forEachChunk`, but the parts carry equal work: item i costs
    /// `cumulative[i+1] − cumulative[i]` (e.g. a neighbor list's row starts), so rows of
    /// unequal length are shared fairly between the cores.
    public static func forEachBalancedChunk(_ cumulative: [Int], chunks: Int? = nil,
                                            _ body: (_ chunk: Int, _ range: Range<Int>) -> Void) {
        let count = cumulative.count - 1
        let parts = max(1, min(chunks ?? threads, count))
        let total = cumulative[count] - cumulative[0]
        var bounds = [0]
        for c in 1..<parts {
            // The first item whose cumulative work reaches the target (bisection: the
            // cumulative work never decreases).
            let target = cumulative[0] + total * c / parts
            var lo = bounds[c - 1], hi = count
            while lo < hi {
                let mid = (lo + hi) / 2
                if cumulative[mid] < target { lo = mid + 1 } else { hi = mid }
            }
            bounds.append(lo)
        }
        bounds.append(count)
        forEachChunk(parts, chunks: parts) { c, _ in body(c, bounds[c]..<bounds[c + 1]) }
    }
}
