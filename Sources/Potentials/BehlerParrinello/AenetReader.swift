import Atoms
import Foundation

/// Reads aenet potentials (N. Artrith, A. Urban, Comput. Mater. Sci. 114, 135 (2016)): one
/// `.nn` file per element, Fortran unformatted sequential records (4-byte little-endian
/// length markers, as gfortran writes them) of, in turn,
///
/// - the network: layer count, widest layer, weight count, node count, nodes per layer,
///   activation code per layer (0 linear, 1 tanh, 2 sigmoid, 3 mtanh, 4 twist), weight
///   and node offsets, and the weights: per layer a column-major (nodes × (inputs + 1))
///   matrix whose last column holds the biases;
/// - the descriptor setup: description, central species, environment species, R_min,
///   R_max, basis type (`Behler2011` or `Chebyshev`), function count, parameter count,
///   function kinds, parameters (Behler2011: G2 R_c, R_s, η; G4/G5 R_c, λ, ζ, η;
///   Chebyshev: radial R_c and order, angular R_c and order), environment species of
///   each function, evaluation count, min, max, mean and (newer files only) the mean
///   square of each function over the training set;
/// - the training-set summary: file name, whether it was scaled, energy scale and shift,
///   species, their free-atom energies, atom and structure counts, energy range.
///
/// aenet evaluates Behler2011 functions grouped by neighbour species, radial (by kind,
/// in file order) before the angular functions of each species pair; that grouped order
/// is the order of the statistics and of the network inputs, and it is kept here. Inputs
/// are (G − mean)/σ with σ² = mean square − mean² in newer files; the older files, without
/// the mean square, used (G − mean)/max(max − mean, mean − min). The atomic energy is
/// E_i = NN/scale + shift + E_atom.
///
/// Descriptors of environment species that are not among the loaded elements are zero
/// for every structure the potential can describe; they are folded into the first layer's
/// biases.
public enum AenetReader {
    /// True when `data` starts like an aenet binary (a 4-byte record holding a small count).
    public static func recognizes(_ data: Data) -> Bool {
        guard data.count >= 12 else { return false }
        let b = [UInt8](data.prefix(12))
        func int(_ at: Int) -> Int { Int(b[at]) | Int(b[at + 1]) << 8 | Int(b[at + 2]) << 16 | Int(b[at + 3]) << 24 }
        return int(0) == 4 && int(8) == 4 && (2...64).contains(int(4))
    }

    /// Reads the potential made of `paths` (one `.nn` file per element).
    public static func read(_ paths: [String]) throws -> BehlerParrinello {
        let files = try paths.map { path -> ElementFile in
            guard let data = FileManager.default.contents(atPath: path) else {
                throw InputError(FileManager.default.fileExists(atPath: path) ? "cannot read file" : "no such file", file: path)
            }
            do { return try ElementFile(Records(data)) } catch let e as InputError { throw e.at(file: path) }
        }
        var species: [Element] = []
        for (file, path) in zip(files, paths) {
            guard let e = Element(symbol: file.atomType) else { throw InputError("unknown element '\(file.atomType)'", file: path) }
            guard !species.contains(e) else { throw InputError("a second file for \(e.symbol)", file: path) }
            species.append(e)
        }
        let models = try zip(files, paths).map { file, path in
            do { return try file.model(species) } catch let e as InputError { throw e.at(file: path) }
        }
        let provenance = PotJSON.object([
            ("imported_from", .string("aenet")), ("files", .array(paths.map { .string($0) })),
            ("descriptions", .array(files.map { .string($0.description) })),
        ])
        return try BehlerParrinello(name: "aenet " + paths.joined(separator: ","), models: models, provenance: provenance)
    }

    /// The records of a Fortran unformatted sequential file.
    struct Records {
        var records: [[UInt8]] = []
        var next = 0

