import Atoms
import Foundation
import LinearAlgebra
import Neighbors
import Potentials

/// A potential evaluated on every labelled frame of a data set, side by side with the
/// labels: what validation statistics are computed from.
public struct DatasetEvaluation: Sendable {
    public struct Entry: Sendable {
        /// 0-based position of the frame in its file.
        public let index: Int
        public let structure: Structure
        public let configType: String?
        /// Energies per atom, eV (after the energy alignment).
        public let energyPerAtom: (predicted: Double, reference: Double)?
        public let forces: (predicted: [SIMD3<Double>], reference: [SIMD3<Double>])?
        /// Stresses, eV/Å³ (ASE sign).
        public let stress: (predicted: Matrix3, reference: Matrix3)?

        public init(index: Int, structure: Structure, configType: String?, energyPerAtom: (predicted: Double, reference: Double)?,
                    forces: (predicted: [SIMD3<Double>], reference: [SIMD3<Double>])?,
                    stress: (predicted: Matrix3, reference: Matrix3)?) {
            self.index = index
            self.structure = structure
            self.configType = configType
            self.energyPerAtom = energyPerAtom
            self.forces = forces
            self.stress = stress
        }
    }

    /// How energies are put on one scale.
    public enum EnergyAlignment: Sendable, Equatable {
        /// Compared as they are (a potential trained on this data).
        case none
        /// A constant per element, fitted by least squares, is added to the potential's
        /// energies (e.g. cohesive vs DFT total energies): compares energy differences only.
        case perElementShift([Element: Double])
        /// Energies relative to a reference structure: E/N − E_ref/N_ref, each with its own
        /// reference energy per atom (potential, label).
        case referenceStructure(potential: Double, label: Double, name: String)
    }

    public let dataName: String
    public let potentialName: String
    public let entries: [Entry]
    public let alignment: EnergyAlignment
    /// Quantities the potential could not supply (shown as n/a).
    public let missing: Quantities
    /// Neural-network extrapolations over the frames.
    public let extrapolation: ExtrapolationTally

    /// Evaluates `potential` on `frames`; energies aligned by `alignment` ("auto": as they
    /// are, unless the mean offset exceeds 0.1 eV/atom, then a per-element shift).
    public init(_ potential: Potential, frames: [Frame], dataName: String, alignment requested: AlignmentRequest = .auto) throws {
        self.dataName = dataName
        potentialName = potential.name
        let wanted = potential.supplies.intersection([.energy, .forces, .stress])
        missing = Quantities([.energy, .forces, .stress]).subtracting(wanted)
        var raw: [(Frame, Evaluation)] = []
        for (k, f) in frames.enumerated() {
            do {
                try f.structure.checkUsable()
                raw.append((f, try potential.evaluate(f.structure, wanted: wanted)))
            } catch let e as InputError {
                throw InputError("\(dataName) frame \(k + 1): \(e.message)")
            }
        }
        var tally = ExtrapolationTally()
        for (_, r) in raw { tally.add(r) }
        extrapolation = tally
        let alignment = try Self.alignment(requested, raw, potential: potential)
        self.alignment = alignment
        entries = raw.enumerated().map { k, pair in
            let (f, r) = pair
            let n = Double(f.structure.count)
            var energy: (Double, Double)? = nil
            if let e = r.energy, let ref = f.energy {
                switch alignment {
                case .none: energy = (e / n, ref / n)
                case .perElementShift(let shift):
                    energy = ((e + f.structure.elements.reduce(0) { $0 + shift[$1, default: 0] }) / n, ref / n)
                case .referenceStructure(let ep, let el, _): energy = (e / n - ep, ref / n - el)
                }
            }
            var forces: (predicted: [SIMD3<Double>], reference: [SIMD3<Double>])? = nil
            if let p = r.forces, let l = f.forces { forces = (p, l) }
            var stress: (predicted: Matrix3, reference: Matrix3)? = nil
            if let p = r.stress, let l = f.stress { stress = (p, l) }
            return Entry(index: k, structure: f.structure, configType: f.configType, energyPerAtom: energy,
                         forces: forces, stress: stress)
        }
    }

    public enum AlignmentRequest: Sendable {
        case auto, none, perElementShift
        /// A structure whose energy label is the reference.
        case referenceStructure(Frame, name: String)
    }

    static func alignment(_ request: AlignmentRequest, _ raw: [(Frame, Evaluation)], potential: Potential) throws -> EnergyAlignment {
        let labelled = raw.filter { $0.0.energy != nil && $0.1.energy != nil }
        switch request {
        case .none: return .none
        case .referenceStructure(let frame, let name):
            guard let label = frame.energy else { throw InputError("the energy reference \(name) has no energy label") }
            let e = try potential.evaluate(frame.structure, wanted: [.energy]).energy!
            let n = Double(frame.structure.count)
            return .referenceStructure(potential: e / n, label: label / n, name: name)
        case .perElementShift: return .perElementShift(try fitShift(labelled))
        case .auto:
            guard !labelled.isEmpty else { return .none }
            let offset = labelled.reduce(0.0) { $0 + ($1.0.energy! - $1.1.energy!) / Double($1.0.structure.count) } / Double(labelled.count)
            return abs(offset) > 0.1 ? .perElementShift(try fitShift(labelled)) : .none
        }
    }

    /// Per-element constants c_e minimising Σ (E_label − E_pot − Σ_atoms c_e)² (least squares).
    static func fitShift(_ labelled: [(Frame, Evaluation)]) throws -> [Element: Double] {
        let species = Array(Set(labelled.flatMap { $0.0.structure.elements })).sorted { $0.number < $1.number }
        var design: [Double] = [], target: [Double] = []
        for (f, r) in labelled {
            design += species.map { e in Double(f.structure.elements.lazy.filter { $0 == e }.count) }
            target.append(f.energy! - r.energy!)
        }
        let c = try leastSquares(design, rows: labelled.count, columns: species.count, b: target)
        return Dictionary(uniqueKeysWithValues: zip(species, c))
    }
}
