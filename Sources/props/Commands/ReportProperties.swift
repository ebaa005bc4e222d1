import Atoms
import Foundation
import Mechanics
import Phonons
import Potentials
import Validation

/// The properties `props report` computes for one potential, with the settings used.
struct PotentialProperties {
    let label: String
    let potential: Potential
    /// SHA-256 of the potential file(s), for the reproducibility section.
    let checksum: String
    var values: [String: Double] = [:]
    /// Frequencies (THz, ascending) at labelled points.
    var phonons: [String: [Double]] = [:]
    var bands: BandStructure? = nil
    var validation: [ValidationResult] = []
    /// The quasi-harmonic result up to 400 K, when the recipe asks for `qha`.
    var quasiHarmonic: QuasiHarmonicResult? = nil
    /// Further figures of this potential for the report (file name, SVG, caption).
    var figures: [(file: String, svg: String, caption: String)] = []
    var notes: [String] = []

    /// The recipe's properties for `potential`: "eos", "elastic", "phonons", "validate".
    static func compute(_ label: String, _ potential: Potential, recipe: ReportRecipe, console: Console) throws -> PotentialProperties {
        var out = PotentialProperties(label: label, potential: potential, checksum: potentialChecksum(label) ?? "(inline spec)")
        var calc = Calculator(potential)
        let start = try recipe.structure.map { try StructureInput.structure($0) } ?? Equilibrium.groundStateLattice(for: potential)
        console.note("\(label): relaxing \(start.formula)")
        let relaxed = try Equilibrium.relax(start, calculator: &calc).structure
        if recipe.properties.contains("eos") {
            console.note("\(label): equation of state")
            let scan = try EquationOfStateScan.run(relaxed, calculator: &calc, range: 0.02, points: 11)
            if let a = cubicLatticeConstant(relaxed.cell) { out.values["a0"] = a * cbrt(scan.fit.V0 / relaxed.volumePerAtom) }
            out.values["E0"] = scan.fit.E0
            out.values["B0"] = scan.fit.B0GPa
        }
        if recipe.properties.contains("elastic") {
            console.note("\(label): elastic constants")
            let c = try ElasticConstants.compute(relaxed, calculator: &calc)
            out.values["C11"] = c.c11
            out.values["C12"] = c.c12
            out.values["C44"] = c.c44
        }
        if recipe.properties.contains("phonons") {
            let n = recipe.phononSupercell ?? PhononCalculation.defaultSupercell(relaxed, cutoff: potential.cutoff).n
            console.note("\(label): phonons, \(n)×\(n)×\(n) supercell")
            let phonons = try PhononCalculation.compute(potential, unit: relaxed, supercellMatrix: [[n, 0, 0], [0, n, 0], [0, 0, n]])
            let bravais = phonons.supercell.primitive.bravais
            if let text = QPath.standardPathText(bravais) {
                let bands = try BandStructure(phonons.dynamicalMatrix, path: QPath.parse(text, points: QPath.standardPoints(bravais)),
                                              pointsPerSegment: 31)
                out.bands = bands
                for s in bands.segments {
                    out.phonons[s.start.label] = s.modes.first!.frequencies
                    out.phonons[s.end.label] = s.modes.last!.frequencies
                }
            }
            let mesh = try PhononMesh(phonons.dynamicalMatrix, size: SIMD3(repeating: recipe.phononMesh))
            out.values["Cv_300K"] = ThermalProperties(mesh, temperatures: [300]).rows[0].heatCapacity * PhononReport.gasConstant
            out.notes.append("phonons: \(n)×\(n)×\(n) supercell of the relaxed \(relaxed.count)-atom cell, \(phonons.records) displacement(s) of 0.01 Å, \(recipe.phononMesh)³ mesh")
        }
        if recipe.properties.contains("qha") {
            console.note("\(label): quasi-harmonic thermodynamics, \(recipe.qhaVolumes) volumes")
            let qha = try quasiHarmonic(potential, unit: relaxed, recipe: recipe)
            out.quasiHarmonic = qha
            if let k = qha.temperatures.firstIndex(of: 300) {
                out.values["alpha_300K"] = qha.alpha[k]
                out.values["B_T_300K"] = qha.bulkModulusGPa[k]
                out.values["Cp_qha_300K"] = qha.cp[k]
            }
            out.notes.append("qha: \(recipe.qhaVolumes) volumes 0.97–1.07 V0, phonons at each (default supercell), \(recipe.phononMesh)³ mesh; α, B_T, Cp at 300 K")
        }
        if recipe.properties.contains("defects") {
            console.note("\(label): vacancy, surfaces, stacking fault")
            var settings = DefectSettings()
            settings.vacancyRepeats = [recipe.defectSize]
            settings.migrationRepeats = recipe.defectSize
            settings.nebImages = [recipe.nebImages]
            settings.slabThickness = max(20, 4 * potential.cutoff)
            settings.vacuum = max(15, 2 * potential.cutoff)
            let d = try DefectProperties.compute(relaxed, calculator: &calc, settings: settings)
            out.values["vacancy_formation_eV"] = d.vacancyFormation
            out.values["vacancy_migration_eV"] = d.vacancyMigration
            for s in d.surfaces { out.values["surface_\(s.plane)_J_per_m2"] = s.relaxed }
            out.values["stacking_fault_mJ_per_m2"] = d.stackingFault?.relaxed
            let n = recipe.defectSize
            out.notes.append("defects: vacancy in the \(n)×\(n)×\(n) conventional supercell (zero pressure), CI-NEB with \(recipe.nebImages) images, relaxed slabs (props defects for the size series)")
        }
        if recipe.properties.contains("validate") {
            for data in recipe.data {
                console.note("\(label): errors on \(data)")
                let frames = try StructureInput.readFrames(path: data)
                let evaluation = try DatasetEvaluation(potential, frames: frames, dataName: data)
                out.validation.append(ValidationResult(potentialLabel: ReportBuilder.short(label), evaluation: evaluation,
                                                       summary: ValidationSummary(evaluation)))
            }
        }
        return out
    }

