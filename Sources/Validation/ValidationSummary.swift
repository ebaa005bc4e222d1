import Atoms

/// Error statistics of one potential on one data set, in the units people report: energy in
/// meV/atom, force components in eV/Å, stress components and pressure in GPa.
public struct ValidationSummary: Sendable {
    /// Metrics of each quantity; nil where the potential or the data lack it.
    public struct Quantities: Sendable {
        public let structures: Int
        public let energy: ErrorMetrics?
        public let forces: ErrorMetrics?
        public let stress: ErrorMetrics?
        public let pressure: ErrorMetrics?
    }

    public struct ForceBin: Sendable {
        /// Range of the reference force norm, eV/Å.
        public let range: (Double, Double)
        /// Metrics of the force components of atoms in the range.
        public let metrics: ErrorMetrics
    }

    /// One of the worst structures by some measure.
    public struct Worst: Sendable {
        public let index: Int
        public let configType: String?
        public let atoms: Int
        public let value: Double
    }

    public let overall: Quantities
    /// Per `config_type` group, in order of first appearance.
    public let groups: [(name: String, quantities: Quantities)]
    /// Force components per element.
    public let forcesByElement: [(element: Element, metrics: ErrorMetrics)]
    public let forceBins: [ForceBin]
    /// Worst structures: by |energy error| (meV/atom), by largest force-component error
    /// (eV/Å), by largest stress-component error (GPa).
    public let worstEnergy: [Worst], worstForce: [Worst], worstStress: [Worst]

    public static let forceBinEdges = [0.0, 0.5, 1, 2, 4, .infinity]

    public init(_ evaluation: DatasetEvaluation, worst count: Int = 5) {
        let entries = evaluation.entries
        overall = Self.quantities(entries)
        var names: [String] = []
        for e in entries { let n = e.configType ?? "(none)"; if !names.contains(n) { names.append(n) } }
        groups = names.count > 1 ? names.map { n in (n, Self.quantities(entries.filter { ($0.configType ?? "(none)") == n })) } : []
        var byElement: [Element: ([Double], [Double])] = [:]
        var bins = [([Double], [Double])](repeating: ([], []), count: Self.forceBinEdges.count - 1)
        for e in entries {
            guard let f = e.forces else { continue }
            for (i, (p, r)) in zip(f.predicted, f.reference).enumerated() {
                let el = e.structure.elements[i]
                byElement[el, default: ([], [])].0 += [p.x, p.y, p.z]
                byElement[el, default: ([], [])].1 += [r.x, r.y, r.z]
                let b = Self.forceBinEdges.lastIndex { $0 <= length(r) }!
                bins[b].0 += [p.x, p.y, p.z]
                bins[b].1 += [r.x, r.y, r.z]
            }
        }
        forcesByElement = byElement.keys.sorted { $0.number < $1.number }.map { ($0, ErrorMetrics(predicted: byElement[$0]!.0, reference: byElement[$0]!.1)) }
        forceBins = bins.enumerated().compactMap { k, b in
            b.0.isEmpty ? nil : ForceBin(range: (Self.forceBinEdges[k], Self.forceBinEdges[k + 1]), metrics: ErrorMetrics(predicted: b.0, reference: b.1))
        }
        func worst(_ value: (DatasetEvaluation.Entry) -> Double?) -> [Worst] {
            entries.compactMap { e in value(e).map { Worst(index: e.index, configType: e.configType, atoms: e.structure.count, value: $0) } }
                .sorted { $0.value > $1.value }.prefix(count).map { $0 }
        }
        worstEnergy = worst { e in e.energyPerAtom.map { abs($0.predicted - $0.reference) * 1000 } }
        worstForce = worst { e in e.forces.map { zip($0.predicted, $0.reference).map { Self.largestComponent($0 - $1) }.max() ?? 0 } }
        worstStress = worst { e in e.stress.map { ($0.predicted - $0.reference).maxAbs * Units.eVPerA3InGPa } }
    }

    static func largestComponent(_ v: SIMD3<Double>) -> Double { Swift.max(abs(v.x), abs(v.y), abs(v.z)) }

    /// Voigt components xx, yy, zz, yz, xz, xy.
    static func voigt(_ m: Matrix3) -> [Double] { [m[0, 0], m[1, 1], m[2, 2], m[1, 2], m[0, 2], m[0, 1]] }

    /// Metrics of every quantity over `entries`.
    public static func quantities(_ entries: [DatasetEvaluation.Entry]) -> Quantities {
        var ep: [Double] = [], er: [Double] = [], fp: [Double] = [], fr: [Double] = []
        var sp: [Double] = [], sr: [Double] = [], pp: [Double] = [], pr: [Double] = []
        let gpa = Units.eVPerA3InGPa
        for e in entries {
            if let x = e.energyPerAtom { ep.append(x.predicted * 1000); er.append(x.reference * 1000) }
            if let f = e.forces {
                for (p, r) in zip(f.predicted, f.reference) { fp += [p.x, p.y, p.z]; fr += [r.x, r.y, r.z] }
            }
            if let s = e.stress {
                sp += voigt(s.predicted).map { $0 * gpa }
                sr += voigt(s.reference).map { $0 * gpa }
                pp.append(-s.predicted.trace / 3 * gpa)
                pr.append(-s.reference.trace / 3 * gpa)
            }
        }
        func metrics(_ p: [Double], _ r: [Double]) -> ErrorMetrics? { p.isEmpty ? nil : ErrorMetrics(predicted: p, reference: r) }
        return Quantities(structures: entries.count, energy: metrics(ep, er), forces: metrics(fp, fr),
                          stress: metrics(sp, sr), pressure: metrics(pp, pr))
    }
}
