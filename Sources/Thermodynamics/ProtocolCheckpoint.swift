import Atoms
import Dynamics
import Foundation

/// Where a protocol (heat capacity, coexistence) writes its checkpoints and whether it
/// continues from one: a protocol interrupted (killed, or stopped with `stopAfter`) and run
/// again with `resume` gives the result of the uninterrupted run bit for bit.
public struct ProtocolCheckpoint: Sendable {
    /// The checkpoint file.
    public var path: String
    /// Steps between checkpoints (and one at the end of every phase).
    public var every: Int
    /// Continue from `path` when it exists.
    public var resume: Bool
    /// Stop at this step as an interruption would, throwing `ProtocolInterrupted` (for
    /// tests of the resume); nil to run to the end.
    public var stopAfter: Int?

    public init(path: String, every: Int, resume: Bool, stopAfter: Int? = nil) {
        self.path = path
        self.every = every
        self.resume = resume
        self.stopAfter = stopAfter
    }

    /// The checkpoint to continue from: nil for a fresh run. Throws when it was written by
    /// another run (its `identity` setting differs).
    func saved(identity: String) throws -> Checkpoint? {
        guard resume, FileManager.default.fileExists(atPath: path) else { return nil }
        let c = try Checkpoint.read(path: path)
        guard c.setting("protocol") == identity else {
            throw InputError("the checkpoint is for another run (\(c.setting("protocol") ?? "no protocol"), this one is \(identity))", file: path)
        }
        return c
    }

    /// Sets up `sim` to checkpoint here (with `files` and the `kept` samples) and to stop
    /// at `stopAfter`.
    func attach(to sim: inout Simulation, identity: String, files: [(name: String, file: OutputFile)],
                kept: [any CheckpointedObserver] = [], settings: [(key: String, value: String)] = []) {
        var plan = CheckpointPlan(path: path, every: every, settings: [("protocol", identity)] + settings, files: files)
        plan.kept = kept
        sim.checkpoints = plan
        if let stop = stopAfter { sim.stopCondition = { $0.step >= stop } }
    }
}

/// A protocol stopped at `stopAfter` before its end (its checkpoint holds where it was).
public struct ProtocolInterrupted: Error, CustomStringConvertible {
    public let step: Int
    public var description: String { "the run was stopped at step \(step) (continue it from its checkpoint)" }
}

extension Simulation {
    /// Runs to `last`; throws `ProtocolInterrupted` when the stop condition ended it sooner.
    mutating func runPhase(until last: Int) throws {
        try run(until: last)
        if state.step < last { throw ProtocolInterrupted(step: state.step) }
    }
}
