import Atoms
import Foundation
import Potentials

/// Settings of a nudged-elastic-band calculation.
public struct NEBSettings: Sendable {
    /// Intermediate images between the two fixed ends.
    public var images = 5
    /// Spring constant between neighbouring images, eV/Å².
    public var springConstant = 1.0
    /// Let the highest image climb to the saddle point (Henkelman, Uberuaga & Jónsson,
    /// J. Chem. Phys. 113, 9901 (2000)) once the band is roughly converged.
    public var climbing = true
    /// Converged when no atom of any image feels a NEB force longer than this, eV/Å.
    public var forceTolerance = 1e-3
    /// Largest number of FIRE steps.
    public var maxSteps = 3000
    /// Largest displacement of one coordinate in one step, Å.
    public var maxStep = 0.05

    public init() {}
}

/// Result of a nudged-elastic-band calculation.
public struct NEBResult: Sendable {
    /// Energies of all images including both ends, relative to the first, eV.
    public var energies: [Double]
    /// Path length from the first image to each image, Å.
    public var pathLength: [Double]
    /// The images (both ends included).
    public var images: [Structure]
    /// Largest NEB force left on an atom, eV/Å.
    public var maxForce: Double
    public var steps: Int
    public var converged: Bool

    /// Barrier from the first image: the highest image energy (the saddle with a climbing
    /// image), eV.
    public var barrier: Double { energies.max() ?? 0 }
}

