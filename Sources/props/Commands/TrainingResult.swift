import Atoms
import Foundation
import Potentials
import Training
import Validation

/// The trained potential with its provenance: data checksums, settings, seed, thread count,
/// split, and the final metrics of the potential itself (evaluated as `props validate`
/// does) on the training, validation and test structures.
struct TrainingResult {
    let potential: BehlerParrinello
    /// (set name, summary) for training, validation and test, where present.
    let metrics: [(name: String, quantities: ValidationSummary.Quantities)]

    init(problem: TrainingProblem, outcome: TrainingOutcome, settings: TrainingSettings, name: String,
         data: [(path: String, frames: [Frame])], test: (path: String, frames: [Frame])?, keys: ExtendedXYZ.Keys,
         recipe: String?) throws {
        let model = problem.model
        let bare = try model.potential(outcome.theta, name: name)
        let frames = data.flatMap(\.frames)
        var sets = [("training", problem.training.map { frames[$0] })]
        if !problem.validation.isEmpty { sets.append(("validation", problem.validation.map { frames[$0] })) }
        if let test { sets.append(("test", test.frames)) }
        metrics = try sets.map { name, frames in
            (name, ValidationSummary(try DatasetEvaluation(bare, frames: frames, dataName: name, alignment: .none)).overall)
        }
        let files = try Self.dataFiles(data, test: test)
        let symbols = model.species.map(\.symbol)
        let provenance = PotJSON.object([
            ("trained_by", .string("props train")),
            ("recipe", recipe.map { .string($0) } ?? PotJSON(.null)),
            ("data", .array(files)),
            ("label_keys", .object([("energy", .string(keys.energy)), ("forces", .string(keys.forces)),
                                    ("stress", .string(keys.stress)), ("virial", .string(keys.virial))])),
            ("seed", .number(Double(settings.seed))),
            ("threads", .number(Double(Parallel.threads))),
            ("split", .object([("training", .numbers(problem.training.map(Double.init))),
                               ("validation", .numbers(problem.validation.map(Double.init)))])),
            ("settings", settings.json(species: model.species)),
            ("reference_energies_eV", .object(zip(symbols, model.referenceEnergies).map { ($0, .number($1)) })),
            ("energy_scale_eV", .number(model.energyScale)),
            ("epochs_run", .number(Double(outcome.epochsRun))),
            ("best_epoch", .number(Double(outcome.bestEpoch))),
            ("stopped_early", PotJSON(.bool(outcome.stoppedEarly))),
            ("metrics", Self.metricsPot(metrics)),
        ])
        potential = try model.potential(outcome.theta, name: name, provenance: provenance)
    }

    /// Provenance of the training and test files: role, path, SHA-256, structures and atoms.
    static func dataFiles(_ data: [(path: String, frames: [Frame])], test: (path: String, frames: [Frame])?) throws -> [PotJSON] {
        func file(_ role: String, _ path: String, _ frames: [Frame]) throws -> PotJSON {
            guard let bytes = FileManager.default.contents(atPath: path) else { throw InputError("cannot read file", file: path) }
            return .object([("role", .string(role)), ("path", .string(path)), ("sha256", .string(SHA256.hex(bytes))),
                            ("structures", .number(Double(frames.count))),
                            ("atoms", .number(Double(frames.reduce(0) { $0 + $1.structure.count })))])
        }
        return try data.map { try file("training", $0.path, $0.frames) } + (test.map { [try file("test", $0.path, $0.frames)] } ?? [])
    }

    static func metricsPot(_ metrics: [(name: String, quantities: ValidationSummary.Quantities)]) -> PotJSON {
        func m(_ e: ErrorMetrics?) -> PotJSON {
            guard let e else { return PotJSON(.null) }
            return .object([("mae", .number(e.mae)), ("rmse", .number(e.rmse)), ("max", .number(e.max)),
                            ("cc", e.cc.isFinite ? .number(e.cc) : PotJSON(.null))])
        }
        return .object(metrics.map { name, q in
            (name, .object([("structures", .number(Double(q.structures))), ("energy_meV_per_atom", m(q.energy)),
                            ("forces_eV_per_A", m(q.forces)), ("stress_GPa", m(q.stress)), ("pressure_GPa", m(q.pressure))]))
        })
    }

    /// The metrics for `--json`.
    var metricsJSON: JSON { JSON(Self.metricsPot(metrics)) }

    /// A Markdown table of the final metrics.
    var table: String {
        func cell(_ e: ErrorMetrics?, _ decimals: Int) -> String { e.map { fmt($0.rmse, decimals) } ?? "n/a" }
        var out = "| data | structures | energy RMSE (meV/atom) | force RMSE (eV/Å) | stress RMSE (GPa) | pressure RMSE (GPa) |\n"
        out += "| --- | --- | --- | --- | --- | --- |\n"
        for (name, q) in metrics {
            out += "| \(name) | \(q.structures) | \(cell(q.energy, 3)) | \(cell(q.forces, 4)) | \(cell(q.stress, 3)) | \(cell(q.pressure, 3)) |\n"
        }
        return out
    }
}

extension JSON {
    /// The same value as a `.pot` JSON value.
    init(_ p: PotJSON) {
        switch p.value {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let x): self = .number(x)
        case .string(let s): self = .string(s)
        case .array(let a): self = .array(a.map(JSON.init))
        case .object(let pairs): self = .object(pairs.map { ($0.key, JSON($0.value)) })
        }
    }
}
