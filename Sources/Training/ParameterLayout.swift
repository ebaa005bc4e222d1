import Potentials

/// Where each weight and bias of the element networks lives in one parameter vector θ,
/// the vector the optimisers work on: per species, per layer, the weights row by row
/// (`outputs × inputs`) followed by the biases.
public struct ParameterLayout: Sendable, Equatable {
    public struct Layer: Sendable, Equatable {
        public let inputs: Int
        public let outputs: Int
        public let activation: Activation
        /// Offset of W (row-major) in θ; the biases follow it.
        public let offset: Int
        var biasOffset: Int { offset + inputs * outputs }
    }

    /// Layers of each species' network, input side first.
    public let networks: [[Layer]]
    /// Length of θ.
    public let count: Int

    /// Networks of `inputs[t]` inputs for species t, hidden layers of `hidden` nodes with
    /// `activation`, and one linear output node.
    public init(inputs: [Int], hidden: [Int], activation: Activation) {
        var offset = 0
        networks = inputs.map { n in
            var width = n
            return (hidden + [1]).enumerated().map { k, nodes in
                let layer = Layer(inputs: width, outputs: nodes, activation: k == hidden.count ? .linear : activation,
                                  offset: offset)
                offset += width * nodes + nodes
                width = nodes
                return layer
            }
        }
        count = offset
    }

    /// The networks of θ.
    public func networks(_ theta: [Double]) throws -> [Network] {
        precondition(theta.count == count, "parameter vector does not match the layout")
        return try networks.map { layers in
            try Network(layers: layers.map { l in
                Potentials.Layer(inputs: l.inputs, outputs: l.outputs,
                                 weights: Array(theta[l.offset..<l.biasOffset]),
                                 biases: Array(theta[l.biasOffset..<(l.biasOffset + l.outputs)]),
                                 activation: l.activation)
            })
        }
    }

    /// Nodes of the widest layer, inputs included.
    var widest: Int { networks.flatMap { $0.map { max($0.inputs, $0.outputs) } }.max() ?? 1 }

}
