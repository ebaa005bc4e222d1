// Machine-readable timings for `props-bench --results FILE.json`: every section records its
// numbers here besides printing its table, and the file is written at the end. bench/driver.py
// (`make bench`) runs props-bench once per workload and round and reads the values by key.
import Foundation
import Atoms

/// One timing: a workload key (e.g. "force Cu EAM 4000", "md Si SW 4096", "phonons Si SW"),
/// its unit ("us/atom", "us/atom-step", "s"), the thread count it ran with, and the value.
struct BenchResult {
    let workload: String
    let unit: String
    let threads: Int
    let value: Double
}

/// The timings recorded so far in this run, in the order they were measured.
var benchResults: [BenchResult] = []

/// Extra facts about the run for the results file (e.g. the LAPACK library that was loaded).
var benchFacts: [String: String] = [:]

/// Records `value` (in `unit`) for `workload`, measured with `threads` (default: the current
/// `Parallel.threads`; 0 where a library chose its own count).
func record(_ workload: String, unit: String, _ value: Double, threads: Int = Parallel.threads) {
    benchResults.append(BenchResult(workload: workload, unit: unit, threads: threads, value: value))
}

/// Writes the recorded timings as one JSON object:
/// `{"results": [{"workload", "unit", "threads", "value"}], "facts": {...}}`.
func writeBenchResults(to path: String) throws {
    let list: [[String: Any]] = benchResults.map {
        ["workload": $0.workload, "unit": $0.unit, "threads": $0.threads, "value": $0.value]
    }
    let data = try JSONSerialization.data(withJSONObject: ["results": list, "facts": benchFacts], options: [.sortedKeys])
    guard FileManager.default.createFile(atPath: path, contents: data) else {
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
    }
}
