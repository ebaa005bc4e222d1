import Atoms
import Foundation

/// phonopy's `band.yaml`: written in phonopy's layout (readable by phonopy-bandplot), and
/// read back for comparisons (`--compare band.yaml`).
public enum BandYAML {
    /// band.yaml text for a band structure of `primitive`; with `eigenvectors`, each mode's
    /// eigenvector as phonopy writes it (per atom three [real, imaginary] pairs).
    public static func write(_ bands: BandStructure, primitive: Structure, eigenvectors: Bool = false) -> String {
        func row(_ v: SIMD3<Double>, _ width: Int = 18, _ precision: Int = 15) -> String { yamlRow(v, width: width, precision: precision) }
        func label(_ l: String) -> String { l == "G" ? "$\\Gamma$" : l }
        let segs = bands.segments
        var out = "nqpoint: \(segs.reduce(0) { $0 + $1.modes.count })\nnpath: \(segs.count)\nsegment_nqpoint:\n"
        for s in segs { out += "- \(s.modes.count)\n" }
        out += "labels:\n"
        for s in segs { out += "- [ '\(label(s.start.label))', '\(label(s.end.label))' ]\n" }
        let rec = primitive.cell.reciprocal
        out += "reciprocal_lattice:\n"
        for (k, name) in ["a*", "b*", "c*"].enumerated() { out += "- \(row(rec[k], 12, 8)) # \(name)\n" }
        out += "natom: \(primitive.count)\nlattice:\n"
        for (k, name) in ["a", "b", "c"].enumerated() { out += "- \(row(primitive.cell[k], 21, 15)) # \(name)\n" }
        out += "points:\n"
        for i in 0..<primitive.count {
            out += "- symbol: \(primitive.elements[i].symbol) # \(i + 1)\n"
            out += "  coordinates: \(row(primitive.cell.fractional(primitive.positions[i])))\n"
            out += "  mass: \(fixedFormat(primitive.masses[i], precision: 6))\n"
        }
        out += "\nphonon:\n"
        for s in segs {
            for (m, d) in zip(s.modes, s.distances) {
                out += "- q-position: \(row(m.q, 12, 7))\n  distance: \(fixedFormat(d, width: 12, precision: 7))\n  band:\n"
                let n3 = m.frequencies.count
                for (k, f) in m.frequencies.enumerated() {
                    out += "  - # \(k + 1)\n    frequency: \(fixedFormat(f, width: 15, precision: 10))\n"
                    guard eigenvectors, m.eigenvectors.count == n3 * n3 else { continue }
                    out += "    eigenvector:\n"
                    for p in 0..<(n3 / 3) {
                        out += "    - # atom \(p + 1)\n"
                        for a in 0..<3 {
                            let c = m.eigenvectors[k * n3 + 3 * p + a]
                            out += "      - [ \(fixedFormat(c.real + 0, width: 17, precision: 14)), \(fixedFormat(c.imag + 0, width: 17, precision: 14)) ]\n"
                        }
                    }
                }
            }
            out += "\n"
        }
        return out
    }

    /// A band structure read from a band.yaml: per segment, q-points, distances and
    /// frequencies (THz), with the segment labels.
    public struct Data {
        public var labels: [(String, String)]
        public var segments: [(q: [SIMD3<Double>], distance: [Double], frequencies: [[Double]])]
    }

    public static func read(_ file: TextFile) throws -> Data {
        var counts: [Int] = [], labels: [(String, String)] = []
        var qs: [SIMD3<Double>] = [], distances: [Double] = [], freqs: [[Double]] = []
        var section = ""
        func numbers(_ s: Substring) -> [Double] {
            guard let a = s.firstIndex(of: "["), let b = s.firstIndex(of: "]") else { return [] }
            return s[s.index(after: a)..<b].split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        }
        for (n, line) in file.lines.enumerated() {
            let t = line.trimmingCharacters(in: .whitespaces)
            if !line.hasPrefix(" ") && !line.hasPrefix("-") && t.hasSuffix(":") { section = String(t.dropLast()); continue }
            if !line.hasPrefix(" ") && !line.hasPrefix("-") && t.contains(":") { section = ""; continue }
            switch section {
            case "segment_nqpoint":
                if t.hasPrefix("-"), let c = Int(t.dropFirst().trimmingCharacters(in: .whitespaces)) {
                    guard c >= 1, c <= file.lines.count else { throw file.error("segment_nqpoint \(c) is not a q-point count", line: n + 1) }
                    counts.append(c)
                }
            case "labels":
                // The quoted pieces are the odd-numbered parts between apostrophes.
                let pieces = t.split(separator: "'", omittingEmptySubsequences: false).map(String.init)
                let quoted: [String] = stride(from: 1, to: pieces.count, by: 2).map { pieces[$0] }
                if quoted.count >= 2 { labels.append((clean(quoted[0]), clean(quoted[1]))) }
            case "phonon":
                if t.hasPrefix("- q-position:") {
                    let v = numbers(line)
                    guard v.count == 3, v.allSatisfy(\.isFinite) else { throw file.error("bad q-position", line: n + 1) }
                    qs.append(SIMD3(v[0], v[1], v[2]))
                    freqs.append([])
                } else if t.hasPrefix("distance:") {
                    guard let d = Double(t.dropFirst("distance:".count).trimmingCharacters(in: .whitespaces)), d.isFinite else {
                        throw file.error("bad distance", line: n + 1)
                    }
                    distances.append(d)
                } else if t.hasPrefix("frequency:") {
                    guard let f = Double(t.dropFirst("frequency:".count).trimmingCharacters(in: .whitespaces)), f.isFinite,
                          !freqs.isEmpty else {
                        throw file.error("bad frequency", line: n + 1)
                    }
                    freqs[freqs.count - 1].append(f)
                }
            default: break
            }
        }
        guard !qs.isEmpty, qs.count == distances.count else { throw file.error("no phonon q-points found") }
        guard let width = freqs.first?.count, width > 0, freqs.allSatisfy({ $0.count == width }) else {
            throw file.error("every q-point needs the same number of frequencies (bands)")
        }
        if counts.isEmpty { counts = [qs.count] }
        guard counts.reduce(0, +) == qs.count else {
            throw file.error("segment_nqpoint adds up to \(counts.reduce(0, +)) but \(qs.count) q-points are listed")
        }
        var segments: [(q: [SIMD3<Double>], distance: [Double], frequencies: [[Double]])] = []
        var start = 0
        for c in counts {
            segments.append((Array(qs[start..<start + c]), Array(distances[start..<start + c]), Array(freqs[start..<start + c])))
            start += c
        }
        return Data(labels: labels, segments: segments)
    }

    static func clean(_ label: String) -> String {
        let l = label.trimmingCharacters(in: .whitespaces)
        return l.contains("Gamma") ? "G" : l.replacingOccurrences(of: "$", with: "")
    }
}
