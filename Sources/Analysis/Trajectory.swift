import Atoms

/// A trajectory for analysis: the same atoms in every frame, with cells (which may change,
/// as under a barostat), positions, optional velocities and the time of each frame.
public struct Trajectory: Sendable {
    public let elements: [Element]
    /// Masses, amu.
    public let masses: [Double]
    public var cells: [Cell]
    /// Cartesian positions per frame, Å (wrapped or not).
    public var positions: [[SIMD3<Double>]]
    /// Velocities per frame, Å/ps, when every frame has them.
    public var velocities: [[SIMD3<Double>]]?
    /// Time of each frame, ps.
    public var times: [Double]

    /// Number of frames.
    public var count: Int { positions.count }

    /// A trajectory from its parts (all frames the same atoms; `times` in ps).
    public init(elements: [Element], masses: [Double], cells: [Cell], positions: [[SIMD3<Double>]],
                velocities: [[SIMD3<Double>]]? = nil, times: [Double]) {
        precondition(cells.count == positions.count && times.count == positions.count, "one cell and time per frame")
        self.elements = elements
        self.masses = masses
        self.cells = cells
        self.positions = positions
        self.velocities = velocities
        self.times = times
    }

    /// The trajectory of `frames`. Times come from each frame's `time_ps` (or `time`, in ps)
    /// comment key; otherwise frames are `frameInterval` ps apart. Throws when the frames
    /// do not hold the same atoms or no time is known.
    public init(frames: [Frame], frameInterval: Double? = nil) throws {
        guard let first = frames.first else { throw InputError("the trajectory has no frames") }
        elements = first.structure.elements
        masses = first.structure.masses
        for (k, f) in frames.enumerated() where f.structure.elements != elements {
            throw InputError("frame \(k + 1) has different atoms from frame 1 (\(f.structure.formula) vs \(first.structure.formula))")
        }
        cells = frames.map(\.structure.cell)
        positions = frames.map(\.structure.positions)
        velocities = frames.allSatisfy { $0.velocities != nil } ? frames.map { $0.velocities! } : nil
        let stamped = frames.map { f in (f.info("time_ps") ?? f.info("time")).flatMap { Double($0) } }
        if let interval = frameInterval {
            guard interval > 0 else { throw InputError("the time between frames must be positive") }
            times = (0..<frames.count).map { Double($0) * interval }
        } else if stamped.allSatisfy({ $0 != nil }) {
            times = stamped.map { $0! }
        } else if frames.count == 1 {
            times = [0]
        } else {
            throw InputError("the frames carry no time_ps= key: give the time between frames (--frame-dt PS)")
        }
        for k in 1..<max(times.count, 1) where !(times[k] > times[k - 1]) {
            throw InputError("frame times must increase (frame \(k + 1): \(times[k]) ps after \(times[k - 1]) ps)")
        }
    }

    /// The first `skip` frames dropped.
    public func dropping(_ skip: Int) -> Trajectory {
        var t = self
        let k = min(skip, count - 1)
        t.cells.removeFirst(k)
        t.positions.removeFirst(k)
        t.velocities?.removeFirst(k)
        t.times.removeFirst(k)
        return t
    }

    /// Positions made continuous: each atom's step between frames is taken as the shortest
    /// periodic image of its fractional displacement, so wrapped input is unwrapped and
    /// unwrapped input is returned unchanged (as long as no atom moves half a cell between
    /// frames). Fractional coordinates are followed in each frame's own cell.
    public func unwrappedPositions() -> [[SIMD3<Double>]] {
        guard count > 0 else { return [] }
        var out = positions
        var inverse = cells[0].matrix.inverse
        var previous = positions[0].map { $0 * inverse }
        var unwrapped = previous
        for t in 1..<count {
            inverse = cells[t].matrix.inverse
            let h = cells[t].matrix
            for i in 0..<elements.count {
                let f = positions[t][i] * inverse
                var d = f - previous[i]
                d -= d.rounded(.toNearestOrEven)
                unwrapped[i] += d
                previous[i] = f
                out[t][i] = unwrapped[i] * h
            }
        }
        return out
    }

    /// Indices of the atoms of each element, elements in order of first appearance.
    public var atomsBySpecies: [(element: Element, atoms: [Int])] {
        var order: [Element] = []
        var groups: [Element: [Int]] = [:]
        for (i, e) in elements.enumerated() {
            if groups[e] == nil { order.append(e) }
            groups[e, default: []].append(i)
        }
        return order.map { ($0, groups[$0]!) }
    }
}
