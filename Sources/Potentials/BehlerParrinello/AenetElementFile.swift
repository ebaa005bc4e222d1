import Atoms
import Foundation

extension AenetReader {
    /// The content of one aenet network file, read field by field from either form, and the
    /// model it describes.
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

        /// Behler2011 symmetry functions, else (checked on reading) the Chebyshev basis.
        var isBehler2011: Bool { sfType.lowercased() == "behler2011" }

        /// Reads the fields from `rec`, which is left after the last field read (also when
        /// this throws, so that the caller can say where).
        init(_ rec: inout some AenetFields) throws {
            let nlayers = try rec.int("the layer count")
            guard (2...64).contains(nlayers) else { throw InputError("\(nlayers) layers is not a network") }
            _ = try rec.int("the widest layer")
            let wsize = try rec.int("the weight count")
            _ = try rec.int("the node count")
            let nodes = try rec.ints(nlayers, "the nodes per layer")
            let codes = try rec.ints(nlayers - 1, "the activation codes")
            _ = try rec.ints(nlayers, "the weight offsets")
            _ = try rec.ints(nlayers, "the node offsets")
            guard nodes.allSatisfy({ (1...(1 << 20)).contains($0) }) else { throw InputError("layers of \(nodes) nodes") }
            let needed = zip(nodes, nodes.dropFirst()).reduce(0) { $0 + ($1.0 + 1) * $1.1 }
            guard wsize == needed else {
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
            description = try rec.text("the description").replacingOccurrences(of: "$$", with: " ")
                .trimmingCharacters(in: .whitespaces)
            atomType = try rec.text("the species").trimmingCharacters(in: .whitespaces)
            let nenv = try rec.int("the environment count")
            guard nenv >= 1 else { throw InputError("\(nenv) environment species") }
            environment = try rec.names(nenv, "the environment species")
            _ = try rec.double("R_min")
            _ = try rec.double("R_max")
            sfType = try rec.text("the basis type").trimmingCharacters(in: .whitespaces)
            guard ["behler2011", "chebyshev"].contains(sfType.lowercased()) else {
                throw InputError("unknown basis type '\(sfType)' (props reads Behler2011 and Chebyshev)")
            }
            let nsf = try rec.int("the function count")
            let nparam = try rec.int("the parameter count")
            guard nsf == nodes[0] else { throw InputError("\(nsf) descriptors but the network takes \(nodes[0]) inputs") }
            guard nparam == 4 else { throw InputError("\(nparam) parameters per function, expected 4") }
            kinds = try rec.ints(nsf, "the function kinds")
            if isBehler2011 {
                for f in 0..<nsf where ![2, 4, 5].contains(kinds[f]) {
                    throw InputError("Behler2011 function kind G\(kinds[f]) is not supported (props reads G2, G4, G5)")
                }
            }
            let p = try rec.doubles(4 * nsf, "the function parameters")
            parameters = (0..<nsf).map { Array(p[(4 * $0)..<(4 * $0 + 4)]) }
            if !isBehler2011 {
                let orders = [parameters[0][1], parameters[0][3]]
                guard orders.allSatisfy({ (0...1000).contains($0) }) else {
                    throw InputError("Chebyshev orders \(orders) are outside 0...1000")
                }
                let width = Int(orders[0].rounded() + orders[1].rounded() + 2) * (nenv > 1 ? 2 : 1)
                guard width == nsf else {
                    throw InputError("a Chebyshev basis of orders \(Int(orders[0].rounded())), \(Int(orders[1].rounded())) for \(nenv) species has \(width) functions, not \(nsf)")
                }
            }
            let env = try rec.ints(2 * nsf, "the function environments")
            environments = (0..<nsf).map { [env[2 * $0], env[2 * $0 + 1]] }
            if isBehler2011 {
                for f in 0..<nsf {
                    for e in environments[f].prefix(kinds[f] == 2 ? 1 : 2) where !(1...nenv).contains(e) {
                        throw InputError("function \(f + 1) names environment species \(e) of \(nenv)")
                    }
                }
            }
            _ = try rec.int("the evaluation count")
            minimum = try rec.doubles(nsf, "the minima")
            maximum = try rec.doubles(nsf, "the maxima")
            mean = try rec.doubles(nsf, "the means")
            if rec.hasMeanSquares { meanSquare = try rec.doubles(nsf, "the mean squares") }
            _ = try rec.text("the training-set file name")
            _ = try rec.flag("the scaled flag")
            scale = try rec.double("the energy scale")
            shift = try rec.double("the energy shift")
            let ntypes = try rec.int("the species count")
            guard ntypes >= 0 else { throw InputError("\(ntypes) species in the training set") }
            let names = try rec.names(ntypes, "the species names")
            let energies = try rec.doubles(ntypes, "the free-atom energies")
            guard let k = names.firstIndex(of: atomType) else {
                throw InputError("the training set has no free-atom energy for \(atomType)")
            }
            atomEnergy = energies[k]
            _ = try rec.int("the atom count")
            _ = try rec.int("the structure count")
            _ = try rec.doubles(3, "the energy range")
            try rec.end()
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
            if isBehler2011 {
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
                    guard environments[f].allSatisfy({ $0 <= local.count }), q.count >= (kinds[f] == 2 ? 3 : 4) else {
                        throw InputError("symmetry function \(f + 1) of \(atomType) names a species index above \(local.count) or has too few parameters (\(q.count))")
                    }
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
            } else {
                let q = parameters[0]
                let spins = ChebyshevBasis.aenetSpins(environment.count)
                let basis = ChebyshevBasis(radialOrder: Int(q[1].rounded()), radialCutoff: q[0],
                                           angularOrder: Int(q[3].rounded()), angularCutoff: q[2],
                                           spins: spins.isEmpty ? [] : species.map { s in
                                               environment.firstIndex(of: s.symbol).map { spins[$0] } ?? 0
                                           })
                descriptors = [.chebyshev(basis)]
                order = Array(0..<kinds.count)
                keep = Array(repeating: true, count: kinds.count)
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
