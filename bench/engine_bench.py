#!/usr/bin/env python3
"""props md with --engine props and --engine lammps on the same protocol: time per atom-step.

System: fcc Cu (Mishin EAM), 5x5x5 conventional cells (500 atoms), NVT with the CSVR
thermostat at 1000 K (tau 100 fs), dt = 2 fs, thermo every 10 steps, no trajectory.
props: --threads 1. LAMMPS: the venv's lmp under mpirun on 1 and 2 ranks; both the
wall time of the whole invocation (writing the input, starting MPI, reading back) and
LAMMPS's own "Loop time" are given.

Usage (from the repository root, after make lammps and make build):
  python3 bench/engine_bench.py [--steps N]
"""
import argparse
import json
import os
import re
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
POT = os.path.join(ROOT, "reference/classical/potentials/Cu_mishin1.eam.alloy")


def run(steps, directory, extra):
    out = os.path.join(directory, "run")
    args = [os.path.join(ROOT, ".build/release/props"), "md", POT, "fcc:Cu:3.615", "--supercell", "5",
            "--ensemble", "nvt", "--temperature", "1000", "--steps", str(steps), "--dt", "2", "--seed", "1",
            "--dump-every", "0", "--out", out, "--json", "--quiet"] + extra
    summary = json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)
    loop = None
    log = os.path.join(out, "lammps/log.lammps")
    if os.path.exists(log):
        m = re.findall(r"Loop time of ([0-9.eE+-]+)", open(log).read())
        loop = 1e6 * float(m[-1]) / (steps * summary["atoms"]) if m else None
    return summary["us_per_atom_step"], loop


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--steps", type=int, default=500)
    a = p.parse_args()
    rows = [("props engine, 1 thread", ["--engine", "props", "--threads", "1"]),
            ("LAMMPS engine, 1 rank", ["--engine", "lammps", "--ranks", "1"]),
            ("LAMMPS engine, 2 ranks", ["--engine", "lammps", "--ranks", "2"])]
    print(f"props md, Cu Mishin EAM, 500 atoms, NVT CSVR 1000 K, {a.steps} steps of 2 fs (µs per atom-step)")
    for label, extra in rows:
        with tempfile.TemporaryDirectory() as d:
            total, loop = run(a.steps, d, extra)
        print(f"  {label:24s} {total:8.3f}" + (f"   (LAMMPS loop {loop:.3f})" if loop else ""))


if __name__ == "__main__":
    main()