/// Minimum-energy path between two relaxed structures with the same atoms in the same
/// order and the same cell, by the nudged elastic band with the improved tangent (Henkelman
/// & Jónsson, J. Chem. Phys. 113, 9978 (2000)), all intermediate images moved together by
/// FIRE. Displacements between images are minimum-image vectors.
public enum NudgedElasticBand {
    public static func run(from initial: Structure, to final: Structure, calculator: inout Calculator,
                           settings: NEBSettings = .init()) throws -> NEBResult {
        guard initial.count == final.count, initial.elements == final.elements else {
            throw InputError("the two ends of an elastic band must hold the same atoms in the same order")
        }
        guard (initial.cell.matrix - final.cell.matrix).maxAbs < 1e-8 else {
            throw InputError("the two ends of an elastic band must have the same cell")
        }
        guard settings.images >= 1 else { throw InputError("an elastic band needs at least one intermediate image") }
        let n = initial.count, m = settings.images, cell = initial.cell
        // Straight-line interpolation between the ends.
        let shift = (0..<n).map { cell.minimumImage(final.positions[$0] - initial.positions[$0]) }
        var images = (0...(m + 1)).map { k -> Structure in
            var s = initial
            let t = Double(k) / Double(m + 1)
            for i in 0..<n { s.positions[i] += t * shift[i] }
            return s
        }
        images[m + 1] = final
        var energies = [Double](repeating: 0, count: m + 2)
        energies[0] = try calculator.evaluate(initial, wanted: [.energy]).energy!
        energies[m + 1] = try calculator.evaluate(final, wanted: [.energy]).energy!
        var trueForces = [[SIMD3<Double>]](repeating: [], count: m + 2)

        // NEB forces of the intermediate images; returns the largest per-atom force.
        func nebForces(climbing: Bool) throws -> ([[SIMD3<Double>]], Double) {
            for k in 1...m {
                let r = try calculator.evaluate(images[k], wanted: [.energy, .forces])
                energies[k] = r.energy!
                trueForces[k] = r.forces!
            }
            let top = (1...m).max { energies[$0] < energies[$1] }!
            var out = [[SIMD3<Double>]](repeating: [], count: m + 2)
            var largest = 0.0
            for k in 1...m {
                let plus = (0..<n).map { cell.minimumImage(images[k + 1].positions[$0] - images[k].positions[$0]) }
                let minus = (0..<n).map { cell.minimumImage(images[k].positions[$0] - images[k - 1].positions[$0]) }
                let tau = tangent(plus: plus, minus: minus, energies: (energies[k - 1], energies[k], energies[k + 1]))
                let f = trueForces[k]
                let along = zip(f, tau).reduce(0) { $0 + dot($1.0, $1.1) }
                var g: [SIMD3<Double>]
                if climbing && k == top {
                    g = zip(f, tau).map { $0 - 2 * along * $1 }
                } else {
                    let spring = settings.springConstant * (norm(plus) - norm(minus))
                    g = zip(f, tau).map { $0 - along * $1 + spring * $1 }
                }
                largest = max(largest, g.map { length($0) }.max() ?? 0)
                out[k] = g
            }
            return (out, largest)
        }

        // FIRE over all intermediate images (Bitzek et al., PRL 97, 170201 (2006)).
        let nMin = 5, fInc = 1.1, fDec = 0.5, alphaStart = 0.1, fAlpha = 0.99, dtMax = 1.0
        var dt = 0.1, alpha = alphaStart, positiveSteps = 0
        var velocity = [[SIMD3<Double>]](repeating: [SIMD3<Double>](repeating: .zero, count: n), count: m + 2)
        var climbing = false
        var (g, largest) = try nebForces(climbing: false)
        var step = 0
        while step < settings.maxSteps {
            if settings.climbing && !climbing && largest < max(10 * settings.forceTolerance, 0.05) {
                climbing = true
                (g, largest) = try nebForces(climbing: true)
                velocity = velocity.map { $0.map { _ in .zero } }
            }
            if largest < settings.forceTolerance && climbing == settings.climbing { break }
            step += 1
            var power = 0.0, vv = 0.0, gg = 0.0
            for k in 1...m { for i in 0..<n {
                power += dot(g[k][i], velocity[k][i])
                vv += lengthSquared(velocity[k][i])
                gg += lengthSquared(g[k][i])
            }}
            if power > 0 {
                let scale = vv.squareRoot() / max(gg.squareRoot(), 1e-300)
                for k in 1...m { for i in 0..<n { velocity[k][i] = (1 - alpha) * velocity[k][i] + alpha * scale * g[k][i] } }
                positiveSteps += 1
                if positiveSteps > nMin { dt = min(dt * fInc, dtMax); alpha *= fAlpha }
            } else {
                velocity = velocity.map { $0.map { _ in .zero } }
                dt *= fDec
                alpha = alphaStart
                positiveSteps = 0
            }
            var longest = 0.0
            for k in 1...m { for i in 0..<n {
                velocity[k][i] += dt * g[k][i]
                let d = dt * velocity[k][i]
                longest = max(longest, abs(d.x), abs(d.y), abs(d.z))
            }}
            let limit = longest > settings.maxStep ? settings.maxStep / longest : 1
            for k in 1...m { for i in 0..<n { images[k].positions[i] += limit * dt * velocity[k][i] } }
            (g, largest) = try nebForces(climbing: climbing)
        }
        var path = [0.0]
        for k in 1...(m + 1) {
            let d = (0..<n).map { cell.minimumImage(images[k].positions[$0] - images[k - 1].positions[$0]) }
            path.append(path[k - 1] + norm(d))
        }
        let e0 = energies[0]
        return NEBResult(energies: energies.map { $0 - e0 }, pathLength: path, images: images, maxForce: largest,
                         steps: step, converged: largest < settings.forceTolerance && climbing == settings.climbing)
    }

    /// Improved tangent of Henkelman & Jónsson (2000), normalised over all atoms.
    static func tangent(plus: [SIMD3<Double>], minus: [SIMD3<Double>],
                        energies e: (previous: Double, this: Double, next: Double)) -> [SIMD3<Double>] {
        var t: [SIMD3<Double>]
        if e.next > e.this && e.this > e.previous {
            t = plus
        } else if e.next < e.this && e.this < e.previous {
            t = minus
        } else {
            let dMax = max(abs(e.next - e.this), abs(e.previous - e.this))
            let dMin = min(abs(e.next - e.this), abs(e.previous - e.this))
            let (wPlus, wMinus) = e.next > e.previous ? (dMax, dMin) : (dMin, dMax)
            t = zip(plus, minus).map { wPlus * $0 + wMinus * $1 }
        }
        let l = max(norm(t), 1e-300)
        return t.map { $0 / l }
    }

    /// Euclidean norm of a 3N vector.
    static func norm(_ v: [SIMD3<Double>]) -> Double {
        v.reduce(0) { $0 + lengthSquared($1) }.squareRoot()
    }
}
