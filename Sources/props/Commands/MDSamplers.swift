import Analysis
import Atoms
import Dynamics
import Foundation
import Thermodynamics

/// The `--rdf` and `--msd` samplers of a `props md` run: set up from the command line (or,
/// for `--resume`, from the checkpoint, where their settings and the g(r) sums are kept and
/// the MSD frames file's size is recorded), and their tables and figures at the end. A
/// resumed run's rdf.csv and msd.csv cover the whole run.
struct MDSamplers {
    private(set) var rdf: RDFSampler?
    private(set) var msd: MSDSampler?
    /// Their settings, stored in the checkpoint.
    private(set) var pairs: [(key: String, value: String)] = []
    /// Files whose sizes the checkpoint records.
    private(set) var files: [(name: String, file: OutputFile)] = []

    static let framesFile = "msd-frames.txt"

    /// - Parameters:
    ///   - stored: the checkpoint's settings on resume (nil for a fresh run).
    init(_ args: ParsedArguments, stored: [String: String]?, checkpoint: Checkpoint?, structure: Structure, sampleEvery: Int,
         outDir: String) throws {
        let wantsRDF: Bool, wantsMSD: Bool
        if let stored {
            wantsRDF = stored["rdf-rmax"] != nil
            wantsMSD = stored["msd"] != nil
            for (flag, present) in [("rdf", wantsRDF), ("msd", wantsMSD)] where args.flag(flag) && !present {
                throw UsageError("--\(flag) cannot be added to a resumed run: the steps before the checkpoint were not sampled", command: "md")
            }
        } else {
            wantsRDF = args.flag("rdf")
            wantsMSD = args.flag("msd")
        }
        if wantsRDF {
            let half = 0.5 * structure.cell.faceDistances.min()
            let rmax = try stored.flatMap { $0["rdf-rmax"] }.map { try Self.number($0, "rdf-rmax") }
                ?? args.double("rmax", default: min(10, half), range: 0.1...1000)
            let dr = try stored.flatMap { $0["rdf-dr"] }.map { try Self.number($0, "rdf-dr") }
                ?? args.double("dr", default: 0.02, range: 1e-4...10)
            let sampler = RDFSampler(elements: structure.elements, rmax: rmax, binWidth: dr, every: sampleEvery)
            if let checkpoint {
                guard let values = checkpoint.observer("rdf") else {
                    throw InputError("the checkpoint has --rdf settings but no g(r) sums", file: outDir + "/checkpoint.txt")
                }
                do { try sampler.restore(values) } catch let e as InputError { throw e.at(file: outDir + "/checkpoint.txt") }
            }
            rdf = sampler
            pairs += [("rdf-rmax", "\(rmax)"), ("rdf-dr", "\(dr)")]
        }
        if wantsMSD {
            let path = outDir + "/" + Self.framesFile
            let keep = checkpoint.map { c in c.fileSizes.first { $0.name == Self.framesFile }?.bytes ?? 0 }
            let frames = try OutputFile(path: path, keep: keep)
            let sampler = MSDSampler(every: sampleEvery, frames: frames)
            if keep != nil { try sampler.restore(from: path, atoms: structure.count) }
            msd = sampler
            pairs.append(("msd", "on"))
            files.append((Self.framesFile, frames))
        }
    }

    private static func number(_ text: String, _ key: String) throws -> Double {
        guard let v = Double(text), v.isFinite, v > 0 else { throw InputError("checkpoint setting \(key) '\(text)' is not a positive number") }
        return v
    }

    var observers: [any StepObserver] {
        var out: [any StepObserver] = []
        if let rdf { out.append(rdf) }
        if let msd { out.append(msd) }
        return out
    }

    /// Writes rdf.csv/.svg and msd.csv/.svg in `outDir`; returns their JSON fields and
    /// summary lines.
    func finish(outDir: String, structure: Structure, console: Console) throws -> (json: [(String, JSON)], lines: [String]) {
        try Self.write(rdf: rdf, msd: msd, structure: structure, outDir: outDir, console: console)
    }

    /// The tables and figures of samplers that ran (after a run of either engine).
    static func write(rdf: RDFSampler?, msd: MSDSampler?, structure: Structure, outDir: String,
                      console: Console) throws -> (json: [(String, JSON)], lines: [String]) {
        var json: [(String, JSON)] = []
        var lines: [String] = []
        if let rdf = rdf?.rdf, rdf.frames > 0 {
            let result = rdf.result()
            try writeFile(AnalysisOutput.rdfTable(result), to: outDir + "/rdf.csv")
            try writeFile(AnalysisFigures.rdf(result), to: outDir + "/rdf.svg")
            json.append(("rdf", AnalysisOutput.rdfJSON(result)))
            lines += AnalysisOutput.rdfSummary(result) + ["  table and figure: \(outDir)/rdf.csv, rdf.svg"]
        }
        if let msd {
            if msd.count >= 10 {
                let results = try Diffusion.analyse(msd.trajectory(of: structure))
                try writeFile(AnalysisOutput.msdTable(results), to: outDir + "/msd.csv")
                try writeFile(AnalysisFigures.msd(results), to: outDir + "/msd.svg")
                json.append(("msd", AnalysisOutput.msdJSON(results)))
                lines += AnalysisOutput.msdSummary(results) + ["  table and figure: \(outDir)/msd.csv, msd.svg"]
            } else {
                console.warn("--msd needs at least 10 samples (got \(msd.count)); lower --sample-every")
            }
        }
        return (json, lines)
    }
}
