"""Leydesdorff's T on large record tables: helixnet vs pyitlib, dit and a bare numpy floor.

(1) 1,000,000 records x 3 columns with 12, 60 and 6 categories, as integer codes (int64), as
    strings (pandas' default ``str`` dtype, Arrow-backed) and as the same strings in
    ``category`` columns:
    - helixnet.mutual_information (T),
    - pyitlib.discrete_random_variable.information_interaction (= -T for three variables),
    - dit: ``dit.Distribution`` from the counts -> ``dit.multivariate.coinformation``, with the
      counts (a) given, counted beforehand and not timed (dit's own work only), (b) counted by
      pandas (``DataFrame.value_counts``), (c) counted as a user of dit alone counts them
      (``collections.Counter`` over the record tuples); and (d) dit reading the records itself
      (``dit.inference.dist_from_timeseries`` with no history: the joint distribution of the
      columns),
    - for context, a plain ``pandas.factorize`` + ``np.bincount`` version (no checks),
    - helixnet once more on one core (helixnet counts and encodes on every core from 2^18
      records per core; the peers run on one).
(2) 10,000,000 records x 3 integer columns (12, 60, 6 categories): helixnet vs the bare numpy
    computation of the same T (mixed-radix code, one bincount, marginals by axis sums): the floor.

All results are checked equal (to 1e-9 bits) before the times are printed.
``python -m benchmarks information [--records N] [--big N] [--repeat R]``
"""

from __future__ import annotations

import argparse
import math

import numpy as np
import pandas as pd

import helixnet as hx

from ._common import max_rss_mib, report, timed, traced_peak

SIZES = (12, 60, 6)


def make_records(n: int, seed: int = 0) -> pd.DataFrame:
    """Integer records with a dependence among the three columns (T is not zero)."""
    rng = np.random.default_rng(seed)
    a = rng.integers(0, SIZES[0], n)
    b = rng.integers(0, SIZES[1], n)
    c = np.where(rng.random(n) < 0.3, (a + b) % SIZES[2], rng.integers(0, SIZES[2], n))
    return pd.DataFrame({"region": a, "sector": b, "size": c})


def as_strings(records: pd.DataFrame) -> pd.DataFrame:
    out = {}
    for column, k in zip(records.columns, SIZES):
        labels = np.array([f"{column}-{i:02d}" for i in range(k)], dtype=object)
        out[column] = pd.Series(labels[records[column].to_numpy()], dtype="str")
    return pd.DataFrame(out)


def t_from_table(table: np.ndarray) -> float:
    """T in bits from a 3-way count table (the floor's arithmetic)."""
    def h(counts: np.ndarray) -> float:
        c = counts[counts > 0].astype(float)
        n = c.sum()
        return (math.log(n) - float(np.dot(c, np.log(c))) / n) / math.log(2)

    return (
        h(table.sum(axis=(1, 2))) + h(table.sum(axis=(0, 2))) + h(table.sum(axis=(0, 1)))
        - h(table.sum(axis=2)) - h(table.sum(axis=1)) - h(table.sum(axis=0)) + h(table)
    )


