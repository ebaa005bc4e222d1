import Foundation

/// FFTW's planner is not thread-safe (only `fftw_execute*` is): every call that
/// creates or destroys a plan goes through this one process-wide lock.
enum PlannerLock {
    static let lock = NSLock()

    static func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