    /// The quasi-harmonic approximation from 0 to 400 K in 10 K steps.
    static func quasiHarmonic(_ potential: Potential, unit: Structure, recipe: ReportRecipe) throws -> QuasiHarmonicResult {
        var settings = QuasiHarmonicSettings()
        settings.volumes = recipe.qhaVolumes
        settings.mesh = SIMD3(repeating: recipe.phononMesh)
        let n = recipe.qhaSupercell ?? PhononCalculation.defaultSupercell(unit, cutoff: potential.cutoff).n
        settings.supercell = [[n, 0, 0], [0, n, 0], [0, 0, n]]
        let points = try QuasiHarmonicScan.run(potential, unit: unit, settings: settings)
        return try QuasiHarmonicResult(points: points, temperatures: stride(from: 0.0, through: 400, by: 10).map { $0 })
    }
}

/// What a report recipe asks for.
struct ReportRecipe {
    static let keys: Set<String> = ["title", "element", "structure", "potentials", "properties", "data", "phonons.supercell",
                                    "phonons.mesh", "phonons.compare", "experiment", "dft", "seed", "cp.temperatures", "cp.steps", "cp.supercell",
                                    "melt.rates", "melt.dt", "melt.tstop", "melt.tstart", "melt.seeds", "melt.equilibrate", "diffusion.temperature", "diffusion.premelt", "diffusion.steps",
                                    "diffusion.premelt_steps", "diffusion.equilibrate", "diffusion.fit", "diffusion.error",
                                    "diffusion.supercell", "qha.volumes", "qha.supercell", "defects.size", "defects.neb_images",
                                    "freeenergy.tguess", "freeenergy.supercell", "freeenergy.seeds", "freeenergy.switch_steps",
                                    "freeenergy.sweep_steps",
                                    "engine", "ranks"]
    static let allProperties = ["eos", "elastic", "phonons", "validate", "cp", "melt", "diffusion", "qha", "defects", "freeenergy"]
    /// Run unless the recipe lists properties (the MD ones take minutes).
    static let defaultProperties = ["eos", "elastic", "phonons", "validate"]

