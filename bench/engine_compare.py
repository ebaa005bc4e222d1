#!/usr/bin/env python3
"""The same protocols through props' engine and LAMMPS (`--engine lammps`, 1 and 2 MPI ranks):
liquid Cu at 1500 K and Cp of crystalline Cu at 300 K, Mishin's EAM, 500 atoms, several seeds.
Every statistic is a mean over the seeds with its standard error (s.d. / sqrt(seeds)); the
engines (and LAMMPS on 1 and 2 ranks) must agree pairwise within 3 combined standard errors.
The liquid runs on props, LAMMPS 1 rank and LAMMPS 2 ranks (--engines), Cp on props and LAMMPS
1 rank (--cp-engines).

Liquid (per seed S, each step run by the engine under test, chained through final.extxyz):
  props md POT fcc:Cu:3.615 --supercell 5 --ensemble npt --barostat mtk --thermostat nose-hoover
      --tdamp 100 --pdamp 1000 --pressure 0 --dt 2 --seed S
  1. --temperature 2500 --steps PREMELT (melt the crystal)
  2. --temperature 1500 --steps EQUIL   (equilibrate the liquid)
  3. --temperature 1500 --steps STEPS --rdf --rmax 6 --msd --sample-every 20 (measure)
  g(r) first peak (position, height), coordination to 3.45 Å (the bin centred there, as in
  bench/validate_md.py), first minimum, D from the MSD, <V> and <Epot> per atom, <T>.
Cp (per seed S):
  props cp POT fcc:Cu:3.615 --supercell 5 --temperature 300 --barostat mtk --thermostat nose-hoover
      --steps CP_STEPS --equilibrate CP_EQUIL --no-cv --no-phonons --seed S

Usage (from the repository root, after make lammps and a release build of props):
  python3 bench/engine_compare.py [--props .build/release/props] [--seeds 3] [--json FILE]
"""
import argparse
import csv
import json
import math
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
POT = os.path.join(ROOT, "reference/classical/potentials/Cu_mishin1.eam.alloy")
ENGINES = [("props", ["--engine", "props", "--threads", "1"]),
           ("lammps-1", ["--engine", "lammps", "--ranks", "1"]),
           ("lammps-2", ["--engine", "lammps", "--ranks", "2"])]
NPT = ["--ensemble", "npt", "--barostat", "mtk", "--thermostat", "nose-hoover", "--tdamp", "100", "--pdamp", "1000",
       "--pressure", "0", "--dt", "2", "--dump-every", "0"]
COORDINATION_R = 3.45


