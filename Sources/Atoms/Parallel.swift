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

    /// Elements from which a cheap loop over atoms (a few ns each: integrator updates,
    /// scans, sums of per-thread buffers) is split over the threads. A chosen, not a tuned,
    /// value: a region on the pool's spinning workers costs about 1.5 µs (README, "Two
    /// cores"), a loop over 4,096 atoms a few µs; below it the split cannot pay.
    public static let streamingSplit = 4096

    /// The number of chunks `forEachStreamingChunk` splits `count` elements into: the
    /// thread count from `streamingSplit` elements on, else 1.
    public static func streamingChunks(_ count: Int) -> Int {
        count >= streamingSplit ? max(1, threads) : 1
    }

    /// Runs a cheap loop over `0..<count` as `body(chunk, range)`: on all threads from
    /// `streamingSplit` elements on, else as one chunk on this thread. For element-wise work
    /// the result does not depend on the split.
    public static func forEachStreamingChunk(_ count: Int, _ body: (_ chunk: Int, _ range: Range<Int>) -> Void) {
        forEachChunk(count, chunks: streamingChunks(count), body)
    }

    /// The first i in `0..<count` for which `test(i)` holds, nil for none; a streaming loop
    /// (each chunk stops at its first hit).
    public static func firstIndex(_ count: Int, where test: (Int) -> Bool) -> Int? {
        var first = [Int](repeating: count, count: streamingChunks(count))
        first.withUnsafeMutableBufferPointer { hit in
            forEachChunk(count, chunks: hit.count) { c, range in
                if let i = range.first(where: test) { hit[c] = i }
            }
        }
        let i = first.min() ?? count
        return i < count ? i : nil
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
