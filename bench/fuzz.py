#!/usr/bin/env python3
"""Deterministic mutation fuzzer over every reader of `props` (`make fuzz`).

Each format is one line of FORMATS: a seed (a file, or a directory with the file to mutate)
and the props command that reads it. Every case copies the seed, applies 1-3 mutations that
matter to a reader (a number made 0, -1, 1e308, NaN, inf, 2^63, 4294967297, 1e-320...; an
integer made a huge count; truncation; a duplicated, deleted or swapped line; CRLF line
endings; random or overwritten bytes; a 200 kB token) and runs the release `props` binary on
it in a child process with a timeout and a memory limit. By default the children are forked
by one `props __fuzz-server` process per worker (Sources/props/CLI/FuzzServer.swift), which
saves starting the program per case; --no-server starts `props` per case (ulimit -v, timeout
here) instead. Each run is classified:

  crash      killed by a signal or exit status >= 128 (a trap, a precondition, out of memory)
  hang       still running at the timeout
  nonfinite  exit 0 with nan or inf in its output: a silently wrong answer
  unclear    an error whose message names neither the input file nor a line
  error      a clear error (non-zero exit naming the file)   -- fine
  ok         exit 0 with finite output (the mutation was harmless)   -- fine

The random stream of a format depends only on --seed and the format's name, so a case is
reproduced by its (format, index) and `--keep DIR` writes the inputs of every bad case.
The exit status is 1 when any crash, hang or nonfinite case was found.

Written in Python rather than Swift: it is a harness around the binary, not part of it
(no build time, no new target), and subprocess/resource limits are one call here.

Usage: bench/fuzz.py [--props .build/release/props] [--cases N] [--seed S] [--timeout SEC]
                     [--memory-mb MB] [--jobs J] [--formats a,b] [--keep DIR] [--list] [--no-server]
"""
import argparse, os, random, re, shutil, subprocess, sys, tempfile, threading, time, zlib
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.realpath(__file__))
ROOT = os.path.dirname(HERE)
SEEDS = os.path.join(HERE, "fuzz-seeds")
POTS = "reference/classical/potentials"
ML = "reference/lammps-ml/potentials"

