import Foundation

/// Adam (D. P. Kingma, J. Ba, arXiv:1412.6980): per-parameter steps from running means of
/// the gradient and its square, with bias correction.
public struct Adam: Sendable {
    public var beta1 = 0.9
    public var beta2 = 0.999
    public var epsilon = 1e-8
    var m: [Double]
    var v: [Double]
    var steps = 0

    public init(count: Int) {
        m = Array(repeating: 0, count: count)
        v = m
    }

    /// One step of size `learningRate` (in θ units) along `gradient`.
    public mutating func step(_ theta: inout [Double], gradient: [Double], learningRate: Double) {
        steps += 1
        let c1 = 1 - pow(beta1, Double(steps)), c2 = 1 - pow(beta2, Double(steps))
        for k in theta.indices {
            let g = gradient[k]
            m[k] = beta1 * m[k] + (1 - beta1) * g
            v[k] = beta2 * v[k] + (1 - beta2) * g * g
            theta[k] -= learningRate * (m[k] / c1) / ((v[k] / c2).squareRoot() + epsilon)
        }
    }
}

/// Limited-memory BFGS (J. Nocedal, Math. Comp. 35, 773 (1980)) on the full batch, with a
/// backtracking line search under the Armijo condition. Each `step` is one iteration.
public struct LBFGS: Sendable {
    public var memory: Int
    var pairs: [(s: [Double], y: [Double], rho: Double)] = []

    public init(memory: Int = 10) { self.memory = memory }

    /// −H ∇ by the two-loop recursion (steepest descent without history).
    func direction(_ gradient: [Double]) -> [Double] {
        var q = gradient
        var alphas = [Double](repeating: 0, count: pairs.count)
        for k in pairs.indices.reversed() {
            alphas[k] = pairs[k].rho * dot(pairs[k].s, q)
            axpy(-alphas[k], pairs[k].y, &q)
        }
        if let last = pairs.last { q = q.map { $0 * dot(last.s, last.y) / dot(last.y, last.y) } }
        for k in pairs.indices {
            let beta = pairs[k].rho * dot(pairs[k].y, q)
            axpy(alphas[k] - beta, pairs[k].s, &q)
        }
        return q.map { -$0 }
    }

    /// One iteration from θ with loss and gradient `current`; `evaluate` gives loss and
    /// gradient at a trial point. Returns the new point's loss and gradient (θ unchanged
    /// when no step lowered the loss).
    public mutating func step(_ theta: inout [Double], current: (loss: Double, gradient: [Double]),
                              evaluate: ([Double]) -> (loss: Double, gradient: [Double])) -> (loss: Double, gradient: [Double]) {
        var d = direction(current.gradient)
        var slope = dot(d, current.gradient)
        if slope >= 0 {
            pairs.removeAll()
            d = current.gradient.map { -$0 }
            slope = dot(d, current.gradient)
        }
        // Without history the first step is scaled to move θ by at most 0.01 per component.
        var t = pairs.isEmpty ? min(1, 0.01 / max(d.map(abs).max() ?? 1, 1e-300)) : 1
        for _ in 0..<30 {
            var trial = theta
            axpy(t, d, &trial)
            let r = evaluate(trial)
            if r.loss.isFinite && r.loss <= current.loss + 1e-4 * t * slope {
                let s = zip(trial, theta).map { $0 - $1 }
                let y = zip(r.gradient, current.gradient).map { $0 - $1 }
                let sy = dot(s, y)
                if sy > 1e-12 * dot(y, y) {
                    pairs.append((s, y, 1 / sy))
                    if pairs.count > memory { pairs.removeFirst() }
                }
                theta = trial
                return r
            }
            t *= 0.5
        }
        pairs.removeAll()
        return current
    }
}

func dot(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for k in a.indices { s += a[k] * b[k] }
    return s
}

/// y += a x.
func axpy(_ a: Double, _ x: [Double], _ y: inout [Double]) {
    for k in y.indices { y[k] += a * x[k] }
}
