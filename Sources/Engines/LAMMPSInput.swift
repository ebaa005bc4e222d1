import Atoms
import Dynamics
import Foundation

/// The LAMMPS input of a `LAMMPSRunPlan`: props' thermostats and barostats as LAMMPS
/// fixes with the same time constants (LAMMPS metal: ps, K, bar), a thermo table written by
/// `fix print`, snapshots by `dump custom`, restart files, and progress lines on the screen.
///
/// | props | LAMMPS |
/// | --- | --- |
/// | NVE | `fix nve` |
/// | csvr | `fix nve` + `fix temp/csvr` |
/// | langevin (friction 1/τ, momentum not kept: 3N degrees of freedom) | `fix nve` + `fix langevin … tally yes` |
/// | nose-hoover (chain of 3) | `fix nvt … tchain 3` |
/// | berendsen thermostat | `fix nve` + `fix temp/berendsen` |
/// | mtk barostat | `fix npt` (with nose-hoover) or `fix nph` + the thermostat's fix, `iso`/`aniso`/`tri`, `tchain 3 pchain 3` |
/// | berendsen barostat (compressibility 0.01/GPa) | `fix press/berendsen iso|aniso … modulus 1e6` (bar) |
/// | c-rescale barostat | none in LAMMPS: refused |
public enum LAMMPSInput {
    /// Files the run writes in its directory.
    public static let thermoFile = "thermo.lammps", dumpFile = "dump.lammpstrj", dataFile = "structure.data",
                      finalFile = "final.lammpstrj"
    /// Restart files: LAMMPS alternates between the first two, the last is written at the end.
    public static let restartFiles = ["restart.a", "restart.b", "restart.end"]
    /// The marker of progress lines on the screen: `PROPS-PROGRESS step T`.
    public static let progressMarker = "PROPS-PROGRESS"

    /// Bar per GPa (LAMMPS metal pressure unit).
    static let barPerGPa = 1e4

    /// Throws when the plan's thermostat, barostat or schedule has no LAMMPS equivalent.
    public static func check(_ plan: LAMMPSRunPlan) throws {
        _ = try fixes(plan)
    }

    /// The fixes that integrate the equations of motion of `plan`.
    static func fixes(_ plan: LAMMPSRunPlan) throws -> [String] {
        let e = plan.ensemble
        let t0 = plan.schedule?.startK ?? plan.temperatureK ?? 0
        // A changing target: an equal-style variable, which the stochastic and Berendsen
        // thermostat fixes take; fix nvt/npt only ramp over a whole run.
        var target = "\(t0) \(t0)"
        var lines: [String] = []
        if let r = plan.schedule {
            lines.append("variable propsT equal \"ternary(step > \(r.holdSteps), \(r.startK) + \(r.rateKPerStep) * (step - \(r.holdSteps)), \(r.startK))\"")
            lines.append("variable propsTarget equal \"ternary(v_propsT \(r.rateKPerStep > 0 ? ">" : "<") \(r.stopK), \(r.stopK), v_propsT)\"")
            // The fixes take a variable as Tstart and then ignore Tstop.
            target = "v_propsTarget \(r.stopK)"
        }
        let tau = e.thermostat?.dampingPs ?? 0
        let pBar = e.pressureGPa * barPerGPa
        var cellTerm: String?
        switch e.barostat {
        case nil: break
        case .mtk(let ptau, let coupling)?:
            cellTerm = "\(coupling.rawValue) \(pBar) \(pBar) \(ptau) pchain 3"
        case .berendsen(let ptau, let coupling)?:
            guard coupling != .triclinic else {
                throw InputError("LAMMPS's fix press/berendsen moves iso or aniso cells only: use --cell iso|aniso or --barostat mtk with --engine lammps")
            }
            lines.append("fix propsBarostat all press/berendsen \(coupling.rawValue) \(pBar) \(pBar) \(ptau) modulus \(1 / 0.01 * barPerGPa)")
        case .cellRescaling?:
            throw InputError("LAMMPS has no stochastic cell rescaling (--barostat c-rescale): use --barostat mtk (fix npt/nph) or berendsen (fix press/berendsen) with --engine lammps")
        }
        let plain = cellTerm.map { "fix propsIntegrate all nph \($0)" } ?? "fix propsIntegrate all nve"
        switch e.thermostat {
        case nil:
            lines.append(plain)
        case .noseHoover?:
            guard plan.schedule == nil else {
                throw InputError("a temperature schedule under LAMMPS's fix nvt/npt is not mapped: use --thermostat csvr, langevin or berendsen with --engine lammps")
            }
            let style = cellTerm == nil ? "nvt" : "npt"
            lines.append("fix propsIntegrate all \(style) temp \(target) \(tau) tchain 3" + (cellTerm.map { " " + $0 } ?? ""))
        case .csvr?:
            lines += [plain, "fix propsThermostat all temp/csvr \(target) \(tau) \(plan.lammpsSeed)"]
        case .langevin?:
            lines += [plain, "fix propsThermostat all langevin \(target) \(tau) \(plan.lammpsSeed) tally yes"]
        case .berendsen?:
            lines += [plain, "fix propsThermostat all temp/berendsen \(target) \(tau)"]
        }
        return lines
    }

