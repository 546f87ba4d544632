"""Synergy by region on the bundled Dutch Horizon 2020 data: grouped presence tables, the
decomposition, Shapley values of the provinces (exact) and of the NUTS-3 regions (sampled).

(1) ``presence_table(by="nuts2"|"nuts3", assign=...)``, ``decompose`` and
    ``synergy_over_time(by=)`` on the bundled data (``load_cordis_nl``).
(2) ``synergy_shapley`` of the 12 provinces (NUTS-2, the regional view ``assign="partners"``,
    events of unplaced partners left out), exact over the 4,096 subsets, against the peer: the
    same definition computed naively (``hx.mutual_information`` of each subset's records, then
    the Shapley weights); both checked equal to 1e-9 bits. The same with the unplaced group as a
    13th player.
(3) ``synergy_shapley`` of the NUTS-3 regions present in the data (sampled, 1,000 and 10,000
    random orders): time and the largest standard error; and of 40 synthetic regions with
    1,000,000 records (the scaled case), sampled.
(4) The exact limit: 20 synthetic groups (1,048,576 subsets).

``python -m benchmarks regions [--repeat R]``
"""

from __future__ import annotations

import argparse
import math
from itertools import combinations

import numpy as np
import pandas as pd

import helixnet as hx

from ._common import max_rss_mib, seconds, timed

HELICES = ["knowledge", "industry", "government"]


def naive_shapley(records: pd.DataFrame, by: str) -> pd.Series:
    """Shapley values from the definition: T of every subset's records by hx.mutual_information."""
    groups = sorted(records[by].unique())
    k = len(groups)
    parts = {g: records[records[by] == g] for g in groups}
    worth = {frozenset(): 0.0}
    for size in range(1, k + 1):
        for members in combinations(groups, size):
            worth[frozenset(members)] = hx.mutual_information(pd.concat([parts[g] for g in members]), HELICES)
    values = {}
    for g in groups:
        others = [h for h in groups if h != g]
        total = 0.0
        for size in range(k):
            weight = math.factorial(size) * math.factorial(k - size - 1) / math.factorial(k)
            for members in combinations(others, size):
                s = frozenset(members)
                total += weight * (worth[s | {g}] - worth[s])
        values[g] = total
    return pd.Series(values)


def synthetic_regions(k: int, n: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    region = rng.integers(0, k, n)
    u = rng.integers(0, 2, n)
    i = np.where(rng.random(n) < 0.3 + 0.5 * (region % 4) / 4, u, rng.integers(0, 2, n))
    g = np.where(region % 3 == 0, u ^ i, rng.integers(0, 2, n))
    return pd.DataFrame({"knowledge": u, "industry": i, "government": g, "region": region})


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks regions")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    organisations, participations, events = hx.datasets.load_cordis_nl()
    print(f"bundled CORDIS NL: {len(events):,} events, {len(participations):,} participations, "
          f"{organisations['nuts2'].notna().sum():,} of {len(organisations):,} organisations placed")

    # (1) grouped presence, decomposition, T per region and year
    for by in ("nuts2", "nuts3"):
        for assign in ("coordinator", "partners"):
            s, presence = timed(lambda: hx.presence_table(participations, organisations, by=by, assign=assign,
                                                          events=events, attributes=["year"]), args.repeat)
            d_s, table = timed(lambda: hx.decompose(presence, HELICES, by=by), args.repeat)
            gap = abs(table.attrs["T"] - table.attrs["T0"] - table["contribution"].sum())
            print(f"presence_table(by={by!r}, assign={assign!r}): {seconds(s)}, {len(presence):,} rows, "
                  f"{len(table) - 1} regions + {presence.attrs['unplaced']:,} unplaced rows; decompose {seconds(d_s)} "
                  f"(T = {1000 * table.attrs['T']:.2f} mbit, |T - T0 - sum| = {gap:.1e})")
    presence2 = hx.presence_table(participations, organisations, by="nuts2", assign="partners", events=events,
                                  attributes=["year"])
    s, tidy = timed(lambda: hx.synergy_over_time(presence2, HELICES, "year", by="nuts2"), args.repeat)
    print(f"synergy_over_time(by='nuts2'): {seconds(s)}, {len(tidy)} region-years")

    # (2) the 12 provinces exact, against the naive definition
    provinces = presence2[presence2["nuts2"] != "unplaced"]
    ours_s, ours = timed(lambda: hx.synergy_shapley(provinces, HELICES, by="nuts2"), args.repeat)
    peer_s, peer = timed(lambda: naive_shapley(provinces, "nuts2"))
    difference = float((ours["shapley"] - peer.reindex(ours.index)).abs().max())
    assert difference < 1e-9, f"exact Shapley values differ from the definition by {difference}"
    print(f"synergy_shapley, 12 provinces exact (4,096 subsets): helixnet {seconds(ours_s)} | naive definition "
          f"{seconds(peer_s)} | {peer_s / ours_s:.0f}x faster; max difference {difference:.1e} bits")
    s, with_unplaced = timed(lambda: hx.synergy_shapley(presence2, HELICES, by="nuts2"), args.repeat)
    print(f"synergy_shapley, 12 provinces + unplaced exact (8,192 subsets): {seconds(s)}")
    ranking = ours.sort_values("shapley")
    print("  most synergy: " + ", ".join(f"{g} {1000 * v:.2f} mbit" for g, v in ranking["shapley"].head(3).items()))

    # (3) NUTS-3 sampled
    presence3 = hx.presence_table(participations, organisations, by="nuts3", assign="partners", events=events)
    k3 = presence3["nuts3"].nunique()
    for samples in (1000, 10000):
        s, sampled = timed(lambda: hx.synergy_shapley(presence3, HELICES, by="nuts3", samples=samples, seed=0), args.repeat)
        print(f"synergy_shapley, {k3} NUTS-3 groups (with unplaced) sampled, {samples:,} orders: {seconds(s)}; "
              f"largest se {1000 * sampled['se'].max():.3f} mbit (T = {1000 * sampled.attrs['T']:.2f} mbit)")
    synthetic = synthetic_regions(40, 1_000_000)
    s, sampled = timed(lambda: hx.synergy_shapley(synthetic, HELICES, by="region", samples=1000, seed=0), args.repeat)
    print(f"synergy_shapley, 40 synthetic regions, 1,000,000 records, 1,000 orders: {seconds(s)}; "
          f"largest se {1000 * sampled['se'].max():.3f} mbit")

    # (4) the exact limit
    twenty = synthetic_regions(20, 200_000, seed=1)
    s, exact = timed(lambda: hx.synergy_shapley(twenty, HELICES, by="region"), 1)
    assert abs(exact["shapley"].sum() - exact.attrs["T"]) < 1e-9
    print(f"synergy_shapley, 20 groups exact (1,048,576 subsets): {seconds(s)}; peak RSS {max_rss_mib():.0f} MiB")
    return 0
