import Atoms

/// A high-symmetry point: label and q in reduced coordinates of the primitive reciprocal
/// lattice.
public struct QPoint: Sendable, Equatable {
    public let label: String
    public let q: SIMD3<Double>
    public init(_ label: String, _ q: SIMD3<Double>) {
        self.label = label
        self.q = q
    }
}

/// A band path: continuous runs of points (a break "|" starts a new run), as phonopy's
/// BAND setting with labels.
public struct QPath: Sendable {
    public let runs: [[QPoint]]

    /// The segments (consecutive points of a run).
    public var segments: [(QPoint, QPoint)] {
        runs.flatMap { run in zip(run, run.dropFirst()).map { ($0, $1) } }
    }

    /// The standard points of each lattice, in phonopy's primitive reciprocal basis
    /// (Setyawan & Curtarolo, Comput. Mater. Sci. 49, 299 (2010)).
    public static func standardPoints(_ lattice: PrimitiveCell.Bravais) -> [String: SIMD3<Double>] {
        switch lattice {
        case .hexagonal:
            return ["G": .zero, "M": SIMD3(0.5, 0, 0), "K": SIMD3(1.0 / 3, 1.0 / 3, 0), "A": SIMD3(0, 0, 0.5),
                    "L": SIMD3(0.5, 0, 0.5), "H": SIMD3(1.0 / 3, 1.0 / 3, 0.5)]
        case .faceCentredCubic:
            return ["G": .zero, "X": SIMD3(0.5, 0, 0.5), "L": SIMD3(0.5, 0.5, 0.5), "W": SIMD3(0.5, 0.25, 0.75),
                    "K": SIMD3(0.375, 0.375, 0.75), "U": SIMD3(0.625, 0.25, 0.625)]
        case .bodyCentredCubic:
            return ["G": .zero, "H": SIMD3(0.5, -0.5, 0.5), "N": SIMD3(0, 0, 0.5), "P": SIMD3(0.25, 0.25, 0.25)]
        case .cubic:
            return ["G": .zero, "X": SIMD3(0, 0.5, 0), "M": SIMD3(0.5, 0.5, 0), "R": SIMD3(0.5, 0.5, 0.5)]
        case .other:
            return ["G": .zero]
        }
    }

    /// The default path of a lattice: fcc "G X U|K G L W X", bcc "G H N G P H|P N",
    /// simple cubic "G X M G R X|M R", hexagonal "G M K G A L H A|L M|K H".
    public static func standardPathText(_ lattice: PrimitiveCell.Bravais) -> String? {
        switch lattice {
        case .hexagonal: return "G M K G A L H A|L M|K H"
        case .faceCentredCubic: return "G X U|K G L W X"
        case .bodyCentredCubic: return "G H N G P H|P N"
        case .cubic: return "G X M G R X|M R"
        case .other: return nil
        }
    }

    /// Parses "G X U|K G L" (labels) or "0 0 0, 0.5 0 0.5 | ..." (reduced coordinates,
    /// comma-separated points, optionally "LABEL=x y z").
    public static func parse(_ text: String, points: [String: SIMD3<Double>]) throws -> QPath {
        var runs: [[QPoint]] = []
        for runText in text.split(separator: "|") {
            var run: [QPoint] = []
            let hasNumbers = runText.contains(where: \.isNumber)
            if hasNumbers {
                for (k, item) in runText.split(separator: ",").enumerated() {
                    let parts = item.split(separator: "=")
                    let label = parts.count == 2 ? String(parts[0]).trimmingCharacters(in: .whitespaces) : "q\(k + 1)"
                    let numbers = String(parts.last!).split(separator: " ").compactMap { Double($0) }
                    guard numbers.count == 3 else {
                        throw InputError("path point '\(item)' is not three reduced coordinates")
                    }
                    run.append(QPoint(label, SIMD3(numbers[0], numbers[1], numbers[2])))
                }
            } else {
                for label in runText.split(separator: " ").map(String.init) {
                    let key = label == "Γ" || label.uppercased() == "GAMMA" ? "G" : label
                    guard let q = points[key] else {
                        throw InputError("unknown point '\(label)' on the path; known here: \(points.keys.sorted().joined(separator: " "))")
                    }
                    run.append(QPoint(key, q))
                }
            }
            guard run.count >= 2 else { throw InputError("each part of a path needs at least two points: '\(runText)'") }
            runs.append(run)
        }
        guard !runs.isEmpty else { throw InputError("empty path") }
        return QPath(runs: runs)
    }

    public init(runs: [[QPoint]]) { self.runs = runs }
}

/// Modes along a path: `pointsPerSegment` points per segment including both ends (as
/// phonopy's band.yaml), with phonopy's path distance (Cartesian |Δq| without 2π, 1/Å).
public struct BandStructure: Sendable {
    public struct Segment: Sendable {
        public let start: QPoint
        public let end: QPoint
        public let modes: [PhononModes]
        public let distances: [Double]
    }

    public let segments: [Segment]

    public init(_ dm: DynamicalMatrix, path: QPath, pointsPerSegment: Int = 51) throws {
        let reciprocal = dm.forceConstants.supercell.primitive.structure.cell.reciprocal
        var distance = 0.0
        var out: [Segment] = []
        for (a, b) in path.segments {
            var modes: [PhononModes] = [], distances: [Double] = []
            var previous = a.q
            for k in 0..<pointsPerSegment {
                let t = Double(k) / Double(pointsPerSegment - 1)
                let q = a.q + t * (b.q - a.q)
                distance += length((q - previous) * reciprocal)
                previous = q
                modes.append(try dm.modes(at: q))
                distances.append(distance)
            }
            out.append(Segment(start: a, end: b, modes: modes, distances: distances))
        }
        segments = out
    }
}
