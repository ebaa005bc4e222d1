import Atoms
import Foundation
import Potentials

/// Settings of a relaxation.
public struct RelaxationSettings: Sendable {
    /// Converged when every force component is below this, eV/Å.
    public var forceTolerance = 1e-4
    /// Converged when every stress component (relative to the target) is below this, eV/Å³
    /// (ignored when the cell is fixed).
    public var stressTolerance = 1e-6
    /// Relax the cell (shape and volume) as well as the positions.
    public var relaxCell = false
    /// Keep the cell shape, relax only its volume (with `relaxCell`).
    public var isotropic = false
    /// Keep the volume, relax only the cell's shape (with `relaxCell`): the deviatoric
    /// stress drives the cell and the deformation is rescaled to det F = 1.
    public var fixedVolume = false
    /// Target pressure, GPa (with `relaxCell`).
    public var pressureGPa = 0.0
    /// Largest number of FIRE steps.
    public var maxSteps = 5000
    /// Largest displacement of one step, Å.
    public var maxStep = 0.1

    public init() {}
}

/// Result of a relaxation.
public struct RelaxationResult {
    public var structure: Structure
    /// Energy of the relaxed structure, eV.
    public var energy: Double
    /// Largest remaining force component, eV/Å.
    public var maxForce: Double
    /// Largest remaining stress component minus the target, eV/Å³ (0 for a fixed cell).
    public var maxStress: Double
    public var steps: Int
    public var converged: Bool
}

/// Energy minimisation by FIRE (Bitzek et al., PRL 97, 170201 (2006)) over positions and,
/// optionally, the cell. The cell enters through the deformation gradient F relative to the
/// starting cell (cell rows a_i = F a0_i), with positions carried in the reference frame
/// and the generalised cell force −V(σ + P·1)F⁻ᵀ scaled by the number of atoms, as ASE's
/// UnitCellFilter does: minimising the enthalpy E + PV.
public enum Relaxation {
    public static func run(_ start: Structure, calculator: inout Calculator,
                           settings: RelaxationSettings = .init(),
                           progress: ((Int, Double, Double) -> Void)? = nil) throws -> RelaxationResult {
        let n = start.count
        let cellDOF = settings.relaxCell ? 9 : 0
        let cellFactor = Double(n)
        let pressure = settings.pressureGPa * Units.gpaInEVPerA3
        let cell0 = start.cell.matrix
        // Generalised coordinates: reference positions (3n) then cellFactor·F (9).
        var x = [Double](repeating: 0, count: 3 * n + cellDOF)
        var v = [Double](repeating: 0, count: x.count)
        for i in 0..<n { for k in 0..<3 { x[3 * i + k] = start.positions[i][k] } }
        if settings.relaxCell { for a in 0..<3 { for b in 0..<3 { x[3 * n + 3 * a + b] = a == b ? cellFactor : 0 } } }

        func structure(_ x: [Double]) -> (Structure, Matrix3) {
            var s = start
            var f = Matrix3.identity
            if settings.relaxCell {
                f = (1 / cellFactor) * Matrix3(rowMajor: Array(x[(3 * n)...]))
                if settings.fixedVolume { f = (1 / cbrt(f.determinant)) * f }
                s.cell = Cell(cell0 * f.transpose)
            }
            let ft = f.transpose
            for i in 0..<n { s.positions[i] = SIMD3(x[3 * i], x[3 * i + 1], x[3 * i + 2]) * ft }
            return (s, f)
        }
        func forces(_ x: [Double]) throws -> (Double, [Double], Double, Double, Structure) {
            let (s, f) = structure(x)
            let r = try calculator.evaluate(s, wanted: settings.relaxCell ? [.energy, .forces, .stress] : [.energy, .forces])
            var g = [Double](repeating: 0, count: x.count)
            var maxForce = 0.0
            for i in 0..<n {
                let fi = r.forces![i]
                maxForce = max(maxForce, abs(fi.x), abs(fi.y), abs(fi.z))
                let fr = fi * f  // generalised force on reference positions: f·F
                for k in 0..<3 { g[3 * i + k] = fr[k] }
            }
            var maxStress = 0.0
            var energy = r.energy!
            if settings.relaxCell {
                var sigma = r.stress! + Matrix3(diagonal: SIMD3(repeating: pressure))
                if settings.isotropic { sigma = Matrix3(diagonal: SIMD3(repeating: sigma.trace / 3)) }
                if settings.fixedVolume { sigma = sigma - Matrix3(diagonal: SIMD3(repeating: sigma.trace / 3)) }
                maxStress = sigma.maxAbs
                let virial = (-s.cell.volume) * sigma
                let cellForce = (1 / cellFactor) * (virial * f.inverse.transpose)
                for a in 0..<3 { for b in 0..<3 { g[3 * n + 3 * a + b] = cellForce[a, b] } }
                energy += pressure * s.cell.volume
            }
            return (energy, g, maxForce, maxStress, s)
        }

        // FIRE constants (Bitzek et al.).
        let nMin = 5, fInc = 1.1, fDec = 0.5, alphaStart = 0.1, fAlpha = 0.99
        let dtMax = 1.0
        var dt = 0.1, alpha = alphaStart, positiveSteps = 0
        var (energy, g, maxForce, maxStress, current) = try forces(x)
        var step = 0
        func converged() -> Bool {
            maxForce < settings.forceTolerance && (!settings.relaxCell || maxStress < settings.stressTolerance)
        }
        while !converged() && step < settings.maxSteps {
            step += 1
            let power = zip(g, v).reduce(0) { $0 + $1.0 * $1.1 }
            if power > 0 {
                let vNorm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
                let gNorm = max(g.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-300)
                for k in v.indices { v[k] = (1 - alpha) * v[k] + alpha * vNorm * g[k] / gNorm }
                positiveSteps += 1
                if positiveSteps > nMin {
                    dt = min(dt * fInc, dtMax)
                    alpha *= fAlpha
                }
            } else {
                for k in v.indices { v[k] = 0 }
                dt *= fDec
                alpha = alphaStart
                positiveSteps = 0
            }
            for k in v.indices { v[k] += dt * g[k] }
            var dx = v.map { dt * $0 }
            let longest = dx.reduce(0) { max($0, abs($1)) }
            if longest > settings.maxStep { dx = dx.map { $0 * settings.maxStep / longest } }
            for k in x.indices { x[k] += dx[k] }
            (energy, g, maxForce, maxStress, current) = try forces(x)
            progress?(step, energy, maxForce)
        }
        return RelaxationResult(structure: current, energy: energy - (settings.relaxCell ? pressure * current.cell.volume : 0),
                                maxForce: maxForce, maxStress: maxStress, steps: step, converged: converged())
    }
}