# name: (seed path relative to the repository, file inside a seed directory to mutate
# (None: the seed is the file), props arguments with {in} for the mutated input, cost weight:
# cases are divided by it, so slow commands get fewer cases)
FORMATS = {
    "poscar": ("reference/dft-phonons/Si-PBE-vasp/POSCAR-unitcell", None, ["eval", f"{POTS}/Si.sw", "{in}"], 1),
    "extxyz": ("bench/fuzz-seeds/Si-2frames.extxyz", None, ["eval", f"{POTS}/Si.tersoff", "{in}"], 1),
    "extxyz-validate": ("bench/fuzz-seeds/Si-2frames.extxyz", None,
                        ["validate", f"{POTS}/Si.tersoff", "--data", "{in}", "--out", "{dir}/v"], 1),
    "eam-setfl": (f"{POTS}/Cu_mishin1.eam.alloy", None, ["eval", "{in}", "fcc:Cu:3.615"], 8),  # 700 kB: 1 s a case
    "eam-funcfl": (f"{POTS}/Cu_u3.eam", None, ["eval", "{in}", "fcc:Cu:3.615"], 1),
    "eam-fs": ("bench/fuzz-seeds/CuAg.eam.fs", None, ["eval", "{in}", "fcc:Cu:3.615"], 1),
    "sw": (f"{POTS}/Si.sw", None, ["eval", "{in}", "diamond:Si:5.431"], 1),
    "tersoff": (f"{POTS}/Si.tersoff", None, ["eval", "{in}", "diamond:Si:5.431"], 1),
    "pot": ("reference/potentials/Si.pot", None, ["eval", "{in}", "diamond:Si:5.431"], 1),
    "n2p2-input": ("reference/nn/zuo2020-nnp/Si", "input.nn", ["eval", "bohr:{in}", "diamond:Si:5.431"], 1),
    "n2p2-scaling": ("reference/nn/zuo2020-nnp/Si", "scaling.data", ["eval", "bohr:{in}", "diamond:Si:5.431"], 1),
    "n2p2-weights": ("reference/nn/zuo2020-nnp/Si", "weights.014.data", ["eval", "bohr:{in}", "diamond:Si:5.431"], 1),
    "aenet-binary": ("reference/nn/aenet-Cu-dimer/Cu.05t-05t.nn", None, ["eval", "{in}", "fcc:Cu:3.615"], 1),
    "aenet-ascii": ("reference/nn/aenet-pytorch-TiO2/O.pytorch.nn.ascii", None,
                    ["eval", "{in}", "fcc:O:3.0"], 1),
    "force-sets": ("reference/dft-phonons/Si-PBE-vasp", "FORCE_SETS",
                   ["phonons", "--force-sets", "{in}/FORCE_SETS", "--points", "5", "--mesh", "4", "--out", "{dir}/p"], 2),
    "phonopy-disp": ("reference/dft-phonons/Si-PBE-vasp", "phonopy_disp.yaml",
                     ["phonons", "--force-sets", "{in}/FORCE_SETS", "--points", "5", "--mesh", "4", "--out", "{dir}/p"], 2),
    "band-yaml": ("reference/phonopy/Si_sw-sc3-phonopy/band.yaml", None,
                  ["phonons", "--force-sets", "reference/dft-phonons/Si-PBE-vasp/FORCE_SETS", "--compare", "{in}",
                   "--path", "G X K G L", "--points", "5", "--mesh", "4", "--out", "{dir}/p"], 2),
    "lammps-data": ("reference/structures/GaN-wurtzite.data", None, ["eval", f"{POTS}/GaN.sw", "{in}"], 1),
    "lammps-dump": ("reference/structures/GaN-wurtzite.custom.dump", None,
                    ["eval", f"{POTS}/GaN.sw", "{in}", "--types", "1=Ga,2=N"], 1),
    "cif": ("reference/structures/GaN-wurtzite.cif", None, ["eval", f"{POTS}/GaN.sw", "{in}"], 1),
    "extxyz-molecule": ("bench/fuzz-seeds/Si-dimer.extxyz", None, ["eval", f"{POTS}/Si.sw", "{in}"], 1),
    "extxyz-slab-md": ("bench/fuzz-seeds/Si-slab.extxyz", None,
                       ["md", f"{POTS}/Si.sw", "{in}", "--ensemble", "nvt", "--temperature", "300", "--steps", "5",
                        "--out", "{dir}/md"], 1),
    "tersoff-mod": (f"{POTS}/Si.tersoff.mod", None, ["eval", "{in}", "diamond:Si:5.431"], 1),
    "tersoff-zbl": (f"{POTS}/SiC.tersoff.zbl", None, ["eval", "{in}", "zincblende:Si-C:4.36"], 1),
    "meam-library": (f"{POTS}/library.meam", None, ["eval", f"{{in}},{POTS}/SiC.meam", "zincblende:Si-C:4.36", "--map", "Si,C"], 1),
    "meam-parameters": (f"{POTS}/SiC.meam", None, ["eval", f"{POTS}/library.meam,{{in}}", "zincblende:Si-C:4.36", "--map", "Si,C"], 1),
    "snap-coeff": (f"{ML}/Cu_Zuo_JPCA2020.snapcoeff", None, ["eval", f"{{in}},{ML}/Cu_Zuo_JPCA2020.snapparam", "fcc:Cu:3.6"], 1),
    "snap-param": (f"{ML}/Cu_Zuo_JPCA2020.snapparam", None, ["eval", f"{ML}/Cu_Zuo_JPCA2020.snapcoeff,{{in}}", "fcc:Cu:3.6"], 1),
    "mliap-model": (f"{ML}/Cu.nn.mliap.model", None, ["eval", f"{{in}},{ML}/Cu.snap.mliap.descriptor", "fcc:Cu:3.6"], 1),
    "mliap-descriptor": (f"{ML}/Cu.snap.mliap.descriptor", None, ["eval", f"{ML}/Cu.nn.mliap.model,{{in}}", "fcc:Cu:3.6"], 1),
    "agni": (f"{ML}/Al_jpc.agni", None, ["eval", "{in}", "fcc:Al:4.05"], 8),  # 840 kB: 0.7 s a case
    "gap-xml": ("reference/gap/CuAl", "CuAl_gap.xml", ["eval", "{in}/CuAl_gap.xml", "fcc:Cu:3.6"], 1),
    "checkpoint": ("bench/fuzz-seeds/md-checkpoint", "checkpoint.txt", ["md", "--resume", "{in}", "--steps", "6"], 1),
    "train-recipe": ("bench/fuzz-seeds/train.recipe", None, ["train", "--recipe", "{in}"], 3),
    "report-recipe": ("bench/fuzz-seeds/report.recipe", None, ["report", "--recipe", "{in}", "--out", "{dir}/r"], 3),
}

