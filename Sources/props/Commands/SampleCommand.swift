import Atoms
import Foundation
import Mechanics
import Neighbors
import Potentials

/// `props sample short-range POT [DATA] --out DIR`: structures for a DFT code to label.
enum SampleCommand {
    static let spec = CommandSpec(
        name: "sample",
        summary: "Generate structures for DFT labelling: short-range (compressed, relaxed) correction structures.",
        positionals: [("KIND", "short-range", true), ("POT", "the current potential", true),
                      ("DATA", "its training data (extended XYZ): shortest distances and starting structures (default: the distances in a props-trained POT's provenance)", false)],
        options: [.labelMap, OptionSpec(name: "start", value: "STRUCT", help: "start from this structure (file or LATTICE:ELEMENT:A) instead of DATA's"),
                  OptionSpec(name: "supercell", value: "N|NxMxK", help: "repeat the starting structure(s) first"),
                  OptionSpec(name: "structures", value: "N", help: "starting structures taken from DATA, evenly spread (default 2)"),
                  OptionSpec(name: "margin", value: "Å", help: "reach this far below the training set's shortest distance per pair (default 0.1)"),
                  OptionSpec(name: "compression", value: "F", help: "volume removed per cycle, fraction (default 0.04)"),
                  OptionSpec(name: "cycles", value: "N", help: "largest number of compression cycles per start (default 40)"),
                  OptionSpec(name: "max-steps", value: "N", help: "FIRE steps per relaxation (default 300)")],
        details: """
        Short-range correction data, as the superionic-conductor network work makes it: each starting structure
        (from DATA, --start, or else the potential's ground-state lattice) is compressed by --compression of its
        volume per cycle; after each step the positions are relaxed (fixed cell), then the cell shape at fixed
        volume, with POT; this repeats until every element pair with a training distance is closer than that
        distance minus --margin. The structures that go below a training distance are written to
        DIR/short-range.extxyz and DIR/POSCAR-<start>-<cycle> (unlabelled: for your DFT code), with DIR/README.md
        listing the distances reached. Exit status 1 when no start reached the targets.
        --json: {"training_shortest_A", "targets_A", "structures": [{"file", "start", "cycle", "volume_ratio", "shortest_A"}], "reached"}
        """)

