import Atoms
import Foundation
import Phonons
import Reports

/// What `props phonons` writes and prints.
struct PhononReport {
    let calculation: PhononCalculation
    let path: QPath
    let bands: BandStructure
    let dos: DensityOfStates
    let thermal: ThermalProperties
    /// Harmonic Cv at 300 K, k_B per atom.
    let cv300: Double
    let reference: ReferenceBands?
    /// What else to write: eigenvectors in band.yaml, full (not compact) FORCE_CONSTANTS,
    /// FORCE_SETS + phonopy_disp.yaml (calculations from a potential).
    var eigenvectors = false
    var fullForceConstants = false
    var forceSets = false
    /// How the figure is drawn.
    var figureOptions = FigureOptions()

    /// The figure's frequency unit, range (in that unit) and size (px).
    struct FigureOptions {
        var unit = FrequencyUnit.thz
        var min: Double? = nil
        var max: Double? = nil
        var width = 760.0
        var height = 480.0
    }

    /// A frequency unit for figures: its label and how many of it make one THz.
    enum FrequencyUnit: String, CaseIterable {
        case thz = "THz", mev = "meV", cm = "cm-1"
        /// Units per THz: h·1 THz = 4.135667696 meV; 1 THz/c = 33.35640952 cm⁻¹.
        var perTHz: Double {
            switch self {
            case .thz: return 1
            case .mev: return 4.135667696
            case .cm: return 33.35640952
            }
        }
        var label: String { self == .cm ? "cm⁻¹" : rawValue }
    }

    /// Gas constant, J/(mol K), for per-mole heat capacities and entropies.
    static let gasConstant = 8.314462618

    /// Labelled points in order of first appearance on the path, with their modes.
    var labelledPoints: [(label: String, modes: PhononModes)] {
        var seen: [String] = []
        var out: [(String, PhononModes)] = []
        for s in bands.segments {
            for (label, m) in [(s.start.label, s.modes.first!), (s.end.label, s.modes.last!)] where !seen.contains(label) {
                seen.append(label)
                out.append((label, m))
            }
        }
        return out
    }

    /// Path points with imaginary frequencies below −0.01 THz.
    static func imaginaryModes(_ bands: BandStructure) -> [(q: SIMD3<Double>, frequency: Double, segment: (String, String))] {
        bands.segments.flatMap { s in
            s.modes.compactMap { m in
                m.frequencies[0] < -0.01 ? (m.q, m.frequencies[0], (s.start.label, s.end.label)) : nil
            }
        }
    }

