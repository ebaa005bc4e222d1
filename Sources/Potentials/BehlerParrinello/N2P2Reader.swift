import Atoms
import Foundation

/// Reads an n2p2 potential (Singraber et al., J. Chem. Theory Comput. 15, 1827 (2019)): the
/// directory with `input.nn`, `scaling.data` and `weights.NNN.data` (NNN the atomic number).
///
/// What it follows from n2p2: elements ordered by atomic number; each element's symmetry
/// functions (types 2, 3 and 9, with the optional r_s of types 3 and 9) sorted by (type,
/// r_c, η, r_s, ζ, λ, neighbour elements), which is the order of `scaling.data` and of the
/// network inputs; the scaling keywords resolved as n2p2 does (scale, center, both, or
/// sigma); `cutoff_type` with its α; `global_*_short` network settings and the activation
/// letters; `mean_energy`/`conv_energy`/`conv_length` normalisation (E = Σ NN/conv_energy
/// + N mean_energy + Σ atom_energy; conv_length cancels). Training keywords are ignored.
///
/// n2p2 files carry no units. `lengthUnit` and `energyUnit` say what the file's units are
/// in Å and eV (1, 1 for files trained in Å and eV; `Units.bohrInA`, `Units.hartreeInEV`
/// for Bohr and Hartree); parameters are converted to Å and eV on reading.
public enum N2P2Reader {
    /// n2p2's `cutoff_type` codes.
    static let cutoffKinds: [Int: CutoffFunction.Kind] = [
        0: .hard, 1: .cos, 2: .tanhu, 3: .tanh, 4: .exp, 5: .poly1, 6: .poly2, 7: .poly3, 8: .poly4,
    ]

    /// One `symfunction_short` line, parameters in Å.
    struct SymmetryFunction {
        var type: Int
        var e1: Int, e2: Int
        var eta: Double, rs: Double, lambda: Double, zeta: Double, rc: Double
        var line: Int

        /// n2p2's sort key.
        func precedes(_ o: SymmetryFunction) -> Bool {
            let a = [Double(type), rc, eta, rs, zeta, lambda, Double(e1), Double(e2)]
            let b = [Double(o.type), o.rc, o.eta, o.rs, o.zeta, o.lambda, Double(o.e1), Double(o.e2)]
            return a.lexicographicallyPrecedes(b)
        }
    }

    /// Reads the potential in `directory` (or the directory of an `input.nn` path).
    public static func read(_ path: String, lengthUnit: Double = 1, energyUnit: Double = 1) throws -> BehlerParrinello {
        var isDirectory: ObjCBool = false
        let directory = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
            ? path : (path as NSString).deletingLastPathComponent
        let input = try TextFile(path: (directory as NSString).appendingPathComponent("input.nn"))
        let settings = try Settings(input, lengthUnit: lengthUnit)
        let scaling = try TextFile(path: (directory as NSString).appendingPathComponent("scaling.data"))
        let statistics = try readScaling(scaling, counts: settings.functions.map(\.count))
        var models: [BehlerParrinello.ElementModel] = []
        for (e, element) in settings.elements.enumerated() {
            let functions = settings.functions[e]
            let stats = statistics[e]
            let weightsPath = (directory as NSString).appendingPathComponent(String(format: "weights.%03d.data", element.number))
            let weights = try TextFile(path: weightsPath)
            let shape = [functions.count] + settings.hiddenNodes + [1]
            let network = try readWeights(weights, shape: shape, activations: settings.activations)
            let descriptors = functions.map { f -> Descriptor in
                let cutoff = CutoffFunction(kind: settings.cutoffKind, radius: f.rc, alpha: settings.cutoffAlpha)
                if f.type == 2 { return .radial(RadialFunction(neighbor: f.e1, eta: f.eta, shift: f.rs, cutoff: cutoff)) }
                return .angular(AngularFunction(kind: f.type == 3 ? .g4 : .g5, neighbors: (f.e1, f.e2), eta: f.eta,
                                                shift: f.rs, lambda: f.lambda, zeta: f.zeta, cutoff: cutoff))
            }
            var factor: [Double] = [], shift: [Double] = [], offset: [Double] = []
            for s in stats {
                let (a, b, c) = try settings.scaling.map(s, file: scaling)
                factor.append(a)
                shift.append(b)
                offset.append(c)
            }
            do {
                models.append(try BehlerParrinello.ElementModel(
                    element: element,
                    descriptors: try DescriptorSet(descriptors, speciesCount: settings.elements.count),
                    scaling: InputScaling(factor: factor, shift: shift, offset: offset),
                    trainingRange: TrainingRange(minimum: stats.map(\.min), maximum: stats.map(\.max)),
                    network: network,
                    energyScale: energyUnit / settings.convEnergy,
                    energyShift: energyUnit * settings.meanEnergy,
                    referenceEnergy: energyUnit * (settings.atomEnergy[e] ?? 0)))
            } catch let error as InputError {
                throw error.at(file: input.path)
            }
        }
        let units = lengthUnit == 1 && energyUnit == 1 ? "Å, eV" : "length unit \(lengthUnit) Å, energy unit \(energyUnit) eV"
        let provenance = PotJSON.object([
            ("imported_from", .string("n2p2")), ("directory", .string(directory)),
            ("file_units", .string(units)),
        ])
        return try BehlerParrinello(name: "n2p2 \(directory)", models: models, provenance: provenance)
    }

