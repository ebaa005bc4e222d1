import Atoms
import Potentials

/// `TrainingSettings` as JSON, in the layout of a recipe's `settings` object (documented in
/// `docs/training.md`); the `.pot` provenance holds the same object.
extension TrainingSettings {
    /// The settings with neighbour elements named by `species`.
    public func json(species: [Element]) -> PotJSON {
        let symbols = species.map(\.symbol)
        let descriptorsJSON: PotJSON
        switch descriptors {
        case .automatic(let a):
            var cutoffs: [(String, PotJSON)] = [("cutoff", .number(a.cutoff))]
            if a.angularCutoff != a.cutoff { cutoffs.append(("angular_cutoff", .number(a.angularCutoff))) }
            descriptorsJSON = .object(cutoffs + [
                ("cutoff_function", .string(a.cutoffFunction.rawValue)),
                ("radial", .number(Double(a.radialCount))), ("radial_inner", .number(a.radialInner)),
                ("angular_kind", .string(a.angularKind.rawValue)), ("angular_etas", .numbers(a.angularEtas)),
                ("zetas", .numbers(a.zetas)),
            ] + (a.wideZetas.isEmpty ? [] : [("wide_zetas", .numbers(a.wideZetas))]))
        case .explicit(let list):
            descriptorsJSON = .object([("explicit", .array(list.map { PotFormat.descriptorJSON($0, symbols) }))])
        }
        return .object([
            ("seed", .number(Double(seed))),
            ("validation_fraction", .number(validationFraction)),
            ("descriptors", descriptorsJSON),
            ("network", .object([("hidden", .numbers(hidden.map(Double.init))), ("activation", .string(activation.rawValue))])),
            ("loss", .object([("energy", .number(loss.energy)), ("force_start", .number(loss.force)),
                              ("force_end", .number(forceWeightEnd)), ("stress", .number(loss.stress)),
                              ("stress_term", .string(loss.stressTerm.rawValue)),
                              ("force_weighting", PotJSON(.bool(forceWeighting)))])),
            ("optimizer", .object([("method", .string(method.rawValue)), ("epochs", .number(Double(epochs))),
                                   ("batch", .number(Double(batchSize))),
                                   ("learning_rate_start", .number(learningRate.start)),
                                   ("learning_rate_end", .number(learningRate.end)),
                                   ("lbfgs_memory", .number(Double(lbfgsMemory)))])),
            ("early_stopping", .object([("patience", patience.map { .number(Double($0)) } ?? PotJSON(.null))])),
            ("report_every", .number(Double(reportEvery))),
        ])
    }

    /// Settings from a recipe's `settings` object: keys left out keep their defaults, unknown
    /// keys are errors (with the line).
    public init(json root: PotJSON, species: [Element]) throws {
        self.init()
        try root.onlyKeys(["seed", "validation_fraction", "descriptors", "network", "loss", "optimizer", "early_stopping",
                           "report_every"])
        if let v = root.optionalField("seed") { seed = UInt64(try v.nonNegativeInt("seed")) }
        if let v = root.optionalField("validation_fraction") {
            validationFraction = try v.double("validation_fraction", in: 0...0.99)
        }
        if let v = root.optionalField("report_every") { reportEvery = try v.int("report_every", in: 1...1_000_000_000) }
        if let d = root.optionalField("descriptors") { descriptors = try Self.descriptors(d, species: species) }
        if let n = root.optionalField("network") {
            try n.onlyKeys(["hidden", "activation"])
            if let v = n.optionalField("hidden") {
                hidden = try v.doubles("hidden").map { x in
                    guard x.rounded() == x, x >= 1, x <= 10_000 else { throw v.error("hidden layer sizes must be integers from 1 to 10000, found \(x)") }
                    return Int(x)
                }
            }
            if let v = n.optionalField("activation") { activation = try v.named("activation", Activation.self) }
        }
        if let l = root.optionalField("loss") {
            try l.onlyKeys(["energy", "force_start", "force_end", "stress", "stress_term", "force_weighting"])
            let weight = 0.0...1e12
            if let v = l.optionalField("energy") { loss.energy = try v.double("energy", in: weight) }
            if let v = l.optionalField("force_start") { loss.force = try v.double("force_start", in: weight) }
            forceWeightEnd = try l.optionalField("force_end")?.double("force_end", in: weight) ?? loss.force
            if let v = l.optionalField("stress") { loss.stress = try v.double("stress", in: weight) }
            if let v = l.optionalField("stress_term") { loss.stressTerm = try v.named("stress_term", LossWeights.StressTerm.self) }
            if let v = l.optionalField("force_weighting") { forceWeighting = try v.bool("force_weighting") }
        }
        if let o = root.optionalField("optimizer") {
            try o.onlyKeys(["method", "epochs", "batch", "learning_rate_start", "learning_rate_end", "lbfgs_memory"])
            if let v = o.optionalField("method") { method = try v.named("method", Method.self) }
            if let v = o.optionalField("epochs") { epochs = try v.int("epochs", in: 1...100_000_000) }
            if let v = o.optionalField("batch") { batchSize = try v.int("batch", in: 1...100_000_000) }
            if let v = o.optionalField("learning_rate_start") { learningRate.start = try v.double("learning_rate_start", in: 1e-300...10) }
            if let v = o.optionalField("learning_rate_end") { learningRate.end = try v.double("learning_rate_end", in: 1e-300...10) }
            if let v = o.optionalField("lbfgs_memory") { lbfgsMemory = try v.int("lbfgs_memory", in: 1...10_000) }
        }
        if let e = root.optionalField("early_stopping") {
            try e.onlyKeys(["patience"])
            patience = try e.optionalField("patience")?.int("patience", in: 1...100_000_000)
        }
        do { try check() } catch let e as InputError { throw InputError(e.message, line: root.line > 0 ? root.line : nil) }
    }

