import Atoms
import Foundation
import Neighbors
import Potentials

/// Settings of `ShortRangeSampler`.
public struct ShortRangeSettings: Sendable {
    /// How far below the training set's shortest distance of a pair the samples must reach, Å.
    public var margin = 0.1
    /// Volume removed per cycle, as a fraction of the current volume.
    public var compressionPerCycle = 0.04
    /// Largest number of compression cycles per starting structure.
    public var maxCycles = 40
    /// The position-only and the cell-only (shape at fixed volume) relaxations of each cycle.
    public var relaxation: RelaxationSettings = {
        var r = RelaxationSettings()
        r.forceTolerance = 0.01
        r.stressTolerance = 1e-4
        r.maxSteps = 300
        return r
    }()

    public init() {}
}

/// One structure of a short-range run.
public struct ShortRangeSample: Sendable {
    public var structure: Structure
    /// Energy with the sampling potential, eV.
    public var energy: Double
    /// The compression cycle (1-based).
    public var cycle: Int
    /// Volume relative to the starting structure's.
    public var volumeRatio: Double
    /// Its shortest distance per element pair, Å.
    public var shortest: ShortestDistances
}

/// "Correction structures" for short-range data (as the superionic-conductor NNP work
/// generates them): a structure is compressed step by step, and after each step its positions
/// and then its cell shape (at fixed volume) are relaxed with the current potential, until
/// every pair of elements in it with a training distance is closer than that distance minus
/// `margin`. The structures along the way that go below the training distances are the ones a
/// DFT code should label, so that the potential learns the repulsive core.
public enum ShortRangeSampler {
    /// The run from `start`; `training` holds the training set's shortest distances.
    /// Returns the samples of every cycle, whether the targets were reached, and the error
    /// that stopped the run early (e.g. a non-finite energy), if any.
    public static func run(_ start: Structure, calculator: inout Calculator, training: ShortestDistances,
                           settings: ShortRangeSettings = .init()) -> (samples: [ShortRangeSample], reached: Bool, stoppedBy: String?) {
        let present = Set(start.elements)
        let targets = training.entries.filter { present.contains($0.elements.0) && present.contains($0.elements.1) }
        guard !targets.isEmpty else { return ([], false, "no element pair of the structure has a training distance") }
        let range = targets.map(\.distance).max()! + 1
        var positionsOnly = settings.relaxation
        positionsOnly.relaxCell = false
        var shapeOnly = settings.relaxation
        shapeOnly.relaxCell = true
        shapeOnly.fixedVolume = true
        var current = start
        var samples: [ShortRangeSample] = []
        let scale = cbrt(1 - settings.compressionPerCycle)
        for cycle in 1...max(1, settings.maxCycles) {
            do {
                current = current.scaled(by: scale)
                current = try Relaxation.run(current, calculator: &calculator, settings: positionsOnly).structure
                let relaxed = try Relaxation.run(current, calculator: &calculator, settings: shapeOnly)
                current = relaxed.structure
                let shortest = try ShortestDistances([current], range: range)
                samples.append(ShortRangeSample(structure: current, energy: relaxed.energy, cycle: cycle,
                                                volumeRatio: current.cell.volume / start.cell.volume, shortest: shortest))
                if reached(shortest, targets, settings.margin) { return (samples, true, nil) }
            } catch {
                return (samples, false, "\(error)")
            }
        }
        return (samples, false, nil)
    }

    /// True when every pair of `targets` is in `shortest` closer than its distance minus `margin`.
    public static func reached(_ shortest: ShortestDistances, _ targets: [ShortestDistances.Entry], _ margin: Double) -> Bool {
        targets.allSatisfy { t in (shortest.distance(t.elements.0, t.elements.1) ?? .infinity) < t.distance - margin }
    }
}
