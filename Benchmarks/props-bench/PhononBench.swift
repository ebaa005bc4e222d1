import Atoms
import Dispatch
import Foundation
import Phonons
import Potentials

/// Times `props phonons` end to end (displacements, forces, force constants, band path,
/// 20³ mesh, tetrahedron DOS, thermal properties) for the systems bench/phonopy_bench.py
/// runs with phonopy + LAMMPS, and prints the ratio when its JSON is given; then the same
/// run phase by phase. Each time is the fastest of three runs (the machine is shared).
func benchmarkPhonons(potentialsDir: String, phonopyFile: String?) throws {
    var phonopy: [String: Double] = [:]
    if let file = phonopyFile, let data = FileManager.default.contents(atPath: file),
       let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
       let systems = obj["systems"] as? [[String: Any]] {
        for s in systems { if let n = s["name"] as? String, let t = s["seconds_total"] as? Double { phonopy[n] = t } }
    }
    let cases: [(name: String, file: String, lattice: LatticeKind, element: String, a: Double, n: Int)] = [
        ("Si SW", "Si.sw", .diamond, "Si", 5.430949778, 3),
        ("Si Tersoff", "Si.tersoff", .diamond, "Si", 5.431230748, 3),
        ("Cu EAM", "Cu_mishin1.eam.alloy", .fcc, "Cu", 3.614917, 7),
    ]
    print("")
    print("props phonons end to end (supercell, displacements, forces, force constants, 51-point path segments, 20³ mesh, DOS, thermal), \(Parallel.threads) threads")
    print("system        supercell atoms   props (s)   phonopy+LAMMPS (s)   ratio")
    var phaseRows: [String] = []
    for c in cases {
        let potential = try PotentialLoader.load(potentialsDir + "/" + c.file)
        let unit = try Lattices.build(c.lattice, elements: [Element(symbol: c.element)!], a: c.a)
        // Seconds per phase: set-up, forces and force constants; band path; mesh; DOS; thermal.
        var best = [Double](repeating: .infinity, count: 5)
        var atoms = 0, irreducible = 0
        for _ in 0..<3 {
            var marks = [DispatchTime.now().uptimeNanoseconds]
            func mark() { marks.append(DispatchTime.now().uptimeNanoseconds) }
            let calc = try PhononCalculation.compute(potential, unit: unit, supercellMatrix: [[c.n, 0, 0], [0, c.n, 0], [0, 0, c.n]])
            mark()
            let points = QPath.standardPoints(.faceCentredCubic)
            _ = try BandStructure(calc.dynamicalMatrix, path: QPath.parse("G X U|K G L W X", points: points))
            mark()
            let mesh = try PhononMesh(calc.dynamicalMatrix, size: SIMD3(repeating: 20))
            mark()
            _ = DensityOfStates(mesh)
            mark()
            _ = ThermalProperties(mesh, temperatures: stride(from: 0.0, through: 1000, by: 10).map { $0 })
            mark()
            for k in best.indices { best[k] = min(best[k], Double(marks[k + 1] - marks[k]) * 1e-9) }
            atoms = calc.supercell.structure.count
            irreducible = mesh.irreducibleModes.count
        }
        let seconds = best.reduce(0, +)
        record("phonons \(c.name)", unit: "s", seconds)
        let name = c.name.padding(toLength: 12, withPad: " ", startingAt: 0)
        if let ref = phonopy[c.name] {
            print(name + String(format: " %15d   %9.3f   %18.2f   %5.3f", atoms, seconds, ref, seconds / ref))
        } else {
            print(name + String(format: " %15d   %9.3f   %18@   %5@", atoms, seconds, "n/a", "n/a"))
        }
        phaseRows.append(name + String(format: " %16.1f %9.1f %15.1f %6.1f %8.1f", best[0] * 1e3, best[1] * 1e3, best[2] * 1e3, best[3] * 1e3, best[4] * 1e3)
                         + "  (\(irreducible) irreducible q)")
    }
    print("")
    print("the same, phase by phase (ms)")
    print("system       forces+constants   path (357 q)   20³ mesh    DOS  thermal")
    for row in phaseRows { print(row) }
}