        init(_ data: Data) throws {
            let bytes = [UInt8](data)
            var at = 0
            func int32(_ p: Int) -> Int {
                Int(Int32(bitPattern: UInt32(bytes[p]) | UInt32(bytes[p + 1]) << 8 | UInt32(bytes[p + 2]) << 16
                          | UInt32(bytes[p + 3]) << 24))
            }
            while at < bytes.count {
                guard at + 4 <= bytes.count else { throw InputError("record \(records.count + 1) is cut off") }
                let n = int32(at)
                guard n >= 0, at + 8 + n <= bytes.count, int32(at + 4 + n) == n else {
                    throw InputError("record \(records.count + 1) is cut off or corrupt (not a Fortran unformatted file?)")
                }
                records.append(Array(bytes[(at + 4)..<(at + 4 + n)]))
                at += 8 + n
            }
        }

        var remaining: Int { records.count - next }

        mutating func record(_ what: String, bytes: Int? = nil) throws -> [UInt8] {
            guard next < records.count else { throw InputError("the file ends before \(what) (record \(next + 1))") }
            let r = records[next]
            if let bytes, r.count != bytes {
                throw InputError("record \(next + 1) (\(what)) has \(r.count) bytes, expected \(bytes)")
            }
            next += 1
            return r
        }

        mutating func ints(_ n: Int, _ what: String) throws -> [Int] {
            let r = try record(what, bytes: 4 * n)
            return (0..<n).map { k in
                Int(Int32(bitPattern: UInt32(r[4 * k]) | UInt32(r[4 * k + 1]) << 8 | UInt32(r[4 * k + 2]) << 16
                          | UInt32(r[4 * k + 3]) << 24))
            }
        }

        mutating func int(_ what: String) throws -> Int { try ints(1, what)[0] }

        mutating func doubles(_ n: Int, _ what: String) throws -> [Double] {
            let r = try record(what, bytes: 8 * n)
            return (0..<n).map { k in
                var bits: UInt64 = 0
                for b in 0..<8 { bits |= UInt64(r[8 * k + b]) << (8 * b) }
                return Double(bitPattern: bits)
            }
        }

        mutating func text(_ what: String) throws -> String {
            String(decoding: try record(what), as: UTF8.self)
        }
    }

    /// The content of one `.nn` file.
    struct ElementFile {
        var layers: [Layer] = []
        var description = "", atomType = "", sfType = ""
        var environment: [String] = []
        var kinds: [Int] = []
        /// Parameters per function (4 each).
        var parameters: [[Double]] = []
        /// 1-based environment indices per function (2 each).
        var environments: [[Int]] = []
        var minimum: [Double] = [], maximum: [Double] = [], mean: [Double] = []
        var meanSquare: [Double]?
        var scale = 1.0, shift = 0.0
        var atomEnergy = 0.0

