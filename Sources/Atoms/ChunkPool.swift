import Dispatch
import Foundation
import Synchronization

/// Persistent worker threads for the short parallel regions of an MD step.
///
/// `DispatchQueue.concurrentPerform` wakes a sleeping worker for every region, which on
/// this kind of machine takes ~40 µs, and hands chunks to whichever thread comes first,
/// so a core's cache rarely holds the atoms it had the region before. Here worker t spins
/// for `spinNanoseconds` after a region before it sleeps, so the next region, a few µs of
/// serial work later, starts at once; and thread t (the caller is 0) runs chunk t of every
/// region, so each core keeps its share of the neighbour list in its cache. Chunks beyond
/// the thread count are claimed in turn, and a thread with nothing left takes over a
/// chunk whose thread has not started it (a core shared with other work). Chunk c always
/// covers the same atoms, whichever thread runs it, so results do not depend on the pool.
/// One region at a time: a nested or concurrent call gets `false` and uses
/// `concurrentPerform`.
final class ChunkPool: @unchecked Sendable {
    static let shared = ChunkPool()

    /// How long an idle worker spins before it sleeps, ns.
    static let spinNanoseconds: UInt64 = 100_000
    /// The most threads the pool runs (one bit each in the claim word).
    static let maximumThreads = 32
    // Task word: generation << 40 | chunks << 20 | next shared chunk (from the thread count
    // on). Claim word: generation << 40 | one bit per own chunk (chunk t of thread t) taken.
    private static let fieldBits = 20, generationShift = 40
    private static let fieldMask = (1 << fieldBits) - 1, generationMask = (1 << 23) - 1
    private let task = Atomic<Int>(0)
    private let claims = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    private let busy = Atomic<Bool>(false)
    /// The current region's body, set before its task word is published and cleared after
    /// every chunk has finished.
    private var body: ((Int) -> Void)?
    /// The thread count of the latest region: workers beyond it (left from a run with more
    /// threads) sleep at once instead of spinning.
    private let threads = Atomic<Int>(1)
    private let condition = NSCondition()
    private var sleepers = 0
    private var workers = 0
    private var generation = 0

    private static func generation(_ word: Int) -> Int { word >> generationShift }

    /// Runs the chunks thread `t` may take in the region of generation `g`: its own, the
    /// shared ones, then any own chunk of another thread not yet started.
    private func take(_ t: Int, generation g: Int) {
        let own = min(threads.load(ordering: .relaxed), (task.load(ordering: .acquiring) >> Self.fieldBits) & Self.fieldMask)
        if t < own, claim(t, generation: g) { runChunk(t) }
        var word = task.load(ordering: .acquiring)
        while Self.generation(word) == g, word & Self.fieldMask < (word >> Self.fieldBits) & Self.fieldMask {
            let (claimed, seen) = task.compareExchange(expected: word, desired: word + 1, ordering: .acquiringAndReleasing)
            if claimed {
                runChunk(word & Self.fieldMask)
                word = task.load(ordering: .acquiring)
            } else {
                word = seen
            }
        }
        for c in 0..<own where c != t && claim(c, generation: g) { runChunk(c) }
    }

    /// Takes own chunk `c` of generation `g`; false when taken already or the region is over.
    private func claim(_ c: Int, generation g: Int) -> Bool {
        var word = claims.load(ordering: .acquiring)
        while Self.generation(word) == g, word & (1 << c) == 0 {
            let (claimed, seen) = claims.compareExchange(expected: word, desired: word | (1 << c), ordering: .acquiringAndReleasing)
            if claimed { return true }
            word = seen
        }
        return false
    }

    private func runChunk(_ c: Int) {
        body!(c)
        finished.add(1, ordering: .releasing)
    }

    private func work(_ t: Int) {
        var done = 0
        while true {
            var spins = 0
            var since: UInt64 = 0
            var g = Self.generation(task.load(ordering: .acquiring))
            while g == done {
                spins &+= 1
                if spins & 63 == 0 {
                    let now = DispatchTime.now().uptimeNanoseconds
                    if since == 0 && t < threads.load(ordering: .relaxed) {
                        since = now
                    } else if since == 0 || now - since > Self.spinNanoseconds {
                        condition.lock()
                        sleepers += 1
                        while Self.generation(task.load(ordering: .acquiring)) == done { condition.wait() }
                        sleepers -= 1
                        condition.unlock()
                    }
                }
                g = Self.generation(task.load(ordering: .acquiring))
            }
            done = g
            take(t, generation: g)
        }
    }

    /// Runs `body(c)` for c in 0..<chunks on the calling thread and `threads − 1` workers,
    /// returning when all have finished; false (nothing run) when the pool is already
    /// running a region or the sizes do not fit it.
    func run(chunks: Int, threads: Int, _ body: (Int) -> Void) -> Bool {
        guard chunks <= Self.fieldMask, threads <= Self.maximumThreads,
              busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return false }
        defer { busy.store(false, ordering: .releasing) }
        withoutActuallyEscaping(body) { body in
            condition.lock()
            while workers < threads - 1 {
                workers += 1
                let t = workers
                let thread = Thread { [unowned self] in self.work(t) }
                thread.stackSize = 8 << 20
                thread.start()
            }
            generation = generation % Self.generationMask + 1
            self.body = body
            self.threads.store(threads, ordering: .relaxed)
            finished.store(0, ordering: .relaxed)
            claims.store(generation << Self.generationShift, ordering: .releasing)
            task.store(generation << Self.generationShift | chunks << Self.fieldBits | min(threads, chunks), ordering: .releasing)
            if sleepers > 0 { condition.broadcast() }
            condition.unlock()
            take(0, generation: generation)
            var spins = 0
            while finished.load(ordering: .acquiring) < chunks {
                spins &+= 1
                if spins & 1023 == 0 { sched_yield() }
            }
            self.body = nil
        }
        return true
    }
}
