import Atoms
import Foundation
import Neighbors
import Potentials

/// `props eval POT STRUCT`: energy, forces and stress of every frame.
enum EvalCommand {
    static let spec = CommandSpec(
        name: "eval",
        summary: "Energy (eV), forces (eV/Å) and stress of every frame of a structure file.",
        positionals: [("POT", "potential: .pot, LAMMPS eam/alloy/fs/sw/tersoff, n2p2 dir ([bohr:]DIR), aenet .nn or .nn.ascii, X.snapcoeff,X.snapparam, X.mliap.model,X.mliap.descriptor, X.agni, GAP xml (QUIP), lj:EL:EPS:SIGMA:RC", true),
                      ("STRUCT", "POSCAR/CONTCAR, extended XYZ or LAMMPS dump (all frames), LAMMPS data, CIF, or LATTICE:ELEMENT:A", true)],
        options: [.labelMap, .atomTypes, OptionSpec(name: "supercell", value: "N|NxMxK", help: "repeat each frame (also 9 integers)"),
                  OptionSpec(name: "forces", value: nil, help: "also print the force on every atom")],
        details: """
        Stress follows ASE: σ = (1/V) ∂E/∂ε, positive under tension; pressure P = −tr(σ)/3.
        --json prints {"frames":[{"energy": eV, "forces": [[eV/Å]], "stress": [[eV/Å³]]}, ...]}
        in input order, plus energy_per_atom, pressure_GPa and natoms.
        --out DIR writes DIR/eval.extxyz: every frame with the potential's energy (eV), forces
        (eV/Å), stress (eV/Å³, ASE sign) and per-atom energies (column "energies", eV), readable
        by props and ASE (a labelled data set for training or other codes).
        """)

