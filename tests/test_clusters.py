"""Clusters, cluster roles, profiles and the quotient graph against networkx and brute force."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import helixnet as hx
from helixnet.errors import HelixDataError

SETTINGS = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HELIX = ["knowledge", "industry", "government", "unknown"]


@st.composite
def partitioned(draw, directed=None):
    n = draw(st.integers(2, 30))
    p = draw(st.floats(0.05, 0.6))
    seed = draw(st.integers(0, 10_000))
    k = draw(st.integers(1, 5))
    is_directed = draw(st.booleans()) if directed is None else directed
    G = nx.gnp_random_graph(n, p, seed=seed, directed=is_directed)
    G = nx.relabel_nodes(G, {i: f"o{i}" for i in G})
    rng = np.random.default_rng(seed)
    for u, v in G.edges():
        G[u][v]["weight"] = float(rng.integers(1, 5))
    for u in G:
        G.nodes[u]["helix"] = HELIX[int(rng.integers(0, 4))]
        G.nodes[u]["name"] = f"Org {u}"
    parts = pd.Series({u: int(rng.integers(0, k)) for u in G}, name="cluster")
    return G, parts


def planted(seed=0):
    return nx.planted_partition_graph(4, 25, 0.5, 0.01, seed=seed)


# ---------------------------------------------------------------------------------- clusters


@pytest.mark.parametrize("method", ["leiden", "louvain"])
def test_clusters_recover_planted_partition(method):
    G = planted()
    found = hx.clusters(G, method=method, seed=3, weight=None)
    truth = [u // 25 for u in G]
    # same partition up to labels
    assert pd.crosstab(found.to_numpy(), truth).astype(bool).sum().tolist() == [1, 1, 1, 1]
    communities = [set(found.index[found == c]) for c in range(found.max() + 1)]
    assert found.attrs["modularity"] == pytest.approx(nx.community.modularity(G, communities, weight=None))
    assert found.attrs["method"] == method and found.attrs["seed"] == 3


@SETTINGS
@given(st.integers(0, 50), st.sampled_from(["leiden", "louvain"]), st.sampled_from([0.5, 1.0, 2.0]))
def test_clusters_deterministic_numbered_by_size_with_modularity(seed, method, resolution):
    G = nx.powerlaw_cluster_graph(120, 2, 0.3, seed=seed)
    rng = np.random.default_rng(seed)
    for u, v in G.edges():
        G[u][v]["weight"] = float(rng.uniform(0.5, 3))
    first = hx.clusters(G, method=method, resolution=resolution, seed=seed)
    again = hx.clusters(G, method=method, resolution=resolution, seed=seed)
    pd.testing.assert_series_equal(first, again)
    sizes = np.bincount(first.to_numpy())
    assert (np.diff(sizes) <= 0).all() and (sizes > 0).all()
    assert first.attrs["sizes"] == sizes.tolist()
    communities = [set(first.index[first == c]) for c in range(len(sizes))]
    want = nx.community.modularity(G, communities, weight="weight", resolution=resolution)
    assert first.attrs["modularity"] == pytest.approx(want)


def test_clusters_directed_and_edgeless():
    D = nx.DiGraph(planted(1))
    found = hx.clusters(D, seed=0)
    assert found.nunique() == 4
    E = nx.empty_graph(["x", "y", "z"])
    found = hx.clusters(E, seed=0)
    assert found.tolist() == [0, 1, 2] and found.attrs["modularity"] == 0.0


# ---------------------------------------------------------------------------------- roles


def brute_roles(G, parts):
    H = G.to_undirected() if G.is_directed() else G
    nodes = list(G)
    kis = {u: {} for u in nodes}
    for u in nodes:
        for v in H[u]:
            if v != u:
                kis[u][parts[v]] = kis[u].get(parts[v], 0) + 1
    k = {u: sum(kis[u].values()) for u in nodes}
    within = {u: kis[u].get(parts[u], 0) for u in nodes}
    z, P = {}, {}
    for u in nodes:
        members = [within[v] for v in nodes if parts[v] == parts[u]]
        mean, sd = np.mean(members), np.std(members)
        z[u] = (within[u] - mean) / sd if sd > 1e-12 else 0.0
        P[u] = 1 - sum((x / k[u]) ** 2 for x in kis[u].values()) if k[u] else 0.0
    return k, within, z, P


@SETTINGS
@given(partitioned())
def test_cluster_roles_match_brute_force(data):
    G, parts = data
    table = hx.cluster_roles(G, parts)
    k, within, z, P = brute_roles(G, parts)
    assert list(table.index) == list(G)
    for u in G:
        assert table.loc[u, "degree"] == k[u] and table.loc[u, "within_degree"] == within[u]
        assert table.loc[u, "z"] == pytest.approx(z[u], abs=1e-9)
        assert table.loc[u, "participation"] == pytest.approx(P[u], abs=1e-12)
        hub = z[u] >= 2.5
        p = P[u]
        if hub:
            want = "R5" if p <= 0.30 else "R6" if p <= 0.75 else "R7"
        else:
            want = "R1" if p <= 0.05 else "R2" if p <= 0.62 else "R3" if p <= 0.80 else "R4"
        assert table.loc[u, "role"] == want
        assert table.loc[u, "role_name"] == hx.CLUSTER_ROLES[want]


def test_cluster_roles_weighted_and_inputs():
    G = nx.Graph()
    G.add_edge("a", "b", weight=2.0)
    G.add_edge("a", "c", weight=3.0)
    parts = {"a": 0, "b": 0, "c": 1}
    table = hx.cluster_roles(G, parts, weight="weight")
    assert table.loc["a", ["degree", "within_degree"]].tolist() == [5.0, 2.0]
    assert table.loc["a", "participation"] == pytest.approx(1 - (2 / 5) ** 2 - (3 / 5) ** 2)
    frame = pd.DataFrame({"cluster": parts})
    pd.testing.assert_frame_equal(hx.cluster_roles(G, frame, weight="weight"), table)


# ---------------------------------------------------------------------------------- profile, quotient


@SETTINGS
@given(partitioned())
def test_cluster_profile_matches_brute_force(data):
    G, parts = data
    profile = hx.cluster_profile(G, parts, top=2)
    for c in sorted(parts.unique()):
        members = [u for u in G if parts[u] == c]
        row = profile.loc[c]
        assert row["size"] == len(members)
        counts = pd.Series([G.nodes[u]["helix"] for u in members]).value_counts()
        for helix, count in counts.items():
            assert row[helix] == count and row[f"share_{helix}"] == pytest.approx(count / len(members))
        shares = counts / len(members)
        assert row["entropy"] == pytest.approx(-(shares * np.log2(shares)).sum())
        inside = sum(w for a, b, w in G.edges(data="weight") if parts[a] == c and parts[b] == c)
        across = sum(w for a, b, w in G.edges(data="weight") if (parts[a] == c) != (parts[b] == c))
        assert row["internal_weight"] == pytest.approx(inside)
        assert row["external_weight"] == pytest.approx(across)
        strength = {u: sum(w for a, b, w in G.edges(data="weight") if a != b and u in (a, b) and parts[a] == parts[b] == c) for u in members}
        best = sorted(members, key=lambda u: (-strength[u], list(G).index(u)))[:2]
        assert row["leaders"] == best
        assert row["leader_names"] == [f"Org {u}" for u in best]


@SETTINGS
@given(partitioned())
def test_cluster_graph_matches_brute_force(data):
    G, parts = data
    Q = hx.cluster_graph(G, parts)
    assert Q.is_directed() == G.is_directed()
    assert sorted(Q) == sorted(parts.unique())
    want_w, want_n = {}, {}
    for a, b, w in G.edges(data="weight"):
        ca, cb = parts[a], parts[b]
        if ca == cb:
            continue
        key = (ca, cb) if G.is_directed() else frozenset((ca, cb))
        want_w[key] = want_w.get(key, 0) + w
        want_n[key] = want_n.get(key, 0) + 1
    got_w = {((a, b) if G.is_directed() else frozenset((a, b))): d["weight"] for a, b, d in Q.edges(data=True)}
    got_n = {((a, b) if G.is_directed() else frozenset((a, b))): d["count"] for a, b, d in Q.edges(data=True)}
    assert got_w == pytest.approx(want_w) and got_n == want_n
    for c in Q:
        assert Q.nodes[c]["size"] == int((parts == c).sum())
    # clusters can be ranked by centrality
    assert len(hx.centrality(Q, ["degree", "strength"])) == Q.number_of_nodes()


# ---------------------------------------------------------------------------------- bad input


def test_bad_input():
    G = nx.path_graph(["a", "b", "c"])
    with pytest.raises(HelixDataError, match="method"):
        hx.clusters(G, method="infomap")
    with pytest.raises(HelixDataError, match="resolution"):
        hx.clusters(G, resolution=0)
    with pytest.raises(HelixDataError, match="no cluster.*'c'"):
        hx.cluster_roles(G, {"a": 0, "b": 1})
    with pytest.raises(HelixDataError, match="'cluster' column"):
        hx.cluster_roles(G, pd.DataFrame({"community": [0, 0, 1]}, index=list("abc")))
    with pytest.raises(HelixDataError, match="a Series indexed by node"):
        hx.cluster_graph(G, [0, 0, 1])
    with pytest.raises(HelixDataError, match="no 'helix' attribute"):
        hx.cluster_profile(G, {"a": 0, "b": 0, "c": 1})
    with pytest.raises(HelixDataError, match="top"):
        hx.cluster_profile(G, {"a": 0, "b": 0, "c": 1}, attribute="x", top=-1)
    with pytest.raises(HelixDataError, match="more than once"):
        hx.cluster_roles(G, pd.Series([0, 0, 1, 1], index=["a", "b", "c", "c"]))
    lonely = nx.empty_graph(["a"])
    lonely.nodes["a"]["helix"] = "industry"
    assert math.isnan(hx.cluster_profile(lonely, {"a": 0}).loc[0, "internal_share"])
