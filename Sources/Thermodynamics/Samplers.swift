import Analysis
import Atoms
import Dynamics

/// Accumulates g(r) during a run; its sums go into checkpoints, so a resumed run's g(r)
/// covers the whole run.
public final class RDFSampler: CheckpointedObserver {
    public let cadence: Cadence
    public var needsEnergy: Bool { false }
    public private(set) var rdf: RadialDistribution

    /// - Parameters: rmax and binWidth in Å.
    public init(elements: [Element], rmax: Double, binWidth: Double, every: Int) {
        cadence = Cadence(every: every)
        rdf = RadialDistribution(elements: elements, rmax: rmax, binWidth: binWidth)
    }

    public func observe(_ state: MDState, _ integrator: Integrator) throws { try rdf.add(state.structure) }

    public var checkpointName: String? { "rdf" }
    public var checkpointValues: [Double] { rdf.accumulated }
    public func restore(_ values: [Double]) throws { try rdf.restore(values) }
}

/// Keeps frames (cell, unwrapped positions, time) for the mean square displacement. With a
/// frame file each frame is also appended there as a line of exact bits (time, cell row
/// by row, positions), so that a resumed run reads back the frames before its checkpoint
/// (the checkpoint records the file's size) and its MSD covers the whole run.
public final class MSDSampler: StepObserver {
    public let cadence: Cadence
    public var needsEnergy: Bool { false }
    public private(set) var cells: [Cell] = []
    public private(set) var positions: [[SIMD3<Double>]] = []
    /// Times of the frames, ps.
    public private(set) var times: [Double] = []
    private let frames: OutputFile?

    public init(every: Int, frames: OutputFile? = nil) {
        cadence = Cadence(every: every)
        self.frames = frames
    }

    public func observe(_ state: MDState, _ integrator: Integrator) throws {
        let time = Double(state.step) * integrator.timestep
        append(cell: state.structure.cell, positions: state.structure.positions, time: time)
        let values = [time] + state.structure.cell.matrix.rowMajor + state.structure.positions.flatMap { [$0.x, $0.y, $0.z] }
        try frames?.write(values.map { String($0.bitPattern, radix: 16) }.joined(separator: " ") + "\n")
    }

    private func append(cell: Cell, positions p: [SIMD3<Double>], time: Double) {
        cells.append(cell)
        positions.append(p)
        times.append(time)
    }

    /// Reads back the frames of `path` (written through `frames` by the run before the
    /// checkpoint, already cut to its size there) for `atoms` atoms.
    public func restore(from path: String, atoms: Int) throws {
        let file = try TextFile(path: path)
        for (k, line) in file.lines.enumerated() where !line.isEmpty {
            let v = line.split(separator: " ").compactMap { UInt64($0, radix: 16).map(Double.init(bitPattern:)) }
            guard v.count == 10 + 3 * atoms, v.allSatisfy(\.isFinite) else {
                throw file.error("expected \(10 + 3 * atoms) finite numbers (time, cell, positions of \(atoms) atoms)", line: k + 1)
            }
            append(cell: Cell(Matrix3(rowMajor: Array(v[1...9]))),
                   positions: (0..<atoms).map { SIMD3(v[10 + 3 * $0], v[11 + 3 * $0], v[12 + 3 * $0]) }, time: v[0])
        }
    }

    /// Number of frames kept.
    public var count: Int { times.count }

    /// The frames as a trajectory of atoms like `structure`.
    public func trajectory(of structure: Structure) -> Trajectory {
        Trajectory(elements: structure.elements, masses: structure.masses, cells: cells, positions: positions, times: times)
    }
}

/// Collects thermo samples (and optionally writes each as a CSV row) at a cadence. Given
/// a name, its samples go into checkpoints with their exact bits (protocols whose result
/// is computed from them: heat capacity, coexistence).
public final class ThermoRecorder: CheckpointedObserver {
    public let cadence: Cadence
    public var needsStress: Bool { true }
    public private(set) var samples: [ThermoSample] = []
    /// Where the rows go, if anywhere.
    public let output: OutputFile?
    public let checkpointName: String?

    /// - Parameters:
    ///   - earlier: samples of the run before a resume (they are kept, not written).
    ///   - keptAs: the name of the samples in checkpoints; nil to keep them out.
    public init(_ cadence: Cadence, output: OutputFile?, earlier: [ThermoSample] = [], keptAs: String? = nil) {
        self.cadence = cadence
        self.output = output
        samples = earlier
        checkpointName = keptAs
    }

    public var checkpointValues: [Double] { samples.flatMap(\.values) }

    public func restore(_ values: [Double]) throws {
        let n = ThermoSample.valueCount
        guard values.count % n == 0 else { throw InputError("the saved thermo samples are not a whole number of rows") }
        samples = try stride(from: 0, to: values.count, by: n).map { k in
            guard let s = ThermoSample(values: Array(values[k..<(k + n)])) else { throw InputError("a saved thermo sample is malformed") }
            return s
        }
    }

    public func observe(_ state: MDState, _ integrator: Integrator) throws {
        try record(state, integrator)
    }

    /// Records `state` now (also used for the row of the initial state).
    public func record(_ state: MDState, _ integrator: Integrator) throws {
        let s = ThermoSample(state, integrator: integrator)
        samples.append(s)
        try output?.write(s.csvRow + "\n")
    }
}
