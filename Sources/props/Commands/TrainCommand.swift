import Atoms
import Foundation
import Neighbors
import Potentials
import Training

/// `props train --data TRAIN.extxyz [--test TEST.extxyz] --out X.pot [--recipe R]`.
enum TrainCommand {
    static let spec = CommandSpec(
        name: "train",
        summary: "Train a Behler–Parrinello neural-network potential (or with --model a SNAP, quadratic SNAP, GAP or direct-force network) on labelled (DFT) data.",
        positionals: [],
        options: [OptionSpec(name: "recipe", value: "FILE", help: "a training recipe (recipes/train-Si.recipe; see docs/training.md); options below override it"),
                  OptionSpec(name: "data", value: "FILE", help: "extended XYZ with energy, forces, stress (or virial) labels (repeat for several files)",
                             repeatable: true),
                  OptionSpec(name: "test", value: "FILE", help: "held-out labelled data: metrics in the .pot, never trained on"),
                  OptionSpec(name: "out", value: "X.pot", help: "the potential to write; training.csv and learning_curves.svg go into X-training/"),
                  OptionSpec(name: "name", value: "TEXT", help: "the potential's name"),
                  OptionSpec(name: "energy-key", value: "KEY", help: "comment key of the energy label (default energy)"),
                  OptionSpec(name: "forces-key", value: "KEY", help: "column of the force labels (default forces)"),
                  OptionSpec(name: "stress-key", value: "KEY", help: "comment key of the stress label, eV/Å³ ASE sign (default stress)"),
                  OptionSpec(name: "virial-key", value: "KEY", help: "comment key of a virial label, eV, used when there is no stress (default virial)"),
                  OptionSpec(name: "cutoff", value: "Å", help: "automatic descriptors with this cutoff (default 5.5)"),
                  OptionSpec(name: "radial", value: "N", help: "automatic descriptors: shifted G2 per neighbour element (default 8)"),
                  OptionSpec(name: "angular-cutoff", value: "Å", help: "automatic descriptors: a shorter cutoff of the angular functions (default: --cutoff)"),
                  OptionSpec(name: "hidden", value: "N,N", help: "hidden-layer nodes (default 25,25)"),
                  OptionSpec(name: "activation", value: "NAME", help: "hidden activation: tanh (default), scaled_tanh, softplus, sigmoid, gaussian, ..."),
                  OptionSpec(name: "optimizer", value: "NAME", help: "adam (mini-batches, default) or lbfgs (full batch)"),
                  OptionSpec(name: "epochs", value: "N", help: "epochs (L-BFGS: iterations; default 500)"),
                  OptionSpec(name: "batch", value: "N", help: "structures per Adam step (default 8)"),
                  OptionSpec(name: "learning-rate", value: "A[:B]", help: "Adam step size, falling geometrically from A to B (default 1e-3:1e-5)"),
                  OptionSpec(name: "energy-weight", value: "P", help: "p_E, per (eV/atom)² (default 1)"),
                  OptionSpec(name: "force-weight", value: "A[:B]", help: "p_F per (eV/Å)², falling from A to B over the epochs (default 1)"),
                  OptionSpec(name: "stress-weight", value: "P", help: "p_P per GPa² (default 0: stress and pressure only monitored)"),
                  OptionSpec(name: "stress-term", value: "KIND", help: "stress (all components, default) or pressure"),
                  OptionSpec(name: "no-force-weighting", value: nil, help: "weight every structure's forces equally (default w = 0.2/(0.2 + F̄²))"),
                  OptionSpec(name: "validation-fraction", value: "F", help: "share of the structures held out for validation (default 0.1)"),
                  OptionSpec(name: "patience", value: "N", help: "stop after N epochs without a better validation loss"),
                  OptionSpec(name: "every", value: "K", help: "metrics every K epochs (default 10)"),
                  OptionSpec(name: "core", value: "zbl[:R1,R2]", help: ShortRangeOptions.coreHelp),
                  OptionSpec(name: "model", value: "KIND", help: "bp (Behler–Parrinello network, default), snap or qsnap (linear or quadratic SNAP by least squares), gap (SOAP GAP, sparse GP), direct-force (forces only, see below)"),
                  OptionSpec(name: "twojmax", value: "N", help: "snap/qsnap: bispectrum twojmax (default 6)"),
                  OptionSpec(name: "rcutfac", value: "X", help: "snap/qsnap: cutoff rcutfac·(R_i + R_j), radii 0.5 by default (default 4.1)"),
                  OptionSpec(name: "ridge", value: "L,L", help: "snap/qsnap: ridge parameters to try; the lowest validation loss wins (default 0,1e-8,1e-6,1e-4)"),
                  OptionSpec(name: "n-sparse", value: "N", help: "gap: sparse points per element (default 500)"),
                  OptionSpec(name: "sigma", value: "E,F,V", help: "gap: expected errors σ of energies (eV/atom), forces (eV/Å), virials (eV/atom) (default 0.001,0.1,0.05)"),
                  OptionSpec(name: "neighbours", value: "N,N", help: "direct-force: neighbours in the input, one run each (default 12)"),
                  OptionSpec(name: "select", value: "KEY=VALUE", help: "direct-force: train only on structures with T=K[-K], atoms=N[-N] or KEY=VALUE",
                             repeatable: true),
                  OptionSpec(name: "test-select", value: "KEY=VALUE", help: "direct-force: test on these structures (of --test, else of --data)",
                             repeatable: true)],
        details: """
        Descriptors, input scaling (mean and σ of the training data) and per-element reference energies
        (least squares) come first; then the networks are fitted to the loss
            L = p_E (ΔE/N)² + p_F w/(3N) Σ|ΔF|² + p_P S   (eV, eV/Å, GPa; S = (ΔP)² or mean Δσ_ab²)
        with Adam or L-BFGS. A structure's config_weight=W (extended XYZ comment) multiplies its whole loss,
        so that a few important structures (e.g. phonon force sets) count; a structure without energy
        contributes its forces. Every K epochs: energy (meV/atom), force (eV/Å), stress and pressure (GPa)
        RMSE and correlation on training and validation data, in X-training/training.csv and learning_curves.svg.
        The .pot keeps the parameters of the epoch with the lowest validation loss, the data checksums, all
        settings, the seed and thread count, the split, the final metrics and the descriptor ranges.
        Same seed, data and --threads: the same potential, bit for bit.
        The shortest distance per element pair in the training data is printed and kept in the .pot's
        provenance (shortest_distances_A); --core zbl (recipe key core) adds a ZBL repulsion below it.
        --model snap|qsnap fits a (quadratic) SNAP instead by weighted linear least squares on energies per
        atom, forces and stresses (recipe keys snap.*; README "Training potentials") and writes X.snapcoeff,
        X.snapparam and X-training/ (ridge.csv: errors per ridge parameter; summary.json: provenance, metrics).
        --json: {"output", "epochs_run", "best_epoch", "metrics": {"training", "validation", "test"}, "shortest_distances_A"}
        --model gap fits a SOAP GAP by sparse Gaussian-process regression (sparse points by CUR or random choice,
        σ per config_type, e0 per element; recipe keys gap.*; README "Training potentials") and writes QUIP's
        X.xml + X.xml.sparseX.* (props, QUIP and quippy read them) and X-training/summary.json.
        --json (gap): {"output", "seconds", "metrics"}
        --model direct-force (Kuritz, Gordon and Natan, PRB 98, 094109 (2018)): a network from the first N_nb
        neighbours (within --cutoff, default 5 Å) in a local frame to the force; no energy. Trained on forces only
        (loss: mean squared force-component error), Adam on --batch atoms (default 32), --epochs (default 100),
        --hidden (default 24,24), --learning-rate (default 3e-3:1e-4). --neighbours 4,8,12,16 trains one network
        each and writes X-training/neighbours.csv and neighbours.svg (force MAE vs N_nb); X.pot gets the one with
        the lowest validation error. Transferability: --select T=3374 --test-select T=300 (temperature from the
        "at N K" description), --select atoms=1-40 --test-select atoms=41-1000 (size).
        --json: {"output", "best_neighbours", "runs": [{"neighbours", "training_force_mae", "validation_force_mae",
        "test_force_mae", "test_force_rmse", "seconds", ...}]}
        """)

