import Atoms
import Foundation

/// The parameters of a LAMMPS `pair_style meam` potential for the elements in use: the
/// library file's per-element entries overridden by the parameter file, with the alloy
/// defaults and augmentation LAMMPS applies. Pair arrays are indexed `a * n + b`, triplet
/// arrays `(a * n + b) * n + c` (element c screening the a–b bond).
struct MEAMParameters: Sendable {
    var species: [Element] = []
    /// The library entries chosen, in type order.
    var labels: [String] = []
    /// Atomic numbers (for the ZBL blend).
    var atomicNumber: [Int] = []
    /// Density decay β₀…β₃ per element.
    var beta: [SIMD4<Double>] = []
    /// Weights t₁…t₃ per element (t₁ after augmentation).
    var t: [SIMD3<Double>] = []
    /// Embedding scale A, density scale ρ₀ and G(Γ) form per element.
    var embeddingScale: [Double] = [], densityScale: [Double] = [], ibar: [Int] = []
    /// Background density of each element's reference structure.
    var referenceDensity: [Double] = []
    var lattice: [MEAMLattice] = []
    var re: [Double] = [], ec: [Double] = [], alpha: [Double] = []
    var attrac: [Double] = [], repuls: [Double] = [], delta: [Double] = []
    var secondNeighbors: [Bool] = [], zbl: [Bool] = []
    var cmin: [Double] = [], cmax: [Double] = []
    /// Per pair, the largest (r_ik² / r_ij²) an atom k can have and still screen.
    var ellipseBound: [Double] = []
    /// Cutoff radius and cutoff smoothing width, Å.
    var rc = 4.0, delr = 0.1
    var augmentT1 = true
    var gammaSmoothing = 99.0
    var ialloy = 0, eroseForm = 0
    var linearNegativeEmbedding = false, dynamicBackground = false

    var count: Int { species.count }
    @inline(__always) func pair(_ a: Int, _ b: Int) -> Int { a * count + b }
    @inline(__always) func triplet(_ a: Int, _ b: Int, _ c: Int) -> Int { (a * count + b) * count + c }
}

/// One token of a MEAM file with its 1-based line.
private struct MEAMToken {
    let text: Substring
    let line: Int
}

extension MEAMParameters {
    /// Reads the library file (entries of the labels `map` names, in its order; every
    /// entry, whose labels must be chemical symbols, when the map is empty) and the
    /// parameter file (nil for none).
    static func read(library: TextFile, parameters: TextFile?, map: LabelMap) throws -> MEAMParameters {
        var p = MEAMParameters()
        try p.readLibrary(library, map: map)
        p.setDefaults()
        if let parameters { try p.readParameters(parameters) }
        try p.finish(parameters ?? library)
        return p
    }

    private static func tokens(_ file: TextFile, separators: Set<Character>) -> [MEAMToken] {
        var out: [MEAMToken] = []
        for (n, line) in file.lines.enumerated() {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            for t in content.split(whereSeparator: { separators.contains($0) || $0.isWhitespace }) {
                out.append(MEAMToken(text: t, line: n + 1))
            }
        }
        return out
    }

