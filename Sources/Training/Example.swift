import Atoms
import Potentials

/// One labelled structure ready for training: its labels, its per-structure force weight,
/// and its descriptors with their derivatives (computed once; they do not change while
/// the weights do).
public struct Example: Sendable {
    public let frame: Frame
    /// 0-based position of the frame in its file.
    public let index: Int
    /// w of the force term (1, or 0.2/(0.2 + F̄²) with per-structure force weighting).
    public let forceWeight: Double
    /// Factor on the whole loss of this structure: the frame's `config_weight` (the extended
    /// XYZ key MACE and nequip use), 1 when absent.
    public let weight: Double
    public let table: DescriptorTable

    public init(frame: Frame, index: Int, forceWeight: Double, weight: Double = 1, table: DescriptorTable) {
        self.frame = frame
        self.index = index
        self.forceWeight = forceWeight
        self.weight = weight
        self.table = table
    }

    /// The `config_weight` of `frame` (1 when absent); an error naming structure `number`
    /// (1-based) when it is not a positive number.
    public static func configWeight(_ frame: Frame, number: Int) throws -> Double {
        guard let text = frame.info("config_weight") else { return 1 }
        guard let w = Double(text), w.isFinite, w > 0 else {
            throw InputError("structure \(number): config_weight must be a positive number, got '\(text)'")
        }
        return w
    }

    public var atomCount: Int { frame.structure.count }

    /// The per-structure force weight of Cu, Au, Si and Ge training: w = 0.2/(0.2 + F̄²),
    /// with F̄ the mean norm of the reference forces in eV/Å, so that near-equilibrium
    /// structures count most (PCCP paper on Cu, Au, Si, Ge, as the project's issue cites it).
    public static func forceWeight(_ forces: [SIMD3<Double>]) -> Double {
        guard !forces.isEmpty else { return 1 }
        let mean = forces.reduce(0) { $0 + length($1) } / Double(forces.count)
        return 0.2 / (0.2 + mean * mean)
    }
}

/// A potential's energy, forces and stress on one example, from its descriptor table.
public struct Prediction: Sendable {
    /// eV.
    public var energy: Double
    /// eV/Å.
    public var forces: [SIMD3<Double>]
    /// eV/Å³, ASE sign.
    public var stress: Matrix3
}
