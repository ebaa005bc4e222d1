import Atoms
import Foundation
import Mechanics
import Potentials

/// Settings of a quasi-harmonic volume scan.
public struct QuasiHarmonicSettings: Sendable {
    /// Number of volumes (at least 5).
    public var volumes = 7
    /// Smallest and largest volume as fractions of the static equilibrium volume.
    public var smallest = 0.97
    public var largest = 1.07
    /// Phonon supercell matrix of the unit cell.
    public var supercell: [[Int]] = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    /// Γ-centred mesh of the primitive cell's Brillouin zone.
    public var mesh = SIMD3(16, 16, 16)
    /// Finite displacement, Å.
    public var amplitude = 0.01
    /// Force tolerance of the internal relaxation at each volume, eV/Å.
    public var forceTolerance = 1e-6

    public init() {}
}

/// Runs the volumes of a quasi-harmonic calculation with a potential.
public enum QuasiHarmonicScan {
    /// Scales `unit` (relaxed at zero pressure) isotropically to each volume of `settings`,
    /// relaxes the positions at fixed cell (for non-cubic lattices after relaxing the cell
    /// shape at fixed volume), and computes the static energy and the phonons on the mesh.
    /// `progress` gets (volume index, count); `extrapolation`, when given, gets the
    /// neural-network extrapolations of every evaluation (relaxations and displacements).
    public static func run(_ potential: Potential, unit: Structure, settings: QuasiHarmonicSettings,
                           extrapolation: ((ExtrapolationTally) -> Void)? = nil,
                           progress: ((Int, Int) -> Void)? = nil) throws -> [QuasiHarmonicVolume] {
        guard settings.volumes >= 5, settings.smallest > 0.5, settings.largest < 1.5, settings.smallest < 1, settings.largest > 1 else {
            throw InputError("a quasi-harmonic scan needs at least 5 volumes spanning the equilibrium volume (fractions between 0.5 and 1.5)")
        }
        try potential.require([.energy, .forces], for: "the quasi-harmonic approximation")
        var calc = Calculator(potential)
        var relax = RelaxationSettings()
        relax.forceTolerance = settings.forceTolerance
        var shapeSettings = relax
        shapeSettings.relaxCell = true
        shapeSettings.fixedVolume = true
        shapeSettings.stressTolerance = 1e-6
        let cubic = [.cubic, .faceCentredCubic, .bodyCentredCubic].contains(PrimitiveCell.find(unit).bravais)
        let n = Double(unit.count)
        var out: [QuasiHarmonicVolume] = []
        var tally = ExtrapolationTally()
        for k in 0..<settings.volumes {
            progress?(k, settings.volumes)
            let ratio = settings.smallest + (settings.largest - settings.smallest) * Double(k) / Double(settings.volumes - 1)
            var scaled = unit.scaled(by: cbrt(ratio))
            if !cubic {
                // Shape at fixed volume, then back to the exact volume (the shape relaxation
                // drifts it at second order) for the internal relaxation below.
                let shaped = try Relaxation.run(scaled, calculator: &calc, settings: shapeSettings).structure
                scaled = shaped.scaled(by: cbrt(scaled.cell.volume / shaped.cell.volume))
            }
            let relaxed = try Relaxation.run(scaled, calculator: &calc, settings: relax)
            guard relaxed.converged else {
                throw InputError(String(format: "the internal relaxation at %.4f V0 did not converge (max force %.2e eV/Å)", ratio, relaxed.maxForce))
            }
            let phonons = try PhononCalculation.compute(potential, unit: relaxed.structure, supercellMatrix: settings.supercell,
                                                        amplitude: settings.amplitude)
            let mesh = try PhononMesh(phonons.dynamicalMatrix, size: settings.mesh)
            tally.add(phonons.extrapolation)
            out.append(QuasiHarmonicVolume(volume: relaxed.structure.volumePerAtom, energy: relaxed.energy / n,
                                           frequenciesTHz: mesh.frequencies))
        }
        tally.add(calc.extrapolation)
        extrapolation?(tally)
        return out
    }
}