    /// The 19 fields of a library entry: elt lat z ielement atwt alpha b0 b1 b2 b3 alat
    /// esub asub t0 t1 t2 t3 rozero ibar.
    private mutating func readLibrary(_ file: TextFile, map: LabelMap) throws {
        let all = Self.tokens(file, separators: ["'", "\""])
        guard !all.isEmpty else { throw file.error("the MEAM library file has no entries") }
        guard all.count % 19 == 0 else {
            throw file.error("a MEAM library file is entries of 19 fields (elt lat z ielement atwt alpha b0 b1 b2 b3 "
                             + "alat esub asub t0 t1 t2 t3 rozero ibar); the last entry is incomplete",
                             line: all.last!.line)
        }
        var entries: [(label: String, fields: ArraySlice<MEAMToken>)] = []
        for e in stride(from: 0, to: all.count, by: 19) {
            entries.append((String(all[e].text), all[(e + 1)..<(e + 19)]))
        }
        try map.requireLabels(in: entries.map(\.label), file: file)
        let chosen: [(String, Element)]
        if map.isEmpty {
            var seen = Set<String>()
            chosen = try entries.enumerated().map { n, e in
                guard let element = Element(symbol: e.label) else {
                    throw file.error("library entry '\(e.label)' is not a chemical symbol: name the entries to use with --map "
                                     + "(e.g. --map '\(e.label)=El,...', in pair_coeff's order)", line: all[n * 19].line)
                }
                guard seen.insert(e.label).inserted else {
                    throw file.error("the library has '\(e.label)' twice: choose entries with --map", line: all[n * 19].line)
                }
                return (e.label, element)
            }
        } else {
            chosen = map.pairs.map { ($0.label, $0.element) }
        }
        for (label, element) in chosen {
            let f = Array(entries.first { $0.label == label }!.fields)
            func number(_ k: Int, _ name: String) throws -> Double {
                guard let v = Double(f[k].text), v.isFinite else {
                    throw file.error("'\(f[k].text)' is not a number (\(name) of library entry '\(label)')", line: f[k].line)
                }
                return v
            }
            let latticeName = f[0].text.lowercased()
            guard let lattice = MEAMLattice(rawValue: latticeName) else {
                throw file.error(MEAMLattice.unsupported.contains(latticeName)
                                 ? "MEAM reference structure '\(latticeName)' of '\(label)' is not supported by props"
                                 : "'\(f[0].text)' is not a MEAM reference structure (of library entry '\(label)')",
                                 line: f[0].line)
            }
            let z = try number(2, "ielement")
            guard z == z.rounded(), z >= 1, z <= 118 else { throw file.error("ielement of '\(label)' is not an atomic number", line: f[2].line) }
            let alat = try number(9, "alat")
            guard alat > 0 else { throw file.error("alat of '\(label)' must be positive", line: f[9].line) }
            guard try number(12, "t0") == 1 else { throw file.error("t0 of '\(label)' must be 1 (as in LAMMPS)", line: f[12].line) }
            let ibar = try number(17, "ibar")
            guard [0, 1, 3, 4, -5].contains(ibar) else {
                throw file.error("ibar \(f[17].text) of '\(label)' is not one of 0, 1, 3, 4, -5", line: f[17].line)
            }
            species.append(element)
            labels.append(label)
            atomicNumber.append(Int(z))
            alpha.append(try number(4, "alpha"))
            beta.append(SIMD4(try number(5, "b0"), try number(6, "b1"), try number(7, "b2"), try number(8, "b3")))
            ec.append(try number(10, "esub"))
            embeddingScale.append(try number(11, "asub"))
            t.append(SIMD3(try number(13, "t1"), try number(14, "t2"), try number(15, "t3")))
            densityScale.append(try number(16, "rozero"))
            self.ibar.append(Int(ibar))
            self.lattice.append(lattice)
            switch lattice {
            case .fcc: re.append(alat / 2.0.squareRoot())
            case .bcc: re.append(alat * 3.0.squareRoot() / 2)
            case .hcp, .dim: re.append(alat)
            case .dia: re.append(alat * 3.0.squareRoot() / 4)
            case .b1, .b2: re.append(0)
            }
        }
    }

    /// Expands the per-element values read into pair and triplet arrays with LAMMPS's defaults.
    private mutating func setDefaults() {
        let n = count
        func diagonal<T>(_ values: [T], _ other: T) -> [T] {
            (0..<(n * n)).map { $0 / n == $0 % n ? values[$0 / n] : other }
        }
        lattice = diagonal(lattice, .fcc)
        re = diagonal(re, 0)
        ec = diagonal(ec, 0)
        alpha = diagonal(alpha, 0)
        attrac = Array(repeating: 0, count: n * n)
        repuls = attrac
        delta = attrac
        secondNeighbors = Array(repeating: false, count: n * n)
        zbl = Array(repeating: true, count: n * n)
        cmin = Array(repeating: 2.0, count: n * n * n)
        cmax = Array(repeating: 2.8, count: n * n * n)
    }

