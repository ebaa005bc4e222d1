import Foundation
import Potentials
import TestSupport
@testable import Training
import XCTest

/// Training keeps its own network kernel (`NetworkKernel`: raw pointers into the parameter
/// vector θ, activation curvatures kept for the mixed derivatives the force and stress
/// loss terms need) beside the inference `Network`. On every element network of the
/// shipped potentials, at inputs spread over each descriptor's training range and beyond,
/// the two give the same output (the atomic energy) and input gradient (what forces are
/// made of) to 1e-12 relative, and the kernel's parameter gradient satisfies two exact
/// identities that tie it to the inference network: for the linear output layer
/// y = Σ_j w_j ∂y/∂w_j + b, and for the first layer Σ_j W_jn ∂y/∂W_jn = x_n ∂y/∂x_n.
final class NetworkKernelParityTests: XCTestCase {
    func testKernelAgreesWithInferenceNetworkOnShippedPotentials() throws {
        var checked = 0
        for file in ["potentials/Cu.pot", "potentials/Cu-mlearn-nnp.pot", "potentials/Si.pot"] {
            let potential = try XCTUnwrap(try PotentialLoader.load(Fixtures.reference(file)) as? BehlerParrinello)
            for model in potential.models {
                let network = model.network
                var offset = 0
                let layers = network.layers.map { l -> ParameterLayout.Layer in
                    defer { offset += l.inputs * l.outputs + l.outputs }
                    return ParameterLayout.Layer(inputs: l.inputs, outputs: l.outputs, activation: l.activation, offset: offset)
                }
                let theta = network.layers.flatMap { $0.weights + $0.biases }
                XCTAssertEqual(theta.count, offset)
                let kernel = NetworkKernel(layers)
                var scratch = Network.Scratch(for: network)
                let n = network.inputCount
                for sample in 0..<20 {
                    // Inputs of scaled descriptors: mostly inside [-1, 1], some beyond.
                    let x = (0..<n).map { 1.4 * sin(Double(7 * sample + 3 * $0) + 0.5) }
                    var inferenceGradient = [Double](repeating: 0, count: n), kernelGradient = inferenceGradient
                    var parameterGradient = [Double](repeating: 0, count: theta.count)
                    let zero = [Double](repeating: 0, count: n)
                    let (y, yk) = theta.withUnsafeBufferPointer { t in
                        x.withUnsafeBufferPointer { xp in
                            let y = network.evaluate(xp.baseAddress!, gradient: &inferenceGradient, scratch: &scratch)
                            let yk = kernel.forward(t.baseAddress!, xp.baseAddress!)
                            kernel.inputGradient(t.baseAddress!, &kernelGradient)
                            zero.withUnsafeBufferPointer { d in
                                kernel.accumulateGradient(t.baseAddress!, xp.baseAddress!, d.baseAddress!, alpha: 1, scale: 1,
                                                          into: &parameterGradient)
                            }
                            return (y, yk)
                        }
                    }
                    let gScale = inferenceGradient.map(abs).max()!
                    XCTAssertEqual(yk, y, accuracy: 1e-12 * max(1, abs(y)), "\(file) \(model.element.symbol) energy")
                    for k in 0..<n {
                        XCTAssertEqual(kernelGradient[k], inferenceGradient[k], accuracy: 1e-12 * gScale, "\(file) input gradient")
                    }
                    let last = layers.last!
                    XCTAssertEqual(parameterGradient[last.biasOffset], 1, accuracy: 1e-12)
                    var reconstructed = theta[last.biasOffset]
                    for j in 0..<last.inputs { reconstructed += theta[last.offset + j] * parameterGradient[last.offset + j] }
                    XCTAssertEqual(reconstructed, y, accuracy: 1e-12 * max(1, abs(y)), "\(file) output-layer identity")
                    let first = layers[0]
                    for m in 0..<n {
                        var sum = 0.0
                        for j in 0..<first.outputs { sum += theta[first.offset + j * n + m] * parameterGradient[first.offset + j * n + m] }
                        XCTAssertEqual(sum, x[m] * inferenceGradient[m], accuracy: 1e-12 * gScale * 1.4 * Double(n), "\(file) first-layer identity")
                    }
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 40)
    }
}