    /// How n2p2 maps descriptor statistics to network inputs.
    struct Scaling {
        enum Kind { case none, scale, center, scaleCenter, scaleSigma }
        var kind: Kind
        var smin: Double, smax: Double

        /// (factor, shift, offset) of x = factor (G − shift) + offset.
        func map(_ s: Statistics, file: TextFile) throws -> (Double, Double, Double) {
            func ratio(_ width: Double) throws -> Double {
                guard width > 0 else {
                    throw file.error("symmetry function \(s.index) has no spread (max = min or σ = 0), so it cannot be scaled",
                                     line: s.line)
                }
                return (smax - smin) / width
            }
            switch kind {
            case .none: return (1, 0, 0)
            case .scale: return (try ratio(s.max - s.min), s.min, smin)
            case .center: return (1, s.mean, 0)
            case .scaleCenter: return (try ratio(s.max - s.min), s.mean, smin)
            case .scaleSigma:
                guard let sigma = s.sigma else { throw file.error("this line has no σ column", line: s.line) }
                return (try ratio(sigma), s.mean, smin)
            }
        }
    }

    /// One row of `scaling.data`.
    struct Statistics {
        var index: Int
        var min: Double, max: Double, mean: Double, sigma: Double?
        var line: Int
    }

    /// What the predictor needs from `input.nn`.
    struct Settings {
        var elements: [Element] = []
        var atomEnergy: [Int: Double] = [:]
        var cutoffKind = CutoffFunction.Kind.hard
        var cutoffAlpha = 0.0
        var scaling = Scaling(kind: .none, smin: 0, smax: 1)
        var hiddenNodes: [Int] = []
        var activations: [Activation] = []
        var meanEnergy = 0.0, convEnergy = 1.0
        /// Sorted symmetry functions per element.
        var functions: [[SymmetryFunction]] = []