SPECIAL = [b"0", b"-1", b"1e308", b"-1e308", b"nan", b"NaN", b"inf", b"-inf", b"1e-320", b"4294967297",
           b"9223372036854775808", b"2147483648", b"1e26", b"-0", b"1e-9", b"100000",
           b"7ff8000000000000", b"7fefffffffffffff"]  # the last two: NaN and 1.8e308 as checkpoint hex bits
HUGE = [b"4294967297", b"9223372036854775808", b"2147483648", b"100000000", b"-2147483649"]
NUMBER = re.compile(rb"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eEdD][-+]?\d+)?")
INTEGER = re.compile(rb"(?<![\w.])\d+(?![\w.])")
NONFINITE = re.compile(r"(?i)(?<![\w/.-])[-+]?(nan|inf)(?![\w/.])")


def lines_of(data):
    return data.split(b"\n")


def mutate(data, rng):
    """One mutation of `data` (bytes) chosen by `rng`."""
    kind = rng.randrange(11)
    if kind <= 2:  # a number made special (most weight: most bugs hide behind numbers)
        spans = [m.span() for m in NUMBER.finditer(data, 0, min(len(data), 1 << 20))]
        if spans:
            a, b = rng.choice(spans)
            return data[:a] + rng.choice(SPECIAL) + data[b:]
    if kind == 3:  # an integer made a huge count
        spans = [m.span() for m in INTEGER.finditer(data, 0, min(len(data), 1 << 20))]
        if spans:
            a, b = rng.choice(spans[:50] if rng.random() < 0.7 else spans)
            return data[:a] + rng.choice(HUGE) + data[b:]
    if kind == 4:  # truncation
        return data[:rng.randrange(len(data) + 1)]
    ls = lines_of(data)
    if kind == 5 and ls:  # duplicated line
        k = rng.randrange(len(ls))
        return b"\n".join(ls[:k + 1] + [ls[k]] + ls[k + 1:])
    if kind == 6 and ls:  # deleted line
        k = rng.randrange(len(ls))
        return b"\n".join(ls[:k] + ls[k + 1:])
    if kind == 7 and len(ls) > 1:  # swapped lines
        i, j = rng.randrange(len(ls)), rng.randrange(len(ls))
        ls[i], ls[j] = ls[j], ls[i]
        return b"\n".join(ls)
    if kind == 8:  # Windows line endings
        return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    if kind == 9:  # bytes overwritten (binary fields: huge counts, NaN, random)
        if not data:
            return bytes(rng.randrange(256) for _ in range(8))
        k = rng.randrange(len(data))
        patch = rng.choice([b"\xff\xff\xff\x7f", b"\xff\xff\xff\xff", b"\x01\x00\x00\x00\x01\x00\x00\x00",
                            b"\x00\x00\x00\x00\x00\x00\xf8\x7f", b"\xff\xff\xff\xff\xff\xff\xef\x7f",
                            bytes(rng.randrange(256) for _ in range(rng.randrange(1, 9)))])
        return data[:k] + patch + data[k + len(patch):]
    if kind == 10:  # a very long token
        k = rng.randrange(len(data) + 1)
        return data[:k] + b"9" * 200_000 + data[k:]
    # fallback: random bytes inserted
    k = rng.randrange(len(data) + 1)
    return data[:k] + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 9))) + data[k:]


def prepare(case_dir, fmt, rng):
    """Copies the seed of `fmt` into `case_dir`, mutates it; returns (input path, mutated file)."""
    seed, inner, _, _ = FORMATS[fmt]
    src = os.path.join(ROOT, seed)
    if inner is None:
        target = os.path.join(case_dir, os.path.basename(seed))
        path = target
        with open(src, "rb") as f:
            data = f.read()
    else:
        path = os.path.join(case_dir, os.path.basename(seed.rstrip("/")))
        shutil.copytree(src, path)
        target = os.path.join(path, inner)
        with open(target, "rb") as f:
            data = f.read()
    data = data.replace(b"@REPO@", ROOT.encode())
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        data = mutate(data, rng)
    with open(target, "wb") as f:
        f.write(data)
    return path, target


