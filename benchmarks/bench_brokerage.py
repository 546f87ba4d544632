"""Gould-Fernandez brokerage: helixnet (sparse products) vs a straightforward networkx loop.

The peer walks every two-path i -> j -> k of each broker j in Python (networkx adjacency,
``has_edge`` for the closing tie). On the Dutch network it runs on every node, with the helices
as groups and again with the organisations' cities (hundreds of groups); on the full
H2020 graph it runs on a random sample of brokers and is scaled up by the two-path work
(sum over brokers of in-degree x out-degree, which is what the loop's time is proportional to);
the counts of the sampled brokers are checked equal to helixnet's.

    python -m benchmarks brokerage [--sample S] [--skip-h2020]
"""

from __future__ import annotations

import argparse

import networkx as nx
import numpy as np
import pandas as pd

import helixnet as hx
from helixnet.brokers import BROKERAGE_ROLES

from ._common import H2020_TABLE, max_rss_mib, report, timed

ROLES = list(BROKERAGE_ROLES)


def networkx_brokerage(G: nx.Graph, brokers, attribute: str = "helix") -> pd.DataFrame:
    """Straightforward Gould-Fernandez counts, one Python loop over the two-paths of each broker."""
    group = nx.get_node_attributes(G, attribute)
    succ = G.succ if G.is_directed() else G.adj
    pred = G.pred if G.is_directed() else G.adj
    rows = {}
    for j in brokers:
        counts = dict.fromkeys(ROLES, 0)
        gj = group[j]
        for i in pred[j]:
            if i == j:
                continue
            gi = group[i]
            for k in succ[j]:
                if k == i or k == j or k in succ[i]:
                    continue
                gk = group[k]
                if gi == gj == gk:
                    role = "coordinator"
                elif gi == gk:
                    role = "itinerant"
                elif gi == gj:
                    role = "representative"
                elif gj == gk:
                    role = "gatekeeper"
                else:
                    role = "liaison"
                counts[role] += 1
        counts["total"] = sum(counts[r] for r in ROLES[:5])
        rows[j] = counts
    return pd.DataFrame.from_dict(rows, orient="index")[ROLES]


def h2020_graph() -> nx.Graph:
    raw = pd.read_csv(H2020_TABLE, dtype=str, usecols=["rcn", "pic", "type"])
    participations = raw.rename(columns={"rcn": "event", "pic": "organisation"})
    G = hx.collaboration_graph(participations)
    # helix from the CORDIS activity type (OTH and unmapped types: civil; no type: unknown)
    kind = participations.drop_duplicates("organisation").set_index("organisation")["type"]
    helix = kind.map(lambda t: hx.ACTIVITY_TYPE_HELIX.get(t) or "civil" if isinstance(t, str) else "unknown")
    nx.set_node_attributes(G, helix.to_dict(), "helix")
    return G


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks brokerage")
    parser.add_argument("--sample", type=int, default=300, help="H2020 brokers run through the networkx loop")
    parser.add_argument("--skip-h2020", action="store_true")
    args = parser.parse_args(argv)

    data = hx.datasets.load_cordis_nl(partners="nl")
    dutch = hx.collaboration_graph(data.participations, data.organisations)
    print(f"== Dutch CORDIS network: {dutch.number_of_nodes():,} nodes, {dutch.number_of_edges():,} edges ==")
    ours_s, ours = timed(lambda: hx.brokerage(dutch), repeat=5)
    peer_s, peer = timed(lambda: networkx_brokerage(dutch, list(dutch)))
    pd.testing.assert_frame_equal(ours[ROLES], peer.loc[ours.index], check_dtype=False, check_names=False)
    print(f"agree on all {len(ours):,} nodes; {int(ours['total'].sum()):,} brokered two-paths")
    report("Dutch brokerage", ours_s, "networkx loop", peer_s)

    # Grouped by place, not helix: hundreds of groups (the report's brokerage across regions).
    city = data.organisations.set_index("organisation")["city"].fillna("(none)").str.upper()
    nx.set_node_attributes(dutch, {node: city.get(node, "(none)") for node in dutch}, "city")
    groups = len(set(nx.get_node_attributes(dutch, "city").values()))
    ours_s, ours = timed(lambda: hx.brokerage(dutch, "city"), repeat=3)
    peer_s, peer = timed(lambda: networkx_brokerage(dutch, list(dutch), "city"))
    pd.testing.assert_frame_equal(ours[ROLES], peer.loc[ours.index], check_dtype=False, check_names=False)
    print(f"by city ({groups:,} groups): agree on all {len(ours):,} nodes")
    report("Dutch brokerage by city", ours_s, "networkx loop", peer_s)

    if not args.skip_h2020:
        G = h2020_graph()
        n = G.number_of_nodes()
        print(f"\n== H2020: {n:,} nodes, {G.number_of_edges():,} edges ==")
        ours_s, ours = timed(lambda: hx.brokerage(G))
        print(f"helixnet brokerage, full graph: {ours_s:.2f} s (goal < 60 s); {int(ours['total'].sum()):,} brokered two-paths")
        stats_s, _ = timed(lambda: hx.brokerage(G, stats=True))
        print(f"helixnet brokerage with stats=True: {stats_s:.2f} s")
        nodes = list(G)
        rng = np.random.default_rng(0)
        sample = [nodes[i] for i in rng.choice(n, size=args.sample, replace=False)]
        peer_s, peer = timed(lambda: networkx_brokerage(G, sample))
        pd.testing.assert_frame_equal(ours.loc[sample, ROLES], peer.loc[sample], check_dtype=False, check_names=False)
        degree = dict(G.degree())
        work_all = sum(d * d for d in degree.values())
        work_sample = sum(degree[u] ** 2 for u in sample)
        scaled = peer_s * work_all / work_sample
        print(f"networkx loop on {args.sample} random brokers: {peer_s:.2f} s, counts equal to helixnet's; "
              f"scaled by two-path work (x{work_all / work_sample:.0f}): {scaled:.0f} s "
              f"(scaled by node count instead: {peer_s * n / args.sample:.0f} s)")
        report("H2020 brokerage (networkx scaled)", ours_s, "networkx loop", scaled)
    print(f"peak RSS {max_rss_mib():.0f} MiB")
    return 0
