import Atoms
import Foundation

/// Writes a Behler–Parrinello potential in n2p2's format (`input.nn`, `scaling.data`,
/// `weights.NNN.data`), the files LAMMPS's `pair_style hdnnp` and n2p2 itself read; the
/// inverse of `N2P2Reader`, in Å and eV (`cflength 1`, `cfenergy 1`).
///
/// What it maps: elements in n2p2's order (by atomic number); descriptors to symmetry
/// functions G2 → type 2, G4 → type 3, G5 → type 9, written in n2p2's sorted order (type,
/// r_c, η, r_s, ζ, λ, neighbour elements) with the network's inputs and the scaling rows
/// permuted to match; the input scaling x = a (G − b) + c as n2p2's
/// `scale_symmetry_functions_sigma` (x = (G − mean)/σ with mean = b − c/a, σ = 1/a), keeping
/// the training range as the min/max columns, so extrapolation warnings count as in props;
/// the energy scale as `conv_energy` (one per potential: other elements' output layers are
/// rescaled), energy shift plus free-atom energy as `atom_energy`; activation letters.
///
/// What n2p2 cannot express is refused, with the reason: Chebyshev descriptors, cutoff
/// functions that differ between descriptors, networks whose hidden layers or activations
/// differ between elements, activations n2p2 lacks.
public enum N2P2Writer {
    /// The three kinds of file, by name.
    public struct Files: Sendable {
        public var inputNN: String
        public var scalingData: String
        /// `weights.NNN.data` file name → content, one per element.
        public var weights: [(name: String, text: String)]
    }

    /// n2p2's activation letters.
    static func letter(_ a: Activation) -> Character? {
        switch a {
        case .linear: return "l"
        case .tanh: return "t"
        case .sigmoid: return "s"
        case .reverseSigmoid: return "S"
        case .softplus: return "p"
        case .relu: return "r"
        case .gaussian: return "g"
        case .cos: return "c"
        case .exp: return "e"
        case .harmonic: return "h"
        default: return nil
        }
    }

