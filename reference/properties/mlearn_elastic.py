"""Lattice constant and cubic elastic constants implied by the mlearn DFT data (PBE; Zuo et al.,
J. Phys. Chem. A 124, 731 (2020)), from the stresses of the Elastic group.

The Elastic group holds the conventional cubic supercell of the ground state (fcc Cu and Ni
3x3x3, 108 atoms; bcc Mo 3x3x3, 54 atoms) under homogeneous strains, atoms at the ideal
(unrelaxed) positions, which is exact for fcc and bcc (no internal relaxation). For every frame
of config_type=Elastic in train and test:
  - the reference cell L0 = n a_ref I, a_ref = the median of the diagonal cell entries / n
    (most entries are unstrained), n = 3 cells per edge;
  - the small strain eps = sym(L0^-1 L) - I (cell vectors as rows), Voigt with engineering shears;
  - frames with max |eps| <= MAX_STRAIN enter a least-squares fit of the six stresses (ASE sign,
    tension positive, GPa) to s_i = -P_ref [i<=3] + sum_j C_ij eps_j with cubic C (C11, C12, C44).
P_ref is the reference cell's residual pressure by the VASP stresses; they put zero pressure at
a_ref (1 + P_ref / (3 B)), B = (C11 + 2 C12)/3 (linear elasticity).
The energies disagree: E/N of the uniaxially strained cells (one normal strain, |eps| <= 3 %,
a cubic in eps) has the slope sigma_E = d(E/N)/d eps / (V/N) at eps = 0, the stress the energies
imply, -2.2 GPa for Cu and -2.3 GPa for Ni against +0.23 and +0.38 GPa from VASP: an isotropic
offset of about 2.5 GPa, as a Pulay stress (an incomplete plane-wave basis) gives. A potential
fitted to these energies and forces finds its minimum where the energies have theirs, so a0 is
taken from the energies: a0 = a_ref (1 - sigma_E / (3 B)) (a0_energy; a0_stress is printed too).
In the Cu and Mo frames and the Ni test frames the yz and xz shear stresses are swapped
against the cells' shears (the Si and Ni training frames are consistent); C44 is therefore
taken from the largest shear stress of each sheared cell, whichever component it is in.
Usage: python mlearn_elastic.py DATA_DIR [El ...]   (DATA_DIR holds El/train.extxyz, El/test.extxyz)
"""
import re
import sys

import numpy as np

from mlearn_surfaces import frames  # the same extended-XYZ frame reader

EV_PER_A3_IN_GPA = 160.21766208
MAX_STRAIN = 0.02
CELLS_PER_EDGE = {"Cu": 3, "Ni": 3, "Mo": 3}


def elastic_frames(root, el):
    out = []
    for part in ("train", "test"):
        for n, header in frames("%s/%s/%s.extxyz" % (root, el, part)):
            if "config_type=Elastic" not in header:
                continue
            cell = np.array([float(x) for x in re.search(r'Lattice="([^"]+)"', header).group(1).split()]).reshape(3, 3)
            s = np.array([float(x) for x in re.search(r' stress="([^"]+)"', header).group(1).split()]).reshape(3, 3)
            out.append((cell, s * EV_PER_A3_IN_GPA))
    return out


def energies(root, el):
    """E/N (eV/atom) of the Elastic frames, in the order of elastic_frames."""
    return [float(re.search(r"energy=(\S+)", h).group(1)) / n for n, h in elastic_headers(root, el)]


def counts(root, el):
    return [n for n, _ in elastic_headers(root, el)]


def elastic_headers(root, el):
    return [(n, h) for part in ("train", "test") for n, h in frames("%s/%s/%s.extxyz" % (root, el, part))
            if "config_type=Elastic" in h]


def voigt_strain(e):
    return np.array([e[0, 0], e[1, 1], e[2, 2], 2 * e[1, 2], 2 * e[0, 2], 2 * e[0, 1]])