    var title: String
    var element: String
    var structure: String?
    var potentials: [String]
    var properties: [String]
    var data: [String]
    var phononSupercell: Int?
    var phononMesh: Int
    var phononCompare: String?
    var experiment: String?
    var dft: String?
    var seed: UInt64
    var cpTemperatures: [Double]
    var cpSteps: Int
    /// The heat-capacity cell, n×n×n conventional cells; nil: the smallest with ≥ 500 atoms.
    var cpSupercell: Int?
    var meltRates: [Double]
    /// Time step (fs) and end temperature (K) of the heating ramps; nil: props melt's defaults.
    var meltTimestep: Double?
    var meltStop: Double?
    /// Start temperature of the heating ramps (K; nil: props melt's default) and independent
    /// ramps (seeds) per rate, for the melting point's error bar.
    var meltStart: Double?
    var meltSeeds: Int
    /// Steps at the start temperature before each ramp; nil: props melt's default.
    var meltEquilibrate: Int?
    var diffusionTemperature: Double
    var diffusionPremelt: Double
    var diffusionSteps: Int
    var diffusionSupercell: Int
    /// Steps at the premelting temperature and to relax at the liquid's (default: a quarter
    /// of `diffusionSteps` each, at most 10000).
    var diffusionPremeltSteps: Int
    var diffusionEquilibrate: Int
    /// The MSD's lag window, ps (nil: 10–50 % of a fifth of the run); the error comes from
    /// as many blocks as are twice its end long.
    var diffusionFit: ClosedRange<Double>?
    /// Relative error of D at which sampling stops (then `diffusionSteps` is the most it
    /// samples); nil samples all steps.
    var diffusionError: Double?
    /// Volumes and phonon supercell (n×n×n; nil: the default) of the quasi-harmonic scan.
    var qhaVolumes: Int
    var qhaSupercell: Int?
    /// Repeats of the conventional cell for the vacancy and its hop, and the NEB's images.
    var defectSize: Int
    var nebImages: Int
    /// The free-energy melting point: T0 (K; required with `freeenergy`), n×n×n cells, seeds,
    /// steps of each switch and of each reversible-scaling sweep.
    var freeEnergyGuess: Double?
    var freeEnergySupercell: Int
    var freeEnergySeeds: Int
    var freeEnergySwitchSteps: Int
    var freeEnergySweepSteps: Int
    /// `engine = props|lammps` and `ranks = N`: the engine of the diffusion runs.
    var engine: EngineOption
    var settings: [(key: String, value: String)]

