#!/usr/bin/env python3
"""The anchor of props-bench's linear-algebra section: numpy on the same matrices.

numpy.linalg.eigh calls LAPACK's dsyevd (values and vectors) and numpy.linalg.cholesky its
dpotrf; the matrix is the one props-bench builds (the same 64-bit linear congruential
sequence, symmetric, plus n on the diagonal), 1200 x 1200. Prints one JSON object:
{"numpy_version", "libraries": the BLAS/LAPACK files this process mapped,
 "seconds": {"linalg dsyevd 1200": median s, "linalg dpotrf 1200": median s}}.
Only a numpy linked against the system's LAPACK (Debian's python3-numpy, through the
BLAS/LAPACK alternatives) times the same library as props; bench/driver.py checks the
libraries and uses this anchor only then. --libraries prints the libraries without timing.
Threads: OPENBLAS_NUM_THREADS / OMP_NUM_THREADS as set by the caller.
"""
import argparse
import json
import os
import sys
import time

MASK = (1 << 64) - 1


def test_matrix(np, n):
    """props-bench's matrix: x_k from the LCG state >> 11 scaled to [-0.5, 0.5), filling the
    lower triangle row by row and mirrored, plus n on the diagonal."""
    state = 12345
    values = []
    for _ in range(n * (n + 1) // 2):
        state = (state * 6364136223846793005 + 1442695040888963407) & MASK
        values.append((state >> 11) / float(1 << 53) - 0.5)
    a = np.zeros((n, n))
    rows, cols = np.tril_indices(n)  # row-major order of the lower triangle, as the Swift loops
    a[rows, cols] = values
    a[cols, rows] = values
    a[np.diag_indices(n)] += n
    return a


def libraries():
    """BLAS/LAPACK shared libraries mapped into this process (after one call into each)."""
    try:
        with open("/proc/self/maps") as f:
            paths = {line.split()[-1] for line in f if len(line.split()) >= 6}
    except OSError:
        return []
    return sorted(p for p in paths if p.startswith("/") and any(w in os.path.basename(p) for w in ("lapack", "blas")))


def median_seconds(call, repeats):
    times = []
    for _ in range(max(1, repeats)):
        t0 = time.perf_counter()
        call()
        times.append(time.perf_counter() - t0)
    return sorted(times)[len(times) // 2]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=1200)
    ap.add_argument("--repeats", type=int, default=3, help="calls of each; the median is reported")
    ap.add_argument("--libraries", action="store_true", help="only report the loaded BLAS/LAPACK libraries")
    args = ap.parse_args()
    try:
        import numpy as np
    except ImportError as e:
        print("linalg_bench: no numpy in %s (%s)" % (sys.executable, e), file=sys.stderr)
        return 3
    small = test_matrix(np, 8)
    np.linalg.eigh(small)
    np.linalg.cholesky(small)
    if args.libraries:
        print(json.dumps({"numpy_version": np.__version__, "libraries": libraries()}))
        return 0
    a = test_matrix(np, args.n)
    eigh = median_seconds(lambda: np.linalg.eigh(a), args.repeats)
    cholesky = median_seconds(lambda: np.linalg.cholesky(a), args.repeats)
    print(json.dumps({"numpy_version": np.__version__, "libraries": libraries(),
                      "seconds": {"linalg dsyevd %d" % args.n: eigh, "linalg dpotrf %d" % args.n: cholesky}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
