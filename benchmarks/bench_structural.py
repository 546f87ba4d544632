"""Burt's structural holes (effective size, constraint): helixnet's masked sparse products by
its merge kernel (where its cost estimate picks it) against scipy's row blocks only, with
networkx as the check.

On the Dutch network and the full H2020 graph, both helixnet ways run on every node and are
checked equal; networkx's ``effective_size`` and ``constraint`` run on a random sample of nodes
(``--sample``) and are checked equal to helixnet's. networkx is not timed against the whole
graph: on weighted graphs its per-node work grows with the cube of the degree, and hubs such as
TNO (hundreds of ties) take it minutes each.

    python -m benchmarks structural [--sample S] [--skip-h2020]
"""

from __future__ import annotations

import argparse

import networkx as nx
import numpy as np
import pandas as pd

import helixnet as hx
from helixnet import _graph

from ._common import max_rss_mib, report, timed
from .bench_network import h2020_graph


def networkx_table(G: nx.Graph, nodes: list) -> pd.DataFrame:
    effective = nx.effective_size(G, nodes=nodes)
    constraint = nx.constraint(G, nodes=nodes)
    return pd.DataFrame({"effective_size": effective, "constraint": constraint}).loc[nodes]


def scipy_only(G: nx.Graph) -> pd.DataFrame:
    """helixnet.structural_holes with its masked products on scipy's row blocks only."""
    kernel = _graph._masked_row_dots
    _graph._masked_row_dots = None
    try:
        return hx.structural_holes(G)
    finally:
        _graph._masked_row_dots = kernel


def check(ours: pd.DataFrame, theirs: pd.DataFrame) -> None:
    columns = ["effective_size", "constraint"]
    pd.testing.assert_frame_equal(ours.loc[theirs.index, columns], theirs[columns], rtol=1e-9, check_names=False)


def run(label: str, G: nx.Graph, sample_size: int) -> None:
    print(f"\n== {label}: {G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges ==")
    ours_s, ours = timed(lambda: hx.structural_holes(G))
    blocks_s, blocks = timed(lambda: scipy_only(G))
    pd.testing.assert_frame_equal(ours, blocks, rtol=1e-9)
    report(f"{label} structural holes (merge kernel where cheaper)", ours_s, "scipy row blocks only", blocks_s)
    rng = np.random.default_rng(0)
    connected = [u for u in G if G.degree(u) > 0]
    sample = [connected[i] for i in rng.choice(len(connected), size=min(sample_size, len(connected)), replace=False)]
    peer_s, peer = timed(lambda: networkx_table(G, sample))
    check(ours, peer)
    print(f"networkx on {len(sample)} random nodes: {peer_s:.2f} s, values equal to helixnet's")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks structural")
    parser.add_argument("--sample", type=int, default=100, help="random nodes checked against networkx")
    parser.add_argument("--skip-h2020", action="store_true")
    args = parser.parse_args(argv)
    data = hx.datasets.load_cordis_nl(partners="nl")
    run("Dutch CORDIS", hx.collaboration_graph(data.participations, data.organisations), args.sample)
    if not args.skip_h2020:
        run("H2020", h2020_graph(), args.sample)
    print(f"peak RSS {max_rss_mib():.0f} MiB")
    return 0