    init(_ recipe: Recipe?, potentials given: [String]) throws {
        try recipe?.check(known: Self.keys)
        for key in (given.isEmpty ? ["potentials"] : []) + ["structure", "data", "phonons.compare", "experiment", "dft"] {
            try recipe?.requireFiles(key)
        }
        potentials = given.isEmpty ? Self.pairingTwoFilePotentials(recipe?.paths("potentials") ?? []) : given
        guard !potentials.isEmpty else {
            throw InputError("no potentials: give them on the command line or as 'potentials =' in the recipe", file: recipe?.path)
        }
        properties = recipe?.list("properties") ?? Self.defaultProperties
        for p in properties where !Self.allProperties.contains(p) {
            throw InputError("unknown property '\(p)' (known: \(Self.allProperties.joined(separator: ", ")))", file: recipe?.path)
        }
        element = recipe?.string("element") ?? ""
        structure = recipe?.path("structure")
        data = recipe?.paths("data") ?? []
        phononSupercell = try recipe?.int("phonons.supercell", in: 1...20)
        phononMesh = try recipe?.int("phonons.mesh", in: 1...200) ?? 16
        phononCompare = recipe?.path("phonons.compare")
        experiment = recipe?.path("experiment")
        dft = recipe?.path("dft")
        title = recipe?.string("title") ?? "Properties report"
        seed = UInt64(try recipe?.int("seed", in: 0...Int.max) ?? 1)
        cpTemperatures = try recipe?.list("cp.temperatures").map { v -> Double in
            guard let t = Double(v), t > 0, t <= 100_000 else { throw InputError("cp.temperatures: '\(v)' is not a temperature in K", file: recipe?.path) }
            return t
        } ?? []
        if cpTemperatures.isEmpty { cpTemperatures = [300] }
        cpSteps = try recipe?.int("cp.steps", in: 1...1_000_000_000) ?? 20000
        cpSupercell = try recipe?.int("cp.supercell", in: 1...20)
        meltRates = try recipe?.list("melt.rates").map { v -> Double in
            guard let r = Double(v), r > 0, r <= 1000 else { throw InputError("melt.rates: '\(v)' is not a rate in K/step", file: recipe?.path) }
            return r
        } ?? []
        if meltRates.isEmpty { meltRates = [0.4, 0.8] }
        meltTimestep = try recipe?.double("melt.dt", in: 1e-3...100)
        meltStop = try recipe?.double("melt.tstop", in: 1...100_000)
        meltStart = try recipe?.double("melt.tstart", in: 0...100_000)
        meltSeeds = try recipe?.int("melt.seeds", in: 1...100) ?? 1
        meltEquilibrate = try recipe?.int("melt.equilibrate", in: 0...1_000_000_000)
        diffusionTemperature = try recipe?.double("diffusion.temperature", in: 1...100_000) ?? 1500
        diffusionPremelt = try recipe?.double("diffusion.premelt", in: 1...100_000) ?? 2500
        diffusionSteps = try recipe?.int("diffusion.steps", in: 1...1_000_000_000) ?? 20000
        diffusionSupercell = try recipe?.int("diffusion.supercell", in: 1...20) ?? 4
        diffusionPremeltSteps = try recipe?.int("diffusion.premelt_steps", in: 1...1_000_000_000) ?? min(diffusionSteps / 4, 10000)
        diffusionEquilibrate = try recipe?.int("diffusion.equilibrate", in: 0...1_000_000_000) ?? min(diffusionSteps / 4, 10000)
        if let fit = recipe?.list("diffusion.fit"), !fit.isEmpty {
            guard fit.count == 2, let from = Double(fit[0]), let to = Double(fit[1]), from >= 0, to > from, to <= 1e6 else {
                throw InputError("diffusion.fit: '\(fit.joined(separator: ", "))' is not a lag window 'FROM, TO' in ps (0 ≤ FROM < TO)",
                                 file: recipe?.path)
            }
            diffusionFit = from...to
        }
        diffusionError = try recipe?.double("diffusion.error", in: 1e-4...1)
        qhaVolumes = try recipe?.int("qha.volumes", in: 5...41) ?? 7
        qhaSupercell = try recipe?.int("qha.supercell", in: 1...20)
        defectSize = try recipe?.int("defects.size", in: 2...20) ?? 3
        nebImages = try recipe?.int("defects.neb_images", in: 1...31) ?? 5
        freeEnergyGuess = try recipe?.double("freeenergy.tguess", in: 1...100_000)
        freeEnergySupercell = try recipe?.int("freeenergy.supercell", in: 1...30) ?? 4
        freeEnergySeeds = try recipe?.int("freeenergy.seeds", in: 1...100) ?? 2
        freeEnergySwitchSteps = try recipe?.int("freeenergy.switch_steps", in: 10...1_000_000_000) ?? 7500
        freeEnergySweepSteps = try recipe?.int("freeenergy.sweep_steps", in: 10...1_000_000_000) ?? 12500
        if properties.contains("freeenergy") && freeEnergyGuess == nil {
            throw InputError("the freeenergy property needs 'freeenergy.tguess = K' (a temperature near the expected melting point)",
                             file: recipe?.path)
        }
        var engineValues: [String: String] = [:]
        for key in ["engine", "ranks"] { engineValues[key] = recipe?.string(key) }
        do {
            engine = try EngineOption(engineValues, command: "report")
        } catch let e as UsageError {
            throw InputError(e.message, file: recipe?.path)
        }
        settings = recipe?.settings ?? []
    }

    /// The recipe's comma-separated `potentials` with each SNAP (`X.snapcoeff, X.snapparam`) or
    /// ML-IAP (`X.mliap.model, X.mliap.descriptor`) file pair joined back into the one
    /// comma-separated spec that names such a potential.
    static func pairingTwoFilePotentials(_ paths: [String]) -> [String] {
        var out: [String] = []
        for path in paths {
            if let last = out.last, (last.hasSuffix(".snapcoeff") && path.hasSuffix(".snapparam"))
                || (last.hasSuffix(".mliap.model") && path.hasSuffix(".mliap.descriptor")) {
                out[out.count - 1] = last + "," + path
            } else {
                out.append(path)
            }
        }
        return out
    }
}
