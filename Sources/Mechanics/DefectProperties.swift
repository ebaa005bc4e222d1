import Atoms
import Foundation
import Potentials

/// Settings of `DefectProperties.compute`.
public struct DefectSettings: Sendable {
    /// Vacancy supercells: n×n×n repeats of the conventional cell, one formation energy each.
    public var vacancyRepeats = [3, 4, 5]
    /// Repeats of the supercell the vacancy hop is computed in.
    public var migrationRepeats = 4
    /// Intermediate NEB images, one barrier each (a convergence series; the last is reported).
    public var nebImages = [3, 5, 7]
    /// Slab and stacking-fault thickness and vacuum, Å.
    public var slabThickness = 20.0
    public var vacuum = 15.0
    /// Force tolerance of every relaxation, eV/Å (the NEB: ten times this).
    public var forceTolerance = 1e-5

    public init() {}
}

/// Point and planar defects of a crystal: vacancy formation (size series) and migration,
/// surface energies, and for fcc the intrinsic stacking fault.
public struct DefectProperties: Sendable {
    /// One vacancy formation energy per supercell of the series.
    public var vacancies: [VacancyFormation]
    /// One NEB per image count of the series.
    public var migrations: [(images: Int, result: NEBResult)]
    public var surfaces: [SurfaceEnergy]
    /// nil when the crystal is not fcc.
    public var stackingFault: StackingFault?

    /// The vacancy formation energy of the largest supercell at zero pressure, eV.
    public var vacancyFormation: Double? { vacancies.last?.zeroPressure }
    /// The barrier of the NEB with the most images, eV.
    public var vacancyMigration: Double? { migrations.last?.result.barrier }

    /// Computes every defect property of `conventional` (the conventional cell of an
    /// elemental crystal relaxed at zero pressure); `progress` gets one line per step.
    public static func compute(_ conventional: Structure, calculator: inout Calculator, settings: DefectSettings,
                               progress: (String) -> Void = { _ in }) throws -> DefectProperties {
        try calculator.potential.require([.energy, .forces, .stress], for: "defect energies")
        var vacancies: [VacancyFormation] = []
        for n in settings.vacancyRepeats {
            let perfect = try Supercell.make(conventional, repeats: SIMD3(repeating: n))
            progress("vacancy in \(n)×\(n)×\(n) (\(perfect.count) atoms)")
            vacancies.append(try VacancyFormation.compute(perfect: perfect, calculator: &calculator,
                                                          forceTolerance: settings.forceTolerance))
        }
        let m = settings.migrationRepeats
        let hopCell = try Supercell.make(conventional, repeats: SIMD3(repeating: m))
        progress("vacancy hop ends in \(m)×\(m)×\(m) (\(hopCell.count - 1) atoms)")
        let ends = try VacancyMigration.ends(perfect: hopCell, calculator: &calculator, forceTolerance: settings.forceTolerance)
        var migrations: [(Int, NEBResult)] = []
        for images in settings.nebImages {
            progress("nudged elastic band with \(images) images")
            var neb = NEBSettings()
            neb.images = images
            neb.forceTolerance = 10 * settings.forceTolerance
            migrations.append((images, try NudgedElasticBand.run(from: ends.initial, to: ends.final, calculator: &calculator, settings: neb)))
        }
        let planes = try OrientedCell.planes(of: conventional)
        var surfaces: [SurfaceEnergy] = []
        for p in planes {
            progress("(\(p.plane)) surface")
            surfaces.append(try SurfaceEnergy.compute(p, thickness: settings.slabThickness, vacuum: settings.vacuum,
                                                      calculator: &calculator, forceTolerance: settings.forceTolerance))
        }
        var fault: StackingFault? = nil
        if StackingFault.applies(to: conventional), let p111 = planes.first(where: { $0.plane == "111" }) {
            progress("intrinsic stacking fault")
            fault = try StackingFault.compute(p111, thickness: settings.slabThickness, calculator: &calculator,
                                              forceTolerance: settings.forceTolerance)
        }
        return DefectProperties(vacancies: vacancies, migrations: migrations, surfaces: surfaces, stackingFault: fault)
    }
}
