import Atoms

/// The tabulated functions of an EAM potential on LAMMPS's common grid, before splining:
/// embedding F_a(ρ), densities ρ(r), and r·φ(r) (eV·Å), with the element mappings of
/// LAMMPS's `eam`, `eam/alloy` and `eam/fs` styles.
struct EAMTabulation {
    enum Style: String { case funcfl = "eam", setfl = "eam/alloy", fs = "eam/fs" }

    var style: Style
    var elements: [Element]
    /// Masses from the file, amu.
    var masses: [Double]
    var drho: Double
    var dr: Double
    /// Largest density of the embedding table; beyond it F is extended linearly.
    var rhomax: Double
    /// Cutoff, Å.
    var cutoff: Double
    /// F(ρ) per element, on ρ_m = m·drho.
    var embedding: [[Double]]
    /// Density functions on r_m = m·dr.
    var densities: [[Double]]
    /// `densityIndex[host][source]`: which density function gives the density at a `host`
    /// atom from a `source` neighbor.
    var densityIndex: [[Int]]
    /// r·φ(r) per element pair (lower triangle), on r_m = m·dr.
    var pairs: [[Double]]
    /// `pairIndex[a][b]` into `pairs`.
    var pairIndex: [[Int]]

    static func lowerTriangle(_ n: Int) -> [[Int]] {
        (0..<n).map { a in (0..<n).map { b in max(a, b) * (max(a, b) + 1) / 2 + min(a, b) } }
    }
}

/// Readers for the DYNAMO/LAMMPS EAM file formats.
enum EAMFile {
    /// One `funcfl` file (LAMMPS `pair_style eam`): comment, "Z mass a lattice",
    /// "nrho drho nr dr cutoff", then F(ρ), Z(r), ρ(r).
    struct Funcfl {
        var element: Element
        var mass: Double
        var nrho: Int, drho: Double, nr: Int, dr: Double, cutoff: Double
        var embedding: [Double], charge: [Double], density: [Double]
    }

    static func readFuncfl(_ file: TextFile) throws -> Funcfl {
        var sc = TokenScanner(file)
        _ = try sc.line()
        let (n2, l2) = try sc.line()
        let head = l2.split(whereSeparator: \.isWhitespace)
        guard head.count >= 2, let z = Int(head[0]), let mass = parseDouble(head[1]) else {
            throw file.error("expected 'atomic-number mass lattice-constant lattice-type'", line: n2)
        }
        guard let element = Element(number: z) else { throw file.error("unknown atomic number \(z)", line: n2) }
        let (n3, l3) = try sc.line()
        let (nrho, drho, nr, dr, cutoff) = try grid(l3, file: file, line: n3)
        let f = try sc.doubles(nrho, "F(rho)")
        let zr = try sc.doubles(nr, "Z(r)")
        let rho = try sc.doubles(nr, "rho(r)")
        if !sc.atEnd() {
            throw file.error("unexpected extra values after the last table (a funcfl file holds F(rho), Z(r) and rho(r) only)",
                             line: sc.nextLine + 1)
        }
        return Funcfl(element: element, mass: mass, nrho: nrho, drho: drho, nr: nr, dr: dr, cutoff: cutoff,
                      embedding: f, charge: zr, density: rho)
    }