        init(_ file: TextFile, lengthUnit: Double) throws {
            var keywords: [String: (line: Int, args: [Substring])] = [:]
            var symfunctions: [(line: Int, args: [Substring])] = []
            var atomEnergyLines: [(line: Int, args: [Substring])] = []
            for (k, raw) in file.lines.enumerated() {
                let words = raw.prefix { $0 != "#" }.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard let key = words.first else { continue }
                let entry = (line: k + 1, args: Array(words.dropFirst()))
                switch key {
                case "symfunction_short": symfunctions.append(entry)
                case "atom_energy": atomEnergyLines.append(entry)
                default: keywords[String(key)] = entry
                }
            }
            func value(_ key: String, _ index: Int = 0) throws -> Double? {
                guard let entry = keywords[key] else { return nil }
                guard index < entry.args.count, let v = parseDouble(entry.args[index]), v.isFinite else {
                    throw file.error("\(key) needs a number", line: entry.line)
                }
                return v
            }
            for unsupported in ["normalize_nodes", "element_nodes_short", "element_activation_short"] {
                if let e = keywords[unsupported] {
                    throw file.error("\(unsupported) is not supported by props", line: e.line)
                }
            }
            if let generation = keywords["nnp_generation"] ?? keywords["nnp_type"], generation.args.first != "2" {
                throw file.error("only second-generation (short-range) n2p2 potentials are supported", line: generation.line)
            }
            guard let elementLine = keywords["elements"] else { throw file.error("no 'elements' line", line: 1) }
            for name in elementLine.args {
                guard let e = Element(symbol: String(name)) else {
                    throw file.error("unknown element '\(name)'", line: elementLine.line)
                }
                elements.append(e)
            }
            elements.sort { $0.number < $1.number }
            guard !elements.isEmpty, Set(elements).count == elements.count else {
                throw file.error("'elements' must list distinct elements", line: elementLine.line)
            }
            if let n = try value("number_of_elements"), n != Double(elements.count) {
                throw file.error("number_of_elements is \(n) but 'elements' lists \(elements.count)",
                                 line: keywords["number_of_elements"]!.line)
            }
            func elementIndex(_ name: Substring, line: Int) throws -> Int {
                guard let k = elements.firstIndex(where: { $0.symbol == name }) else {
                    throw file.error("'\(name)' is not in the elements line", line: line)
                }
                return k
            }
            for entry in atomEnergyLines {
                guard entry.args.count >= 2, let v = parseDouble(entry.args[1]) else {
                    throw file.error("atom_energy needs an element and a number", line: entry.line)
                }
                atomEnergy[try elementIndex(entry.args[0], line: entry.line)] = v
            }
            guard let cut = keywords["cutoff_type"], let code = cut.args.first.flatMap({ Int($0) }),
                  let kind = N2P2Reader.cutoffKinds[code] else {
                throw file.error("cutoff_type must be one of 0...8", line: keywords["cutoff_type"]?.line ?? 1)
            }
            cutoffKind = kind
            cutoffAlpha = cut.args.count > 1 ? try value("cutoff_type", 1)! : 0
            guard cutoffAlpha >= 0, cutoffAlpha < 1 else { throw file.error("the cutoff α must be in [0, 1)", line: cut.line) }
            let scale = keywords["scale_symmetry_functions"] != nil, center = keywords["center_symmetry_functions"] != nil
            let sigma = keywords["scale_symmetry_functions_sigma"] != nil
            let kindOfScaling: Scaling.Kind = scale && !center ? .scale : !scale && center ? .center
                : scale && center ? .scaleCenter : sigma ? .scaleSigma : .none
            scaling = Scaling(kind: kindOfScaling, smin: try value("scale_min_short") ?? 0, smax: try value("scale_max_short") ?? 1)
            guard let layers = try value("global_hidden_layers_short").flatMap({ Int(exactly: $0) }), layers >= 0, layers <= 100 else {
                throw file.error("no global_hidden_layers_short (0 to 100 layers)", line: keywords["global_hidden_layers_short"]?.line ?? 1)
            }
            let nodesLine = keywords["global_nodes_short"]
            hiddenNodes = (nodesLine?.args ?? []).compactMap { Int($0) }
            guard hiddenNodes.count == layers, hiddenNodes.allSatisfy({ $0 > 0 && $0 <= 100_000 }) else {
                throw file.error("global_nodes_short must give \(layers) node counts from 1 to 100000", line: nodesLine?.line ?? 1)
            }
            guard let actLine = keywords["global_activation_short"], actLine.args.count == layers + 1 else {
                throw file.error("global_activation_short must give \(layers + 1) activations",
                                 line: keywords["global_activation_short"]?.line ?? 1)
            }
            activations = try actLine.args.map {
                guard let a = Activation(n2p2: $0) else {
                    throw file.error("unknown activation '\($0)' (props reads l t s S p r g c e h)", line: actLine.line)
                }
                return a
            }
            let normalisation = ["mean_energy", "conv_energy", "conv_length"].filter { keywords[$0] != nil }
            if !normalisation.isEmpty {
                guard normalisation.count == 3 else {
                    throw file.error("mean_energy, conv_energy and conv_length must be given together",
                                     line: keywords[normalisation[0]]!.line)
                }
                meanEnergy = try value("mean_energy")!
                convEnergy = try value("conv_energy")!
                guard convEnergy != 0 else { throw file.error("conv_energy must not be 0", line: keywords["conv_energy"]!.line) }
            }
            functions = Array(repeating: [], count: elements.count)
            for entry in symfunctions {
                let a = entry.args
                func number(_ k: Int, _ name: String) throws -> Double {
                    guard k < a.count, let v = parseDouble(a[k]), v.isFinite else {
                        throw file.error("symfunction_short: expected a number for \(name)", line: entry.line)
                    }
                    return v
                }
                guard a.count >= 2, let type = Int(a[1]) else {
                    throw file.error("symfunction_short needs an element and a type", line: entry.line)
                }
                let centre = try elementIndex(a[0], line: entry.line)
                var f: SymmetryFunction
                switch type {
                case 2:
                    guard a.count == 6 else { throw file.error("a type 2 symmetry function has 6 fields", line: entry.line) }
                    f = SymmetryFunction(type: 2, e1: try elementIndex(a[2], line: entry.line), e2: 0,
                                         eta: try number(3, "eta"), rs: try number(4, "rs"), lambda: 0, zeta: 0,
                                         rc: try number(5, "rc"), line: entry.line)
                case 3, 9:
                    guard a.count == 8 || a.count == 9 else {
                        throw file.error("a type \(type) symmetry function has 8 or 9 fields", line: entry.line)
                    }
                    let e1 = try elementIndex(a[2], line: entry.line), e2 = try elementIndex(a[3], line: entry.line)
                    f = SymmetryFunction(type: type, e1: min(e1, e2), e2: max(e1, e2), eta: try number(4, "eta"),
                                         rs: a.count == 9 ? try number(8, "rs") : 0, lambda: try number(5, "lambda"),
                                         zeta: try number(6, "zeta"), rc: try number(7, "rc"), line: entry.line)
                default:
                    throw file.error("symmetry function type \(type) is not supported (props reads types 2, 3 and 9)",
                                     line: entry.line)
                }
                guard f.rc > 0, f.eta >= 0 else { throw file.error("needs rc > 0 and eta ≥ 0", line: entry.line) }
                f.eta /= lengthUnit * lengthUnit
                f.rs *= lengthUnit
                f.rc *= lengthUnit
                functions[centre].append(f)
            }
            for e in 0..<elements.count {
                guard !functions[e].isEmpty else {
                    throw file.error("no symmetry functions for \(elements[e].symbol)", line: max(1, file.lines.count))
                }
                functions[e] = functions[e].enumerated().sorted {
                    $0.element.precedes($1.element) || (!$1.element.precedes($0.element) && $0.offset < $1.offset)
                }.map(\.element)
            }
        }
    }

