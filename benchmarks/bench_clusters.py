"""Clusters and cluster roles on the full H2020 graph, with memory.

- ``clusters`` (Leiden and Louvain on igraph) vs networkx's ``louvain_communities`` (same
  resolution): time and modularity of each partition (``--skip-networkx-louvain`` to skip it);
- ``cluster_roles`` (sparse: adjacency x cluster indicator) vs a straightforward Python loop
  over the networkx adjacency, checked equal; helixnet's peak traced memory is reported next to
  the 9.6 GiB a dense 35,871 x 35,871 float64 matrix would need.

    python -m benchmarks clusters [--skip-networkx-louvain]
"""

from __future__ import annotations

import argparse

import networkx as nx
import numpy as np
import pandas as pd

import helixnet as hx

from ._common import max_rss_mib, report, timed, traced_peak
from .bench_brokerage import h2020_graph


def python_roles(G: nx.Graph, parts: pd.Series) -> pd.DataFrame:
    """z and P by a loop over the networkx adjacency (unweighted, as cluster_roles' default)."""
    cluster = parts.to_dict()
    within, degree, psum = {}, {}, {}
    for u, nbrs in G.adj.items():
        per: dict = {}
        for v in nbrs:
            if v != u:
                per[cluster[v]] = per.get(cluster[v], 0) + 1
        k = sum(per.values())
        degree[u] = k
        within[u] = per.get(cluster[u], 0)
        psum[u] = 1 - sum((x / k) ** 2 for x in per.values()) if k else 0.0
    frame = pd.DataFrame({"cluster": parts, "within": pd.Series(within), "participation": pd.Series(psum)})
    stats = frame.groupby("cluster")["within"].agg(["mean", lambda x: x.std(ddof=0)])
    stats.columns = ["mean", "sd"]
    frame = frame.join(stats, on="cluster")
    frame["z"] = np.where(frame["sd"] > 1e-12, (frame["within"] - frame["mean"]) / frame["sd"], 0.0)
    return frame


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks clusters")
    parser.add_argument("--skip-networkx-louvain", action="store_true")
    args = parser.parse_args(argv)
    G = h2020_graph()
    n = G.number_of_nodes()
    print(f"== H2020: {n:,} nodes, {G.number_of_edges():,} edges ==")

    leiden_s, leiden = timed(lambda: hx.clusters(G, method="leiden", seed=1))
    louvain_s, louvain = timed(lambda: hx.clusters(G, method="louvain", seed=1))
    for label, seconds, found in (("leiden", leiden_s, leiden), ("louvain", louvain_s, louvain)):
        sizes = found.attrs["sizes"]
        print(f"helixnet clusters({label}): {seconds:.2f} s, {len(sizes):,} clusters "
              f"({sum(s > 1 for s in sizes):,} with 2+ nodes; largest {sizes[:3]}), modularity {found.attrs['modularity']:.4f}")
    again = hx.clusters(G, method="leiden", seed=1)
    assert again.equals(leiden), "same seed, different clusters"
    print("same seed gives the same Leiden clusters")
    if not args.skip_networkx_louvain:
        peer_s, communities = timed(lambda: nx.community.louvain_communities(G, weight="weight", resolution=1.0, seed=1))
        q = nx.community.modularity(G, communities, weight="weight")
        print(f"networkx louvain_communities: {peer_s:.2f} s, {len(communities):,} clusters, modularity {q:.4f}")
        report("H2020 Louvain", louvain_s, "networkx louvain_communities", peer_s)
        report("H2020 Leiden", leiden_s, "networkx louvain_communities", peer_s)

    roles_s, _ = timed(lambda: hx.cluster_roles(G, leiden))
    peak, roles = traced_peak(lambda: hx.cluster_roles(G, leiden))
    print(f"helixnet cluster_roles: {roles_s:.2f} s, peak traced memory {peak:.0f} MiB "
          f"(a dense {n:,} x {n:,} float64 matrix: {n * n * 8 / 2**30:.1f} GiB)")
    print("roles: " + ", ".join(f"{r} {c:,}" for r, c in roles["role"].value_counts().sort_index().items()))
    peer_s, peer = timed(lambda: python_roles(G, leiden))
    assert np.allclose(roles["z"], peer.loc[roles.index, "z"]) and np.allclose(roles["participation"], peer.loc[roles.index, "participation"])
    print("z and participation equal to the Python loop's")
    report("H2020 cluster_roles", roles_s, "Python loop over networkx adjacency", peer_s)
    profile_s, profile = timed(lambda: hx.cluster_profile(G, leiden))
    graph_s, quotient = timed(lambda: hx.cluster_graph(G, leiden))
    print(f"cluster_profile: {profile_s:.2f} s; cluster_graph: {graph_s:.2f} s "
          f"({quotient.number_of_nodes():,} clusters, {quotient.number_of_edges():,} ties between them)")
    print(f"peak RSS {max_rss_mib():.0f} MiB")
    return 0