    static func run(_ args: ParsedArguments) throws {
        let inputs = try Inputs(args)
        let console = inputs.console
        guard args.positionals[0] == "short-range" else {
            throw UsageError("unknown kind '\(args.positionals[0])' (props sample short-range POT [DATA])", command: "sample")
        }
        guard let potPath = args.positional(1) else { throw UsageError("missing POT", command: "sample") }
        let potential = try PotentialLoader.load(potPath, map: args.labelMap())
        try potential.require([.energy, .forces, .stress], for: "sample short-range")
        let data = try args.positional(2).map { try StructureInput.readFrames(path: $0) }
        let training: ShortestDistances
        if let data {
            training = try ShortestDistances(data.map(\.structure))
        } else if potPath.hasSuffix(".pot"), let recorded = try PotFormat.shortestDistances(inPot: try String(contentsOfFile: potPath, encoding: .utf8)) {
            training = recorded
        } else {
            throw UsageError("give the training data (DATA): \(potPath) records no shortest training distances", command: "sample")
        }
        var settings = ShortRangeSettings()
        settings.margin = try args.double("margin", default: settings.margin, range: 0...2)
        settings.compressionPerCycle = try args.double("compression", default: settings.compressionPerCycle, range: 0.001...0.5)
        settings.maxCycles = try args.int("cycles", default: settings.maxCycles, range: 1...1000)
        settings.relaxation.maxSteps = try args.int("max-steps", default: settings.relaxation.maxSteps, range: 1...1_000_000)
        let starts = try startingStructures(args, data: data, potential: potential)
        console.note(ShortRangeOptions.table(training, title: "shortest distances in the training data (targets \(fmt(settings.margin, 2)) Å below):"))
        let out = args.string("out") ?? "short-range"
        var calculator = Calculator(potential)
        defer { inputs.reportExtrapolations(calculator) }
        var written: [(file: String, start: Int, sample: ShortRangeSample)] = []
        var reachedAny = false
        var lines = ["# Short-range correction structures", "",
                     "Made by `props sample short-range \(potPath)` for a DFT code to label (energies, forces, stresses); then add",
                     "them to the training data. Targets: \(fmt(settings.margin, 2)) Å below the training set's shortest distance per pair:", ""]
        lines += training.entries.map { "- \($0.label): training \(fmt($0.distance, 4)) Å, target < \(fmt($0.distance - settings.margin, 4)) Å" }
        lines += ["", "| file | start | cycle | V/V0 | shortest distances (Å) |", "| --- | --- | --- | --- | --- |"]
        for (k, start) in starts.enumerated() {
            let run = ShortRangeSampler.run(start, calculator: &calculator, training: training, settings: settings)
            reachedAny = reachedAny || run.reached
            let last = run.samples.last.map { $0.shortest.entries.map { "\($0.label) \(fmt($0.distance, 3)) Å" }.joined(separator: ", ") } ?? "none"
            console.note("start \(k + 1): \(run.samples.count) cycles, \(run.reached ? "targets reached" : "targets not reached"); last: \(last)"
                         + (run.stoppedBy.map { " (stopped: \($0))" } ?? ""))
            for sample in run.samples where sample.shortest.entries.contains(where: { e in
                e.distance < training.distance(e.elements.0, e.elements.1) ?? 0
            }) {
                let file = "POSCAR-\(k + 1)-\(sample.cycle)"
                try writeFile(POSCAR.write(sample.structure, comment: "props sample short-range: start \(k + 1), cycle \(sample.cycle)"),
                              to: (out as NSString).appendingPathComponent(file))
                written.append((file, k + 1, sample))
                lines.append("| \(file) | \(k + 1) | \(sample.cycle) | \(fmt(sample.volumeRatio, 4)) | "
                             + sample.shortest.entries.map { "\($0.label) \(fmt($0.distance, 3))" }.joined(separator: ", ") + " |")
            }
        }
        let frames = written.map { w -> Frame in
            var f = Frame(structure: w.sample.structure)
            f.configType = "short-range"
            f.info = [("start", "\(w.start)"), ("cycle", "\(w.sample.cycle)"), ("volume_ratio", "\(w.sample.volumeRatio)"),
                      ("shortest_distance_A", "\(w.sample.shortest.entries.map(\.distance).min() ?? 0)")]
            return f
        }
        try writeFile(frames.map(ExtendedXYZ.write).joined(), to: (out as NSString).appendingPathComponent("short-range.extxyz"))
        try writeFile(lines.joined(separator: "\n") + "\n", to: (out as NSString).appendingPathComponent("README.md"))
        console.note("wrote \(written.count) structures to \(out)/ (short-range.extxyz, POSCAR-*, README.md)")
        if args.flag("json") {
            console.emit(.object([
                ("training_shortest_A", ShortRangeOptions.json(training)),
                ("targets_A", .object(training.entries.map { ($0.label, .number($0.distance - settings.margin)) })),
                ("structures", .array(written.map { w in
                    .object([("file", .string(w.file)), ("start", .int(w.start)), ("cycle", .int(w.sample.cycle)),
                             ("volume_ratio", .number(w.sample.volumeRatio)), ("shortest_A", ShortRangeOptions.json(w.sample.shortest))])
                })),
                ("reached", .bool(reachedAny)),
            ]))
        } else {
            console.print(lines.joined(separator: "\n"))
        }
        if !reachedAny { throw InputError("no starting structure reached the targets in \(settings.maxCycles) cycles (try --cycles or --compression)") }
    }

    /// --start, else up to --structures of DATA's structures evenly spread, else the ground state.
    static func startingStructures(_ args: ParsedArguments, data: [Frame]?, potential: Potential) throws -> [Structure] {
        var starts: [Structure]
        if let text = args.string("start") {
            starts = [try StructureInput.structure(text)]
        } else if let data, !data.isEmpty {
            let n = min(try args.int("structures", default: 2, range: 1...100_000), data.count)
            starts = (0..<n).map { data[$0 * data.count / n].structure }
        } else {
            starts = [try Equilibrium.groundStateLattice(for: potential)]
        }
        if let sc = args.string("supercell") {
            let matrix = try Supercell.parseMatrix(sc)
            starts = try starts.map { try Supercell.make($0, matrix: matrix) }
        }
        for s in starts { try s.checkOverlaps() }
        return starts
    }
}
