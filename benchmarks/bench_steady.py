"""collaboration_edges at a steady speed: in a fresh process and after other work, against the bare
scipy product in the same process.

``python -m benchmarks steady [--repeat N] [--copies K]``

The full Horizon 2020 table (144,726 participations). ``bare`` is ``B @ B.T`` alone, with ``B`` the
organisation x event incidence matrix (float64 ones) built once beforehand: the floor that any
projection pays. Each repetition times the bare product and ``hx.collaboration_edges`` back to back,
in two settings of one process:

1. ``fresh``: right after reading the table;
2. ``after work``: after classifying the 16,592 ODFest names written K times with different
   suffixes (default 7 -> 116,144 names), building the collaboration graph (count and fractional),
   the bipartite graph, a presence table and its mutual information, with all results kept alive
   (live objects, grown heap, helixnet's and OpenBLAS's threads started).

Printed per setting: wall time (median [min-max]), CPU time of the process (a busy machine, other
processes taking the two cores, shows as wall >> cpu), the CPU time the other threads of this
process used meanwhile (spinning thread pools would show here), garbage collections and their time,
minor page faults (fresh memory), and the ratio collaboration_edges / bare, by wall and by CPU time:
per repetition (median [min-max]) and median edges over the bare floor (fastest bare run). Goal
(issue 15): the last within 2 in both settings. The last line repeats it by CPU time, which a
busy machine disturbs far less than wall time (the load average is printed).
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

import helixnet as hx

from ._common import SHARED_DATA
from .bench_collaboration import load_h2020

STACKED_DUMP = SHARED_DATA / "raw" / "spaghetti_odfest2017" / "stacked_dump.csv"


class GcClock:
    """Counts the collector's passes and their time, through ``gc.callbacks``."""

    def __init__(self) -> None:
        self.passes = 0
        self.seconds = 0.0
        self._start = 0.0
        gc.callbacks.append(self)

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.passes += 1
            self.seconds += time.perf_counter() - self._start


def other_threads_cpu() -> float:
    """CPU seconds used so far by the threads of this process other than the calling one (Linux)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for tid in os.listdir("/proc/self/task"):
        if int(tid) == os.getpid():
            continue
        try:
            fields = Path(f"/proc/self/task/{tid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the thread ended meanwhile
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / tick


def measure(fn: Callable[[], object], clock: GcClock) -> dict[str, float]:
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    passes, gc_seconds, others = clock.passes, clock.seconds, other_threads_cpu()
    cpu, wall = time.process_time(), time.perf_counter()
    fn()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "wall": wall,
        "cpu": cpu,
        "others": other_threads_cpu() - others,
        "gc": clock.passes - passes,
        "gc_s": clock.seconds - gc_seconds,
        "faults": resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults,
    }


def spread(values: list[float], scale: float = 1000) -> str:
    return f"{statistics.median(values) * scale:.0f} [{min(values) * scale:.0f}-{max(values) * scale:.0f}]"


def run_setting(label: str, participations: pd.DataFrame, incidence: sp.csr_matrix, repeat: int, clock: GcClock) -> float:
    runs: dict[str, list[dict[str, float]]] = {"bare": [], "edges": []}
    for _ in range(repeat):
        runs["bare"].append(measure(lambda: incidence @ incidence.T, clock))
        runs["edges"].append(measure(lambda: hx.collaboration_edges(participations), clock))
    print(f"{label} ({repeat} repetitions; ms, median [min-max]):")
    for name, rows in runs.items():
        col = {key: [row[key] for row in rows] for key in rows[0]}
        print(
            f"  {name:5s} wall {spread(col['wall'])} | cpu {spread(col['cpu'])} | other threads' cpu "
            f"{sum(col['others']) * 1000:.0f} in all | gc {int(sum(col['gc']))} passes, {sum(col['gc_s']) * 1000:.1f} ms "
            f"in all | page faults {statistics.median(col['faults']):.0f} per call"
        )
    for timer in ("wall", "cpu"):
        bare = [row[timer] for row in runs["bare"]]
        edges = [row[timer] for row in runs["edges"]]
        per_rep = [e / b for e, b in zip(edges, bare)]
        over_floor = statistics.median(edges) / min(bare)
        print(
            f"  collaboration_edges / bare ({timer}): per repetition {statistics.median(per_rep):.2f} "
            f"[{min(per_rep):.2f}-{max(per_rep):.2f}]; median over the bare floor {over_floor:.2f}"
        )
    print(f"  live tracked objects {len(gc.get_objects()):,}, threads {len(os.listdir('/proc/self/task'))}")
    return over_floor  # by CPU time, the last timer


def other_work(participations: pd.DataFrame, copies: int) -> list[object]:
    """A script's earlier steps; the results are returned so that they stay alive."""
    names = pd.read_csv(STACKED_DUMP, dtype=str, usecols=["name"])["name"].dropna()
    many = pd.concat([names + suffix for suffix in ["", " BV", " GmbH", " Univ", " SA", " Inst", " Ltd", " AB"][:copies]], ignore_index=True)
    start = time.perf_counter()
    kept: list[object] = [hx.classify_names(many)]
    kept += [hx.collaboration_graph(participations), hx.collaboration_graph(participations, weighting="fractional")]
    kept.append(hx.bipartite_graph(participations[["event", "organisation"]]))
    helix = participations["type"].map({"HES": "knowledge", "REC": "knowledge", "PRC": "industry", "PUB": "government"})
    organisations = participations.assign(helix=helix.fillna("civil")).drop_duplicates("organisation")[["organisation", "helix"]]
    presence = hx.presence_table(participations[["event", "organisation"]], organisations)
    kept += [presence, hx.mutual_information(presence, ["knowledge", "industry", "government"])]
    print(f"other work: classified {len(many):,} names, built 3 graphs, a presence table and T in {time.perf_counter() - start:.1f} s")
    return kept


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks steady")
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--copies", type=int, default=7, help="times the 16,592 names are classified (with suffixes)")
    args = parser.parse_args(argv)
    clock = GcClock()
    participations = load_h2020()
    org_codes, _ = pd.factorize(participations["organisation"])
    event_codes, _ = pd.factorize(participations["event"])
    incidence = sp.csr_matrix((np.ones(len(participations)), (org_codes, event_codes)))
    print(f"H2020: {len(participations):,} participations; B {incidence.shape[0]:,} x {incidence.shape[1]:,}; "
          f"B @ B.T has {(incidence @ incidence.T).nnz:,} entries; load average {os.getloadavg()[0]:.1f}")
    fresh = run_setting("fresh", participations, incidence, args.repeat, clock)
    kept = other_work(participations, args.copies)
    after = run_setting("after work", participations, incidence, args.repeat, clock)
    print(f"load average {os.getloadavg()[0]:.1f}; goal median/floor <= 2 (CPU time): fresh {fresh:.2f}, after work {after:.2f}")
    del kept
    return 0
