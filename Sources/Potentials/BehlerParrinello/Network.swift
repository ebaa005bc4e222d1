import Atoms

/// One fully connected layer: node k of the layer takes a_k = f(b_k + Σ_j W_kj x_j).
public struct Layer: Equatable, Sendable {
    public var inputs: Int
    public var outputs: Int
    /// W, `outputs × inputs`, row-major: `weights[k * inputs + j]` connects input j to node k.
    public var weights: [Double]
    public var biases: [Double]
    public var activation: Activation

    public init(inputs: Int, outputs: Int, weights: [Double], biases: [Double], activation: Activation) {
        precondition(weights.count == inputs * outputs && biases.count == outputs, "layer shape")
        self.inputs = inputs
        self.outputs = outputs
        self.weights = weights
        self.biases = biases
        self.activation = activation
    }
}

/// A feed-forward network with any number of hidden layers and one output node: the
/// atomic-energy network of one element (in the units of its input and output scaling).
public struct Network: Equatable, Sendable {
    public var layers: [Layer]

    /// Throws unless each layer's inputs are the previous layer's outputs and the last
    /// layer has a single node.
    public init(layers: [Layer]) throws {
        guard !layers.isEmpty, layers.last!.outputs == 1 else {
            throw InputError("a network needs at least one layer and a single output node")
        }
        for (a, b) in zip(layers, layers.dropFirst()) where a.outputs != b.inputs {
            throw InputError("layer of \(b.inputs) inputs follows a layer of \(a.outputs) nodes")
        }
        self.layers = layers
    }

    /// Number of inputs (descriptors).
    public var inputCount: Int { layers[0].inputs }

    /// Node counts from input to output, e.g. [27, 24, 24, 1].
    public var shape: [Int] { [inputCount] + layers.map(\.outputs) }

    /// Per-thread buffers for `evaluate`, sized once for a network.
    public struct Scratch {
        var values: [Double]
        var slopes: [Double]
        var back: [Double]
        var next: [Double]

        public init(for network: Network) {
            let nodes = network.layers.reduce(0) { $0 + $1.outputs }
            let widest = network.shape.max()!
            values = Array(repeating: 0, count: nodes)
            slopes = values
            back = Array(repeating: 0, count: widest)
            next = back
        }
    }

    /// The output for `input` (`inputCount` values) and, into `gradient` (same length),
    /// its derivative with respect to each input. No allocation.
    @inline(__always)
    public func evaluate(_ input: UnsafePointer<Double>, gradient: UnsafeMutablePointer<Double>,
                         scratch: inout Scratch) -> Double {
        scratch.values.withUnsafeMutableBufferPointer { values in
            scratch.slopes.withUnsafeMutableBufferPointer { slopes in
                scratch.back.withUnsafeMutableBufferPointer { backBuffer in
                    scratch.next.withUnsafeMutableBufferPointer { nextBuffer in
                        forward(input, values.baseAddress!, slopes.baseAddress!)
                        backward(slopes.baseAddress!, gradient, backBuffer.baseAddress!, nextBuffer.baseAddress!)
                        return values[values.count - 1]
                    }
                }
            }
        }
    }

    @inline(__always)
    func forward(_ input: UnsafePointer<Double>, _ values: UnsafeMutablePointer<Double>,
                 _ slopes: UnsafeMutablePointer<Double>) {
        var x = input
        var offset = 0
        for l in layers.indices {
            let n = layers[l].inputs, activation = layers[l].activation
            layers[l].weights.withUnsafeBufferPointer { w in
                layers[l].biases.withUnsafeBufferPointer { b in
                    for k in 0..<b.count {
                        (values[offset + k], slopes[offset + k]) = activation(b[k] + dotProduct(w.baseAddress! + k * n, x, count: n))
                    }
                }
            }
            x = UnsafePointer(values + offset)
            offset += layers[l].outputs
        }
    }

    /// Back-propagates d(output)/d(node) from the output to the inputs.
    @inline(__always)
    func backward(_ slopes: UnsafePointer<Double>, _ gradient: UnsafeMutablePointer<Double>,
                  _ back: UnsafeMutablePointer<Double>, _ next: UnsafeMutablePointer<Double>) {
        var offset = layers.reduce(0) { $0 + $1.outputs } - 1
        back[0] = slopes[offset]
        var delta = back, other = next
        for l in stride(from: layers.count - 1, through: 0, by: -1) {
            let n = layers[l].inputs
            let target = l == 0 ? gradient : other
            layers[l].weights.withUnsafeBufferPointer { w in
                combineRows(delta, rows: layers[l].outputs, of: w.baseAddress!, stride: n, count: n, into: target)
            }
            if l > 0 {
                offset -= n
                for j in 0..<n { target[j] *= slopes[offset + j] }
                swap(&delta, &other)
            }
        }
    }
}
