import Atoms
import Potentials

/// Labelled atoms for a direct-force network, fixed before training: each atom's inputs and
/// frame (`LocalEnvironment`) and its reference force in that frame. Rotating the reference
/// into the frame once makes training a plain regression: |F_model − F_ref| is the same in
/// either frame.
public struct DirectForceData: Sendable {
    public let environment: LocalEnvironment
    /// Network inputs, `environment.inputCount` per atom, atom by atom.
    public private(set) var inputs: [Double] = []
    /// Reference force components along each atom's e₁, e₂, e₃, eV/Å (3 per atom).
    public private(set) var targets: [Double] = []
    /// Each atom's frame.
    public private(set) var axes: [LocalEnvironment.Axes] = []
    /// Each atom's structure: its index in the frames given.
    public private(set) var structureIndex: [Int] = []

    public var atomCount: Int { axes.count }

    /// The atoms of `frames`, which must all have force labels and hold only `element`
    /// (errors name the structure, 1-based).
    public init(frames: [Frame], environment: LocalEnvironment, element: Element) throws {
        self.environment = environment
        for (k, frame) in frames.enumerated() {
            guard let forces = frame.forces else { throw InputError("structure \(k + 1) has no force labels; direct-force training needs forces") }
            if let other = frame.structure.elements.first(where: { $0 != element }) {
                throw InputError("structure \(k + 1) holds \(other.symbol); a direct-force network describes one element (\(element.symbol))")
            }
            let (x, a) = try environment.encode(frame.structure)
            inputs += x
            axes += a
            for (i, f) in forces.enumerated() {
                let t = a[i].local(f)
                targets += [t.x, t.y, t.z]
            }
            structureIndex += Array(repeating: k, count: forces.count)
        }
    }

    /// Indices of the atoms of `structures` (indices into the frames given).
    public func atoms(of structures: [Int]) -> [Int] {
        let wanted = Set(structures)
        return structureIndex.indices.filter { wanted.contains(structureIndex[$0]) }
    }

    /// Root mean square of the reference force components of `atoms`, eV/Å.
    public func forceRMS(_ atoms: [Int]) -> Double {
        var s = 0.0
        for a in atoms { for k in 0..<3 { s += targets[3 * a + k] * targets[3 * a + k] } }
        return (s / Double(max(3 * atoms.count, 1))).squareRoot()
    }
}
