// Neighbor-list builds (cutoff + 1 Å skin, the entries within the cutoff first, as MD holds
// them) on the crystals of the force
// benchmark, beside LAMMPS's builds of the same lists when given (`bench/lammps_bench.py
// --neigh --json`: systems "NEIGH ...", the loop time with a build every step minus without).
import Atoms
import Dispatch
import Neighbors
import Potentials

/// µs per atom for one build, the fastest of `repeats` × `steps` builds.
private func timeBuilds(_ structure: Structure, cutoff: Double, kind: NeighborList.Kind) throws -> Double {
    let skin = 1.0
    var best = Double.infinity
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<steps { _ = try NeighborList(structure, cutoff: cutoff + skin, kind: kind, inner: cutoff) }
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
    }
    return best / Double(steps) / Double(structure.count) * 1e6
}

func benchmarkNeighbors() throws {
    let cu500 = System(name: "Cu EAM 500", potentialFile: "Cu_mishin1.eam.alloy", lattice: .fcc, element: "Cu", a: 3.615, cells: 5)
    print("")
    print("Neighbor-list builds, µs per atom (cutoff + 1 Å skin; EAM half lists, SW full lists)")
    try timedRows([cu500] + systems.filter { ["Cu EAM 4000", "Cu EAM 32000", "Si SW 4096"].contains($0.name) }, key: "neighbors", lammpsPrefix: "NEIGH ") { potential, structure in
        try timeBuilds(structure, cutoff: potential.cutoff, kind: potential.neighborKind)
    }
}