    func write(to dir: String) throws {
        let prim = calculation.supercell.primitive.structure
        try writeFile(BandYAML.write(bands, primitive: prim, eigenvectors: eigenvectors), to: dir + "/band.yaml")
        if calculation.supercell.isDiagonal {
            try writeFile(PhonopyOutput.forceConstants(calculation.forceConstants, full: fullForceConstants), to: dir + "/FORCE_CONSTANTS")
        }
        if forceSets {
            try writeFile(PhonopyOutput.displacementYAML(calculation.supercell, records: calculation.displacementRecords),
                          to: dir + "/phonopy_disp.yaml")
            try writeFile(PhonopyOutput.forceSets(calculation.displacementRecords, atoms: calculation.supercell.structure.count),
                          to: dir + "/FORCE_SETS")
        }
        let n3 = 3 * prim.count
        var band = "# phonon band structure: q in reduced coordinates of the primitive reciprocal lattice, distance as phonopy (1/Å, no 2π)\n"
        band += "segment,label_start,label_end,q1,q2,q3,distance_inv_A," + (1...n3).map { "f\($0)_THz" }.joined(separator: ",") + "\n"
        for (k, s) in bands.segments.enumerated() {
            for (m, d) in zip(s.modes, s.distances) {
                band += "\(k),\(s.start.label),\(s.end.label),\(m.q.x),\(m.q.y),\(m.q.z),\(d)," + m.frequencies.map { "\($0)" }.joined(separator: ",") + "\n"
            }
        }
        try writeFile(band, to: dir + "/band.csv")
        var d = "# phonon density of states per primitive cell (\(prim.count) atoms), integrates to \(n3) modes\n"
        d += "frequency_THz,total_states_per_THz," + dos.species.map { "\($0.symbol)_states_per_THz" }.joined(separator: ",") + "\n"
        for g in dos.frequencies.indices {
            d += "\(dos.frequencies[g]),\(dos.total[g])," + dos.partial.map { "\($0[g])" }.joined(separator: ",") + "\n"
        }
        try writeFile(d, to: dir + "/dos.csv")
        var t = "# harmonic thermal properties; per atom and per mole of atoms; energies include the zero-point energy \(thermal.zeroPointEnergy) eV/atom\n"
        t += "T_K,Cv_kB_per_atom,Cv_J_per_mol_K,S_kB_per_atom,S_J_per_mol_K,F_eV_per_atom,F_kJ_per_mol,U_eV_per_atom,U_kJ_per_mol\n"
        for r in thermal.rows {
            let kjmol = Units.eVInJPerMol / 1000
            t += "\(r.temperature),\(r.heatCapacity),\(r.heatCapacity * Self.gasConstant),\(r.entropy),\(r.entropy * Self.gasConstant),"
            t += "\(r.freeEnergy),\(r.freeEnergy * kjmol),\(r.energy),\(r.energy * kjmol)\n"
        }
        try writeFile(t, to: dir + "/thermal.csv")
        try writeFile(figure().svg(width: figureOptions.width, height: figureOptions.height), to: dir + "/phonons.svg")
        try writeFile(try summary(files: dir).text + "\n", to: dir + "/summary.json")
    }

    func figure() -> BandFigure {
        let f = figureOptions.unit.perTHz
        let segments = bands.segments.map { s in
            BandFigure.Segment(x: s.distances, bands: (0..<s.modes[0].frequencies.count).map { k in s.modes.map { f * $0.frequencies[k] } })
        }
        var series = [BandFigure.Series(name: "props", segments: segments, color: Palette.colors[0])]
        if let reference {
            let refSegments = reference.segments.map { s in
                BandFigure.Segment(x: s.x, bands: (0..<(s.frequencies.first?.count ?? 0)).map { k in s.frequencies.map { f * $0[k] } })
            }
            series.append(BandFigure.Series(name: reference.name, segments: refSegments, color: Palette.colors[1], dashed: true))
        }
        var ticks: [(x: Double, label: String)] = []
        for (k, s) in bands.segments.enumerated() {
            let startLabel = k > 0 && bands.segments[k - 1].end.label != s.start.label
                ? "\(bands.segments[k - 1].end.label)|\(s.start.label)" : s.start.label
            if k == 0 || ticks.last!.x != s.distances.first! { ticks.append((s.distances.first!, startLabel)) } else {
                ticks[ticks.count - 1] = (s.distances.first!, startLabel)
            }
            ticks.append((s.distances.last!, s.end.label))
        }
        let prim = calculation.supercell.primitive.structure
        var curves: [(String, [Double])] = [("total", dos.total.map { $0 / f })]
        if dos.species.count > 1 { curves += zip(dos.species, dos.partial).map { ($0.symbol, $1.map { $0 / f }) } }
        let unit = figureOptions.unit.label
        var figure = BandFigure(title: "\(Self.reducedFormula(prim)) phonons — \(Self.shortSource(calculation.source))",
                                yLabel: "Frequency (\(unit))", series: series, ticks: ticks,
                                dos: (dos.frequencies.map { f * $0 }, curves))
        figure.dosLabel = "DOS (states/\(unit))"
        figure.yRange = (figureOptions.min, figureOptions.max)
        return figure
    }