def floor_t(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> float:
    """The bare numpy computation: mixed-radix code, one bincount, marginals by axis sums."""
    code = a * (SIZES[1] * SIZES[2]) + b * SIZES[2] + c
    table = np.bincount(code, minlength=math.prod(SIZES)).reshape(SIZES)
    return t_from_table(table)


def plain_factorize_t(records: pd.DataFrame) -> float:
    codes, sizes = [], []
    for column in records.columns:
        code, uniques = pd.factorize(records[column])
        codes.append(code.astype(np.int64))
        sizes.append(len(uniques))
    code = (codes[0] * sizes[1] + codes[1]) * sizes[2] + codes[2]
    return t_from_table(np.bincount(code, minlength=math.prod(sizes)).reshape(sizes))


def dit_counts(records: pd.DataFrame) -> tuple[list[tuple[str, ...]], list[float]]:
    """The records counted by pandas, as dit's outcomes and probabilities."""
    counts = records.value_counts()
    outcomes = [tuple(str(v) for v in key) for key in counts.index]
    return outcomes, (counts / counts.sum()).tolist()


def dit_from_counts_t(outcomes: list[tuple[str, ...]], pmf: list[float]) -> float:
    """dit's own work: the Distribution from counts, then coinformation."""
    import dit

    return float(dit.multivariate.coinformation(dit.Distribution(outcomes, pmf)))


def dit_value_counts_t(records: pd.DataFrame) -> float:
    return dit_from_counts_t(*dit_counts(records))


def dit_counter_t(records: pd.DataFrame) -> float:
    """dit without pandas: the records' tuples counted in Python, as dit's examples build a Distribution."""
    from collections import Counter

    counts = Counter(zip(*(records[c].tolist() for c in records.columns)))
    n = sum(counts.values())
    return dit_from_counts_t([tuple(str(v) for v in key) for key in counts], [c / n for c in counts.values()])


def dit_reads_records_t(records: pd.DataFrame) -> float:
    """dit reading the records itself: the joint distribution of the columns (no time history)."""
    import dit

    distribution = dit.inference.dist_from_timeseries(records.to_numpy(), history_length=0)
    return float(dit.multivariate.coinformation(distribution))


def pyitlib_t(records: pd.DataFrame) -> float:
    from pyitlib import discrete_random_variable as drv

    matrix = records.to_numpy().T
    fill = -1 if matrix.dtype.kind in "iu" else "~missing~"
    return -float(drv.information_interaction(matrix, fill_value=fill))  # pyitlib's sign: -T for N = 3


def part_one(n: int, repeat: int) -> None:
    ints = make_records(n)
    strings = as_strings(ints)
    convert_s, categorical = timed(lambda: strings.astype("category"))
    variants = (
        ("integers (int64)", ints, True),
        (f"strings (pandas {records_dtype(strings)!r} dtype, Arrow-backed)", strings, True),
        (f"strings as pandas categoricals (converted once, {convert_s:.3f} s, not timed below)", categorical, False),
    )
    py_s = float("nan")
    for label, records, run_pyitlib in variants:
        print(f"\n(1) {n:,} records x 3 columns ({'/'.join(map(str, SIZES))} categories), {label}")
        hx_s, hx_t = timed(lambda: hx.mutual_information(records), repeat=10 * repeat)  # milliseconds: more repeats
        counted = dit_counts(records)
        peers = [
            ("dit, counts given (Distribution -> coinformation)", lambda: dit_from_counts_t(*counted), repeat),
            ("dit, counted by pandas value_counts", lambda: dit_value_counts_t(records), repeat),
            ("dit, counted by a Counter of the records", lambda: dit_counter_t(records), 1),
            ("dit reading the records (dist_from_timeseries)", lambda: dit_reads_records_t(records), 1),
            ("plain factorize+bincount (no checks)", lambda: plain_factorize_t(records), repeat),
        ]
        if run_pyitlib:  # pyitlib sees the categoricals as the same object strings: timed once above
            peers.insert(0, ("pyitlib information_interaction", lambda: pyitlib_t(records), 1))
        results = []
        for name, run, times in peers:
            seconds, value = timed(run, repeat=times)
            assert abs(value - hx_t) < 1e-9, f"helixnet T={hx_t!r} but {name} gives {value!r}"
            results.append((name, seconds))
            if name.startswith("pyitlib"):
                py_s = seconds
        print(f"agree: T = {hx_t * 1000:.6f} mbit (helixnet, every dit route, -pyitlib, plain)")
        if not run_pyitlib:
            results.insert(0, ("pyitlib (its time on the same strings, above)", py_s))
        for name, peer_s in results:
            report(f"  helixnet vs {name}", hx_s, name.split(" ")[0].rstrip(","), peer_s)
        one_core_s = one_core(lambda: timed(lambda: hx.mutual_information(records), repeat=10 * repeat)[0])
        dit_given_s = dict(results)["dit, counts given (Distribution -> coinformation)"]
        report("  helixnet on one core vs dit, counts given", one_core_s, "dit", dit_given_s)


def one_core(run):
    """``run()`` with helixnet's counting and encoding kept on one thread."""
    from helixnet import _counting as information  # the counting pass is where the threads are

    saved = information.RECORDS_PER_THREAD
    information.RECORDS_PER_THREAD = 1 << 62
    try:
        return run()
    finally:
        information.RECORDS_PER_THREAD = saved


def records_dtype(frame: pd.DataFrame) -> str:
    return str(frame.dtypes.iloc[0])


def part_two(n: int, repeat: int) -> None:
    records = make_records(n, seed=1)
    a, b, c = (records[col].to_numpy() for col in records.columns)
    print(f"\n(2) {n:,} records x 3 integer columns ({'/'.join(map(str, SIZES))} categories, int64)")
    hx_s = floor_s = float("inf")
    for _ in range(repeat):  # interleaved, so that load from other processes hits both alike
        s, hx_t = timed(lambda: hx.mutual_information(records))
        hx_s = min(hx_s, s)
        s, fl_t = timed(lambda: floor_t(a, b, c))
        floor_s = min(floor_s, s)
    assert abs(hx_t - fl_t) < 1e-9, (hx_t, fl_t)
    print(f"agree: T = {hx_t * 1000:.6f} mbit")
    ratio = hx_s / floor_s
    print(f"  helixnet {hx_s:.3f} s | bare numpy floor {floor_s:.3f} s | helixnet takes {ratio:.2f}x the floor (goal <= 2)")
    peak, _ = traced_peak(lambda: hx.mutual_information(records))
    floor_peak, _ = traced_peak(lambda: floor_t(a, b, c))
    print(f"  peak traced memory: helixnet {peak:.0f} MiB | floor {floor_peak:.0f} MiB | process max RSS {max_rss_mib():.0f} MiB")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks information")
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--big", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    part_one(args.records, args.repeat)
    part_two(args.big, args.repeat)
    return 0
