import Atoms
import Foundation
import Mechanics
import Potentials
import Reports

/// `props defects POT [STRUCT]`: vacancy formation and migration, surface energies, stacking fault.
enum DefectsCommand {
    static let spec = CommandSpec(
        name: "defects",
        summary: "Defects: vacancy formation (size series) and migration (NEB), surface energies, stacking fault.",
        positionals: [("POT", "potential file or spec", true),
                      ("STRUCT", "conventional cell of an elemental crystal (default: the element's ground state); relaxed first", false)],
        options: [.labelMap, OptionSpec(name: "sizes", value: "N,N,...", help: "vacancy supercells n×n×n of the conventional cell (default 3,4,5)"),
                  OptionSpec(name: "neb-size", value: "N", help: "supercell n×n×n of the vacancy hop (default 4)"),
                  OptionSpec(name: "neb-images", value: "N,N,...", help: "intermediate NEB images, one band each (default 3,5,7)"),
                  OptionSpec(name: "thickness", value: "A", help: "slab and stacking-fault cell thickness, Å (default max(20, 4 × cutoff))"),
                  OptionSpec(name: "vacuum", value: "A", help: "vacuum between slab images, Å (default max(15, 2 × cutoff))"),
                  OptionSpec(name: "fmax", value: "EV_A", help: "force tolerance of the relaxations, eV/Å (default 1e-5; NEB 10×)"),
                  OptionSpec(name: "reference", value: "CSV", help: "reference values to print beside (element,property,value,unit,source); repeatable", repeatable: true)],
        details: """
        E_v^f = E(N−1, relaxed) − (N−1)/N E(N): unrelaxed, relaxed at the perfect cell (constant
        volume) and with the cell relaxed to zero stress, for each supercell. The migration barrier
        is a climbing-image NEB between the vacancy and its nearest neighbour (improved tangent,
        springs 1 eV/Å², FIRE). Surfaces: unreconstructed slabs of (100), (110), (111) of a cubic
        conventional cell, (0001) of a hexagonal one, cut at the widest gap between layers,
        γ = (E_slab − E_bulk)/2A. Stacking fault (fcc): (111) stack with the cell tilted by a/6⟨112̄⟩.
        Writes with --out: defects.csv, neb.csv, and the unrelaxed cells as POSCARs (for other codes).
        --json: {"vacancy_formation_eV", "vacancy_migration_eV", "surface_energies_J_per_m2": {"100",
        "110", "111"}, "stacking_fault_mJ_per_m2", ...} (null where it does not apply).
        Reference keys: vacancy_formation_eV, vacancy_migration_eV, surface_<plane>_J_per_m2,
        stacking_fault_mJ_per_m2.
        """)

    static func run(_ args: ParsedArguments) throws {
        let inputs = try Inputs(args)
        let console = inputs.console
        var settings = DefectSettings()
        if let s = args.string("sizes") { settings.vacancyRepeats = try integers(s, option: "sizes", range: 1...20) }
        if let s = args.string("neb-images") { settings.nebImages = try integers(s, option: "neb-images", range: 1...31) }
        settings.migrationRepeats = try args.int("neb-size", default: 4, range: 1...20)
        settings.forceTolerance = try args.double("fmax", default: 1e-5, range: 1e-9...0.1)
        let references = try args.strings("reference").map { try ReferenceTable(path: $0) }
        let potential = try inputs.potential()
        settings.slabThickness = try args.double("thickness", default: max(20, 4 * potential.cutoff), range: 1...500)
        settings.vacuum = try args.double("vacuum", default: max(15, 2 * potential.cutoff), range: 1...500)
        var calc = Calculator(potential)
        defer { inputs.reportExtrapolations(calc) }
        let start = try inputs.startingStructure(potential)
        guard start.species.count == 1 else {
            throw InputError("defects are computed for elemental crystals; \(start.formula) has several elements")
        }
        let unit = try Equilibrium.relax(start, calculator: &calc).structure
        console.note(String(format: "%@ relaxed: %.4f Å³/atom", unit.formula, unit.volumePerAtom))
        if try OrientedCell.planes(of: unit).isEmpty {
            console.warn("the cell is neither a cubic conventional cell nor a hexagonal one: no surface energies (give the conventional cell)")
        }
        let result = try DefectProperties.compute(unit, calculator: &calc, settings: settings) { console.note($0) }
        if let dir = args.string("out") { try write(result, unit: unit, settings: settings, to: dir) }
        let element = unit.elements[0].symbol
        if args.flag("json") {
            console.emit(ExtrapolationOutput.adding(calc.extrapolation, to: json(result, element: element, potential: potential.name, references: references)))
            return
        }
        print(result, element: element, potential: potential.name, references: references, console: console)
    }

