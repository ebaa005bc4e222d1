import Potentials
import Training

/// The command-line options of `props train` applied over a recipe's settings.
enum TrainOptions {
    static func apply(_ args: ParsedArguments, to s: inout TrainingSettings) throws {
        func usage(_ message: String) -> UsageError { UsageError(message, command: "train") }
        /// "A" or "A:B" as two numbers (B = A when absent).
        func pair(_ name: String) throws -> (Double, Double)? {
            guard let text = args.string(name) else { return nil }
            let parts = text.split(separator: ":").map { Double($0) }
            guard (1...2).contains(parts.count), let a = parts[0], let b = parts.last!, a >= 0, b >= 0 else {
                throw usage("--\(name) needs A or A:B (non-negative numbers), got '\(text)'")
            }
            return (a, b)
        }
        s.seed = UInt64(try args.int("seed", default: Int(s.seed), range: 0...Int.max))
        if args.string("cutoff") != nil || args.string("radial") != nil || args.string("angular-cutoff") != nil {
            var a: AutomaticDescriptors
            if case .automatic(let current) = s.descriptors { a = current } else { a = AutomaticDescriptors(cutoff: 5.5) }
            let cutoff = try args.double("cutoff", default: a.cutoff, range: 0.5...20)
            let angular = try args.double("angular-cutoff", default: args.string("cutoff") != nil ? cutoff : a.angularCutoff,
                                          range: 0.5...cutoff)
            if cutoff != a.cutoff || angular != a.angularCutoff {
                a = AutomaticDescriptors(cutoff: cutoff, angularCutoff: angular, cutoffFunction: a.cutoffFunction, radialCount: a.radialCount,
                                         radialInner: a.radialInner, angularKind: a.angularKind, zetas: a.zetas,
                                         wideZetas: a.wideZetas)
            }
            a.radialCount = try args.int("radial", default: a.radialCount, range: 1...100)
            s.descriptors = .automatic(a)
        }
        if let h = args.string("hidden") {
            let nodes = h.split(whereSeparator: { $0 == "," || $0 == "x" }).map { Int($0) }
            guard !nodes.isEmpty, nodes.allSatisfy({ ($0 ?? 0) > 0 }) else { throw usage("--hidden needs node counts like 25,25, got '\(h)'") }
            s.hidden = nodes.map { $0! }
        }
        if let a = args.string("activation") {
            guard let act = Activation(rawValue: a) else {
                throw usage("unknown activation '\(a)' (one of \(Activation.allCases.filter(\.isSmooth).map(\.rawValue).joined(separator: ", ")))")
            }
            s.activation = act
        }
        if let m = args.string("optimizer") {
            guard let method = TrainingSettings.Method(rawValue: m) else { throw usage("--optimizer is adam or lbfgs, got '\(m)'") }
            s.method = method
        }
        s.epochs = try args.int("epochs", default: s.epochs, range: 1...10_000_000)
        s.batchSize = try args.int("batch", default: s.batchSize, range: 1...1_000_000)
        if let (a, b) = try pair("learning-rate") { s.learningRate = (a, b) }
        s.loss.energy = try args.double("energy-weight", default: s.loss.energy, range: 0...1e12)
        if let (a, b) = try pair("force-weight") { (s.loss.force, s.forceWeightEnd) = (a, b) }
        s.loss.stress = try args.double("stress-weight", default: s.loss.stress, range: 0...1e12)
        if let t = args.string("stress-term") {
            guard let term = LossWeights.StressTerm(rawValue: t) else { throw usage("--stress-term is stress or pressure, got '\(t)'") }
            s.loss.stressTerm = term
        }
        if args.flag("no-force-weighting") { s.forceWeighting = false }
        s.validationFraction = try args.double("validation-fraction", default: s.validationFraction, range: 0...0.9)
        if args.string("patience") != nil { s.patience = try args.int("patience", default: 1, range: 1...10_000_000) }
        s.reportEvery = try args.int("every", default: s.reportEvery, range: 1...10_000_000)
    }
}
