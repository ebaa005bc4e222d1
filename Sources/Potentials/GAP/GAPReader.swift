import Atoms
import Foundation

/// Reads a Gaussian Approximation Potential as QUIP writes it: the xml file (`gap_fit`'s
/// `gp_file`) and the sparse-point files its `<gpCoordinates sparseX_filename=...>` name,
/// looked up beside the xml. Reads `soap` terms with `dot_product` covariance and
/// `distance_2b` terms with `ard_se` covariance, per-element `e0`; any other descriptor,
/// covariance or option is refused by name.
public enum GAPReader {
    /// True when `text` (the start of a file) looks like a GAP xml file.
    public static func recognizes(_ text: Substring) -> Bool {
        text.contains("<GAP_params") || (text.contains("<Potential") && text.contains("IP GAP"))
    }

    /// Reads the GAP in the xml file at `path`.
    public static func read(_ path: String) throws -> GAP {
        try read(TextFile(path: path))
    }

    /// Reads the GAP in an xml file already read; its sparse-point files are looked up in
    /// the directory of `file.path`.
    public static func read(_ file: TextFile) throws -> GAP {
        let root = try XMLTree.parse(file)
        return try read(root, file: file, directory: (file.path as NSString).deletingLastPathComponent)
    }

    static func read(_ root: XMLTree, file: TextFile, directory: String) throws -> GAP {
        var label: String?
        var energyScale = 1.0
        if let potential = find("Potential", in: root) {
            guard let initArgs = potential.attribute("init_args") else {
                throw file.error("<Potential> has no init_args", line: potential.line)
            }
            var words = initArgs.split(separator: " ").map(String.init)
            guard words.count >= 2, words[0] == "IP", words[1] == "GAP" else {
                throw file.error("the potential is '\(initArgs)'; props reads a plain GAP ('IP GAP'), not sums with other potentials",
                                 line: potential.line)
            }
            words.removeFirst(2)
            for w in words {
                let kv = w.split(separator: "=", maxSplits: 1).map(String.init)
                switch kv[0].lowercased() {
                case "label" where kv.count == 2: label = kv[1]
                case "e_scale" where kv.count == 2:
                    guard let v = parseDouble(kv[1]), v.isFinite else { throw file.error("E_scale '\(kv[1])' is not a number", line: potential.line) }
                    energyScale = v
                default: throw file.error("GAP option '\(w)' in init_args is not supported by props", line: potential.line)
                }
            }
        }
        let candidates = findAll("GAP_params", in: root)
        guard let params = candidates.first(where: { label == nil || $0.attribute("label") == label }) else {
            throw file.error(label.map { "no <GAP_params label=\"\($0)\">" } ?? "no <GAP_params> element: not a GAP file", line: root.line)
        }
        let xmlVersion = try params.attribute("gap_version").map { v -> Int in
            guard let n = Int(v) else { throw file.error("gap_version '\(v)' is not an integer", line: params.line) }
            return n
        } ?? 0

        var e0 = [Double](repeating: 0, count: Element.table.count + 1)
        if let data = params.child("GAP_data") {
            if let core = data.attribute("do_core"), ["t", "true"].contains(core.lowercased()) {
                throw file.error("GAP with a baseline potential (do_core=T) is not supported", line: data.line)
            }
            if let pca = data.attribute("do_pca"), ["t", "true"].contains(pca.lowercased()) {
                throw file.error("GAP with PCA-transformed descriptors (do_pca=T) is not supported", line: data.line)
            }
            if let all = data.attribute("e0") {
                guard let v = parseDouble(all) else { throw file.error("e0 '\(all)' is not a number", line: data.line) }
                e0 = e0.map { _ in v }
            }
            for entry in data.children(named: "e0") {
                guard let zText = entry.attribute("Z"), let z = Int(zText), z >= 1, z < e0.count,
                      let vText = entry.attribute("value"), let v = parseDouble(vText), v.isFinite else {
                    throw file.error("<e0> needs Z (1...\(e0.count - 1)) and a numeric value", line: entry.line)
                }
                e0[z] = v
            }
        }
        guard let sparse = params.child("gpSparse") else { throw file.error("no <gpSparse> in <GAP_params>", line: params.line) }
        if let fitted = sparse.attribute("fitted"), ["f", "false"].contains(fitted.lowercased()) {
            throw file.error("the GAP has not been fitted (fitted=F)", line: sparse.line)
        }
        let coordinates = sparse.children(named: "gpCoordinates")
        guard !coordinates.isEmpty else { throw file.error("<gpSparse> has no <gpCoordinates>", line: sparse.line) }
        var soap: [SOAPTerm] = []
        var pairs: [DistanceTwoBodyTerm] = []
        for c in coordinates {
            try GAPCoordinateReader(element: c, file: file, directory: directory, xmlVersion: xmlVersion)
                .read(soap: &soap, pairs: &pairs)
        }
        let species = try speciesOf(soap: soap, pairs: pairs, params: params, e0: e0, file: file)
        return GAP(name: "GAP \((file.path as NSString).lastPathComponent)", species: species, soap: soap, pairs: pairs,
                   e0: e0, energyScale: energyScale)
    }

    /// The elements named by the descriptors; for wildcard descriptors those of the training
    /// configurations kept in the file, else those with a non-zero e0.
    static func speciesOf(soap: [SOAPTerm], pairs: [DistanceTwoBodyTerm], params: XMLTree, e0: [Double],
                          file: TextFile) throws -> [Element] {
        var numbers = Set<Int>()
        for t in soap { numbers.formUnion(t.descriptor.speciesZ + t.descriptor.centreZ) }
        for t in pairs { numbers.formUnion([t.z1, t.z2]) }
        numbers.remove(0)
        if numbers.isEmpty, let data = params.child("XYZ_data") {
            for line in data.text.split(separator: "\n") {
                let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                if words.count >= 4, let e = Element(symbol: String(words[0])), parseDouble(words[1]) != nil {
                    numbers.insert(e.number)
                }
            }
        }
        if numbers.isEmpty { numbers = Set((1..<e0.count).filter { e0[$0] != 0 }) }
        guard !numbers.isEmpty else {
            throw file.error("the GAP names no element (wildcard descriptors, no training data, no e0)", line: params.line)
        }
        return numbers.sorted().compactMap { Element(number: $0) }
    }

    static func find(_ name: String, in tree: XMLTree) -> XMLTree? {
        if tree.name == name { return tree }
        for c in tree.children { if let f = find(name, in: c) { return f } }
        return nil
    }

    static func findAll(_ name: String, in tree: XMLTree) -> [XMLTree] {
        (tree.name == name ? [tree] : []) + tree.children.flatMap { findAll(name, in: $0) }
    }
}
