import Atoms
import Potentials

/// Everything of a Behler–Parrinello potential except the network parameters θ: species,
/// descriptors, input scaling, per-element energies, and where the parameters go. Fixed
/// during training; `potential(_:)` assembles the potential for a given θ.
public struct TrainableModel: Sendable {
    public let species: [Element]
    public let descriptorSets: [DescriptorSet]
    public let scaling: [InputScaling]
    public let trainingRanges: [TrainingRange]
    /// Free-atom-like reference energy E_ref per species, eV (fitted by least squares).
    public let referenceEnergies: [Double]
    /// s: eV per network output unit (the spread of the per-atom energies after E_ref).
    public let energyScale: Double
    public let layout: ParameterLayout

    public init(species: [Element], descriptorSets: [DescriptorSet], scaling: [InputScaling],
                trainingRanges: [TrainingRange], referenceEnergies: [Double], energyScale: Double,
                layout: ParameterLayout) {
        self.species = species
        self.descriptorSets = descriptorSets
        self.scaling = scaling
        self.trainingRanges = trainingRanges
        self.referenceEnergies = referenceEnergies
        self.energyScale = energyScale
        self.layout = layout
    }

    /// The potential with parameters θ.
    public func potential(_ theta: [Double], name: String, provenance: PotJSON = .object([])) throws -> BehlerParrinello {
        let networks = try layout.networks(theta)
        let models = try species.indices.map { t in
            try BehlerParrinello.ElementModel(
                element: species[t], descriptors: descriptorSets[t], scaling: scaling[t], trainingRange: trainingRanges[t],
                network: networks[t], energyScale: energyScale, energyShift: 0, referenceEnergy: referenceEnergies[t])
        }
        return try BehlerParrinello(name: name, models: models, provenance: provenance)
    }
}
