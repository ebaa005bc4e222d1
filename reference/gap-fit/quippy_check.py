"""Evaluate a GAP written by `props train --model gap` with QUIP (quippy) and write QUIP's
energies, forces and stresses as extended XYZ with every digit (positions and cell as read),
for props' tests to compare against.

Usage (in a venv with quippy-ase and ase, e.g. /work/venv-gap):
    python quippy_check.py GAP.xml STRUCTURES.extxyz OUT.extxyz [ASE_INDEX, e.g. 0:23:11]

Stress is written with ASE's sign (σ = (1/V) ∂E/∂ε, positive under tension, eV/Å³), as
props' reference files.
"""
import sys

from ase.io import read
from quippy.potential import Potential

xml, structures, out = sys.argv[1:4]
frames = read(structures, index=sys.argv[4] if len(sys.argv) > 4 else ":")
gap = Potential(param_filename=xml)
lines = []
for atoms in frames:
    atoms = atoms.copy()
    atoms.calc = gap
    energy = atoms.get_potential_energy()
    forces = atoms.get_forces()
    stress = atoms.get_stress(voigt=False)
    lattice = " ".join(repr(float(x)) for x in atoms.cell.array.flatten())
    lines.append(str(len(atoms)))
    lines.append(f'Lattice="{lattice}" Properties=species:S:1:pos:R:3:forces:R:3 energy={energy!r} '
                 f'stress="{" ".join(repr(float(x)) for x in stress.flatten())}" pbc="T T T"')
    for symbol, r, f in zip(atoms.get_chemical_symbols(), atoms.positions, forces):
        lines.append(" ".join([symbol] + [repr(float(x)) for x in r] + [repr(float(x)) for x in f]))
with open(out, "w") as handle:
    handle.write("\n".join(lines) + "\n")
print(f"{len(frames)} structures; first energy {lines[1].split('energy=')[1].split()[0]} eV")