    /// The formula with the counts divided by their greatest common divisor ("GaN", "Mg").
    static func reducedFormula(_ s: Structure) -> String {
        let counts = s.species.map { e in s.elements.lazy.filter { $0 == e }.count }
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        let g = max(counts.reduce(0, gcd), 1)
        return zip(s.species, counts).map { $0.symbol + ($1 / g == 1 ? "" : "\($1 / g)") }.joined()
    }

    /// A source description with file paths cut to their base names ("EAM (eam/fs)
    /// /data/Mg_mm.eam.fs" → "EAM (eam/fs) Mg_mm.eam.fs").
    static func shortSource(_ source: String) -> String {
        source.split(separator: " ", omittingEmptySubsequences: false).map { word in
            let isPath = word.contains("/") && !word.hasSuffix("/") && !word.contains("(") && !word.contains(")")
            return isPath ? String(word.split(separator: "/").last!) : String(word)
        }.joined(separator: " ")
    }

    func summary(files dir: String) throws -> JSON {
        let prim = calculation.supercell.primitive.structure
        let sc = calculation.supercell.matrix
        var pairs: [(String, JSON)] = [
            ("a0", calculation.cubicLatticeConstant.map { .number($0) } ?? .null),
            ("supercell", .array(sc.map { .array($0.map { .int($0) }) })),
            ("points", .array(labelledPoints.map { label, m in
                .object([("label", .string(label)), ("q", .vector(m.q)), ("frequencies_THz", .numbers(m.frequencies))])
            })),
            ("source", .string(calculation.source)),
            ("formula", .string(prim.formula)),
            ("primitive_atoms", .int(prim.count)),
            ("supercell_atoms", .int(calculation.supercell.structure.count)),
            ("displacements", .int(calculation.records)),
            ("sum_rule_drift_eV_per_A2", .number(calculation.forceConstants.sumRuleDrift)),
            ("path", .string(path.runs.map { $0.map(\.label).joined(separator: " ") }.joined(separator: "|"))),
            ("Cv_300K_kB_per_atom", .number(cv300)),
            ("zero_point_energy_eV_per_atom", .number(thermal.zeroPointEnergy)),
            ("output_dir", .string(dir)),
        ]
        if let reference {
            pairs.append(("reference", .object([("name", .string(reference.name)),
                                                ("points", .array(labelledPoints.compactMap { label, _ in
                                                    reference.points[label].map { .object([("label", .string(label)), ("frequencies_THz", .numbers($0))]) }
                                                }))])))
        }
        return .object(pairs)
    }

    func printTable(_ console: Console) {
        let prim = calculation.supercell.primitive.structure
        console.print("phonons of \(Self.reducedFormula(prim)) (\(prim.count) atoms per primitive cell) from \(calculation.source)")
        if let a = calculation.cubicLatticeConstant { console.print(String(format: "lattice constant a = %.5f Å", a)) }
        let m = calculation.supercell.matrix
        console.print("supercell \(m.map { $0.map(String.init).joined(separator: " ") }.joined(separator: " | ")) (\(calculation.supercell.structure.count) atoms), \(calculation.records) displacements")
        console.print("")
        console.print("frequencies (THz) at the labelled points" + (reference.map { "; below each, \($0.name)" } ?? ""))
        for (label, modes) in labelledPoints {
            let q = String(format: "(%.4f, %.4f, %.4f)", modes.q.x, modes.q.y, modes.q.z)
            console.print("  \(label.padding(toLength: 3, withPad: " ", startingAt: 0)) \(q)  " + modes.frequencies.map { fmt($0, 3, width: 8) }.joined())
            if let ref = reference?.points[label] {
                console.print("      reference                   " + ref.map { fmt($0, 3, width: 8) }.joined())
            }
        }
        console.print("")
        console.print(String(format: "harmonic Cv(300 K) = %.4f kB/atom = %.3f J/(mol K); zero-point energy %.4f eV/atom",
                             cv300, cv300 * Self.gasConstant, thermal.zeroPointEnergy))
    }
}
