import Atoms
import Dispatch
import XCTest

/// `Parallel.forEachChunk` on the persistent worker pool (`ChunkPool`): every chunk runs
/// exactly once with its fixed range, for chunk counts below, at and above the thread
/// count, many regions in a row (the workers spinning or asleep between them), nested
/// calls and calls from several threads at once (which fall back to `concurrentPerform`).
final class ParallelTests: XCTestCase {
    private var saved = Parallel.threads
    override func setUp() { saved = Parallel.threads }
    override func tearDown() { Parallel.threads = saved }

    /// Runs one region and checks that each chunk ran once over its own range (fewer
    /// items than chunks: one chunk per item).
    private func check(count: Int, chunks: Int, file: StaticString = #filePath, line: UInt = #line) {
        let parts = min(chunks, count)
        var runs = [Int](repeating: 0, count: parts)
        var covered = [Int](repeating: 0, count: count)
        runs.withUnsafeMutableBufferPointer { r in
            covered.withUnsafeMutableBufferPointer { cov in
                Parallel.forEachChunk(count, chunks: chunks) { c, range in
                    r[c] += 1
                    XCTAssertEqual(range, c * count / parts..<(c + 1) * count / parts, file: file, line: line)
                    for i in range { cov[i] += 1 }
                }
            }
        }
        XCTAssertEqual(runs, [Int](repeating: 1, count: parts), file: file, line: line)
        XCTAssertEqual(covered, [Int](repeating: 1, count: count), file: file, line: line)
    }

    func testEveryChunkRunsOnceOverItsRange() {
        for threads in [2, 3, 4] {
            Parallel.threads = threads
            for chunks in [1, 2, 3, 4, 7, 16, 64] {
                for _ in 0..<200 { check(count: 1000, chunks: chunks) }
            }
            check(count: 3, chunks: 8)
        }
    }

    /// Regions after the workers have gone to sleep (more than the spin time apart).
    func testRegionsAfterIdlePauses() {
        Parallel.threads = 2
        for _ in 0..<5 {
            usleep(2000)
            check(count: 100, chunks: 2)
        }
    }

    /// A region inside a region, and regions started from several threads at once.
    func testNestedAndConcurrentRegions() {
        Parallel.threads = 2
        var inner = [Int](repeating: 0, count: 4)
        inner.withUnsafeMutableBufferPointer { b in
            Parallel.forEachChunk(2, chunks: 2) { c, _ in
                Parallel.forEachChunk(2, chunks: 2) { k, _ in b[2 * c + k] += 1 }
            }
        }
        XCTAssertEqual(inner, [1, 1, 1, 1])
        let sums = UnsafeMutableBufferPointer<Int>.allocate(capacity: 4)
        sums.initialize(repeating: 0)
        defer { sums.deallocate() }
        DispatchQueue.concurrentPerform(iterations: 4) { caller in
            for _ in 0..<300 {
                var parts = [Int](repeating: 0, count: 3)
                parts.withUnsafeMutableBufferPointer { p in
                    Parallel.forEachChunk(300, chunks: 3) { c, range in p[c] = range.count }
                }
                sums[caller] += parts.reduce(0, +)
            }
        }
        XCTAssertEqual(Array(sums), [Int](repeating: 300 * 300, count: 4))
    }
}
