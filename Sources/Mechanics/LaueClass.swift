import Atoms
import Foundation

/// The Laue class of a crystal (its point group with inversion added), which fixes the form
/// of the elastic tensor: which constants are independent and how the others follow
/// (Nye, Physical Properties of Crystals (1985), ch. VIII; standard settings: c along z for
/// hexagonal, trigonal and tetragonal crystals, the two-fold axis along y for monoclinic).
public enum LaueClass: String, Sendable, CaseIterable {
    case cubicHigh = "m-3m", cubicLow = "m-3"
    case hexagonalHigh = "6/mmm", hexagonalLow = "6/m"
    case tetragonalHigh = "4/mmm", tetragonalLow = "4/m"
    case trigonalHigh = "-3m", trigonalLow = "-3"
    case orthorhombic = "mmm", monoclinic = "2/m", triclinic = "-1"

    /// The crystal system's name.
    public var system: String {
        switch self {
        case .cubicHigh, .cubicLow: return "cubic"
        case .hexagonalHigh, .hexagonalLow: return "hexagonal"
        case .tetragonalHigh, .tetragonalLow: return "tetragonal"
        case .trigonalHigh, .trigonalLow: return "trigonal"
        case .orthorhombic: return "orthorhombic"
        case .monoclinic: return "monoclinic"
        case .triclinic: return "triclinic"
        }
    }

    /// The Laue class from the Cartesian rotations (proper or improper) of the crystal's
    /// point group: by the order of the proper subgroup and the largest rotation order.
    public static func from(rotations: [Matrix3]) -> LaueClass {
        var proper: [Matrix3] = []
        for r in rotations {
            let p = r.determinant < 0 ? -1 * r : r
            if !proper.contains(where: { ($0 - p).maxAbs < 1e-6 }) { proper.append(p) }
        }
        let traces = proper.map { $0[0, 0] + $0[1, 1] + $0[2, 2] }
        let sixfold = traces.contains { abs($0 - 2) < 1e-6 }
        let fourfold = traces.contains { abs($0 - 1) < 1e-6 }
        let threefolds = traces.filter { abs($0) < 1e-6 }.count
        switch proper.count {
        case 24: return .cubicHigh
        case 12: return sixfold ? .hexagonalHigh : .cubicLow
        case 8: return .tetragonalHigh
        case 6: return sixfold ? .hexagonalLow : .trigonalHigh
        case 4: return fourfold ? .tetragonalLow : .orthorhombic
        case 3: return threefolds > 0 ? .trigonalLow : .triclinic
        case 2: return .monoclinic
        default: return .triclinic
        }
    }

    /// The Laue class of `s` (position tolerance in Å).
    public static func of(_ s: Structure, tolerance: Double = 1e-3) -> LaueClass {
        from(rotations: rotations(of: s, tolerance: tolerance))
    }

    /// The Cartesian rotations of the space group of `s`, found on its reduced primitive
    /// cell (where the integer rotations have entries −1, 0, 1 even when `s` is given in a
    /// skewed setting or as a supercell).
    public static func rotations(of s: Structure, tolerance: Double = 1e-3) -> [Matrix3] {
        let primitive = PrimitiveCell.find(s, tolerance: tolerance).structure
        return SpaceGroup.find(primitive, tolerance: tolerance).operations.map { $0.cartesianRotation(primitive.cell) }
    }

    /// One independent constant: its name ("C11") and Voigt indices (0-based).
    public typealias Constant = (name: String, i: Int, j: Int)

    /// The independent constants in the standard setting.
    public var independent: [Constant] {
        func c(_ ij: Int) -> Constant { ("C\(ij)", ij / 10 - 1, ij % 10 - 1) }
        switch self {
        case .cubicHigh, .cubicLow: return [11, 12, 44].map(c)
        case .hexagonalHigh, .hexagonalLow: return [11, 12, 13, 33, 44, 66].map(c)
        case .tetragonalHigh: return [11, 12, 13, 33, 44, 66].map(c)
        case .tetragonalLow: return [11, 12, 13, 16, 33, 44, 66].map(c)
        case .trigonalHigh: return [11, 12, 13, 14, 33, 44].map(c)
        case .trigonalLow: return [11, 12, 13, 14, 15, 33, 44].map(c)
        case .orthorhombic: return [11, 22, 33, 12, 13, 23, 44, 55, 66].map(c)
        case .monoclinic: return [11, 22, 33, 12, 13, 23, 44, 55, 66, 15, 25, 35, 46].map(c)
        case .triclinic: return (0..<6).flatMap { i in (i..<6).map { j in c(10 * (i + 1) + j + 1) } }
        }
    }

    /// The full 6×6 matrix this class gives for the independent constants `values`
    /// (in the order of `independent`), GPa.
    public func matrix(_ values: [Double]) -> [[Double]] {
        var m = [[Double]](repeating: [Double](repeating: 0, count: 6), count: 6)
        var named: [Int: Double] = [:]
        for (k, c) in independent.enumerated() { named[10 * (c.i + 1) + c.j + 1] = values[k] }
        func set(_ ij: Int, _ v: Double) {
            let (i, j) = (ij / 10 - 1, ij % 10 - 1)
            m[i][j] = v
            m[j][i] = v
        }
        for (ij, v) in named { set(ij, v) }
        let v = { (ij: Int) in named[ij] ?? 0 }
        switch self {
        case .cubicHigh, .cubicLow:
            for d in [22, 33] { set(d, v(11)) }
            for o in [13, 23] { set(o, v(12)) }
            for s in [55, 66] { set(s, v(44)) }
        case .hexagonalHigh, .hexagonalLow:
            set(22, v(11)); set(23, v(13)); set(55, v(44))
        case .tetragonalHigh, .tetragonalLow:
            set(22, v(11)); set(23, v(13)); set(55, v(44))
            if self == .tetragonalLow { set(26, -v(16)) }
        case .trigonalHigh, .trigonalLow:
            set(22, v(11)); set(23, v(13)); set(55, v(44)); set(66, (v(11) - v(12)) / 2)
            set(24, -v(14)); set(56, v(14))
            if self == .trigonalLow { set(25, -v(15)); set(46, -v(15)) }
        case .orthorhombic, .monoclinic, .triclinic: break
        }
        return m
    }
}
