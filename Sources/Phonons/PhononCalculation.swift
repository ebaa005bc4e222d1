import Atoms
import Foundation
import Mechanics
import Potentials

/// A finished force-constant calculation, from a potential or from phonopy's FORCE_SETS.
public struct PhononCalculation: Sendable {
    public let supercell: PhononSupercell
    public let forceConstants: ForceConstants
    public let dynamicalMatrix: DynamicalMatrix
    /// Number of displaced-supercell calculations used.
    public let records: Int
    /// The displaced-supercell calculations (forces with the undistorted supercell's
    /// subtracted), for phonopy's FORCE_SETS.
    public let displacementRecords: [DisplacementRecord]
    /// Where the forces came from, for reports.
    public let source: String
    /// Neural-network extrapolations over the displaced supercells (none for FORCE_SETS).
    public var extrapolation = ExtrapolationTally()

    public init(supercell: PhononSupercell, records: [DisplacementRecord], symmetry: SupercellSymmetry, source: String) throws {
        self.supercell = supercell
        forceConstants = try ForceConstants(records: records, symmetry: symmetry)
        dynamicalMatrix = DynamicalMatrix(forceConstants)
        self.records = records.count
        displacementRecords = records
        self.source = source
    }

    /// Force constants of `unit` with `potential`: the displacements a phonopy run would
    /// make (or all ±x, ±y, ±z without symmetry), forces from the potential.
    public static func compute(_ potential: Potential, unit: Structure, supercellMatrix: [[Int]],
                               amplitude: Double = 0.01, useSymmetry: Bool = true,
                               progress: ((Int, Int) -> Void)? = nil) throws -> PhononCalculation {
        try potential.require([.forces], for: "phonons")
        let supercell = try PhononSupercell(unit: unit, matrix: supercellMatrix)
        let symmetry = SupercellSymmetry(supercell, identityOnly: !useSymmetry)
        let plan = Displacements.plan(symmetry, amplitude: amplitude)
        var calc = Calculator(potential)
        let records = try Displacements.compute(plan, supercell: supercell, calculator: &calc, progress: progress)
        var calculation = try PhononCalculation(supercell: supercell, records: records, symmetry: symmetry, source: potential.name)
        calculation.extrapolation = calc.extrapolation
        return calculation
    }

    /// The smallest N×N×N supercell of `unit` whose faces are at least 4 × `cutoff` apart
    /// (N is the largest of `defaultRepeats`), capped at `maxAtoms` atoms.
    public static func defaultSupercell(_ unit: Structure, cutoff: Double, maxAtoms: Int = 6000) -> (n: Int, capped: Bool) {
        var n = defaultRepeats(unit, cutoff: cutoff, maxAtoms: Int.max).repeats.max()
        var capped = false
        while n > 1 && n * n * n * unit.count > maxAtoms { n -= 1; capped = true }
        return (n, capped)
    }

    /// The smallest diagonal supercell N1×N2×N3 of `unit` whose opposite faces are at least
    /// 4 × `cutoff` apart in each direction: force constants of a many-body potential reach
    /// 2 × cutoff, and the supercell must hold that range on either side for the
    /// interpolation to be exact. Each direction follows its own face distance (hcp Mg:
    /// 11×11×6, not 11×11×11). Capped at `maxAtoms` atoms by shrinking the largest repeat.
    public static func defaultRepeats(_ unit: Structure, cutoff: Double, maxAtoms: Int = 6000) -> (repeats: SIMD3<Int>, capped: Bool) {
        let heights = unit.cell.faceDistances
        var n = SIMD3<Int>(1, 1, 1)
        for k in 0..<3 {
            let ratio = 4 * cutoff / heights[k]
            n[k] = ratio.isFinite ? max(1, Int(min(ratio, 1e6).rounded(.up))) : 1
        }
        var capped = false
        while n.max() > 1 && n.x * n.y * n.z * unit.count > maxAtoms {
            let k = (0..<3).max { n[$0] < n[$1] }!
            n[k] -= 1
            capped = true
        }
        return (n, capped)
    }

