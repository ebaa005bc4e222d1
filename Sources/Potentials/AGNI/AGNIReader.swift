import Atoms
import Foundation

extension AGNI {
    /// Whether `lines` look like an AGNI file (tags `n_train` and `endVar`).
    /// Every file the loader is given passes through here, so only each line's first word
    /// is looked at, as bytes (splitting whole lines of a large EAM table into words took
    /// longer than reading its numbers).
    static func recognizes(_ lines: [Substring]) -> Bool {
        func isBlank(_ c: UInt8) -> Bool { c == 0x20 || (0x09...0x0D).contains(c) }
        func tag(_ line: Substring) -> Substring.UTF8View.SubSequence {
            let rest = line.utf8.drop(while: isBlank)
            return rest.prefix { !isBlank($0) }
        }
        var endVar = false, nTrain = false
        for line in lines {
            let t = tag(line)
            endVar = endVar || t.elementsEqual("endVar".utf8)
            nTrain = nTrain || t.elementsEqual("n_train".utf8)
            if endVar && nTrain { return true }
        }
        return false
    }

    /// Reads a LAMMPS `.agni` file: `tag value…` lines up to `endVar`, then one line per
    /// training point, `[index] X_1 … X_m  y  α` (y, the training force, unused). Tags
    /// `Rs`, `neighbors` and `lambda` are read and ignored, as LAMMPS does; any other unknown
    /// tag is refused. One element only, as LAMMPS.
    public static func read(_ file: TextFile) throws -> AGNI {
        var values: [String: (words: [Substring], line: Int)] = [:]
        var dataStart: Int?
        let known = ["n_elements", "element", "interaction", "generation", "eta", "gwidth", "Rc", "n_train", "sigma", "b",
                     "Rs", "neighbors", "lambda"]
        for (n, line) in file.lines.enumerated() {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let words = content.split(whereSeparator: \.isWhitespace)
            guard let tag = words.first else { continue }
            if tag == "endVar" {
                dataStart = n + 1
                break
            }
            guard known.contains(String(tag)) else {
                throw file.error("unknown tag '\(tag)' (AGNI files have \(known.joined(separator: ", ")), endVar)", line: n + 1)
            }
            guard words.count > 1 else { throw file.error("'\(tag)' has no value", line: n + 1) }
            guard values[String(tag)] == nil else { throw file.error("'\(tag)' given twice", line: n + 1) }
            values[String(tag)] = (Array(words.dropFirst()), n + 1)
        }
        guard let dataStart else { throw file.error("no 'endVar' line before the training data") }
        func entry(_ tag: String) throws -> (words: [Substring], line: Int) {
            guard let e = values[tag] else { throw file.error("missing '\(tag)'") }
            return e
        }
        func number(_ tag: String) throws -> Double {
            let e = try entry(tag)
            guard e.words.count == 1, let v = parseDouble(e.words[0]), v.isFinite else {
                throw file.error("'\(tag)' takes one number", line: e.line)
            }
            return v
        }
        func integer(_ tag: String) throws -> Int {
            let e = try entry(tag)
            guard e.words.count == 1, let v = Int(e.words[0]) else { throw file.error("'\(tag)' takes one integer", line: e.line) }
            return v
        }
        guard try integer("n_elements") == 1 else {
            throw file.error("only single-element AGNI files are supported (as in LAMMPS)", line: values["n_elements"]?.line)
        }
        let symbol = try entry("element")
        guard symbol.words.count == 1, let element = Element(symbol: String(symbol.words[0])) else {
            throw file.error("'element' must name one element", line: symbol.line)
        }
        if let i = values["interaction"], i.words.first != symbol.words[0] {
            throw file.error("'interaction \(i.words[0])' does not match 'element \(symbol.words[0])'", line: i.line)
        }
        let generation = try integer("generation")
        guard generation == 1 || generation == 2 else {
            throw file.error("generation must be 1 or 2", line: values["generation"]?.line)
        }
        let etaEntry = try entry("eta")
        let eta = try etaEntry.words.map {
            guard let v = parseDouble($0), v.isFinite else { throw file.error("'\($0)' in eta is not a number", line: etaEntry.line) }
            return v
        }
        let width = generation == 2 ? try number("gwidth") : 0
        if generation == 2 {
            guard width > 0 else { throw file.error("gwidth must be positive", line: values["gwidth"]?.line) }
            guard !eta.contains(0) else { throw file.error("generation 2 needs non-zero eta", line: etaEntry.line) }
        }
        let rc = try number("Rc"), sigma = try number("sigma"), b = try number("b")
        guard rc > 0 else { throw file.error("Rc must be positive", line: values["Rc"]?.line) }
        guard sigma > 0 else { throw file.error("sigma must be positive", line: values["sigma"]?.line) }
        let count = try integer("n_train")
        guard count >= 1, count <= file.lines.count - dataStart else {
            throw file.error("n_train \(count) but the file has \(file.lines.count - dataStart) lines after endVar",
                             line: values["n_train"]?.line)
        }
        let m = eta.count
        var training = [Double](), weights = [Double]()
        training.reserveCapacity(count * m)
        for n in dataStart..<file.lines.count {
            let words = file.lines[n].split(whereSeparator: \.isWhitespace)
            if words.isEmpty { continue }
            guard weights.count < count else { throw file.error("more than n_train = \(count) training lines", line: n + 1) }
            guard words.count == m + 2 || words.count == m + 3 else {
                throw file.error("a training line has \(m + 2) or \(m + 3) numbers for \(m) eta values, this has \(words.count)", line: n + 1)
            }
            let v = try words.map {
                guard let x = parseDouble($0), x.isFinite else { throw file.error("'\($0)' is not a number", line: n + 1) }
                return x
            }
            let first = words.count == m + 3 ? 1 : 0
            training += v[first..<(first + m)]
            weights.append(v[v.count - 1])
        }
        guard weights.count == count else {
            throw file.error("n_train is \(count) but there are \(weights.count) training lines", line: file.lines.count)
        }
        return AGNI(name: "AGNI generation \(generation) \(file.path)", species: [element], cutoff: rc,
                    generation: generation, eta: eta, width: width, sigma: sigma, offset: b,
                    training: training, weights: weights)
    }
}