    /// The n2p2 files of `p`; throws when n2p2 cannot express it.
    public static func files(_ p: BehlerParrinello) throws -> Files {
        func refuse(_ why: String) -> InputError {
            InputError("n2p2 (pair_style hdnnp) cannot express \(p.name): \(why); use pair_style props (the plugin) instead")
        }
        // Elements in n2p2 order; n2p2 index of each props species index.
        let order = p.species.indices.sorted { p.species[$0].number < p.species[$1].number }
        var n2p2Index = [Int](repeating: 0, count: p.species.count)
        for (k, s) in order.enumerated() { n2p2Index[s] = k }

        // One cutoff function kind and α for all descriptors.
        var cutoff: CutoffFunction?
        for m in p.models {
            for d in m.descriptors.descriptors {
                let c: CutoffFunction
                switch d {
                case .radial(let f): c = f.cutoff
                case .angular(let f): c = f.cutoff
                case .chebyshev: throw refuse("\(m.element.symbol) uses Chebyshev descriptors (aenet), which n2p2 has not")
                }
                if let first = cutoff, first.kind != c.kind || first.alpha != c.alpha {
                    throw refuse("descriptors use different cutoff functions (\(first.kind.rawValue) α=\(first.alpha) and \(c.kind.rawValue) α=\(c.alpha)), n2p2 one per potential")
                }
                cutoff = c
            }
        }
        guard let cutoff, let code = N2P2Reader.cutoffKinds.first(where: { $0.value == cutoff.kind })?.key else {
            throw refuse("its cutoff function has no n2p2 code")
        }
        // One network layout for all elements.
        let reference = p.models[0].network
        let hidden = Array(reference.shape.dropFirst().dropLast())
        let activations = reference.layers.map(\.activation)
        for m in p.models where Array(m.network.shape.dropFirst()) != hidden + [1] || m.network.layers.map(\.activation) != activations {
            throw refuse("the networks of \(p.models[0].element.symbol) and \(m.element.symbol) differ in hidden layers or activations (n2p2 has one global layout)")
        }
        let letters = try activations.map { a -> Character in
            guard let l = letter(a) else { throw refuse("n2p2 has no activation \(a.rawValue)") }
            return l
        }
        let energyScale = p.models[0].energyScale
        guard energyScale != 0 else { throw refuse("its energy scale is 0") }
        for m in p.models where m.energyScale != energyScale && activations.last != .linear {
            throw refuse("its elements have different energy scales and a non-linear output layer")
        }

        var input = """
        # n2p2 potential written by props from \(p.name)
        # units: Å and eV (pair_style hdnnp ... cflength 1.0 cfenergy 1.0)
        number_of_elements \(p.species.count)
        elements \(order.map { p.species[$0].symbol }.joined(separator: " "))

        """
        for s in order {
            let m = p.models[s]
            input += "atom_energy \(m.element.symbol) \(num(m.energyShift + m.referenceEnergy))\n"
        }
        input += """
        cutoff_type \(code) \(num(cutoff.alpha))
        scale_symmetry_functions_sigma
        scale_min_short 0.0
        scale_max_short 1.0
        global_hidden_layers_short \(hidden.count)
        global_nodes_short \(hidden.map(String.init).joined(separator: " "))
        global_activation_short \(letters.map(String.init).joined(separator: " "))

        """
        if energyScale != 1 {
            input += "mean_energy 0.0\nconv_energy \(num(1 / energyScale))\nconv_length 1.0\n"
        }
        var scaling = "# n2p2 scaling.data written by props: element, function, min, max, mean, sigma (scale_symmetry_functions_sigma)\n"
        var weights: [(name: String, text: String)] = []
        for (e, s) in order.enumerated() {
            let m = p.models[s]
            let symbol = m.element.symbol
            // Symmetry functions in n2p2 order, remembering which input each came from.
            let functions = m.descriptors.descriptors.enumerated().map { k, d -> N2P2Reader.SymmetryFunction in
                switch d {
                case .radial(let f):
                    return .init(type: 2, e1: n2p2Index[f.neighbor], e2: 0, eta: f.eta, rs: f.shift, lambda: 0, zeta: 0,
                                 rc: f.cutoff.radius, line: k)
                case .angular(let f):
                    let a = n2p2Index[f.neighbors.0], b = n2p2Index[f.neighbors.1]
                    return .init(type: f.kind == .g4 ? 3 : 9, e1: min(a, b), e2: max(a, b), eta: f.eta, rs: f.shift,
                                 lambda: f.lambda, zeta: f.zeta, rc: f.cutoff.radius, line: k)
                case .chebyshev: fatalError("refused above")
                }
            }
            let sorted = functions.sorted { $0.precedes($1) || (!$1.precedes($0) && $0.line < $1.line) }
            let permutation = sorted.map(\.line)
            let name = order.map { p.species[$0].symbol }
            for f in sorted {
                switch f.type {
                case 2: input += "symfunction_short \(symbol) 2 \(name[f.e1]) \(num(f.eta)) \(num(f.rs)) \(num(f.rc))\n"
                default:
                    input += "symfunction_short \(symbol) \(f.type) \(name[f.e1]) \(name[f.e2]) \(num(f.eta)) \(num(f.lambda)) "
                        + "\(num(f.zeta)) \(num(f.rc)) \(num(f.rs))\n"
                }
            }
            for (row, k) in permutation.enumerated() {
                let a = m.scaling.factor[k], b = m.scaling.shift[k], c = m.scaling.offset[k]
                let low = m.trainingRange?.minimum[k] ?? -Double.greatestFiniteMagnitude
                let high = m.trainingRange?.maximum[k] ?? Double.greatestFiniteMagnitude
                scaling += "\(e + 1) \(row + 1) \(num(low)) \(num(high)) \(num(b - c / a)) \(num(1 / a))\n"
            }
            weights.append((String(format: "weights.%03d.data", m.element.number),
                            weightsText(m.network, permutation: permutation, outputFactor: m.energyScale / energyScale)))
        }
        return Files(inputNN: input, scalingData: scaling, weights: weights)
    }

    /// n2p2's weights file: per layer, every connection j → k (input-major), then the biases;
    /// the first layer's inputs taken in `permutation` order, the output layer scaled.
    static func weightsText(_ network: Network, permutation: [Int], outputFactor: Double) -> String {
        var out = "# n2p2 weights written by props: value, kind (a weight, b bias), layer and node indices\n"
        for (l, layer) in network.layers.enumerated() {
            let factor = l == network.layers.count - 1 ? outputFactor : 1
            for jj in 0..<layer.inputs {
                let j = l == 0 ? permutation[jj] : jj
                for k in 0..<layer.outputs {
                    out += "\(num(factor * layer.weights[k * layer.inputs + j])) a \(l) \(jj + 1) \(l + 1) \(k + 1)\n"
                }
            }
            for k in 0..<layer.outputs { out += "\(num(factor * layer.biases[k])) b \(l + 1) \(k + 1)\n" }
        }
        return out
    }

    /// Writes the files into `directory` (created if needed).
    public static func write(_ p: BehlerParrinello, to directory: String) throws {
        let f = try files(p)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        func put(_ text: String, _ name: String) throws {
            try text.write(toFile: (directory as NSString).appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        try put(f.inputNN, "input.nn")
        try put(f.scalingData, "scaling.data")
        for w in f.weights { try put(w.text, w.name) }
    }

    /// A number as text that reads back to the same Double.
    static func num(_ x: Double) -> String { "\(x)" }
}
