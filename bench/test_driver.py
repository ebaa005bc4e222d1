#!/usr/bin/env python3
"""Tests of bench/driver.py's pieces that need no timing and no LAMMPS (run by `make test`):
the alternation order, medians and ratios, the table, the README rewrite, the LAPACK check."""
import os
import sys
import tempfile
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import driver  # noqa: E402


class Alternation(unittest.TestCase):
    def test_props_and_anchor_alternate_props_first(self):
        log = []

        def props():
            log.append("props")
            return {"x": len(log)}

        def anchor():
            log.append("anchor")
            return {"x": len(log)}
        pairs = driver.alternate(3, props, anchor)
        self.assertEqual(log, ["props", "anchor"] * 3)
        self.assertEqual(pairs, [({"x": 1}, {"x": 2}), ({"x": 3}, {"x": 4}), ({"x": 5}, {"x": 6})])

    def test_without_anchor_every_round_has_an_empty_anchor(self):
        pairs = driver.alternate(2, lambda: {"x": 1.0}, None)
        self.assertEqual(pairs, [({"x": 1.0}, {}), ({"x": 1.0}, {})])

    def test_together_runs_both_at_once_pinned_and_swaps_the_cpus(self):
        if driver.pinnable_pair() is None:
            self.skipTest("fewer than two CPUs")
        cpus = driver.pinnable_pair()
        started = threading.Barrier(2, timeout=30)  # both wait here: they must run at once

        def pinned(name):
            def measure():
                started.wait()
                return {name: sorted(os.sched_getaffinity(0))}
            return measure
        before = os.sched_getaffinity(0)
        pairs = driver.alternate(3, pinned("props"), pinned("anchor"), together=cpus)
        a, b = [cpus[0]], [cpus[1]]
        self.assertEqual(pairs, [({"props": a}, {"anchor": b}), ({"props": b}, {"anchor": a}),
                                 ({"props": a}, {"anchor": b})])
        self.assertEqual(os.sched_getaffinity(0), before)  # the caller's own pinning is untouched
        # One round at a time (as run_groups calls it): the round number decides the CPUs.
        self.assertEqual(driver.alternate(1, pinned("props"), pinned("anchor"), together=cpus, first_round=1),
                         [({"props": b}, {"anchor": a})])

    def test_together_without_anchor_runs_props_alone(self):
        pairs = driver.alternate(2, lambda: {"x": 1.0}, None, together=(0, 1))
        self.assertEqual(pairs, [({"x": 1.0}, {}), ({"x": 1.0}, {})])

    def test_each_round_runs_one_core_then_two(self):
        log = []

        def measure(name):
            def call(runner, cores):
                log.append((name, cores, os.environ["OMP_NUM_THREADS"]))
                return {name: float(cores)}
            return call

        def failing(runner, cores):
            raise driver.Failed("no anchor here")
        group = driver.Group("x", "A", [], measure("p"), measure("a"))
        results = driver.run_groups([group], None, 2)
        self.assertEqual(log, [("p", 1, "1"), ("a", 1, "1"), ("p", 2, "2"), ("a", 2, "2")] * 2)
        self.assertEqual([(r["cores"], r["rounds"]) for r in results],
                         [(1, [[{"p": 1.0}, {"a": 1.0}]] * 2), (2, [[{"p": 2.0}, {"a": 2.0}]] * 2)])
        broken = driver.Group("y", "A", [], measure("p"), failing, anchor_cores=(1,))
        results = driver.run_groups([broken], None, 1)
        self.assertEqual([(r["cores"], r["rounds"], r["errors"]) for r in results],
                         [(1, [[{"p": 1.0}, {}]], ["y, 1 core(s): no anchor here"]), (2, [[{"p": 2.0}, {}]], [])])

    def test_zero_rounds_is_an_error(self):
        with self.assertRaises(ValueError):
            driver.alternate(0, lambda: {}, None)