    /// The error for a setting given neither as an option nor in the recipe: names the
    /// recipe file when there is one (its `key = ...` line is missing).
    static func missingSetting(_ key: String, _ what: String, _ args: ParsedArguments) -> Error {
        guard let recipe = args.string("recipe") else { return UsageError("give \(what) (or a --recipe naming it)", command: "train") }
        return InputError("no '\(key) = ...' line (or an empty one) and no --\(key) option: give \(what)", file: recipe)
    }

    static func run(_ args: ParsedArguments) throws {
        let inputs = try Inputs(args)
        let console = inputs.console
        let recipe = try args.string("recipe").map { try TrainingRecipe(path: $0) }
        try recipe?.requireFiles(data: args.strings("data").isEmpty, test: args.string("test") == nil)
        if (args.string("model") ?? recipe?.model) == "direct-force" {
            return try TrainDirectForce.run(args, recipe: recipe, console: console)
        }
        for option in ["neighbours", "select", "test-select"] where args.string(option) != nil || !args.strings(option).isEmpty {
            throw UsageError("--\(option) is for --model direct-force", command: "train")
        }
        let dataPaths = args.strings("data").isEmpty ? recipe?.data ?? [] : args.strings("data")
        guard !dataPaths.isEmpty else { throw missingSetting("data", "the training data, --data FILE", args) }
        guard let out = args.string("out") ?? recipe?.out, !out.isEmpty else {
            throw missingSetting("out", "the potential to write, --out X.pot", args)
        }
        let testPath = args.string("test") ?? recipe?.test
        var keys = recipe?.keys ?? ExtendedXYZ.Keys()
        if let k = args.string("energy-key") { keys.energy = k }
        if let k = args.string("forces-key") { keys.forces = k }
        if let k = args.string("stress-key") { keys.stress = k }
        if let k = args.string("virial-key") { keys.virial = k }
        let data = try dataPaths.map { (path: $0, frames: try StructureInput.readFrames(path: $0, keys: keys)) }
        let frames = try checkedFrames(data, keys)
        let species = Array(Set(frames.flatMap(\.structure.elements))).sorted { $0.number < $1.number }
        var settings = try recipe?.trainingSettings(species: species) ?? TrainingSettings()
        try TrainOptions.apply(args, to: &settings)
        do { try settings.check() } catch let e as InputError { throw UsageError(e.message, command: "train") }
        let model = args.string("model") ?? recipe?.model ?? "bp"
        guard ["bp", "snap", "qsnap", "gap"].contains(model) else {
            throw UsageError("--model is bp, snap, qsnap, gap or direct-force, got '\(model)'", command: "train")
        }
        if model == "gap" {
            return try GAPTraining.run(args, recipe: recipe, data: data, species: species, testPath: testPath, keys: keys, out: out,
                                       seed: settings.seed, validationFraction: settings.validationFraction, console: console)
        }
        if model != "bp" {
            return try SNAPTraining.run(args, recipe: recipe, quadratic: model == "qsnap", data: data, species: species,
                                        testPath: testPath, keys: keys, out: out, seed: settings.seed,
                                        validationFraction: settings.validationFraction, console: console)
        }
        let test = try testPath.map { path in try checkedFrames([(path, try StructureInput.readFrames(path: path, keys: keys))], keys) }
        let shortest = try ShortestDistances(frames.map(\.structure))
        console.note(ShortRangeOptions.table(shortest, title: "shortest distances in the training data:"))
        let core = args.string("core") ?? recipe?.core
        if let core { _ = try CoreSpec(core) }
        let started = Date()
        console.note("computing descriptors of \(frames.count) structures")
        let problem = try TrainingProblem(frames: frames, settings: settings)
        let name = args.string("name") ?? recipe?.name ?? "props train \((dataPaths[0] as NSString).lastPathComponent)"
        let report = try TrainingReport(directory: String(out.dropLast(out.hasSuffix(".pot") ? 4 : 0)) + "-training",
                                    problem: problem, settings: settings, console: console)
        console.note("\(problem.training.count) training and \(problem.validation.count) validation structures; "
                     + "\(problem.model.descriptorSets[0].count) descriptors, network \(problem.model.layout.networks[0].map(\.inputs) + [1]), "
                     + "\(problem.model.layout.count) parameters; \(settings.method.rawValue), \(settings.epochs) epochs")
        let outcome = try Trainer(problem: problem, settings: settings).run { report.record($0) }
        console.endProgress()
        let result = try TrainingResult(problem: problem, outcome: outcome, settings: settings, name: name,
                                        data: data, test: testPath.map { ($0, test!) }, keys: keys,
                                        recipe: recipe?.path)
        var potText = try PotFormat.settingProvenance(PotFormat.write(result.potential), PotFormat.shortestDistancesKey,
                                                      PotFormat.shortestDistancesJSON(shortest))
        if let core { potText = try ShortRangeOptions.addCore(core, to: potText, species: species, shortest: shortest, console: console) }
        try writeFile(potText, to: out)
        try report.finish()
        let seconds = Date().timeIntervalSince(started)
        console.note("wrote \(out) and \(report.directory)/ (training.csv, learning_curves.svg) in \(fmt(seconds, 0)) s; "
                     + "best epoch \(outcome.bestEpoch) of \(outcome.epochsRun)\(outcome.stoppedEarly ? " (stopped early)" : "")")
        if args.flag("json") {
            console.emit(.object([("output", .string(out)), ("epochs_run", .int(outcome.epochsRun)),
                                  ("best_epoch", .int(outcome.bestEpoch)), ("seconds", .number(seconds)),
                                  ("metrics", result.metricsJSON), ("shortest_distances_A", ShortRangeOptions.json(shortest))]))
        } else {
            console.print(result.table)
            console.print(ShortRangeOptions.table(shortest, title: "shortest distance per element pair in the training data:"))
        }
    }

    /// The frames of all `files`, in order, after checking that some have an energy label and
    /// that every `config_weight` is a positive number (errors name the file and structure).
    static func checkedFrames(_ files: [(path: String, frames: [Frame])], _ keys: ExtendedXYZ.Keys) throws -> [Frame] {
        guard files.contains(where: { $0.frames.contains { $0.energy != nil } }) else {
            throw InputError("no structure has an energy label (key \(keys.energy)); training needs energies",
                             file: files.map(\.path).joined(separator: ", "))
        }
        for (path, frames) in files {
            for (k, frame) in frames.enumerated() {
                do { _ = try Example.configWeight(frame, number: k + 1) } catch let e as InputError { throw e.at(file: path) }
            }
        }
        return files.flatMap(\.frames)
    }
}