def classify(proc_status, stdout, stderr, timed_out, names):
    if timed_out:
        return "hang"
    if proc_status < 0 or proc_status >= 128:
        return "crash"
    if proc_status == 0:
        return "nonfinite" if NONFINITE.search(stdout) else "ok"
    first = stderr.strip().splitlines()[:3]
    text = "\n".join(first)
    # the input's name, a line number, or another file the input points to (a recipe's data)
    if any(n in text for n in names) or re.search(r":\d+:", text) or re.search(r"error: \S*[/.]\S*: ", text):
        return "error"
    return "unclear"


class Server:
    """A `props __fuzz-server` process (one per worker thread): each case runs in a child the
    server forks, so a case costs a fork instead of starting the program; a crash or hang
    still ends only that child. Restarted if the server itself ever dies."""
    local = threading.local()

    def __init__(self, props):
        self.proc = subprocess.Popen([props, "__fuzz-server"], cwd=ROOT, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, bufsize=1)

    @classmethod
    def of_thread(cls, props):
        server = getattr(cls.local, "server", None)
        if server is None or server.proc.poll() is not None:
            server = cls.local.server = cls(props)
        return server

    def run(self, args, out_path, err_path, timeout, memory_mb):
        """(status, timed_out): status < 0 for a signal, as subprocess reports it."""
        fields = [out_path, err_path, str(max(1, int(round(timeout)))), str(memory_mb)] + args
        if any("\t" in f or "\n" in f for f in fields):
            raise ValueError("a tab or newline in an argument")
        self.proc.stdin.write("\t".join(fields) + "\n")
        self.proc.stdin.flush()
        reply = self.proc.stdout.readline().split()
        if not reply:
            raise RuntimeError("props __fuzz-server stopped")
        if reply[0] == "timeout":
            return -14, True
        if reply[0] == "signal":
            return -int(reply[1]), False
        if reply[0] == "exit":
            return int(reply[1]), False
        raise RuntimeError("props __fuzz-server: " + " ".join(reply))


