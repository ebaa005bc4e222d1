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
        DispatchQueue.concurrentPerform(iterations: parts) { c in
            body(c, c * count / parts..<(c + 1) * count / parts)
        }
    }
}