    /// Applies the `key = value` and `key(i,j[,k]) = value` lines of a parameter file.
    private mutating func readParameters(_ file: TextFile) throws {
        let n = count
        for (lineIndex, line) in file.lines.enumerated() {
            let number = lineIndex + 1
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let parts = content.split(whereSeparator: { "=(),'\"".contains($0) || $0.isWhitespace })
            guard let key = parts.first else { continue }
            guard parts.count >= 2 else { throw file.error("'\(key)' has no value", line: number) }
            let valueText = parts.last!
            let indexTexts = parts.dropFirst().dropLast()
            let indices = try indexTexts.map { text -> Int in
                guard let k = Int(text), k >= 1, k <= n else {
                    throw file.error("index '\(text)' of \(key) is not an element number 1…\(n) (the elements in use)", line: number)
                }
                return k - 1
            }
            func value() throws -> Double {
                guard let v = Double(valueText), v.isFinite else {
                    throw file.error("'\(valueText)' is not a number (value of \(key))", line: number)
                }
                return v
            }
            func flag(_ allowed: [Int]) throws -> Int {
                let v = try value()
                guard let k = allowed.first(where: { Double($0) == v }) else {
                    throw file.error("\(key) = \(valueText): props supports \(allowed.map(String.init).joined(separator: ", "))",
                                     line: number)
                }
                return k
            }
            let arity: Int
            switch key {
            case "rc", "delr", "augt1", "gsmooth_factor", "ialloy", "mixture_ref_t", "erose_form", "emb_lin_neg", "bkgd_dyn": arity = 0
            case "rho0": arity = 1
            case "Ec", "alpha", "re", "attrac", "repuls", "nn2", "zbl", "lattce", "theta", "delta": arity = 2
            case "Cmin", "Cmax": arity = 3
            default:
                throw file.error("'\(key)' is not a MEAM parameter props knows (rc, delr, augt1, gsmooth_factor, ialloy, "
                                 + "mixture_ref_t, erose_form, emb_lin_neg, bkgd_dyn, rho0, Ec, alpha, re, attrac, repuls, "
                                 + "nn2, zbl, lattce, theta, delta, Cmin, Cmax)", line: number)
            }
            guard indices.count == arity else {
                throw file.error("\(key) takes \(arity) element indices, found \(indices.count)", line: number)
            }
            let ij = arity >= 2 ? pair(indices[0], indices[1]) : 0
            switch key {
            case "rc":
                rc = try value()
                guard rc > 0 else { throw file.error("rc must be positive", line: number) }
            case "delr":
                delr = try value()
                guard delr > 0 else { throw file.error("delr must be positive", line: number) }
            case "augt1": augmentT1 = try flag([0, 1]) == 1
            case "gsmooth_factor": gammaSmoothing = try value()
            case "ialloy": ialloy = try flag([0, 1, 2])
            case "mixture_ref_t":
                guard try flag([0, 1]) == 0 else {
                    throw file.error("mixture_ref_t = 1 is not supported by props (LAMMPS keeps it only for backward compatibility)",
                                     line: number)
                }
            case "erose_form": eroseForm = try flag([0, 1, 2])
            case "emb_lin_neg": linearNegativeEmbedding = try flag([0, 1]) == 1
            case "bkgd_dyn": dynamicBackground = try flag([0, 1]) == 1
            case "rho0": densityScale[indices[0]] = try value()
            case "Ec": ec[ij] = try value()
            case "alpha": alpha[ij] = try value()
            case "re": re[ij] = try value()
            case "attrac": attrac[ij] = try value()
            case "repuls": repuls[ij] = try value()
            case "delta": delta[ij] = try value()
            case "nn2": secondNeighbors[ij] = try flag([0, 1]) == 1
            case "zbl": zbl[ij] = try flag([0, 1]) == 1
            case "theta":
                // The bond angle only enters the lin, zig and tri reference structures,
                // which props refuses; the value is checked and otherwise unused.
                _ = try value()
            case "lattce":
                let name = valueText.lowercased()
                guard let l = MEAMLattice(rawValue: name) else {
                    throw file.error(MEAMLattice.unsupported.contains(name)
                                     ? "MEAM reference structure '\(name)' is not supported by props"
                                     : "'\(valueText)' is not a MEAM reference structure", line: number)
                }
                lattice[ij] = l
            case "Cmin": cmin[triplet(indices[0], indices[1], indices[2])] = try value()
            case "Cmax": cmax[triplet(indices[0], indices[1], indices[2])] = try value()
            default: break
            }
        }
    }