    static func run(_ args: ParsedArguments) throws {
        let inputs = try Inputs(args)
        let console = inputs.console
        let potential = try inputs.potential()
        let frames = try StructureInput.frames(args.positionals[1], supercell: args.string("supercell"),
                                               types: args.atomTypes(), isolatedRange: potential.cutoff)
        let asked: Quantities = args.string("out") != nil ? [.energy, .forces, .stress, .perAtomEnergies]
                                                          : [.energy, .forces, .stress]
        let wanted = potential.supplies.intersection(asked)
        var results: [(Structure, Evaluation)] = []
        let labelled = frames.contains { $0.energy != nil || $0.forces != nil }
        for (k, frame) in frames.enumerated() {
            do { try frame.structure.checkUsable() } catch let e as InputError {
                throw InputError(e.message + (frames.count > 1 ? " (frame \(k + 1))" : ""), file: args.positionals[1])
            }
            var r = try potential.evaluate(frame.structure, wanted: wanted)
            if !frame.isPeriodic { r.stress = nil }  // not defined across a vacuum gap (Frame.isolated)
            results.append((frame.structure, r))
            console.progress("evaluated frame \(k + 1) of \(frames.count)")
        }
        console.endProgress()
        if let dir = args.string("out") {
            let path = try writeFrames(results, potential: potential, directory: dir)
            console.note("wrote \(path)")
        }
        var extrapolation = ExtrapolationTally()
        for (_, r) in results { extrapolation.add(r) }
        defer { ExtrapolationOutput.warn(extrapolation, console: console) }
        if args.flag("json") {
            console.emit(ExtrapolationOutput.adding(extrapolation, to: .object([
                ("potential", .string(potential.name)),
                ("frames", .array(results.map { s, r in frameJSON(s, r) })),
            ])))
            return
        }
        console.print("potential: \(potential.name)")
        console.print("structure: \(args.positionals[1]) (\(frames.count) frame\(frames.count == 1 ? "" : "s"))")
        console.print("")
        console.print("frame  atoms        energy (eV)   energy/atom (eV)   max |F| (eV/Å)   pressure (GPa)")
        for (k, (s, r)) in results.enumerated() {
            let e = r.energy.map { fmt($0, 6, width: 18) } ?? pad("n/a", 18)
            let epa = r.energy.map { fmt($0 / Double(s.count), 6, width: 18) } ?? pad("n/a", 18)
            let fmax = r.forces.map { fmt($0.map { length($0) }.max() ?? 0, 6, width: 16) } ?? pad("n/a", 16)
            let p = r.stress.map { fmt(-$0.trace / 3 * Units.eVPerA3InGPa, 4, width: 16) } ?? pad("n/a", 16)
            console.print("\(pad(String(k + 1), 5))  \(pad(String(s.count), 5))  \(e)   \(epa)   \(fmax)   \(p)")
        }
        if results.contains(where: { $0.1.stress != nil }) {
            console.print("")
            console.print("stress (GPa, positive = tension)      xx         yy         zz         yz         xz         xy")
            for (k, (_, r)) in results.enumerated() {
                guard let st = r.stress else { continue }
                let v = [st[0, 0], st[1, 1], st[2, 2], st[1, 2], st[0, 2], st[0, 1]].map { fmt($0 * Units.eVPerA3InGPa, 4, width: 10) }
                console.print("frame \(pad(String(k + 1), 5))                    " + v.joined(separator: " "))
            }
        }
        if labelled {
            console.print("")
            console.print("compared with the file's own labels:")
            console.print("frame   ΔE (meV/atom)   max |ΔF| (eV/Å)   max |Δσ| (GPa)")
            for (k, ((s, r), frame)) in zip(results, frames).enumerated() {
                var de = pad("n/a", 15), df = pad("n/a", 17), ds = pad("n/a", 16)
                if let e = r.energy, let ref = frame.energy { de = fmt((e - ref) / Double(s.count) * 1000, 4, width: 15) }
                if let f = r.forces, let ref = frame.forces {
                    df = fmt(zip(f, ref).map { length($0 - $1) }.max() ?? 0, 6, width: 17)
                }
                if let st = r.stress, let ref = frame.stress { ds = fmt((st - ref).maxAbs * Units.eVPerA3InGPa, 6, width: 16) }
                console.print("\(pad(String(k + 1), 5))  \(de)   \(df)   \(ds)")
            }
        }
        if args.flag("forces") {
            for (k, (s, r)) in results.enumerated() {
                guard let forces = r.forces else { continue }
                console.print("")
                console.print("frame \(k + 1) forces (eV/Å)")
                console.print(" atom  el          fx             fy             fz")
                for i in 0..<s.count {
                    let f = forces[i]
                    console.print("\(pad(String(i + 1), 5))  \(s.elements[i].symbol.padding(toLength: 3, withPad: " ", startingAt: 0)) \(fmt(f.x, 8, width: 14)) \(fmt(f.y, 8, width: 14)) \(fmt(f.z, 8, width: 14))")
                }
            }
        }
    }

    /// Writes every evaluated frame, labelled with the potential's results, to
    /// `directory/eval.extxyz`; returns the path.
    static func writeFrames(_ results: [(Structure, Evaluation)], potential: Potential, directory: String) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var text = ""
        for (s, r) in results {
            var frame = Frame(structure: s, energy: r.energy, forces: r.forces, stress: r.stress)
            if let e = r.perAtomEnergies { frame.arrays = [("energies", 1, e)] }
            frame.info = [("potential", potential.name)]
            text += ExtendedXYZ.write(frame)
        }
        let path = (directory as NSString).appendingPathComponent("eval.extxyz")
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw InputError("cannot write: \(error.localizedDescription)", file: path)
        }
        return path
    }

    static func frameJSON(_ s: Structure, _ r: Evaluation) -> JSON {
        var pairs: [(String, JSON)] = [
            ("natoms", .int(s.count)),
            ("energy", r.energy.map { .number($0) } ?? .null),
            ("energy_per_atom", r.energy.map { .number($0 / Double(s.count)) } ?? .null),
            ("forces", r.forces.map { .array($0.map(JSON.vector)) } ?? .null),
        ]
        if let st = r.stress {
            pairs.append(("stress", .array((0..<3).map { JSON.vector(st[$0]) })))
            pairs.append(("pressure_GPa", .number(-st.trace / 3 * Units.eVPerA3InGPa)))
        } else {
            pairs.append(("stress", .null))
        }
        return .object(pairs)
    }
}