    /// The grid line "nrho drho nr dr cutoff" (line `line` of `file`), checked.
    static func grid(_ text: Substring, file: TextFile, line: Int) throws
        -> (nrho: Int, drho: Double, nr: Int, dr: Double, cutoff: Double) {
        let w = text.split(whereSeparator: \.isWhitespace)
        guard w.count >= 5 else {
            throw file.error("expected 'nrho drho nr dr cutoff', found \(w.count) words", line: line)
        }
        let names = ["nrho", "drho", "nr", "dr", "cutoff"]
        for k in [0, 2] where Int(w[k]) == nil {
            throw file.error("expected an integer for \(names[k]), found '\(w[k].prefix(40))'", line: line)
        }
        var v: [Double] = []
        for k in [1, 3, 4] {
            guard let x = parseDouble(w[k]), x.isFinite else {
                throw file.error("expected a number for \(names[k]), found '\(w[k].prefix(40))'", line: line)
            }
            v.append(x)
        }
        let (nrho, nr) = (Int(w[0])!, Int(w[2])!)
        guard nrho >= 5, nr >= 5, nrho < 10_000_000, nr < 10_000_000 else {
            throw file.error("table sizes nrho=\(nrho), nr=\(nr) must be between 5 and 10^7", line: line)
        }
        guard v[0] > 0, v[1] > 0, v[2] > 0 else {
            throw file.error("drho, dr and the cutoff must be positive", line: line)
        }
        let (drho, dr) = (v[0], v[1])
        guard (1 / drho).isFinite, (1 / dr).isFinite, (drho * Double(nrho)).isFinite, (dr * Double(nr)).isFinite else {
            throw file.error("drho=\(drho) and dr=\(dr) must be spacings whose tables span a finite range", line: line)
        }
        return (nrho, drho, nr, dr, v[2])
    }

    /// Re-grids one or more funcfl files onto a common grid as LAMMPS's
    /// `PairEAM::file2array` does (four-point Lagrange interpolation, one fewer node than
    /// the file, pair term 27.2·0.529·Z_i·Z_j).
    static func tabulate(_ files: [Funcfl]) -> EAMTabulation {
        let dr = files.map(\.dr).max()!, drho = files.map(\.drho).max()!
        let rmax = files.map { Double($0.nr - 1) * $0.dr }.max()!
        let rhomax = files.map { Double($0.nrho - 1) * $0.drho }.max()!
        let nr = Int(rmax / dr + 0.5), nrho = Int(rhomax / drho + 0.5)
        func regrid(_ values: [Double], spacing: Double, to n: Int, step: Double) -> [Double] {
            (0..<n).map { m in lagrange(values, spacing: spacing, at: Double(m) * step) }
        }
        let embedding = files.map { regrid($0.embedding, spacing: $0.drho, to: nrho, step: drho) }
        let densities = files.map { regrid($0.density, spacing: $0.dr, to: nr, step: dr) }
        var pairs: [[Double]] = []
        for i in files.indices {
            for j in 0...i {
                let zi = regrid(files[i].charge, spacing: files[i].dr, to: nr, step: dr)
                let zj = regrid(files[j].charge, spacing: files[j].dr, to: nr, step: dr)
                pairs.append((0..<nr).map { 27.2 * 0.529 * zi[$0] * zj[$0] })
            }
        }
        let n = files.count
        return EAMTabulation(style: .funcfl, elements: files.map(\.element), masses: files.map(\.mass),
                             drho: drho, dr: dr, rhomax: rhomax, cutoff: files.map(\.cutoff).max()!,
                             embedding: embedding, densities: densities,
                             densityIndex: (0..<n).map { _ in Array(0..<n) },
                             pairs: pairs, pairIndex: EAMTabulation.lowerTriangle(n))
    }

    /// LAMMPS's four-point Lagrange interpolation of a table (1-based k clamped to
    /// [2, n−2]) at x.
    static func lagrange(_ f: [Double], spacing: Double, at x: Double) -> Double {
        let sixth = 1.0 / 6.0
        var p = x / spacing + 1.0
        var k = Int(p)
        k = min(k, f.count - 2)
        k = max(k, 2)
        p -= Double(k)
        p = min(p, 2.0)
        let c1 = -sixth * p * (p - 1.0) * (p - 2.0)
        let c2 = 0.5 * (p * p - 1.0) * (p - 2.0)
        let c3 = -0.5 * p * (p + 1.0) * (p - 2.0)
        let c4 = sixth * p * (p * p - 1.0)
        // 1-based f[k-1..k+2] ↔ 0-based f[k-2..k+1]
        return c1 * f[k - 2] + c2 * f[k - 1] + c3 * f[k] + c4 * f[k + 1]
    }