def run_case(props, fmt, index, seed, timeout, memory_mb, keep, server=True):
    began = time.time()
    rng = random.Random(seed * 1_000_003 + zlib.crc32(fmt.encode()) * 65_537 + index)
    case_dir = tempfile.mkdtemp(prefix=f"fuzz-{fmt}-")
    try:
        path, target = prepare(case_dir, fmt, rng)
        args = [a.replace("{in}", path).replace("{dir}", case_dir) for a in FORMATS[fmt][2]]
        args += ["--quiet", "--threads", "1"]
        timed_out = False
        if server:
            out_path, err_path = os.path.join(case_dir, ".stdout"), os.path.join(case_dir, ".stderr")
            status, timed_out = Server.of_thread(props).run(args, out_path, err_path, timeout, memory_mb)
            out, err = (open(f, "rb").read().decode(errors="replace") if os.path.exists(f) else ""
                        for f in (out_path, err_path))
            for f in (out_path, err_path):
                if os.path.exists(f):
                    os.remove(f)
        else:
            command = f"ulimit -v {memory_mb * 1024}; exec \"$@\""
            try:
                p = subprocess.run(["sh", "-c", command, "sh", props] + args,
                                   cwd=ROOT, capture_output=True, timeout=timeout)
                status, out, err = p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")
            except subprocess.TimeoutExpired as e:
                timed_out, status = True, -9
                out = (e.stdout or b"").decode(errors="replace")
                err = (e.stderr or b"").decode(errors="replace")
        names = {os.path.basename(target), os.path.basename(path), path}
        verdict = classify(status, out.replace(case_dir, "CASE"), err, timed_out, names)
        if keep and verdict not in ("ok", "error"):
            dest = os.path.join(keep, f"{fmt}-{index}-{verdict}")
            shutil.rmtree(dest, ignore_errors=True)
            shutil.copytree(case_dir, dest)
            with open(os.path.join(dest, "command.txt"), "w") as f:
                f.write(" ".join([props] + args) + f"\nexit {status}\n--- stderr\n{err[:2000]}\n--- stdout\n{out[:2000]}\n")
        return fmt, index, verdict, err.strip().splitlines()[0][:160] if err.strip() else "", time.time() - began
    finally:
        shutil.rmtree(case_dir, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--props", default=os.path.join(ROOT, ".build/release/props"))
    ap.add_argument("--cases", type=int, default=300, help="cases per format (divided by its cost weight)")
    ap.add_argument("--seed", type=int, default=19)
    ap.add_argument("--timeout", type=float, default=30, help="seconds per case")
    ap.add_argument("--memory-mb", type=int, default=4096, help="ulimit -v per case, MB")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--formats", default="", help="comma-separated subset (default all)")
    ap.add_argument("--keep", default="", help="directory for the inputs of bad cases")
    ap.add_argument("--list", action="store_true", help="list the formats and exit")
    ap.add_argument("--max-seconds", type=float, default=0,
                    help="stop starting cases after this long (0: run all) and report the cases run")
    ap.add_argument("--no-server", action="store_true",
                    help="start props once per case instead of forking it from `props __fuzz-server`")
    a = ap.parse_args()
    if a.list:
        for name, (seed, inner, args, cost) in FORMATS.items():
            print(f"{name:16s} {seed}{'/' + inner if inner else ''}: props {' '.join(args)}")
        return 0
    formats = [f for f in a.formats.split(",") if f] or list(FORMATS)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        sys.exit(f"fuzz: unknown format(s) {', '.join(unknown)}; known: {', '.join(FORMATS)}")
    if not os.access(a.props, os.X_OK):
        sys.exit(f"fuzz: no props binary at {a.props} (make build)")
    if a.keep:
        os.makedirs(a.keep, exist_ok=True)
    # Formats interleaved in proportion to their case counts, so that a run stopped by
    # --max-seconds has covered every format alike.
    jobs = sorted(((f, i) for f in formats for i in range(max(1, a.cases // FORMATS[f][3]))),
                  key=lambda j: ((j[1] + 0.5) * FORMATS[j[0]][3], formats.index(j[0])))
    kinds = ["ok", "error", "unclear", "crash", "hang", "nonfinite"]
    table = {f: dict.fromkeys(kinds, 0) for f in formats}
    examples = {}
    start = time.time()
    done = 0
    busy = dict.fromkeys(formats, 0.0)
    queue = iter(jobs)
    lock = threading.Lock()

    def worker():
        results = []
        while True:
            with lock:
                job = next(queue, None)
            if job is None or (a.max_seconds and time.time() - start > a.max_seconds):
                return results
            results.append(run_case(a.props, job[0], job[1], a.seed, a.timeout, a.memory_mb, a.keep, not a.no_server))
            with lock:
                progress(len(results))

    counter = [0]

    def progress(_):
        counter[0] += 1
        if counter[0] % 2000 == 0:
            print(f"fuzz: {counter[0]} of {len(jobs)} inputs, {time.time() - start:.0f} s", file=sys.stderr, flush=True)

    with ThreadPoolExecutor(max_workers=a.jobs) as pool:
        outcomes = [r for rs in pool.map(lambda _: worker(), range(a.jobs)) for r in rs]
    for fmt, index, verdict, first, seconds in sorted(outcomes, key=lambda r: (formats.index(r[0]), r[1])):
            table[fmt][verdict] += 1
            busy[fmt] += seconds
            done += 1
            if verdict not in ("ok", "error"):
                examples.setdefault((fmt, verdict), []).append((index, first))
    stopped = f" (stopped by --max-seconds: {done} of {len(jobs)})" if done < len(jobs) else ""
    print(f"props fuzz: seed {a.seed}, {done} inputs{stopped}, timeout {a.timeout:g} s, memory {a.memory_mb} MB, "
          f"{time.time() - start:.0f} s")
    print(f"{'format':16s} " + " ".join(f"{k:>9s}" for k in ["cases"] + kinds) + "   ms/case")
    for f in formats:
        row = table[f]
        n = sum(row.values())
        print(f"{f:16s} {n:9d} " + " ".join(f"{row[k]:9d}" for k in kinds) + f" {1000 * busy[f] / max(n, 1):9.0f}")
    total = {k: sum(table[f][k] for f in formats) for k in kinds}
    print(f"{'total':16s} {done:9d} " + " ".join(f"{total[k]:9d}" for k in kinds))
    for (fmt, verdict), cases in sorted(examples.items()):
        for index, first in cases[:3]:
            print(f"  {verdict:9s} {fmt} case {index}: {first}")
    return 1 if total["crash"] or total["hang"] or total["nonfinite"] else 0


if __name__ == "__main__":
    sys.exit(main())
