import Atoms
import Foundation

/// The SHA-256 of a potential given on the command line: of the file, or of the files of
/// a directory (n2p2) in name order; nil for an inline spec such as `lj:...`. A `bohr:`
/// unit prefix is ignored.
func potentialChecksum(_ spec: String) -> String? {
    let path = spec.hasPrefix("bohr:") ? String(spec.dropFirst(5)) : spec
    let fm = FileManager.default
    var isDirectory: ObjCBool = false
    guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
    if !isDirectory.boolValue { return SHA256.hex(file: path) }
    let names = ((try? fm.contentsOfDirectory(atPath: path)) ?? []).sorted()
    var all = Data()
    for n in names { if let d = fm.contents(atPath: path + "/" + n) { all.append(d) } }
    return SHA256.hex(all)
}
