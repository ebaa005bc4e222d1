import Atoms
import Dispatch
import Foundation

/// Independent runs (rates, temperatures) shared among `jobs` concurrent workers; each
/// worker's force evaluations use an equal share of the `--threads` cores. Results come
/// back in the order of the items; a failed item does not stop the others.
func runJobs<T>(_ count: Int, jobs: Int, _ work: (Int) throws -> T) -> [Result<T, Error>] {
    let workers = max(1, min(jobs, count))
    let threads = Parallel.threads
    Parallel.threads = max(1, threads / workers)
    defer { Parallel.threads = threads }
    var results = [Result<T, Error>?](repeating: nil, count: count)
    let lock = NSLock()
    var next = 0
    func take() -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }
    withoutActuallyEscaping(work) { work in
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let k = take() {
                let r = Result { try work(k) }
                lock.lock(); results[k] = r; lock.unlock()
            }
        }
    }
    return results.map { $0! }
}

/// Progress lines of several concurrent runs on one terminal line ("0.2: 1234 K 45 % | ...").
final class JobProgress: @unchecked Sendable {
    private let console: Console
    private var parts: [String]
    private let labels: [String]
    private let lock = NSLock()
    private var last: UInt64 = 0
    /// In a batch job: the phase and 5 % step of each item's last printed line.
    private var printed: [String]

    init(console: Console, labels: [String]) {
        self.console = console
        self.labels = labels
        parts = [String](repeating: "waiting", count: labels.count)
        printed = [String](repeating: "", count: labels.count)
    }

    /// Sets the status of item `k` and redraws at most twice a second on a terminal; in a
    /// batch job (stderr not a terminal) prints a line whenever the item's status passes
    /// another 5 % (the number before a "%") or changes phase.
    func update(_ k: Int, _ status: String) {
        lock.lock(); defer { lock.unlock() }
        parts[k] = status
        if !Console.stderrIsTerminal {
            let words = status.split(separator: " ")
            let percent = words.firstIndex(of: "%").flatMap { $0 > 0 ? Int(words[$0 - 1]) : nil }
            let key = words.filter { !$0.contains(where: \.isNumber) }.joined(separator: " ") + "|\(percent.map { $0 / 5 } ?? -1)"
            guard key != printed[k] else { return }
            printed[k] = key
            console.note("\(labels[k]): \(status)")
            return
        }
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - last > 500_000_000 else { return }
        last = now
        console.progress(zip(labels, parts).map { "\($0): \($1)" }.joined(separator: " | "))
    }

    func end() { console.endProgress() }
}