        init(_ rec: Records) throws {
            var rec = rec
            let nlayers = try rec.int("the layer count")
            guard (2...64).contains(nlayers) else { throw InputError("record 1: \(nlayers) layers is not a network") }
            _ = try rec.int("the widest layer")
            let wsize = try rec.int("the weight count")
            _ = try rec.int("the node count")
            let nodes = try rec.ints(nlayers, "the nodes per layer")
            let codes = try rec.ints(nlayers - 1, "the activation codes")
            _ = try rec.ints(nlayers, "the weight offsets")
            _ = try rec.ints(nlayers, "the node offsets")
            let needed = zip(nodes, nodes.dropFirst()).reduce(0) { $0 + ($1.0 + 1) * $1.1 }
            guard wsize == needed, nodes.allSatisfy({ $0 > 0 }) else {
                throw InputError("the weight count \(wsize) does not fit layers \(nodes)")
            }
            let w = try rec.doubles(wsize, "the weights")
            var at = 0
            for l in 0..<(nlayers - 1) {
                let (nin, nout) = (nodes[l], nodes[l + 1])
                guard let activation = Activation(aenet: codes[l]) else {
                    throw InputError("unknown activation code \(codes[l]) of layer \(l + 2)")
                }
                // Column-major nout × (nin + 1): input j of node k at j * nout + k; biases last.
                var weights = [Double](repeating: 0, count: nin * nout)
                for j in 0..<nin { for k in 0..<nout { weights[k * nin + j] = w[at + j * nout + k] } }
                let biases = Array(w[(at + nin * nout)..<(at + (nin + 1) * nout)])
                at += (nin + 1) * nout
                layers.append(Layer(inputs: nin, outputs: nout, weights: weights, biases: biases, activation: activation))
            }
            description = try rec.text("the description").trimmingCharacters(in: .whitespaces)
                .replacingOccurrences(of: "$$", with: " ")
            atomType = try rec.text("the species").trimmingCharacters(in: .whitespaces)
            let nenv = try rec.int("the environment count")
            let envText = try rec.record("the environment species", bytes: 2 * nenv)
            environment = (0..<nenv).map {
                String(decoding: envText[(2 * $0)..<(2 * $0 + 2)], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            }
            _ = try rec.doubles(1, "R_min")
            _ = try rec.doubles(1, "R_max")
            sfType = try rec.text("the basis type").trimmingCharacters(in: .whitespaces)
            let nsf = try rec.int("the function count")
            let nparam = try rec.int("the parameter count")
            guard nsf == nodes[0] else { throw InputError("\(nsf) descriptors but the network takes \(nodes[0]) inputs") }
            guard nparam == 4 else { throw InputError("\(nparam) parameters per function, expected 4") }
            kinds = try rec.ints(nsf, "the function kinds")
            let p = try rec.doubles(4 * nsf, "the function parameters")
            parameters = (0..<nsf).map { Array(p[(4 * $0)..<(4 * $0 + 4)]) }
            let env = try rec.ints(2 * nsf, "the function environments")
            environments = (0..<nsf).map { [env[2 * $0], env[2 * $0 + 1]] }
            _ = try rec.int("the evaluation count")
            minimum = try rec.doubles(nsf, "the minima")
            maximum = try rec.doubles(nsf, "the maxima")
            mean = try rec.doubles(nsf, "the means")
            // Newer files add the mean squares; the training-set summary has 10 records.
            if rec.remaining == 11 { meanSquare = try rec.doubles(nsf, "the mean squares") }
            _ = try rec.record("the training-set file name")
            _ = try rec.record("the scaled flag")
            scale = try rec.doubles(1, "the energy scale")[0]
            shift = try rec.doubles(1, "the energy shift")[0]
            let ntypes = try rec.int("the species count")
            let names = try rec.record("the species names", bytes: 2 * ntypes)
            let energies = try rec.doubles(ntypes, "the free-atom energies")
            guard let k = (0..<ntypes).first(where: {
                String(decoding: names[(2 * $0)..<(2 * $0 + 2)], as: UTF8.self).trimmingCharacters(in: .whitespaces) == atomType
            }) else { throw InputError("the training set has no free-atom energy for \(atomType)") }
            atomEnergy = energies[k]
            _ = try rec.record("the atom count")
            _ = try rec.record("the structure count")
            _ = try rec.record("the energy range")
            guard rec.remaining == 0 else { throw InputError("\(rec.remaining) unexpected records at the end") }
            guard scale != 0 else { throw InputError("the energy scale is zero") }
        }

        /// The model, with environment species mapped to `species` indices.
        func model(_ species: [Element]) throws -> BehlerParrinello.ElementModel {
            let local = environment.map { name in species.firstIndex { $0.symbol == name } }
            let element = species.first { $0.symbol == atomType }!
            var descriptors: [Descriptor] = []
            var order: [Int] = []
            /// File index of each input in aenet's evaluation order, and whether its species are loaded.
            var keep: [Bool] = []
            switch sfType.lowercased() {
            case "behler2011":
                for f in 0..<kinds.count where ![2, 4, 5].contains(kinds[f]) {
                    throw InputError("Behler2011 function kind G\(kinds[f]) is not supported (props reads G2, G4, G5)")
                }
                for f in 0..<kinds.count {
                    for e in environments[f].prefix(kinds[f] == 2 ? 1 : 2) where !(1...environment.count).contains(e) {
                        throw InputError("function \(f + 1) names environment species \(e) of \(environment.count)")
                    }
                }
                let n = environment.count
                for a in 1...n {
                    order += (0..<kinds.count).filter { kinds[$0] == 2 && environments[$0][0] == a }
                    for b in a...n {
                        for kind in [4, 5] {
                            order += (0..<kinds.count).filter {
                                kinds[$0] == kind && Set(environments[$0]) == Set([a, b])
                            }
                        }
                    }
                }
                for f in order {
                    let q = parameters[f]
                    let cutoff = CutoffFunction(kind: .cos, radius: q[0])
                    let e = environments[f].map { $0 >= 1 ? local[$0 - 1] : nil }
                    if kinds[f] == 2 {
                        keep.append(e[0] != nil)
                        if let s = e[0] { descriptors.append(.radial(RadialFunction(neighbor: s, eta: q[2], shift: q[1], cutoff: cutoff))) }
                    } else {
                        keep.append(e[0] != nil && e[1] != nil)
                        if let s = e[0], let t = e[1] {
                            descriptors.append(.angular(AngularFunction(kind: kinds[f] == 4 ? .g4 : .g5, neighbors: (s, t), eta: q[3],
                                                                        lambda: q[1], zeta: q[2], cutoff: cutoff)))
                        }
                    }
                }
            case "chebyshev":
                let q = parameters[0]
                let spins = ChebyshevBasis.aenetSpins(environment.count)
                let basis = ChebyshevBasis(radialOrder: Int(q[1].rounded()), radialCutoff: q[0],
                                           angularOrder: Int(q[3].rounded()), angularCutoff: q[2],
                                           spins: spins.isEmpty ? [] : species.map { s in
                                               environment.firstIndex(of: s.symbol).map { spins[$0] } ?? 0
                                           })
                guard basis.width == kinds.count else {
                    throw InputError("a Chebyshev basis of orders \(basis.radialOrder), \(basis.angularOrder) has \(basis.width) functions, not \(kinds.count)")
                }
                descriptors = [.chebyshev(basis)]
                order = Array(0..<kinds.count)
                keep = Array(repeating: true, count: kinds.count)
            default:
                throw InputError("unknown basis type '\(sfType)' (props reads Behler2011 and Chebyshev)")
            }
            // Input scaling (G − mean)·factor; the statistics are in evaluation order.
            let factors = (0..<order.count).map { n -> Double in
                let spread = meanSquare.map { ($0[n] - mean[n] * mean[n]).squareRoot() }
                    ?? max(maximum[n] - mean[n], mean[n] - minimum[n])
                // aenet scales a function that never varied in training by 0.
                return spread > 1e-10 ? 1 / spread : 0
            }
            var first = layers[0]
            var kept: [Int] = []
            for input in 0..<order.count {
                if keep[input] { kept.append(input); continue }
                // Always zero: its scaled value −mean·factor goes into the biases.
                let x = -mean[input] * factors[input]
                for k in 0..<first.outputs { first.biases[k] += first.weights[k * first.inputs + input] * x }
            }
            if kept.count < order.count {
                var w: [Double] = []
                for k in 0..<first.outputs { for j in kept { w.append(first.weights[k * first.inputs + j]) } }
                first = Layer(inputs: kept.count, outputs: first.outputs, weights: w, biases: first.biases,
                              activation: first.activation)
            }
            return try BehlerParrinello.ElementModel(
                element: element, descriptors: try DescriptorSet(descriptors, speciesCount: species.count),
                scaling: InputScaling(factor: kept.map { factors[$0] }, shift: kept.map { mean[$0] },
                                      offset: Array(repeating: 0, count: kept.count)),
                trainingRange: TrainingRange(minimum: kept.map { minimum[$0] }, maximum: kept.map { maximum[$0] }),
                network: try Network(layers: [first] + layers.dropFirst()),
                energyScale: 1 / scale, energyShift: shift, referenceEnergy: atomEnergy)
        }
    }
}