    /// Rows of `scaling.data` per element (in element order), checking their indices.
    static func readScaling(_ file: TextFile, counts: [Int]) throws -> [[Statistics]] {
        var out = counts.map { _ in [Statistics]() }
        var expected = (element: 0, index: 0)
        for (k, raw) in file.lines.enumerated() {
            let words = raw.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let first = words.first, !first.hasPrefix("#") else { continue }
            while expected.element < counts.count && expected.index == counts[expected.element] {
                expected = (expected.element + 1, 0)
            }
            guard expected.element < counts.count else {
                throw file.error("more rows than the \(counts.reduce(0, +)) symmetry functions of input.nn", line: k + 1)
            }
            let numbers = words.map { parseDouble($0) }
            guard words.count >= 5, numbers.allSatisfy({ $0?.isFinite == true }) else {
                throw file.error("expected 'element index min max mean [sigma]'", line: k + 1)
            }
            guard Int(words[0]) == expected.element + 1, Int(words[1]) == expected.index + 1 else {
                throw file.error("expected element \(expected.element + 1), symmetry function \(expected.index + 1)", line: k + 1)
            }
            out[expected.element].append(Statistics(index: expected.index + 1, min: numbers[2]!, max: numbers[3]!,
                                                    mean: numbers[4]!, sigma: words.count > 5 ? numbers[5] : nil,
                                                    line: k + 1))
            expected.index += 1
        }
        for (e, rows) in out.enumerated() where rows.count != counts[e] {
            throw file.error("element \(e + 1) has \(rows.count) rows but input.nn has \(counts[e]) symmetry functions",
                             line: file.lines.count + 1)
        }
        return out
    }

    /// A network from an n2p2 weights file: per layer, for each input j and node k the
    /// weight j→k, then the layer's biases; the first column of each non-comment line.
    static func readWeights(_ file: TextFile, shape: [Int], activations: [Activation]) throws -> Network {
        var values: [Double] = []
        var lastLine = 0
        for (k, raw) in file.lines.enumerated() {
            let words = raw.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let first = words.first, !first.hasPrefix("#") else { continue }
            guard let v = parseDouble(first), v.isFinite else { throw file.error("expected a number, found '\(first)'", line: k + 1) }
            values.append(v)
            lastLine = k + 1
        }
        let needed = zip(shape, shape.dropFirst()).reduce(0) { $0 + ($1.0 + 1) * $1.1 }
        guard values.count == needed else {
            throw file.error("\(values.count) weights, but the network \(shape.map(String.init).joined(separator: "-")) needs \(needed)",
                             line: values.count < needed ? file.lines.count + 1 : lastLine)
        }
        var at = 0
        var layers: [Layer] = []
        for l in 0..<(shape.count - 1) {
            let (nin, nout) = (shape[l], shape[l + 1])
            var w = [Double](repeating: 0, count: nin * nout)
            for j in 0..<nin { for k in 0..<nout { w[k * nin + j] = values[at]; at += 1 } }
            let b = Array(values[at..<at + nout])
            at += nout
            layers.append(Layer(inputs: nin, outputs: nout, weights: w, biases: b, activation: activations[l]))
        }
        return try Network(layers: layers)
    }
}
