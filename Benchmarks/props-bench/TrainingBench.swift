// Training speed (`--only train`): a quadratic SNAP fit (twojmax 6, the shipped Cu/Ni/Mo kind)
// and Behler–Parrinello epochs (25-25 tanh, automatic descriptors at 5.5 Å, forces in the loss)
// on the first 40 structures of the shipped mlearn Mo training set (bcc, 53–54 atoms each), at
// 1 and all threads. Times per structure; a full fit scales with the structure count.
import Atoms
import Foundation
import Training

/// Prints the time of one qSNAP fit and of one BP epoch, per structure and per atom.
func benchmarkTraining() {
    let path = "reference/dft/Mo/train.extxyz"
    guard FileManager.default.fileExists(atPath: path) else {
        print("\ntraining benchmark skipped: \(path) not present (run from the repository root)")
        return
    }
    do {
        let frames = Array(try StructureInput.readFrames(path: path).prefix(40))
        let atoms = frames.reduce(0) { $0 + $1.structure.count }
        let species = [Element(symbol: "Mo")!]
        print("")
        print("Training on \(frames.count) mlearn Mo structures (\(atoms) atoms): ms per structure (µs per atom)")
        printHeader({ "      props \($0)T" })
        var snap = SNAPFitSettings(species: species, quadratic: true)
        snap.parameters.twojmax = 6
        snap.parameters.rcutfac = 4.6
        snap.ridge = [0]
        var line = rowStart("qSNAP fit, 2J=6", atoms)
        for t in threadCounts {
            Parallel.threads = t
            let start = Date()
            _ = try SNAPFit(frames: frames, settings: snap, validationFraction: 0, seed: 1, name: "bench")
            line += cell(Date().timeIntervalSince(start), frames.count, atoms)
        }
        print(line)
        var bp = TrainingSettings()
        bp.descriptors = .automatic(AutomaticDescriptors(cutoff: 5.5))
        bp.epochs = 3
        bp.batchSize = 4
        bp.validationFraction = 0
        line = rowStart("BP epoch, 25-25", atoms)
        var setup = rowStart("BP descriptors", atoms)
        for t in threadCounts {
            Parallel.threads = t
            var start = Date()
            let problem = try TrainingProblem(frames: frames, settings: bp)
            setup += cell(Date().timeIntervalSince(start), frames.count, atoms)
            start = Date()
            _ = try Trainer(problem: problem, settings: bp).run { _ in }
            line += cell(Date().timeIntervalSince(start) / Double(bp.epochs), frames.count, atoms)
        }
        print(setup + "   (once per training run)")
        print(line)
    } catch {
        print("training benchmark skipped: \(error)")
    }
}

/// "ms per structure (µs per atom)" of `seconds` over `structures` and `atoms`.
private func cell(_ seconds: Double, _ structures: Int, _ atoms: Int) -> String {
    String(format: "  %6.1f (%5.0f)", seconds / Double(structures) * 1e3, seconds / Double(atoms) * 1e6)
}
