"""Evaluate a GAP written by `props train --model gap` with QUIP (quippy) and write QUIP's
energies, forces and stresses as extended XYZ, for props' tests to compare against.

Usage (in a venv with quippy-ase and ase, e.g. /work/venv-gap):
    python quippy_check.py GAP.xml STRUCTURES.extxyz OUT.extxyz [FIRST:LAST]

Stress is written with ASE's sign (positive under tension, eV/Å³), as props' reference files.
"""
import sys

import numpy as np
from ase.io import read, write
from ase.calculators.singlepoint import SinglePointCalculator
from quippy.potential import Potential

xml, structures, out = sys.argv[1:4]
frames = read(structures, index=sys.argv[4] if len(sys.argv) > 4 else ":")
gap = Potential(param_filename=xml)
results = []
for atoms in frames:
    atoms = atoms.copy()
    atoms.calc = gap
    energy = atoms.get_potential_energy()
    forces = atoms.get_forces()
    stress = atoms.get_stress(voigt=False)  # ASE sign, sigma = (1/V) dE/d(strain), as props
    clean = atoms.copy()
    clean.info = {}
    clean.calc = SinglePointCalculator(clean, energy=energy, forces=forces, stress=stress)
    results.append(clean)
write(out, results, format="extxyz")
print(f"{len(results)} structures; first energy {results[0].get_potential_energy():.10f} eV")
