"""Collaboration graph of the full Horizon 2020 table: helixnet vs networkx's bipartite projection.

The peer is ``networkx.algorithms.bipartite.weighted_projected_graph`` on the two-mode graph
(its edge ``weight`` is the number of shared events). Both must give the same edges and counts.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd
from networkx.algorithms import bipartite

import helixnet as hx

from ._common import H2020_TABLE, report, timed


def load_h2020() -> pd.DataFrame:
    raw = pd.read_csv(H2020_TABLE, dtype=str, usecols=["rcn", "pic", "type", "country"])
    return raw.rename(columns={"rcn": "event", "pic": "organisation"})


def main(argv: list[str]) -> int:
    participations = load_h2020()
    print(f"H2020: {len(participations):,} participations, {participations['organisation'].nunique():,} "
          f"organisations, {participations['event'].nunique():,} events")

    edges_s, edges = timed(lambda: hx.collaboration_edges(participations), repeat=3)
    graph_s, graph = timed(lambda: hx.collaboration_graph(participations), repeat=3)

    def networkx_projection() -> nx.Graph:
        two_mode = nx.Graph()
        orgs = participations["organisation"].unique()
        two_mode.add_nodes_from(orgs, bipartite=0)
        two_mode.add_nodes_from(("event:" + e for e in participations["event"].unique()), bipartite=1)
        two_mode.add_edges_from(zip(participations["organisation"], "event:" + participations["event"]))
        return bipartite.weighted_projected_graph(two_mode, orgs)

    peer_s, peer = timed(networkx_projection)

    peer_edges = {(min(u, v), max(u, v)): d["weight"] for u, v, d in peer.edges(data=True)}
    ours = dict(zip(zip(edges["source"], edges["target"]), edges["count"]))
    assert ours == peer_edges, "helixnet and networkx disagree on the edges or their counts"
    assert graph.number_of_nodes() == peer.number_of_nodes() and graph.number_of_edges() == peer.number_of_edges()
    print(f"agree: {len(ours):,} edges, {graph.number_of_nodes():,} nodes, identical counts")

    report("collaboration_edges", edges_s, "networkx weighted_projected_graph", peer_s)
    report("collaboration_graph (networkx Graph)", graph_s, "networkx weighted_projected_graph", peer_s)
    return 0