    static func descriptors(_ node: PotJSON, species: [Element]) throws -> Descriptors {
        if let list = node.optionalField("explicit") {
            try node.onlyKeys(["explicit"])
            return .explicit(try list.array("explicit").map { try PotFormat.descriptor($0, species: species) })
        }
        try node.onlyKeys(["cutoff", "angular_cutoff", "cutoff_function", "radial", "radial_inner", "angular_kind",
                           "angular_etas", "zetas", "wide_zetas"])
        let cutoff = try node.field("cutoff").double("cutoff", in: 0.1...PotentialLoader.maximumCutoff)
        let angularCutoff = try node.optionalField("angular_cutoff")?.double("angular_cutoff", in: 0.1...cutoff)
        var a = AutomaticDescriptors(cutoff: cutoff, angularCutoff: angularCutoff)
        if let v = node.optionalField("cutoff_function") { a.cutoffFunction = try v.named("cutoff_function", CutoffFunction.Kind.self) }
        if let v = node.optionalField("radial") { a.radialCount = try v.int("radial", in: 1...1000) }
        if let v = node.optionalField("radial_inner") { a.radialInner = try v.double("radial_inner", in: 0...(cutoff * 0.999)) }
        if let v = node.optionalField("angular_kind") { a.angularKind = try v.named("angular_kind", AngularFunction.Kind.self) }
        if let v = node.optionalField("angular_etas") { a.angularEtas = try v.doubles("angular_etas", in: 0...10_000, most: 100) }
        if let v = node.optionalField("zetas") { a.zetas = try v.doubles("zetas", in: 1...1000, most: 100) }
        if let v = node.optionalField("wide_zetas") { a.wideZetas = try v.doubles("wide_zetas", in: 1...1000, most: 100) }
        return .automatic(a)
    }
}

extension PotJSON {
    func error(_ message: String) -> InputError { InputError(message, line: line > 0 ? line : nil) }

    /// Throws when the object has a key not in `keys`.
    func onlyKeys(_ keys: Set<String>) throws {
        guard case .object(let pairs) = value else { throw error("expected an object") }
        if let unknown = pairs.first(where: { !keys.contains($0.key) }) {
            throw error("unknown key \"\(unknown.key)\" (known: \(keys.sorted().joined(separator: ", ")))")
        }
    }

    func bool(_ what: String) throws -> Bool {
        guard case .bool(let b) = value else { throw error("\(what) must be true or false") }
        return b
    }

    /// An integer in `range`; the error names the line and the range.
    func int(_ what: String, in range: ClosedRange<Int>) throws -> Int {
        let v = try int(what)
        guard range.contains(v) else { throw error("\(what) must be from \(range.lowerBound) to \(range.upperBound), found \(v)") }
        return v
    }

    /// A number in `range`; the error names the line and the range.
    func double(_ what: String, in range: ClosedRange<Double>) throws -> Double {
        let v = try double(what)
        guard range.contains(v) else { throw error("\(what) must be from \(range.lowerBound) to \(range.upperBound), found \(v)") }
        return v
    }

    /// One to `most` numbers, each in `range`; the error names the line.
    func doubles(_ what: String, in range: ClosedRange<Double>, most: Int) throws -> [Double] {
        let v = try doubles(what)
        guard (1...most).contains(v.count), v.allSatisfy({ range.contains($0) }) else {
            throw error("\(what) must be 1 to \(most) numbers from \(range.lowerBound) to \(range.upperBound)")
        }
        return v
    }

    func nonNegativeInt(_ what: String) throws -> Int {
        let v = try int(what)
        guard v >= 0 else { throw error("\(what) must be ≥ 0") }
        return v
    }

    /// A string naming a case of `T`.
    func named<T: RawRepresentable & CaseIterable>(_ what: String, _: T.Type) throws -> T where T.RawValue == String {
        let s = try string(what)
        guard let v = T(rawValue: s) else {
            throw error("unknown \(what) '\(s)' (one of \(T.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return v
    }
}
