#!/usr/bin/env python3
"""Physics validation of `props cp` and `props melt` (`make validate-melt`; minutes, not a unit test).

1. Heat capacity of fcc Cu (Mishin EAM), 256 atoms (4x4x4, smaller than the 500 of the
   default to keep the run short), dt 2 fs, CSVR + stochastic cell rescaling at 0 GPa:
   Cp from enthalpy fluctuations at 300 K and 900 K against dH/dT from the mean enthalpies
   at T +- 50 K (central difference). Criterion: agreement within 2 sigma of the combined
   errors. Cv (NVT) and the harmonic quantum Cv are reported.
2. Heating ramps at the paper's settings (fcc 5x5x5 = 500 atoms, dt 10 fs, Berendsen
   thermostat 500 fs and barostat 1000 fs, 1 bar, 100 K for 2000 steps), rates 0.05, 0.1,
   0.2, 0.4 and 0.8 K/step to 2500 K, two at a time on one core each: Tm by criteria A
   and B and the fit to zero rate. Criteria: every ramp melts well above the experimental
   1358 K (more than 10 % above: superheating), and the two criteria agree within 5 % for
   each rate. The runtime of each rate is reported.
3. Void and surface starts at 0.1 K/step (reported: how much of the superheating they
   remove).
4. Solid-liquid coexistence (1000 atoms, 5x5x10, dt 2 fs, NPH 30000 steps = 60 ps):
   criterion within 30 K of the published coexistence Tm of this potential, 1327 K
   (Mishin et al., Phys. Rev. B 63, 224106 (2001)); both phases must remain.
Usage: bench/validate_melt.py [--props PATH] [--work DIR]
"""
import argparse, json, math, os, subprocess, sys, time

HERE = os.path.dirname(os.path.realpath(__file__))
ROOT = os.path.dirname(HERE)
POT = os.path.join(ROOT, "reference/classical/potentials/Cu_mishin1.eam.alloy")
TM_COEXISTENCE = 1327.0
TM_EXPERIMENT = 1358.0


def props(args, binary):
    start = time.time()
    r = subprocess.run([binary] + args + ["--quiet", "--json"], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("props %s failed: %s" % (" ".join(args), r.stderr))
    return json.loads(r.stdout), time.time() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--props", default=os.path.join(ROOT, ".build/release/props"))
    ap.add_argument("--work", default=os.path.join(ROOT, ".build/validate-melt"))
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    w = lambda name: os.path.join(a.work, name)
    ok = True

    # 1. Cp: fluctuations against dH/dT.
    for t in (300, 900):
        temps = "%d,%d,%d" % (t - 50, t, t + 50)
        cp, seconds = props(["cp", POT, "fcc:Cu:3.615", "--supercell", "4", "--temperature", temps, "--steps", "50000",
                             "--equilibrate", "5000", "--dt", "2", "--seed", "7", "--out", w("cp-%d" % t)], a.props)
        rows = {r["T"]: r for r in cp["temperatures"]}
        lo, mid, hi = rows[t - 50], rows[t], rows[t + 50]
        kb = 8.617333262e-5
        slope = (hi["H_eV_per_atom"] - lo["H_eV_per_atom"]) / 100 / kb
        slope_err = math.hypot(hi["H_error_eV_per_atom"], lo["H_error_eV_per_atom"]) / 100 / kb
        diff = mid["Cp_kB_per_atom"] - slope
        sigma = math.hypot(mid["error_kB_per_atom"], slope_err)
        good = abs(diff) < 2 * sigma
        ok &= good
        print("Cu EAM %d K, 256 atoms: Cp(fluctuations) %.3f +- %.3f kB/atom, dH/dT (%d-%d K) %.3f +- %.3f, "
              "difference %.1f sigma; Cv(NVT) %.3f +- %.3f; harmonic quantum Cv %.3f; %.0f s  %s"
              % (t, mid["Cp_kB_per_atom"], mid["error_kB_per_atom"], t - 50, t + 50, slope, slope_err, diff / sigma,
                 mid["Cv_kB_per_atom"], mid["Cv_error_kB_per_atom"], mid["harmonic_quantum_Cv_kB_per_atom"], seconds,
                 "PASS" if good else "FAIL"))

    # 2. Ramps at the paper's settings.
    rates = [0.05, 0.1, 0.2, 0.4, 0.8]
    fit, seconds = props(["melt", POT, "--rates", ",".join("%g" % r for r in rates), "--seed", "11", "--jobs", "2",
                          "--threads", "2", "--out", w("ramps")], a.props)
    print("Ramps, fcc Cu 500 atoms, dt 10 fs, Berendsen 500/1000 fs, 1 bar, two rates at a time on one core each (%.0f s in all):"
          % seconds)
    for run in fit["runs"]:
        rate = run["rate"]
        a_, b_ = run["Tm_cp"], run["Tm_lindemann"]
        superheated = a_ is not None and b_ is not None and min(a_, b_) > TM_EXPERIMENT * 1.1
        agree = a_ is not None and b_ is not None and abs(a_ - b_) < 0.05 * a_
        ok &= superheated and agree
        print("  %5g K/step: Tm A %.0f +- %.0f K, B %.0f +- %.0f K (A-B %+.1f %%), %5.1f s for %d steps  %s"
              % (rate, a_ or float("nan"), run["Tm_cp_spread"] or float("nan"), b_ or float("nan"),
                 run["Tm_lindemann_spread"] or float("nan"), 100 * ((a_ or 0) - (b_ or 0)) / (a_ or 1), run["seconds"],
                 2000 + math.ceil(2400 / rate), "PASS" if superheated and agree else "FAIL"))
    e = fit["extrapolated"]
    print("  fit a + b*rate: Tm(0) = %s +- %s K (A), %s +- %s K (B); superheating %.0f %% above the coexistence Tm"
          % (fmt(e["Tm_cp"]), fmt(e["Tm_cp_error"]), fmt(e["Tm_lindemann"]), fmt(e["Tm_lindemann_error"]),
             100 * ((e["Tm_cp"] or 0) / TM_COEXISTENCE - 1)))

    # 3. Void and surface starts.
    for start in ("void", "surface"):
        out, seconds = props(["melt", POT, "--rate", "0.1", "--start", start, "--seed", "11", "--out", w(start)], a.props)
        run = out["runs"][0]
        print("Start %s, 0.1 K/step: Tm A %s K, B %s K (%.0f s)" % (start, fmt(run["Tm_cp"]), fmt(run["Tm_lindemann"]), seconds))

    # 4. Coexistence.
    out, seconds = props(["melt", POT, "--start", "coexistence", "--tguess", "1330", "--coexistence-steps", "30000",
                          "--seed", "11", "--out", w("coexistence")], a.props)
    c = out["coexistence"]
    good = c["both_phases"] and abs(c["Tm"] - TM_COEXISTENCE) < 30
    ok &= good
    print("Coexistence (NPH), %d atoms: Tm = %.1f +- %.1f K (published 1327 K), solid fraction %.2f -> %.2f, %.0f s  %s"
          % (c["atoms"], c["Tm"], c["error"], c["solid_fraction_start"], c["solid_fraction_end"], seconds,
             "PASS" if good else "FAIL"))
    print("ALL PASS" if ok else "SOME CHECKS FAILED")
    return 0 if ok else 1


def fmt(x):
    return "n/a" if x is None else "%.0f" % x


if __name__ == "__main__":
    sys.exit(main())