class Summary(unittest.TestCase):
    def test_median_odd_and_even(self):
        self.assertEqual(driver.median([3.0, 1.0, 2.0]), 2.0)
        self.assertEqual(driver.median([4.0, 1.0, 2.0, 3.0]), 2.5)
        with self.assertRaises(ValueError):
            driver.median([])

    def test_ratio_is_the_median_of_the_rounds_ratios(self):
        # Round ratios 4, 1, 2: median 2, though median(props) / median(anchor) = 3 / 1 = 3.
        pairs = [({"p": 4.0}, {"a": 1.0}), ({"p": 3.0}, {"a": 3.0}), ({"p": 1.0}, {"a": 0.5})]
        cell = driver.summarize(pairs, "p", "a")
        self.assertEqual((cell.props, cell.anchor), (3.0, 1.0))
        self.assertEqual((cell.ratio, cell.ratio_low, cell.ratio_high), (2.0, 1.0, 4.0))
        self.assertEqual(cell.rounds, 3)

    def test_a_failed_round_is_left_out_of_the_ratio_only(self):
        pairs = [({"p": 2.0}, {"a": 1.0}), ({"p": 4.0}, {}), ({"p": 3.0}, {"a": 3.0})]
        cell = driver.summarize(pairs, "p", "a")
        self.assertEqual(cell.props, 3.0)
        self.assertEqual(cell.anchor, 2.0)
        self.assertEqual(cell.ratio, 1.5)  # median of 2.0 and 1.0

    def test_no_anchor_gives_no_ratio(self):
        cell = driver.summarize([({"p": 2.0}, {})], "p", None)
        self.assertEqual(cell.props, 2.0)
        self.assertIsNone(cell.anchor)
        self.assertIsNone(cell.ratio)

    def test_cited_anchor(self):
        cell = driver.summarize([({"p": 30.0}, {}), ({"p": 24.0}, {}), ({"p": 27.0}, {})], "p", None, cited=120.0)
        self.assertTrue(cell.cited)
        self.assertEqual((cell.props, cell.anchor, cell.ratio), (27.0, 120.0, 0.225))


class Table(unittest.TestCase):
    def test_header_and_row(self):
        one = driver.Cell(props=1.034, anchor=0.872, ratio=1.186, ratio_low=1.1, ratio_high=1.3, rounds=3)
        two = driver.Cell(props=0.5654, rounds=3)
        text = driver.format_table([("Cu EAM 4000, force call [LAMMPS]", "µs/atom", {1: one, 2: two})])
        lines = text.split("\n")
        self.assertEqual(lines[0], "| workload | unit | props 1 core | anchor 1 | ratio | props 2 cores | anchor 2 | ratio "
                                   "| props 2 / 1 core | anchor 2 / 1 |")
        self.assertEqual(lines[1], "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        self.assertEqual(lines[2], "| Cu EAM 4000, force call [LAMMPS] | µs/atom | 1.03 | 0.872 | 1.19 (1.10–1.30) | 0.565 | — | — "
                                   "| 1.83× | — |")

    def test_gains_are_one_core_over_two_cores_and_left_out_for_a_cited_anchor(self):
        one = driver.Cell(props=0.8, anchor=1.2, rounds=3)
        two = driver.Cell(props=0.5, anchor=0.6, rounds=3)
        row = driver.format_table([("w", "s", {1: one, 2: two})]).split("\n")[2]
        self.assertTrue(row.endswith("| 1.60× | 2.00× |"), row)
        one.cited = True
        row = driver.format_table([("w", "s", {1: one, 2: two})]).split("\n")[2]
        self.assertTrue(row.endswith("| 1.60× | — |"), row)

    def test_a_row_may_name_its_own_anchor(self):
        group = driver.Group("g", "LAMMPS", [driver.Row("k", "w", "s"), driver.Row("h", "machine", "s", anchor_name="none")],
                             None)
        results = [{"group": "g", "cores": c, "errors": [], "rounds": [[{"k": 1.0, "h": 2.0}, {}]]} for c in (1, 2)]
        self.assertEqual([row[0] for row in driver.table_rows([group], results)], ["w [LAMMPS]", "machine [none]"])
        self.assertIn("host arithmetic", [row.key for row in next(g for g in driver.GROUPS if g.name == "md").rows])

    def test_cited_cells_are_marked(self):
        cell = driver.Cell(props=27.0, anchor=120.0, ratio=0.225, ratio_low=0.2, ratio_high=0.25, rounds=3, cited=True)
        self.assertEqual(driver.anchor_text(cell), "120*")
        self.assertEqual(driver.ratio_text(cell), "0.23 (0.20–0.25)*")

    def test_numbers(self):
        self.assertEqual([driver.number(x) for x in [248.9, 26.94, 1.234, 0.4567, 0.02612, None]],
                         ["249", "26.9", "1.23", "0.457", "0.0261", "n/a"])

    def test_render_of_a_saved_run(self):
        saved = {"started": "2026-12-03 23:00", "rounds": 3, "commit": "abc", "cpu": "x", "cpus": 2,
                 "uptime": "load average 0.10, 0.20, 0.30", "other_cores": 0.05, "minutes": 9.5,
                 "facts": {"LAMMPS": "22 Jul 2025 (python package 2025.7.22)"},
                 "results": [{"group": "ramp", "cores": c, "errors": [], "other_cores": 0.1 * c,
                              "rounds": [[{"ramp Cu EAM 500": 5.0}, {"MELT Cu EAM 500": 4.0}]] * 3} for c in (1, 2)]}
        text = driver.render(saved)
        self.assertIn("| Cu EAM 500, heating ramp 0.8 K/step (3000 steps) [LAMMPS] | s | 5.00 | 4.00 | 1.25 |"
                      " 5.00 | 4.00 | 1.25 | 1.00× | 1.00× |", text)
        self.assertIn("load average 0.10, 0.20, 0.30", text)
        self.assertIn("other processes kept 0.05 cores busy on average during it (0.10–0.20 over the groups", text)
        self.assertIn("LAMMPS 22 Jul 2025", text)
        self.assertNotIn("Missing", text)
        self.assertNotIn("n2p2", text)  # the cited figure's footnote only with its row
        saved["results"][1]["errors"] = ["ramp, 2 core(s): no .venv-lammps/bin/python (make lammps)"]
        saved["results"][1]["rounds"] = [[{"ramp Cu EAM 500": 5.0}, {}]] * 3
        text = driver.render(saved)
        self.assertIn("| 5.00 | 4.00 | 1.25 | 5.00 | — | — | 1.00× | — |", text)
        self.assertIn("Missing in this run: ramp, 2 core(s): no .venv-lammps/bin/python (make lammps)", text)


