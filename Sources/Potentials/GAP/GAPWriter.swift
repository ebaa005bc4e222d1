import Atoms
import Foundation

/// Writes a fitted SOAP GAP in QUIP's form: the xml (`gap_fit`'s `gp_file`: `<Potential>`,
/// `<GAP_params>` with the per-element `e0`, one `<gpCoordinates>` per term with its
/// descriptor string, covariance, δ, ζ and the α of each sparse point) and one sparse-point
/// file per term beside it (one number per line, as gap_fit writes them). Both props'
/// `GAPReader` and QUIP (quippy's `Potential(param_filename=...)`) read the pair.
public enum GAPWriter {
    /// The `gap_version` written (QUIP 0.9.x); it fixes the descriptor defaults the reader
    /// applies, so `SOAPKernelDesign` builds its descriptors under the same version.
    public static let version = 1769700636

    /// Writes `path` (the xml) and `path.sparseX.<label><k>` for each term; `e0` is the
    /// isolated-atom energy (eV) per element; `label` names the GAP (letters, digits, `_`).
    /// Returns the paths written.
    @discardableResult
    public static func write(_ terms: [FittedSOAPTerm], e0: [(Element, Double)], label: String, comment: String,
                             to path: String) throws -> [String] {
        guard !label.isEmpty, label.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }),
              label.first!.isLetter else {
            throw InputError("GAP label '\(label)' must start with a letter and hold only letters, digits and _")
        }
        let name = (path as NSString).lastPathComponent
        let directory = (path as NSString).deletingLastPathComponent
        func number(_ v: Double) -> String { String(format: "%.17g", v) }
        var xml = "<\(label)>\n"
        xml += "<Potential label=\"\(label)\" init_args=\"IP GAP label=\(label)\"/>\n"
        xml += "<GAP_params label=\"\(label)\" gap_version=\"\(version)\">\n"
        xml += "  <GAP_data do_core=\"F\">\n"
        for (element, value) in e0 { xml += "    <e0 Z=\"\(element.number)\" value=\"\(number(value))\"/>\n" }
        xml += "  </GAP_data>\n"
        xml += "  <gpSparse label=\"\(label)\" n_coordinate=\"\(terms.count)\" fitted=\"T\">\n"
        var written = [path]
        for (k, term) in terms.enumerated() {
            let d = term.design, termLabel = "\(label)\(k + 1)"
            let sparseName = "\(name).sparseX.\(termLabel)"
            var attributes = "label=\"\(termLabel)\" dimensions=\"\(d.dimension)\" signal_variance=\"\(number(d.delta))\""
            attributes += " signal_mean=\"0\" sparsified=\"T\" n_permutations=\"1\" covariance_type=\"2\""
            attributes += " zeta=\"\(number(d.zeta))\" n_sparseX=\"\(term.alpha.count)\" sparseX_filename=\"\(sparseName)\""
            xml += "    <gpCoordinates \(attributes)>\n"
            xml += "      <descriptor>\(escaped(d.text))</descriptor>\n"
            xml += "      <permutation i=\"1\">1</permutation>\n"
            for (s, a) in term.alpha.enumerated() {
                xml += "      <sparseX i=\"\(s + 1)\" alpha=\"\(number(a))\" sparseCutoff=\"1\"/>\n"
            }
            xml += "    </gpCoordinates>\n"
            var points = ""
            points.reserveCapacity(term.sparse.count * 24)
            for v in term.sparse { points += number(v) + "\n" }
            let sparsePath = directory.isEmpty ? sparseName : (directory as NSString).appendingPathComponent(sparseName)
            try points.write(toFile: sparsePath, atomically: true, encoding: .utf8)
            written.append(sparsePath)
        }
        xml += "  </gpSparse>\n"
        xml += "  <command_line>\(escaped(comment))</command_line>\n"
        xml += "</GAP_params>\n</\(label)>\n"
        try xml.write(toFile: path, atomically: true, encoding: .utf8)
        return written
    }

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
