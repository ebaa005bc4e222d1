import Foundation

/// ML-IAP's `nn` model (LAMMPS `mliap_model_nn`): a fully connected network per element on
/// the standardised descriptors x̃_k = (x_k − mean_k)/σ_k, each node's parameters its bias
/// then its input weights, layer after layer; the atom's energy (eV) is the single output.
struct NeuralModel: DescriptorModel {
    /// Activations `mliap_model_nn` knows (it reads any other name as ELU but evaluates it as
    /// linear, so props refuses other names).
    enum Activation: String, CaseIterable {
        case linear, sigmoid, tanh, relu

        @inline(__always)
        func apply(_ x: Double) -> (Double, Double) {
            switch self {
            case .linear: return (x, 1)
            case .sigmoid:
                let s = 1 / (1 + Foundation.exp(-x))
                return (s, s * (1 - s))
            case .tanh:
                let t = Foundation.tanh(x)
                return (t, 1 - t * t)
            case .relu: return x > 0 ? (x, 1) : (0, 0)
            }
        }
    }

    let descriptorCount: Int
    /// Nodes of each layer (the last has 1).
    let nodes: [Int]
    let activations: [Activation]
    /// Mean and σ of each descriptor, per element.
    let mean: [[Double]], sigma: [[Double]]
    /// Parameters per element.
    let parameters: [[Double]]
    var label: String { "nn" }
    /// Values and derivatives of every node, then the backward sums.
    var scratchCount: Int { 3 * nodes.reduce(0, +) + descriptorCount }

    /// Parameters one element needs.
    static func parameterCount(descriptors: Int, nodes: [Int]) -> Int {
        zip([descriptors] + nodes.dropLast(), nodes).reduce(0) { $0 + ($1.0 + 1) * $1.1 }
    }

    func energy(_ x: UnsafeBufferPointer<Double>, element: Int, gradient: UnsafeMutableBufferPointer<Double>,
                scratch: UnsafeMutableBufferPointer<Double>) -> Double {
        let p = parameters[element], mu = mean[element], s = sigma[element]
        let total = nodes.reduce(0, +)
        let value = scratch.baseAddress!, slope = value + total, back = slope + total
        let input = back + total
        for k in 0..<descriptorCount { input[k] = (x[k] - mu[k]) / s[k] }
        // Forward.
        var inPtr = UnsafePointer(input), inCount = descriptorCount
        var offset = 0, node = 0
        for (l, n) in nodes.enumerated() {
            for o in 0..<n {
                var sum = p[offset]
                for k in 0..<inCount { sum += p[offset + 1 + k] * inPtr[k] }
                (value[node + o], slope[node + o]) = activations[l].apply(sum)
                offset += inCount + 1
            }
            inPtr = UnsafePointer(value + node)
            inCount = n
            node += n
        }
        let energy = value[node - 1]
        // Backward: back[node] = ∂E/∂(pre-activation of node).
        back[node - 1] = slope[node - 1]
        var layerStart = node - nodes.last!
        for l in stride(from: nodes.count - 1, through: 0, by: -1) {
            let n = nodes[l], nIn = l == 0 ? descriptorCount : nodes[l - 1]
            offset -= n * (nIn + 1)
            let previous = l == 0 ? 0 : layerStart - nIn
            for k in 0..<nIn {
                var sum = 0.0
                for o in 0..<n { sum += p[offset + o * (nIn + 1) + 1 + k] * back[layerStart + o] }
                if l == 0 {
                    gradient[k] = sum / s[k]
                } else {
                    back[previous + k] = sum * slope[previous + k]
                }
            }
            layerStart = previous
        }
        return energy
    }
}