def voigt_stress(s):
    return np.array([s[0, 0], s[1, 1], s[2, 2], s[1, 2], s[0, 2], s[0, 1]])


def fit(root, el):
    data = elastic_frames(root, el)
    n = CELLS_PER_EDGE[el]
    a_ref = float(np.median([c[k, k] for c, _ in data for k in range(3)])) / n
    l0_inv = np.linalg.inv(n * a_ref * np.eye(3))
    rows, rhs, used = [], [], 0
    for cell, stress in data:
        g = l0_inv @ cell
        eps = voigt_strain(0.5 * (g + g.T) - np.eye(3))
        if np.max(np.abs(eps)) > MAX_STRAIN:
            continue
        used += 1
        sig = voigt_stress(stress)
        # The yz and xz shear stresses are swapped against the cell's shear in the Cu and Mo
        # frames and the Ni test frames (not in Si, not in the Ni training frames): pair the one
        # shear strain of a sheared cell with the largest shear stress, whichever component.
        k = int(np.argmax(np.abs(eps[3:])))
        shear = eps[3 + k]
        eps[3:] = 0
        eps[3 + k] = shear
        big = int(np.argmax(np.abs(sig[3:])))
        sig[3 + k], sig[3 + big] = sig[3 + big], sig[3 + k]
        for i in range(6):
            # unknowns: P_ref, C11, C12, C44
            r = np.zeros(4)
            if i < 3:
                r[0] = -1
                r[1] = eps[i]
                r[2] = sum(eps[j] for j in range(3) if j != i)
            else:
                r[3] = eps[i]
            rows.append(r)
            rhs.append(sig[i])
    x, res, _, _ = np.linalg.lstsq(np.array(rows), np.array(rhs), rcond=None)
    p_ref, c11, c12, c44 = x
    rms = float(np.sqrt(np.mean((np.array(rows) @ x - np.array(rhs)) ** 2)))
    b = (c11 + 2 * c12) / 3
    strain, energy = [], []
    for (cell, _), e_per_atom, atoms in zip(data, energies(root, el), counts(root, el)):
        g = l0_inv @ cell
        eps = voigt_strain(0.5 * (g + g.T) - np.eye(3))
        normal = np.flatnonzero(np.abs(eps) > 1e-6)
        if len(normal) == 1 and normal[0] < 3 and abs(eps[normal[0]]) <= 0.031:
            strain.append(eps[normal[0]])
            energy.append(e_per_atom)
    volume_per_atom = (n * a_ref) ** 3 / counts(root, el)[0]
    slope = np.polyfit(strain, energy, 3 if len(strain) >= 8 else 2)[-2]
    sigma_e = slope / volume_per_atom * EV_PER_A3_IN_GPA
    return dict(element=el, frames=len(data), used=used, a_ref=a_ref, P_ref=p_ref,
                a0_stress=a_ref * (1 + p_ref / (3 * b)), uniaxial=len(strain), sigma_E=sigma_e,
                a0_energy=a_ref * (1 - sigma_e / (3 * b)), C11=c11, C12=c12, C44=c44, B0=b, fit_rms_GPa=rms)


def main():
    root = sys.argv[1]
    elements = sys.argv[2:] or sorted(CELLS_PER_EDGE)
    print("element,elastic_frames,used,a_ref_A,P_ref_GPa,a0_stress_A,uniaxial_frames,sigma_E_GPa,a0_energy_A,"
          "C11_GPa,C12_GPa,C44_GPa,B0_GPa,fit_rms_GPa")
    for el in elements:
        r = fit(root, el)
        print("%s,%d,%d,%.4f,%.2f,%.4f,%d,%.2f,%.4f,%.1f,%.1f,%.1f,%.1f,%.2f" % (
            el, r["frames"], r["used"], r["a_ref"], r["P_ref"], r["a0_stress"], r["uniaxial"], r["sigma_E"], r["a0_energy"],
            r["C11"], r["C12"], r["C44"], r["B0"], r["fit_rms_GPa"]))


if __name__ == "__main__":
    main()