def props(binary, args):
    r = subprocess.run([binary] + args + ["--quiet", "--json"], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("props %s failed:\n%s" % (" ".join(args), r.stderr))
    return json.loads(r.stdout)


def coordination(path, r_at):
    with open(path) as f:
        table = [(float(row["r_A"]), float(row["n_total"])) for row in csv.DictReader(f)]
    return next(n0 + (n1 - n0) * (r_at - r0) / (r1 - r0) for (r0, n0), (r1, n1) in zip(table, table[1:]) if r0 <= r_at <= r1)


def liquid(binary, engine, seed, a, work):
    w = lambda name: os.path.join(work, name)
    common = NPT + ["--seed", str(seed)] + engine
    props(binary, ["md", POT, "fcc:Cu:3.615", "--supercell", "5", "--temperature", "2500", "--steps", str(a.premelt),
                   "--out", w("premelt")] + common)
    props(binary, ["md", POT, w("premelt/final.extxyz"), "--temperature", "1500", "--steps", str(a.equil),
                   "--out", w("equil")] + common)
    s = props(binary, ["md", POT, w("equil/final.extxyz"), "--temperature", "1500", "--steps", str(a.steps), "--rdf",
                       "--rmax", "6", "--msd", "--sample-every", "20", "--out", w("liquid")] + common)
    n = s["atoms"]
    return {"peak_r": s["rdf"]["first_peak"]["r"], "peak_g": s["rdf"]["first_peak"]["g"],
            "minimum_r": s["rdf"]["first_minimum"]["r"], "coordination": coordination(w("liquid/rdf.csv"), COORDINATION_R),
            "D": s["msd"]["D"]["Cu"]["A2_per_ps"], "V": s["averages"]["V_A3"] / n, "Epot": s["averages"]["Epot_eV"] / n,
            "T": s["averages"]["T_K"]}


def cp(binary, engine, seed, a, work):
    r = props(binary, ["cp", POT, "fcc:Cu:3.615", "--supercell", "5", "--temperature", "300", "--barostat", "mtk",
                       "--thermostat", "nose-hoover", "--steps", str(a.cp_steps), "--equilibrate", str(a.cp_equil),
                       "--no-cv", "--no-phonons", "--seed", str(seed), "--out", os.path.join(work, "cp")] + engine)
    return {"Cp": r["temperatures"][0]["Cp_kB_per_atom"]}


def stats(values):
    m = sum(values) / len(values)
    sd = math.sqrt(sum((v - m) ** 2 for v in values) / (len(values) - 1)) if len(values) > 1 else float("nan")
    return m, sd / math.sqrt(len(values))


LABELS = [("peak_r", "g(r) first peak r (Å)", 4), ("peak_g", "g(r) first peak height", 3),
          ("minimum_r", "g(r) first minimum (Å)", 3), ("coordination", "coordination to 3.45 Å", 3),
          ("D", "D (Å²/ps)", 4), ("V", "<V> (Å³/atom)", 4), ("Epot", "<Epot> (eV/atom)", 5), ("T", "<T> (K)", 1),
          ("Cp", "Cp at 300 K (kB/atom)", 3)]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--props", default=os.path.join(ROOT, ".build/release/props"))
    p.add_argument("--seeds", type=int, default=3)
    p.add_argument("--premelt", type=int, default=2000)
    p.add_argument("--equil", type=int, default=1500)
    p.add_argument("--steps", type=int, default=7500)
    p.add_argument("--cp-steps", type=int, default=10000)
    p.add_argument("--cp-equil", type=int, default=2500)
    p.add_argument("--engines", default=",".join(e for e, _ in ENGINES), help="engines of the liquid runs")
    p.add_argument("--cp-engines", default="props,lammps-1", help="engines of the Cp runs")
    p.add_argument("--only", choices=["liquid", "cp"])
    p.add_argument("--json", help="write the per-seed values and the table here")
    a = p.parse_args()
    engines = [e for e in ENGINES if e[0] in a.engines.split(",")]
    seeds = list(range(1, a.seeds + 1))
    values = {name: {} for name, _ in ENGINES}
    seconds = {name: {} for name, _ in ENGINES}
    for kind, measure in [("liquid", liquid), ("cp", cp)]:
        if a.only and a.only != kind:
            continue
        for name, options in (engines if kind == "liquid" else [e for e in ENGINES if e[0] in a.cp_engines.split(",")]):
            begin = time.time()
            for seed in seeds:
                with tempfile.TemporaryDirectory() as work:
                    for k, v in measure(a.props, options, seed, a, work).items():
                        values[name].setdefault(k, []).append(v)
                print("%s %s seed %d done (%.0f s)" % (kind, name, seed, time.time() - begin), file=sys.stderr, flush=True)
            seconds[name][kind] = time.time() - begin
    print("Cu Mishin EAM, 500 atoms; liquid 1500 K: %d+%d+%d steps of 2 fs (NPT, Nosé-Hoover 100 fs + MTK 1 ps, 0 GPa); "
          "Cp 300 K: %d+%d steps; seeds %s; mean ± standard error over the seeds"
          % (a.premelt, a.equil, a.steps, a.cp_equil, a.cp_steps, ",".join(map(str, seeds))))
    names = [n for n, _ in engines]
    print("%-26s" % "" + "".join("%24s" % n for n in names) + "   agree (3σ)")
    ok = True
    table = {}
    for key, label, digits in LABELS:
        present = [n for n in names + [e for e, _ in ENGINES if e not in names] if key in values[n]]
        if len(present) < 2:
            continue
        row = {n: stats(values[n][key]) for n in present}
        table[key] = row
        agree = all(abs(row[m][0] - row[n][0]) <= 3 * math.hypot(row[m][1], row[n][1]) for m in present for n in present)
        ok &= agree
        print("%-26s" % label + "".join("%24s" % ("%.*f ± %.*f" % (digits, row[n][0], digits, row[n][1]) if n in row else "-")
                                         for n in names) + "   " + ("yes" if agree else "NO"))
    print("wall time (s): " + ", ".join("%s %s" % (n, " ".join("%s %.0f" % kv for kv in seconds[n].items())) for n in names if seconds[n]))
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"values": values, "table": table, "seconds": seconds, "settings": vars(a)}, f, indent=1)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