    /// The input text. `pairInclude` is the snippet from `props export` (relative to the run
    /// directory), `propsdir` its directory; `restart` names the restart file to continue
    /// from (nil for a fresh run from `dataFile`).
    static func text(_ plan: LAMMPSRunPlan, pairInclude: String, propsdir: String, restart: String?) throws -> String {
        let dt = plan.ensemble.timestepPs
        let progressEvery = max(1, plan.steps / 20)
        let q = "$(step) $(temp:%.12g) $(pe:%.12g) $(ke:%.12g) $(press:%.12g) $(vol:%.12g) $(econserve:%.12g) "
            + "$(cella:%.12g) $(cellb:%.12g) $(cellc:%.12g) $(cellalpha:%.12g) $(cellbeta:%.12g) $(cellgamma:%.12g)"
        var lines = ["# written by props (--engine lammps)", "units metal", "atom_style atomic", "boundary p p p",
                     "atom_modify map array"]
        lines.append(restart.map { "read_restart \($0)" } ?? "read_data \(dataFile)")
        lines += ["variable propsdir index \(propsdir)", "include \(pairInclude)",
                  "neighbor 1.0 bin", "neigh_modify every 1 delay 0 check yes", "timestep \(dt)"]
        lines += holding(plan, try fixes(plan))
        // props' temperature: 3N under Langevin, 3N − 3 otherwise.
        let extra = 3 * plan.structure.count - plan.degreesOfFreedom
        lines.append("compute_modify thermo_temp extra/dof \(extra)")
        lines += ["thermo \(max(plan.steps, 1))", "thermo_style custom step temp pe ke press vol econserve",
                  "thermo_modify lost error norm no flush yes"]
        // fix print also prints the first step of a run (again after a restart: the reader keeps the last row of a step).
        lines.append("fix propsThermo all print \(plan.thermoEvery) \"\(q)\" \(restart == nil ? "file" : "append") \(thermoFile) screen no")
        lines.append("fix propsProgress all print \(progressEvery) \"\(progressMarker) $(step) $(temp:%.3f)\" screen yes")
        if plan.dumpEvery > 0 {
            lines.append("dump propsDump all custom \(plan.dumpEvery) \(dumpFile) id type xu yu zu vx vy vz")
            lines.append("dump_modify propsDump sort id format float %.12g" + (restart == nil ? "" : " append yes"))
        }
        lines.append("restart \(plan.restartEvery) \(restartFiles[0]) \(restartFiles[1])")
        lines.append("run \(plan.steps) upto start 0 stop \(plan.steps)")
        lines.append("write_restart \(restartFiles[2])")
        lines.append("write_dump all custom \(finalFile) id type xu yu zu vx vy vz modify sort id format float %.12g")
        return lines.joined(separator: "\n") + "\n"
    }
}
