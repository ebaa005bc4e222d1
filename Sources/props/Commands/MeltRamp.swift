import Foundation
import Thermodynamics

/// The heating ramps of `props melt`: one `HeatingRamp` per rate, its table in
/// `ramp-<rate>.csv` and its checkpoint in `checkpoint-<rate>.txt` in the run's directory.
extension MeltSettings {
    /// The ramp at `rate` (K/step) with `seed`, its files in `outDir`.
    func ramp(rate: Double, seed: UInt64, outDir: String) -> HeatingRamp {
        let label = MeltSettings.label(rate)
        let settings = RampSettings(ensemble: md.ensembleSettings, startK: tstartK, stopK: tstopK, rateKPerStep: rate,
                                    holdSteps: equilibrate, sampleEvery: sampleEvery(rate: rate), checkpointEvery: checkpointEvery)
        return HeatingRamp(settings: settings, seed: seed, csvPath: "\(outDir)/ramp-\(label).csv",
                           checkpointPath: "\(outDir)/checkpoint-\(label).txt", label: label)
    }
}