    /// LAMMPS's `meam_setup_done`: augmented t₁, alloy defaults, symmetric pairs, the
    /// screening ellipse bound and the reference background densities.
    private mutating func finish(_ file: TextFile) throws {
        let n = count
        if augmentT1 { for a in 0..<n { t[a].x += 3.0 / 5.0 * t[a].z } }
        for a in 0..<n {
            for b in 0..<n where a < b {
                let ab = pair(a, b)
                if ec[ab] == 0 { ec[ab] = (ec[pair(a, a)] + ec[pair(b, b)]) / 2 - delta[ab] }
                if alpha[ab] == 0 { alpha[ab] = (alpha[pair(a, a)] + alpha[pair(b, b)]) / 2 }
                if re[ab] == 0 { re[ab] = (re[pair(a, a)] + re[pair(b, b)]) / 2 }
            }
        }
        for a in 0..<n {
            for b in 0..<a {
                let ab = pair(a, b), ba = pair(b, a)
                re[ab] = re[ba]; ec[ab] = ec[ba]; alpha[ab] = alpha[ba]; lattice[ab] = lattice[ba]
                secondNeighbors[ab] = secondNeighbors[ba]
                for c in 0..<n {
                    cmin[triplet(a, b, c)] = cmin[triplet(b, a, c)]
                    cmax[triplet(a, b, c)] = cmax[triplet(b, a, c)]
                }
            }
        }
        for a in 0..<n where re[pair(a, a)] <= 0 {
            throw file.error("\(species[a].symbol) has reference structure \(lattice[pair(a, a)].rawValue) but no re(\(a + 1),\(a + 1)) > 0")
        }
        for x in 0..<(n * n * n) where !(cmax[x] > cmin[x] && cmax[x] > 1) {
            throw file.error("Cmax must exceed Cmin and 1 for every triplet (Cmin \(cmin[x]), Cmax \(cmax[x]))")
        }
        ellipseBound = (0..<(n * n)).map { ab in
            (0..<n).map { c in let m = cmax[ab * n + c]; return m * m / (4 * (m - 1)) }.max()!
        }
        referenceDensity = (0..<n).map { a in
            let aa = pair(a, a), lat = lattice[aa], z = lat.firstNeighbors
            var gbar = 1.0
            if ibar[a] > 0 {
                let gamma = (t[a] * lat.shape).sum() / (z * z)
                gbar = MEAMMath.g(gamma, ibar: ibar[a], smoothing: gammaSmoothing).0
            }
            var rho = densityScale[a] * z
            if secondNeighbors[aa] {
                let shell = lat.secondShell(cmin: cmin[triplet(a, a, a)], cmax: cmax[triplet(a, a, a)])
                rho += shell.count * densityScale[a] * exp(-beta[a].x * (shell.ratio - 1)) * shell.screening
            }
            return rho * gbar
        }
    }
}