class Readme(unittest.TestCase):
    HEAD = "# props\n\n## Speed\n\nprose before, with ünïcode\n"
    TAIL = "\nprose after\n\n## Next section\n"

    def test_rewrite_leaves_the_rest_byte_identical(self):
        text = self.HEAD + driver.START + "\nold table\nmore\n" + driver.END + self.TAIL
        new = driver.rewrite_readme(text, "| new | table |\n")
        self.assertEqual(new, self.HEAD + driver.START + "\n| new | table |\n" + driver.END + self.TAIL)
        self.assertEqual(driver.rewrite_readme(new, "| new | table |"), new)  # idempotent

    def test_rewrite_of_a_file_on_disk(self):
        with tempfile.NamedTemporaryFile("w+", suffix=".md", delete=False, encoding="utf-8", newline="") as f:
            f.write(self.HEAD + driver.START + driver.END + self.TAIL)
        try:
            with open(f.name, "rb") as g:
                before = g.read()
            new = driver.rewrite_readme(before.decode("utf-8"), "T").encode("utf-8")
            start = before.index(driver.START.encode())
            self.assertEqual(new[:start], before[:start])
            self.assertEqual(new[-len(driver.END.encode() + self.TAIL.encode()):], (driver.END + self.TAIL).encode())
        finally:
            os.remove(f.name)

    def test_markers_missing_doubled_or_reversed_are_errors(self):
        for text in ["no markers", driver.START + driver.START + driver.END, driver.END + "x" + driver.START]:
            with self.assertRaises(ValueError):
                driver.rewrite_readme(text, "T")


class Lapack(unittest.TestCase):
    def test_same_library_without_lapacke(self):
        props = ["/usr/lib/x/openblas-pthread/liblapack.so.3", "/usr/lib/x/liblapacke.so.3.11.0",
                 "/usr/lib/x/openblas-pthread/libopenblasp-r0.3.21.so"]
        numpy = ["/usr/lib/x/openblas-pthread/libblas.so.3", "/usr/lib/x/openblas-pthread/liblapack.so.3",
                 "/usr/lib/x/openblas-pthread/libopenblasp-r0.3.21.so"]
        self.assertTrue(driver.same_lapack(props, numpy))

    def test_bundled_openblas_is_not_the_same(self):
        self.assertFalse(driver.same_lapack(["/usr/lib/x/openblas-pthread/liblapack.so.3"],
                                           ["/venv/numpy.libs/libscipy_openblas64_-32a4b2a6.so"]))
        self.assertFalse(driver.same_lapack([], []))

    def test_lammps_date(self):
        self.assertEqual(driver.lammps_date(20250722), "22 Jul 2025")
        self.assertEqual(driver.lammps_date("stable"), "stable")


if __name__ == "__main__":
    unittest.main()
