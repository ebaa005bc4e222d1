"""E(V) of hcp Mg (Mg_mm.eam.fs) with the c/a ratio relaxed at each volume, with LAMMPS.

Run:  LD_LIBRARY_PATH=/work/venv-lammps/lib /work/venv-lammps/bin/python mg_hcp_eos.py
At each volume per atom V (20.5 to 25.0 Å³, the ±10 % scan of `props eos Mg_mm.eam.fs
--range 0.1` around props' V0 = 22.7617 Å³/atom) the 2-atom hcp cell's c/a is varied and the
energy minimised over it (golden-section search to 1e-7 in c/a; the atoms sit on the
symmetry-fixed 2c sites, so no other coordinate relaxes). Writes Mg_mm_eos.json.
"""
import json
import math
import pathlib

from lammps import lammps

HERE = pathlib.Path(__file__).resolve().parent
POT = str(HERE.parent / "potentials" / "Mg_mm.eam.fs")
V0 = 22.761744390818134
VOLUMES = [V0 * (0.9 + 0.02 * k) for k in range(11)]

lmp = lammps(cmdargs=["-screen", "none", "-log", "none"])
lmp.commands_list(["units metal", "atom_style atomic", "boundary p p p",
                   "region box prism 0 3 0 2.6 0 5 -1.5 0 0 units box", "create_box 1 box", "mass 1 24.305",
                   "create_atoms 1 single 0 0 0 units box", "create_atoms 1 single 0 0 0 units box",
                   "pair_style eam/fs", f"pair_coeff * * {POT} Mg", "thermo_style custom pe"])


def energy(v, ratio):
    """Energy per atom (eV) of hcp at volume v (Å³/atom) and c/a = ratio."""
    a = (2 * v / (math.sqrt(3) / 2 * ratio)) ** (1 / 3)
    c = ratio * a
    lmp.command(f"change_box all x final 0 {a!r} y final 0 {a * math.sqrt(3) / 2!r} z final 0 {c!r} xy final {-a / 2!r} units box")
    for i, f in enumerate([(1 / 3, 2 / 3, 0.25), (2 / 3, 1 / 3, 0.75)]):
        x = f[0] * a - f[1] * a / 2
        y = f[1] * a * math.sqrt(3) / 2
        lmp.command(f"set atom {i + 1} x {x!r} y {y!r} z {f[2] * c!r}")
    lmp.command("run 0")
    return lmp.get_thermo("pe") / 2


def best(v):
    lo, hi = 1.50, 1.75
    g = (math.sqrt(5) - 1) / 2
    x1, x2 = hi - g * (hi - lo), lo + g * (hi - lo)
    e1, e2 = energy(v, x1), energy(v, x2)
    while hi - lo > 1e-7:
        if e1 < e2:
            hi, x2, e2 = x2, x1, e1
            x1 = hi - g * (hi - lo)
            e1 = energy(v, x1)
        else:
            lo, x1, e1 = x1, x2, e2
            x2 = lo + g * (hi - lo)
            e2 = energy(v, x2)
    r = (lo + hi) / 2
    return r, energy(v, r)


rows = [(v, *best(v)) for v in VOLUMES]
out = {"potential": "Mg_mm.eam.fs", "lammps": "22 Jul 2025 (PyPI)",
       "volumes_A3_per_atom": [r[0] for r in rows], "c_over_a": [r[1] for r in rows],
       "energies_eV_per_atom": [r[2] for r in rows]}
json.dump(out, open(HERE / "Mg_mm_eos.json", "w"), indent=1)
for r in rows:
    print("%.4f %.6f %.8f" % r)