    /// Smallest distance between opposite faces of the supercell over 2 × the force
    /// constants' reach (2 × cutoff): below 1, an atom's force constants wrap onto its own
    /// periodic images and the interpolated frequencies are wrong.
    public static func reachRatio(_ supercell: PhononSupercell, cutoff: Double) -> Double {
        supercell.structure.cell.faceDistances.min() / (4 * cutoff)
    }

    /// Force constants from a phonopy run done elsewhere: `FORCE_SETS` and its
    /// `phonopy_disp.yaml` (default: in the same directory).
    public static func fromForceSets(_ forceSets: String, yaml: String? = nil) throws -> PhononCalculation {
        let input = try PhonopyInput(forceSets: forceSets, yaml: yaml)
        do {
            return try PhononCalculation(supercell: input.supercell, records: input.records,
                                         symmetry: SupercellSymmetry(input.supercell),
                                         source: "phonopy FORCE_SETS (\(input.calculator)) \(forceSets)")
        } catch let e as InputError where e.file == nil {
            // The displacements are FORCE_SETS's, the supercell and its symmetry the yaml's.
            throw InputError(e.message + " (the supercell and its symmetry from \(input.yaml))", file: forceSets)
        }
    }

    /// The cubic lattice constant of the crystal (Å), or nil for non-cubic lattices.
    public var cubicLatticeConstant: Double? {
        let v = supercell.primitive.structure.cell.volume
        switch supercell.primitive.bravais {
        case .cubic: return cbrt(v)
        case .faceCentredCubic: return cbrt(4 * v)
        case .bodyCentredCubic: return cbrt(2 * v)
        case .hexagonal, .other: return nil
        }
    }
}

/// Reference bands drawn beside a calculation: from a band.yaml (mapped segment by segment
/// onto the calculation's path axis) or a FORCE_SETS (evaluated on the same reduced path).
public struct ReferenceBands: Sendable {
    public let name: String
    /// Per segment of the calculation's path: x positions and frequencies at them.
    public let segments: [(x: [Double], frequencies: [[Double]])]
    /// Frequencies at the path's labelled points where known.
    public let points: [String: [Double]]

    public static func load(_ file: String, yaml: String?, path: QPath, bands: BandStructure) throws -> ReferenceBands {
        let url = URL(fileURLWithPath: file)
        let name = url.deletingLastPathComponent().lastPathComponent + "/" + url.lastPathComponent
        if name.lowercased().hasSuffix(".yaml") {
            let data = try BandYAML.read(TextFile(path: file))
            guard data.segments.count == bands.segments.count else {
                throw InputError("\(file) has \(data.segments.count) path segments; this path has \(bands.segments.count)")
            }
            var points: [String: [Double]] = [:]
            let segments = zip(data.segments, bands.segments).enumerated().map { k, pair -> (x: [Double], frequencies: [[Double]]) in
                let (ref, mine) = pair
                let (a, b) = (ref.distance.first!, ref.distance.last!)
                let (c, d) = (mine.distances.first!, mine.distances.last!)
                let x = ref.distance.map { b > a ? c + ($0 - a) / (b - a) * (d - c) : c }
                if k < data.labels.count {
                    points[data.labels[k].0] = ref.frequencies.first
                    points[data.labels[k].1] = ref.frequencies.last
                }
                return (x, ref.frequencies)
            }
            return ReferenceBands(name: name, segments: segments, points: points)
        }
        let calc = try PhononCalculation.fromForceSets(file, yaml: yaml)
        let other = try BandStructure(calc.dynamicalMatrix, path: path, pointsPerSegment: bands.segments.first?.modes.count ?? 51)
        var points: [String: [Double]] = [:]
        for s in other.segments {
            points[s.start.label] = s.modes.first!.frequencies
            points[s.end.label] = s.modes.last!.frequencies
        }
        let segments = zip(other.segments, bands.segments).map { (x: $1.distances, frequencies: $0.modes.map(\.frequencies)) }
        return ReferenceBands(name: name, segments: segments, points: points)
    }
}