    /// A `setfl` (eam/alloy) or Finnis–Sinclair (eam/fs) file: three comment lines,
    /// "N el1 el2 ...", "nrho drho nr dr cutoff", per element "Z mass a lattice", F(ρ) and
    /// ρ(r) (fs: N density functions), then r·φ(r) for each pair i ≥ j. `fs` nil: decided
    /// by the number of values in the file.
    static func readSetfl(_ file: TextFile, fs: Bool?, map: LabelMap = LabelMap()) throws -> EAMTabulation {
        var sc = TokenScanner(file)
        for _ in 0..<3 { _ = try sc.line() }
        let (n4, l4) = try sc.line()
        let words = l4.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let n = words.first.flatMap({ Int($0) }), n >= 1, words.count >= n + 1 else {
            throw file.error("expected 'N element1 ... elementN' on line 4", line: n4)
        }
        try map.requireLabels(in: Array(words[1...n]), file: file)
        let elements = try words[1...n].map { s -> Element in
            guard let e = map.element(s) ?? Element(symbol: s) else {
                throw file.error("label '\(s)' names no element; say which element it stands for with "
                                 + "--map '\(s)=ELEMENT'", line: n4)
            }
            return e
        }
        guard Set(elements).count == n else {
            throw file.error("two labels stand for the same element", line: n4)
        }
        let (n5, l5) = try sc.line()
        let (nrho, drho, nr, dr, cutoff) = try grid(l5, file: file, line: n5)
        let isFS: Bool
        if let fs { isFS = fs } else {
            // Count the remaining tokens to tell eam/alloy from eam/fs.
            var count = 0
            for line in file.lines[n5...] { count += line.split(whereSeparator: \.isWhitespace).count }
            let pairValues = n * (n + 1) / 2 * nr
            let alloy = n * (4 + nrho + nr) + pairValues
            let finnis = n * (4 + nrho + n * nr) + pairValues
            isFS = count == finnis && count != alloy
        }
        var masses: [Double] = []
        var embedding: [[Double]] = []
        var densities: [[Double]] = []
        for e in elements {
            let (ln, text) = try sc.line()
            let head = text.split(whereSeparator: \.isWhitespace)
            guard head.count >= 2, Int(head[0]) != nil, let mass = parseDouble(head[1]) else {
                throw file.error("expected 'atomic-number mass lattice-constant lattice-type' for \(e.symbol)", line: ln)
            }
            masses.append(mass)
            embedding.append(try sc.doubles(nrho, "F(rho) of \(e.symbol)"))
            for _ in 0..<(isFS ? n : 1) { densities.append(try sc.doubles(nr, "rho(r) of \(e.symbol)")) }
        }
        var pairs: [[Double]] = []
        for i in 0..<n {
            for j in 0...i { pairs.append(try sc.doubles(nr, "r*phi(r) of \(elements[i].symbol)-\(elements[j].symbol)")) }
        }
        if !sc.atEnd() {
            throw file.error("unexpected extra values after the last table (is this eam/\(isFS ? "alloy" : "fs")?)",
                             line: sc.nextLine + 1)
        }
        // eam/alloy: density at a host from a source is the source's ρ.
        // eam/fs: the source's block lists one density per host element.
        let densityIndex = (0..<n).map { host in (0..<n).map { source in isFS ? source * n + host : source } }
        return EAMTabulation(style: isFS ? .fs : .setfl, elements: elements, masses: masses,
                             drho: drho, dr: dr, rhomax: Double(nrho - 1) * drho, cutoff: cutoff,
                             embedding: embedding, densities: densities, densityIndex: densityIndex,
                             pairs: pairs, pairIndex: EAMTabulation.lowerTriangle(n))
    }
}