    static func integers(_ text: String, option: String, range: ClosedRange<Int>) throws -> [Int] {
        let values = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil && range.contains($0!) }) else {
            throw UsageError("--\(option) must be comma-separated integers in \(range.lowerBound)...\(range.upperBound), not '\(text)'", command: "defects")
        }
        return values.map { $0! }
    }

    /// The summary as JSON: the contract keys, then the details.
    static func json(_ r: DefectProperties, element: String, potential: String, references: [ReferenceTable]) -> JSON {
        var surfaces: [(String, JSON)] = ["100", "110", "111"].map { p in
            (p, r.surfaces.first { $0.plane == p }.map { JSON.number($0.relaxed) } ?? .null)
        }
        for s in r.surfaces where !["100", "110", "111"].contains(s.plane) { surfaces.append((s.plane, .number(s.relaxed))) }
        let refs: [JSON] = references.flatMap { t in
            t.entries.filter { $0.element == element }.map { e in
                JSON.object([("property", .string(e.property)), ("value", .number(e.numbers[0])), ("unit", .string(e.unit)),
                             ("source", .string(e.source))])
            }
        }
        return .object([
            ("vacancy_formation_eV", r.vacancyFormation.map { JSON.number($0) } ?? .null),
            ("vacancy_migration_eV", r.vacancyMigration.map { JSON.number($0) } ?? .null),
            ("surface_energies_J_per_m2", .object(surfaces)),
            ("stacking_fault_mJ_per_m2", r.stackingFault.map { JSON.number($0.relaxed) } ?? .null),
            ("vacancies", .array(r.vacancies.map { v in .object([
                ("atoms", .int(v.atoms)), ("unrelaxed_eV", .number(v.unrelaxed)),
                ("constant_volume_eV", .number(v.constantVolume)), ("zero_pressure_eV", .number(v.zeroPressure)),
                ("formation_volume_atomic", .number(v.formationVolume))]) })),
            ("migration", .array(r.migrations.map { m in .object([
                ("images", .int(m.images)), ("barrier_eV", .number(m.result.barrier)),
                ("energies_eV", JSON.numbers(m.result.energies)), ("path_A", JSON.numbers(m.result.pathLength)),
                ("converged", .bool(m.result.converged)), ("steps", .int(m.result.steps))]) })),
            ("surfaces", .array(r.surfaces.map { s in .object([
                ("plane", .string(s.plane)), ("relaxed_J_per_m2", .number(s.relaxed)), ("unrelaxed_J_per_m2", .number(s.unrelaxed)),
                ("atoms", .int(s.atoms)), ("thickness_A", .number(s.thickness)), ("vacuum_A", .number(s.vacuum))]) })),
            ("stacking_fault", r.stackingFault.map { f in .object([
                ("relaxed_mJ_per_m2", .number(f.relaxed)), ("unrelaxed_mJ_per_m2", .number(f.unrelaxed)),
                ("atoms", .int(f.atoms))]) } ?? .null),
            ("references", .array(refs)),
            ("potential", .string(potential)), ("element", .string(element)),
        ])
    }

    /// Every reference value of `property` for `element`, as "value unit (source)".
    static func referenceText(_ property: String, element: String, _ references: [ReferenceTable]) -> String {
        references.flatMap { $0.entries.filter { $0.element == element && $0.property == property } }
            .map { "\($0.value) \($0.unit) (\($0.source))" }.joined(separator: "; ")
    }

    static func print(_ r: DefectProperties, element: String, potential: String, references: [ReferenceTable], console: Console) {
        func ref(_ key: String) -> String {
            let t = referenceText(key, element: element, references)
            return t.isEmpty ? "" : "   reference: " + t
        }
        console.print("potential: \(potential)")
        console.print("")
        console.print("Vacancy formation energy (eV):")
        console.print("   atoms   unrelaxed   constant V   zero P   formation volume (Ω)")
        for v in r.vacancies {
            console.print("\(pad(String(v.atoms), 8))\(fmt(v.unrelaxed, 4, width: 12))\(fmt(v.constantVolume, 4, width: 13))\(fmt(v.zeroPressure, 4, width: 9))\(fmt(v.formationVolume, 3, width: 12))")
        }
        if let e = r.vacancyFormation { console.print("   E_v^f = \(fmt(e, 4)) eV" + ref("vacancy_formation_eV")) }
        console.print("")
        console.print("Vacancy migration (climbing-image NEB):")
        for m in r.migrations {
            console.print("   \(m.images) images: barrier \(fmt(m.result.barrier, 4)) eV\(m.result.converged ? "" : " (not converged, max force \(fmt(m.result.maxForce, 4)) eV/Å)")")
        }
        if let e = r.vacancyMigration { console.print("   E_v^m = \(fmt(e, 4)) eV" + ref("vacancy_migration_eV")) }
        console.print("")
        console.print("Surface energies (J/m², unreconstructed):")
        for s in r.surfaces {
            console.print("   (\(s.plane))  relaxed \(fmt(s.relaxed, 4))  unrelaxed \(fmt(s.unrelaxed, 4))  \(s.atoms) atoms" + ref("surface_\(s.plane)_J_per_m2"))
        }
        if let f = r.stackingFault {
            console.print("")
            console.print("Intrinsic stacking fault: \(fmt(f.relaxed, 2)) mJ/m² (rigid \(fmt(f.unrelaxed, 2)))" + ref("stacking_fault_mJ_per_m2"))
        }
    }

    /// defects.csv, neb.csv and the unrelaxed cells in `dir`.
    static func write(_ r: DefectProperties, unit: Structure, settings: DefectSettings, to dir: String) throws {
        var csv = "property,value,unit\n"
        for v in r.vacancies {
            csv += "vacancy_formation_unrelaxed_\(v.atoms),\(v.unrelaxed),eV\nvacancy_formation_constant_volume_\(v.atoms),\(v.constantVolume),eV\n"
            csv += "vacancy_formation_zero_pressure_\(v.atoms),\(v.zeroPressure),eV\n"
        }
        for m in r.migrations { csv += "vacancy_migration_\(m.images)_images,\(m.result.barrier),eV\n" }
        for s in r.surfaces { csv += "surface_\(s.plane)_relaxed,\(s.relaxed),J/m2\nsurface_\(s.plane)_unrelaxed,\(s.unrelaxed),J/m2\n" }
        if let f = r.stackingFault { csv += "stacking_fault_relaxed,\(f.relaxed),mJ/m2\nstacking_fault_unrelaxed,\(f.unrelaxed),mJ/m2\n" }
        try writeFile(csv, to: dir + "/defects.csv")
        var neb = "images,image,path_A,energy_eV\n"
        for m in r.migrations { for k in m.result.energies.indices { neb += "\(m.images),\(k),\(m.result.pathLength[k]),\(m.result.energies[k])\n" } }
        try writeFile(neb, to: dir + "/neb.csv")
        for n in settings.vacancyRepeats {
            try writeFile(POSCAR.write(try Supercell.make(unit, repeats: SIMD3(repeating: n)), comment: "perfect \(n)x\(n)x\(n); vacancy: remove atom 1"),
                          to: dir + "/vacancy_\(n)x\(n)x\(n).vasp")
        }
        for p in try OrientedCell.planes(of: unit) {
            let (slab, bulk) = try SurfaceEnergy.slab(p, thickness: settings.slabThickness, vacuum: settings.vacuum)
            try writeFile(POSCAR.write(slab, comment: "(\(p.plane)) slab"), to: dir + "/slab_\(p.plane).vasp")
            try writeFile(POSCAR.write(bulk, comment: "(\(p.plane)) bulk"), to: dir + "/bulk_\(p.plane).vasp")
            if p.plane == "111" && StackingFault.applies(to: unit) {
                let (perfect, faulted) = try StackingFault.cells(p, thickness: settings.slabThickness)
                try writeFile(POSCAR.write(perfect, comment: "fcc (111) stack"), to: dir + "/fault_perfect.vasp")
                for (k, f) in faulted.enumerated() {
                    try writeFile(POSCAR.write(f, comment: "fcc (111) stack tilted by \(k == 0 ? "+" : "-")a/6<112>"), to: dir + "/fault_\(k == 0 ? "plus" : "minus").vasp")
                }
            }
        }
    }
}
