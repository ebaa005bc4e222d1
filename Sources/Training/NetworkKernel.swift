/// Per-thread buffers and the three passes through one element network that training
/// needs, on raw pointers into θ (no allocation per atom):
///
/// 1. `forward`: node values a = f(z), with f′(z) and f″(z) kept;
/// 2. `inputGradient`: ∂y/∂x by back-propagation (what forces are made of);
/// 3. `accumulateGradient`: the weight gradient of α·y + y′, where y′ = Σ_n (∂y/∂x_n) x′_n
///    is the derivative of the output along an input direction x′. Forward-mode
///    propagation of x′ (z′ = W a′, a′ = f′(z) z′) followed by one backward pass through
///    values and tangents gives the mixed second derivatives ∂²y/∂θ∂x that the force and
///    stress terms of the loss need, at about three times the cost of plain back-propagation.
final class NetworkKernel {
    let layers: [ParameterLayout.Layer]
    /// Offset of each layer's nodes in the node buffers.
    let nodeOffset: [Int]
    let value: UnsafeMutablePointer<Double>, slope: UnsafeMutablePointer<Double>
    let curvature: UnsafeMutablePointer<Double>
    let tangentZ: UnsafeMutablePointer<Double>, tangentA: UnsafeMutablePointer<Double>
    /// Adjoint buffers, each `widest` long.
    let adjointA: UnsafeMutablePointer<Double>, adjointT: UnsafeMutablePointer<Double>
    let nextA: UnsafeMutablePointer<Double>, nextT: UnsafeMutablePointer<Double>

    init(_ layers: [ParameterLayout.Layer]) {
        self.layers = layers
        nodeOffset = layers.reduce(into: [0]) { $0.append($0.last! + $1.outputs) }
        let nodes = nodeOffset.last!
        let widest = layers.map { max($0.inputs, $0.outputs) }.max()!
        value = .allocate(capacity: nodes)
        slope = .allocate(capacity: nodes)
        curvature = .allocate(capacity: nodes)
        tangentZ = .allocate(capacity: nodes)
        tangentA = .allocate(capacity: nodes)
        adjointA = .allocate(capacity: widest)
        adjointT = .allocate(capacity: widest)
        nextA = .allocate(capacity: widest)
        nextT = .allocate(capacity: widest)
    }

    deinit {
        for p in [value, slope, curvature, tangentZ, tangentA, adjointA, adjointT, nextA, nextT] { p.deallocate() }
    }

    /// Network output y for input `x`.
    @inline(__always)
    func forward(_ theta: UnsafePointer<Double>, _ x: UnsafePointer<Double>) -> Double {
        var input = x
        for (l, layer) in layers.enumerated() {
            let n = layer.inputs, o = nodeOffset[l]
            let w = theta + layer.offset, b = theta + layer.biasOffset
            for k in 0..<layer.outputs {
                var z = b[k]
                let row = w + k * n
                for j in 0..<n { z += row[j] * input[j] }
                (value[o + k], slope[o + k], curvature[o + k]) = layer.activation.withCurvature(z)
            }
            input = UnsafePointer(value + o)
        }
        return value[nodeOffset.last! - 1]
    }

    /// ∂y/∂x into `gradient` (after `forward`).
    @inline(__always)
    func inputGradient(_ theta: UnsafePointer<Double>, _ gradient: UnsafeMutablePointer<Double>) {
        var delta = adjointA, other = nextA
        delta[0] = slope[nodeOffset.last! - 1]
        for l in stride(from: layers.count - 1, through: 0, by: -1) {
            let layer = layers[l], n = layer.inputs
            let target = l == 0 ? gradient : other
            for j in 0..<n { target[j] = 0 }
            let w = theta + layer.offset
            for k in 0..<layer.outputs {
                let dk = delta[k], row = w + k * n
                for j in 0..<n { target[j] += row[j] * dk }
            }
            if l > 0 {
                let below = nodeOffset[l - 1]
                for j in 0..<n { target[j] *= slope[below + j] }
                swap(&delta, &other)
            }
        }
    }

    /// Adds `scale · ∂(α y + y′)/∂θ` to `gradient` for input `x` and input direction
    /// `direction` (after `forward(theta, x)`).
    @inline(__always)
    func accumulateGradient(_ theta: UnsafePointer<Double>, _ x: UnsafePointer<Double>,
                            _ direction: UnsafePointer<Double>, alpha: Double, scale: Double,
                            into gradient: UnsafeMutablePointer<Double>) {
        var input = direction
        for (l, layer) in layers.enumerated() {
            let n = layer.inputs, o = nodeOffset[l]
            let w = theta + layer.offset
            for k in 0..<layer.outputs {
                var z = 0.0
                let row = w + k * n
                for j in 0..<n { z += row[j] * input[j] }
                tangentZ[o + k] = z
                tangentA[o + k] = slope[o + k] * z
            }
            input = UnsafePointer(tangentA + o)
        }
        var a = adjointA, t = adjointT, na = nextA, nt = nextT
        a[0] = alpha
        t[0] = 1
        for l in stride(from: layers.count - 1, through: 0, by: -1) {
            let layer = layers[l], n = layer.inputs, o = nodeOffset[l]
            let below: UnsafePointer<Double> = l == 0 ? x : UnsafePointer(value + nodeOffset[l - 1])
            let belowT: UnsafePointer<Double> = l == 0 ? direction : UnsafePointer(tangentA + nodeOffset[l - 1])
            let w = theta + layer.offset
            let gw = gradient + layer.offset, gb = gradient + layer.biasOffset
            if l > 0 { for j in 0..<n { na[j] = 0; nt[j] = 0 } }
            for k in 0..<layer.outputs {
                // a′ = f′(z) z′ and a = f(z): adjoints of z′ and z.
                let zt = t[k] * slope[o + k]
                let z = a[k] * slope[o + k] + t[k] * curvature[o + k] * tangentZ[o + k]
                let sz = scale * z, szt = scale * zt
                gb[k] += sz
                let grow = gw + k * n, row = w + k * n
                for j in 0..<n { grow[j] += sz * below[j] + szt * belowT[j] }
                if l > 0 {
                    for j in 0..<n {
                        na[j] += row[j] * z
                        nt[j] += row[j] * zt
                    }
                }
            }
            swap(&a, &na)
            swap(&t, &nt)
        }
    }
}
