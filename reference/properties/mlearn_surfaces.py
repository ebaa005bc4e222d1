"""Surface energies implied by the mlearn DFT data (PBE; Zuo et al., J. Phys. Chem. A 124, 731
(2020)): for each low-index slab of the Surface group, gamma = (E_slab - N e_bulk) / (2 A), with
A = |a1 x a2| (the slabs have their vacuum along a3) and e_bulk the DFT energy per atom of the
ground-state crystal in the same data (Si -5.42532 eV/atom, Mo -10.85018 eV/atom; see
/work/shared/data/dft/README.md). The slabs are the Materials Project ones the data name in
`description` (relaxed, some reconstructed). Usage: python mlearn_surfaces.py DATA_DIR
Cu and Ni have no such bulk frame and their training slabs lost their names (the training sets
were rebuilt from the GAP files); their test sets name two high-index slabs each, printed with
e_bulk = the Elastic group's energy per atom at zero strain (frames with strains <= 1 %, less the
elastic energy of the fit in mlearn_elastic.py: Cu -4.10077, Ni -5.78016 eV/atom, scatter 0.6 and
1.3 meV/atom; the same procedure gives Mo -10.85018).
"""
import re
import sys

import numpy as np

BULK = {"Si": -5.42532, "Mo": -10.85018, "Cu": -4.10077, "Ni": -5.78016}
LOW_INDEX_ONLY = {"Si", "Mo"}
EV_PER_A2_IN_J_PER_M2 = 16.021766208

def frames(path):
    lines = open(path).read().split("\n")
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        n = int(lines[i])
        yield n, lines[i + 1]
        i += n + 2

def main():
    root = sys.argv[1]
    print("element,plane,atoms,area_A2,gamma_J_per_m2,description")
    for el, e_bulk in BULK.items():
        for part in ("train", "test"):
            for n, header in frames("%s/%s/%s.extxyz" % (root, el, part)):
                d = re.search(r'description="([^"]*)"', header)
                m = re.search(r"\((\d)_(\d)_(\d)\)(_reconstr)?", d.group(1) if d else "")
                low = m and sorted(m.group(1, 2, 3)) in (["0", "0", "1"], ["0", "1", "1"], ["1", "1", "1"])
                if not m or (el in LOW_INDEX_ONLY and not low):
                    continue
                cell = np.array([float(x) for x in re.search(r'Lattice="([^"]+)"', header).group(1).split()]).reshape(3, 3)
                e = float(re.search(r"energy=(\S+)", header).group(1))
                area = np.linalg.norm(np.cross(cell[0], cell[1]))
                gamma = (e - n * e_bulk) / (2 * area) * EV_PER_A2_IN_J_PER_M2
                plane = "".join(m.group(1, 2, 3)) + (" reconstructed" if m.group(4) else "")
                print("%s,%s,%d,%.3f,%.4f,%s" % (el, plane, n, area, gamma, d.group(1)))

if __name__ == "__main__":
    main()
