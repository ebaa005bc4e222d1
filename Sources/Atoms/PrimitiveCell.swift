import Foundation

/// The primitive cell of a crystal and how it sits in the given (unit) cell.
///
/// Pure translations of the space group give the primitive lattice. Cubic F and I centred
/// cells get phonopy's standard primitive axes (F: (0,½,½), (½,0,½), (½,½,0); I: (−½,½,½),
/// (½,−½,½), (½,½,−½) in units of the cubic cell), so reduced q-points mean what they mean
/// in phonopy; otherwise the three shortest independent lattice vectors are taken.
public struct PrimitiveCell: Sendable {
    /// The primitive structure; atoms in order of first appearance in the unit cell.
    public let structure: Structure
    /// Primitive axes in units of the unit cell's axes (rows), as phonopy's primitive matrix
    /// (transposed: here each row is one primitive vector).
    public let axes: Matrix3
    /// The centring of the unit cell, for choosing band paths.
    public let centring: Centring
    /// For each unit-cell atom, the primitive atom it is a translation of.
    public let primitiveIndex: [Int]

    public enum Centring: String, Sendable {
        /// No centring translations: the unit cell is primitive.
        case primitive = "P"
        case faceCentred = "F"
        case bodyCentred = "I"
        /// Some other centring (or a supercell); primitive axes chosen generically.
        case other
    }

    /// Finds the primitive cell of `unit` (position tolerance in Å).
    public static func find(_ unit: Structure, tolerance: Double = 1e-5) -> PrimitiveCell {
        let group = SpaceGroup.find(unit, tolerance: tolerance)
        let translations = group.operations.filter(\.isTranslation).map(\.translation)
        let n = translations.count
        let half = 0.5
        func matches(_ set: [SIMD3<Double>]) -> Bool {
            set.count == n && set.allSatisfy { v in translations.contains { length($0 - v) < 1e-6 } }
        }
        let centring: Centring
        var axes: Matrix3
        if n == 1 {
            centring = .primitive
            axes = .identity
        } else if isCubic(unit.cell), matches([.zero, SIMD3(0, half, half), SIMD3(half, 0, half), SIMD3(half, half, 0)]) {
            centring = .faceCentred
            axes = Matrix3(SIMD3(0, half, half), SIMD3(half, 0, half), SIMD3(half, half, 0))
        } else if isCubic(unit.cell), matches([.zero, SIMD3(half, half, half)]) {
            centring = .bodyCentred
            axes = Matrix3(SIMD3(-half, half, half), SIMD3(half, -half, half), SIMD3(half, half, -half))
        } else {
            centring = .other
            axes = shortestBasis(translations, unit.cell, volumeFraction: 1 / Double(n))
        }
        if axes.determinant < 0 { axes = Matrix3(axes[1], axes[0], axes[2]) }
        if centring != .faceCentred && centring != .bodyCentred && metricBravais(Cell(axes * unit.cell.matrix)) == .other,
           let standard = LatticeStandardisation.standardAxes(axes * unit.cell.matrix) {
            axes = standard * axes
        }
        let cell = Cell(axes * unit.cell.matrix)
        // One primitive atom per orbit of the centring translations, in first-appearance order.
        var primitiveIndex = [Int](repeating: -1, count: unit.count)
        var positions: [SIMD3<Double>] = [], elements: [Element] = [], masses: [Double] = []
        for i in 0..<unit.count where primitiveIndex[i] < 0 {
            let p = positions.count
            for op in group.operations where op.isTranslation { primitiveIndex[op.permutation[i]] = p }
            positions.append(cell.wrap(unit.positions[i]))
            elements.append(unit.elements[i])
            masses.append(unit.masses[i])
        }
        let structure = Structure(cell: cell, positions: positions, elements: elements, masses: masses)
        return PrimitiveCell(structure: structure, axes: axes, centring: centring, primitiveIndex: primitiveIndex)
    }

    /// The Bravais lattice, for band paths: from the centring of a cubic unit cell, or else
    /// from the metric of the primitive cell, which `find` puts into a standard setting
    /// where it can (standard fcc primitive axes have equal lengths and 60° angles, bcc
    /// 109.47°; hexagonal a = b, γ = 120°).
    public var bravais: Bravais {
        switch centring {
        case .faceCentred: return .faceCentredCubic
        case .bodyCentred: return .bodyCentredCubic
        case .primitive, .other: return Self.metricBravais(structure.cell)
        }
    }

    /// The Bravais lattice a primitive cell's metric shows in its present setting.
    static func metricBravais(_ cell: Cell) -> Bravais {
        let l = cell.lengths, a = cell.anglesDegrees
        let equal = abs(l.x - l.y) < 1e-5 * l.x && abs(l.x - l.z) < 1e-5 * l.x
        func all(_ angle: Double) -> Bool { abs(a.x - angle) < 1e-3 && abs(a.y - angle) < 1e-3 && abs(a.z - angle) < 1e-3 }
        if equal && all(90) { return .cubic }
        if equal && all(60) { return .faceCentredCubic }
        if equal && all(acos(-1.0 / 3) * 180 / Double.pi) { return .bodyCentredCubic }
        if abs(l.x - l.y) < 1e-5 * l.x && abs(a.x - 90) < 1e-3 && abs(a.y - 90) < 1e-3 && abs(a.z - 120) < 1e-3 {
            return .hexagonal
        }
        return .other
    }

    public enum Bravais: String, Sendable {
        case cubic, faceCentredCubic, bodyCentredCubic, hexagonal, other
    }

    static func isCubic(_ cell: Cell) -> Bool {
        let l = cell.lengths, a = cell.anglesDegrees
        return abs(l.x - l.y) < 1e-6 * l.x && abs(l.x - l.z) < 1e-6 * l.x
            && abs(a.x - 90) < 1e-6 && abs(a.y - 90) < 1e-6 && abs(a.z - 90) < 1e-6
    }

    /// Three shortest independent lattice vectors (in unit-cell units) spanning the lattice
    /// generated by the unit cell and the centring translations.
    static func shortestBasis(_ translations: [SIMD3<Double>], _ cell: Cell, volumeFraction: Double) -> Matrix3 {
        var candidates: [SIMD3<Double>] = []
        for t in translations {
            for a in -1...1 { for b in -1...1 { for c in -1...1 {
                let v = t + SIMD3(Double(a), Double(b), Double(c))
                if lengthSquared(v) > 1e-12 { candidates.append(v) }
            }}}
        }
        candidates.sort { length(cell.cartesian($0)) < length(cell.cartesian($1)) }
        for i in 0..<candidates.count {
            for j in (i + 1)..<candidates.count {
                guard length(cross(candidates[i], candidates[j])) > 1e-9 else { continue }
                for k in (j + 1)..<candidates.count {
                    let m = Matrix3(candidates[i], candidates[j], candidates[k])
                    if abs(abs(m.determinant) - volumeFraction) < 1e-9 { return m }
                }
            }
        }
        return .identity
    }
}
