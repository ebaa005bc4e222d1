import Atoms
import Validation

extension Prediction {
    /// The prediction beside the labels of `example`, as validation compares them (energies per atom).
    func entry(_ example: Example) -> DatasetEvaluation.Entry {
        let f = example.frame, n = Double(example.atomCount)
        return DatasetEvaluation.Entry(
            index: example.index, structure: f.structure, configType: f.configType,
            energyPerAtom: f.energy.map { (energy / n, $0 / n) }, forces: f.forces.map { (forces, $0) },
            stress: f.stress.map { (stress, $0) })
    }
}

extension ValidationSummary.Quantities {
    /// Errors of `predictions` on `examples`: energy per atom (meV/atom), force components
    /// (eV/Å), stress components and pressure (GPa), for every quantity the labels have,
    /// whether or not its loss weight is zero.
    init(_ predictions: [Prediction], _ examples: [Example]) {
        self = ValidationSummary.quantities(zip(predictions, examples).map { $0.entry($1) })
    }

    /// Column names of `csvValues`, after a prefix such as "train_".
    public static let csvColumns = ["energy_rmse_meV_per_atom", "energy_cc", "force_rmse_eV_per_A", "force_cc",
                                    "stress_rmse_GPa", "pressure_rmse_GPa", "pressure_cc"]

    /// RMSE and correlation coefficients in the order of `csvColumns` (NaN where absent).
    public var csvValues: [Double] {
        [energy?.rmse, energy?.cc, forces?.rmse, forces?.cc, stress?.rmse, pressure?.rmse, pressure?.cc].map { $0 ?? .nan }
    }
}
