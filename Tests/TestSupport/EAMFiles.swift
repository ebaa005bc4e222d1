import Foundation

/// Synthetic two-element EAM files for tests.
public enum EAMFiles {
    /// Writes a Cu–Ag setfl built from analytic functions, the same as eam/fs, and an
    /// eam/fs whose cross densities differ.
    public static func twoElement(in dir: URL) throws -> (alloy: String, sameFS: String, mixedFS: String) {
        let nrho = 500, nr = 500, drho = 0.01, dr = 0.012, cut = 5.5
        func table(_ f: (Double) -> Double, _ n: Int, _ d: Double) -> String {
            (0..<n).map { String(format: "%.16e", f(Double($0) * d)) }.joined(separator: "\n")
        }
        let embed: [(Double) -> Double] = [{ -1.2 * $0.squareRoot() }, { -0.9 * $0.squareRoot() + 0.01 * $0 }]
        func density(_ scale: Double) -> (Double) -> Double {
            { r in r >= cut ? 0 : scale * exp(-1.5 * r) * pow(cut - r, 3) }
        }
        func rphi(_ a: Double) -> (Double) -> Double {
            { r in r >= cut ? 0 : a * r * (exp(-2 * (r - 2.5)) - 2 * exp(-(r - 2.5))) * pow((cut - r) / cut, 2) }
        }
        let header = "two-element test\nanalytic\n\n2 Cu Ag\n\(nrho) \(drho) \(nr) \(dr) \(cut)\n"
        let pairs = [rphi(0.4), rphi(0.45), rphi(0.5)].map { table($0, nr, dr) }.joined(separator: "\n")
        var alloy = header, same = header, mixed = header
        for (k, (z, m)) in [(29, 63.546), (47, 107.8682)].enumerated() {
            let head = "\(z) \(m) 4.0 fcc\n" + table(embed[k], nrho, drho) + "\n"
            let own = table(density(k == 0 ? 1 : 1.3), nr, dr)
            alloy += head + own + "\n"
            same += head + own + "\n" + own + "\n"
            mixed += head + table(density(k == 0 ? 1 : 0.7), nr, dr) + "\n" + table(density(k == 0 ? 1.6 : 1.3), nr, dr) + "\n"
        }
        let paths = ["CuAg.eam.alloy", "CuAg_same.eam.fs", "CuAg_mixed.eam.fs"].map { dir.appendingPathComponent($0).path }
        for (text, path) in zip([alloy, same, mixed], paths) { try (text + pairs + "\n").write(toFile: path, atomically: true, encoding: .utf8) }
        return (paths[0], paths[1], paths[2])
    }
}
