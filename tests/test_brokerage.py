"""Brokerage, E-I index, mixing matrix and assortativity against brute force and networkx."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import helixnet as hx
from helixnet.brokers import BROKERAGE_ROLES, _brokerage_counts, _brokerage_moments
from helixnet.errors import HelixDataError
from helixnet._graph import to_sparse as _to_sparse

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HELIX = ["knowledge", "industry", "government", "civil"]
ROLES = list(BROKERAGE_ROLES)


@st.composite
def graphs(draw, directed=None):
    n = draw(st.integers(1, 22))
    p = draw(st.floats(0.0, 0.7))
    seed = draw(st.integers(0, 10_000))
    n_groups = draw(st.integers(1, 4))
    is_directed = draw(st.booleans()) if directed is None else directed
    G = nx.gnp_random_graph(n, p, seed=seed, directed=is_directed)
    rng = np.random.default_rng(seed)
    if draw(st.booleans()) and n > 1:  # a few self-loops, which brokerage ignores
        for u in rng.integers(0, n, 2):
            G.add_edge(int(u), int(u))
    G = nx.relabel_nodes(G, {i: f"org{i:02d}" for i in G})
    for u in G:
        G.nodes[u]["helix"] = HELIX[int(rng.integers(0, n_groups))]
    for u, v in G.edges():
        G[u][v]["weight"] = float(rng.integers(1, 5))
    return G


def brute_brokerage(G, attribute="helix"):
    """Every ordered two-path i -> j -> k, i != k, no i -> k, classified by groups."""
    D = G if G.is_directed() else G.to_directed()
    out = {u: dict.fromkeys(ROLES, 0) for u in G}
    for j in D:
        for i in D.predecessors(j):
            for k in D.successors(j):
                if len({i, j, k}) < 3 or D.has_edge(i, k):
                    continue
                gi, gj, gk = (G.nodes[x][attribute] for x in (i, j, k))
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
                out[j][role] += 1
                out[j]["total"] += 1
    return pd.DataFrame.from_dict(out, orient="index")[ROLES]


@SETTINGS
@given(graphs())
def test_brokerage_matches_brute_force(G):
    table = hx.brokerage(G)
    want = brute_brokerage(G)
    assert list(table.index) == list(G)
    assert table["helix"].tolist() == [G.nodes[u]["helix"] for u in G]
    pd.testing.assert_frame_equal(table[ROLES], want.loc[table.index], check_dtype=False, check_names=False)
    assert (table[ROLES].dtypes == np.int64).all()


@SETTINGS
@given(graphs(directed=False))
def test_undirected_triangle_path_equals_directed_path(G):
    """The degree-ordered triangle count equals the general directed count on a symmetric graph."""
    A, nodes = _to_sparse(G, None)
    A.data[:] = 1
    codes, labels = pd.factorize(pd.Series([G.nodes[u]["helix"] for u in nodes]))
    sym = _brokerage_counts(A, codes, len(labels), symmetric=True)
    gen = _brokerage_counts(A, codes, len(labels), symmetric=False)
    np.testing.assert_array_equal(sym, gen)


def test_brokerage_hand_case():
    """A -> B -> C chains of known roles (directed)."""
    G = nx.DiGraph([("u1", "u2"), ("u2", "u3"), ("f1", "u1"), ("u1", "g1"), ("g1", "g2")])
    nx.set_node_attributes(G, {"u1": "knowledge", "u2": "knowledge", "u3": "knowledge", "f1": "industry", "g1": "government", "g2": "government"}, "helix")
    table = hx.brokerage(G)
    # u2: u1 -> u2 -> u3 coordinator; u1: f1 -> u1 -> u2 gatekeeper, f1 -> u1 -> g1 liaison;
    # g1: u1 -> g1 -> g2 gatekeeper
    assert table.loc["u2", ROLES].tolist() == [1, 0, 0, 0, 0, 1]
    assert table.loc["u1", ROLES].tolist() == [0, 0, 0, 1, 1, 2]
    assert table.loc["g1", ROLES].tolist() == [0, 0, 0, 1, 0, 1]
    G.add_edge("f1", "g1")  # closes f1 -> u1 -> g1
    assert hx.brokerage(G).loc["u1", ROLES].tolist() == [0, 0, 0, 1, 0, 1]


def test_brokerage_statistics_against_simulation():
    """sna's expectations and standard deviations vs. random digraphs with arc probability d."""
    N, d = 12, 0.3
    codes = np.array([0] * 5 + [1] * 4 + [2] * 3)
    gi, gj, gk = np.meshgrid(codes, codes, codes, indexing="ij")  # axes i, j, k
    role_masks = [
        (gi == gj) & (gj == gk),
        (gi == gk) & (gi != gj),
        (gi == gj) & (gj != gk),
        (gj == gk) & (gi != gj),
        (gi != gj) & (gj != gk) & (gi != gk),
    ]
    distinct = ~np.eye(N, dtype=bool)[:, None, :]  # i != k
    rng = np.random.default_rng(0)
    M = rng.random((4000, N, N)) < d
    M[:, np.arange(N), np.arange(N)] = False
    # open[s, i, j, k] = M[i, j] M[j, k] (1 - M[i, k]), i != k: a dense, independent count
    open_paths = M[:, :, :, None] & M[:, None, :, :] & ~M[:, :, None, :] & distinct[None]
    counts = np.stack([(open_paths & mask[None]).sum(axis=(1, 3)) for mask in role_masks], axis=2)
    runs = np.concatenate([counts, counts.sum(axis=2, keepdims=True)], axis=2)
    runs = np.array(runs, dtype=float)
    ebr, vbr, eg, vg = _brokerage_moments(np.array([5, 4, 3]), float(N), d)
    for group in range(3):
        sims = runs[:, codes == group].reshape(-1, 6)
        np.testing.assert_allclose(sims.mean(axis=0), ebr[group], rtol=0.08, atol=0.05)
        np.testing.assert_allclose(sims.std(axis=0), np.sqrt(vbr[group]), rtol=0.08, atol=0.05)
    np.testing.assert_allclose(runs.sum(axis=1).mean(axis=0), eg, rtol=0.05)


def test_brokerage_stats_columns():
    G = nx.karate_club_graph()
    table = hx.brokerage(G, "club", stats=True)  # groups other than helices: their own attribute
    N, m = 34.0, 2.0 * G.number_of_edges()
    d = m / (N * (N - 1))
    assert table.attrs["density"] == pytest.approx(d)
    # total: d^2 (1 - d) (N - 1)(N - 2) for every node, whatever its group
    np.testing.assert_allclose(table["expected_total"], d**2 * (1 - d) * (N - 1) * (N - 2))
    n_own = table["club"].map(table["club"].value_counts()).to_numpy(dtype=float)
    np.testing.assert_allclose(table["expected_coordinator"], d**2 * (1 - d) * (n_own - 1) * (n_own - 2))
    np.testing.assert_allclose(table["z_total"], (table["total"] - table["expected_total"]) / table["sd_total"])
    assert table.attrs["graph"]["total"]["observed"] == table["total"].sum()
    assert table.attrs["graph"]["liaison"]["expected"] == 0.0  # two groups: no liaisons


# ---------------------------------------------------------------------------------- E-I, mixing


@SETTINGS
@given(graphs(), st.sampled_from([None, "weight"]))
def test_ei_index_matches_brute_force(G, weight):
    group = nx.get_node_attributes(G, "helix")
    ties = [(u, v, (d if weight else 1.0)) for u, v, d in G.edges(data=weight or "weight") if u != v]
    node = hx.ei_index(G, weight=weight)
    for u in G:
        I = sum(w for a, b, w in ties if u in (a, b) and group[a] == group[b])
        E = sum(w for a, b, w in ties if u in (a, b) and group[a] != group[b])
        assert node.loc[u, ["internal", "external"]].tolist() == pytest.approx([I, E])
        want = (E - I) / (E + I) if E + I else np.nan
        np.testing.assert_allclose(node.loc[u, "ei"], want)
    groups = hx.ei_index(G, weight=weight, level="group")
    for g in set(group.values()):
        I = sum(w for a, b, w in ties if group[a] == group[b] == g)
        E = sum(w for a, b, w in ties if (group[a] == g) != (group[b] == g))
        assert groups.loc[g, ["internal", "external"]].tolist() == pytest.approx([I, E])
    whole = hx.ei_index(G, weight=weight, level="graph")
    I = sum(w for a, b, w in ties if group[a] == group[b])
    E = sum(w for a, b, w in ties if group[a] != group[b])
    assert whole.loc["graph", ["internal", "external"]].tolist() == pytest.approx([I, E])


@SETTINGS
@given(graphs(), st.sampled_from([None, "weight"]))
def test_mixing_matrix_matches_networkx(G, weight):
    table = hx.mixing_matrix(G, weight=weight)
    labels = list(table.index)
    mapping = {g: i for i, g in enumerate(labels)}
    if weight is None and G.number_of_edges():
        want = nx.attribute_mixing_matrix(G, "helix", mapping=mapping, normalized=False)
    else:  # networkx counts ties only: sum the weights by hand, both directions if undirected
        want = np.zeros((len(labels),) * 2)
        for u, v, w in G.edges(data=weight or "weight"):
            w = 1.0 if weight is None else w
            want[mapping[G.nodes[u]["helix"]], mapping[G.nodes[v]["helix"]]] += w
            if not G.is_directed() and u != v:
                want[mapping[G.nodes[v]["helix"]], mapping[G.nodes[u]["helix"]]] += w
    np.testing.assert_allclose(table.to_numpy(), want)
    if G.number_of_edges():
        np.testing.assert_allclose(hx.mixing_matrix(G, weight=weight, normalized=True).to_numpy().sum(), 1.0)


@SETTINGS
@given(graphs())
def test_assortativity_matches_networkx(G):
    if G.number_of_edges() == 0:
        with pytest.raises(HelixDataError, match="at least one tie"):
            hx.assortativity(G)
        return
    ours = hx.assortativity(G)
    theirs = nx.attribute_assortativity_coefficient(G, "helix") if len(set(nx.get_node_attributes(G, "helix").values())) > 1 else np.nan
    if np.isnan(ours) or np.isnan(theirs):
        e = hx.mixing_matrix(G, weight=None, normalized=True).to_numpy()
        assert np.isnan(ours) == (float(e.sum(axis=1) @ e.sum(axis=0)) == 1.0)
    else:
        assert ours == pytest.approx(theirs)


# ---------------------------------------------------------------------------------- bad input


def test_bad_input():
    G = nx.path_graph(["a", "b", "c"])
    nx.set_node_attributes(G, {"a": "knowledge", "b": "industry"}, "helix")
    for call in (hx.brokerage, hx.ei_index, hx.mixing_matrix, hx.assortativity):
        with pytest.raises(HelixDataError, match="no 'helix' attribute.*'c'"):
            call(G)
    G.nodes["c"]["helix"] = float("nan")
    with pytest.raises(HelixDataError, match="'c'"):
        hx.brokerage(G)
    with pytest.raises(HelixDataError, match="networkx graph"):
        hx.brokerage(pd.DataFrame())
    with pytest.raises(HelixDataError, match="level"):
        hx.ei_index(G, level="cluster")
    with pytest.raises(HelixDataError, match="attribute"):
        hx.brokerage(G, attribute=3)


@SETTINGS
@given(graphs(), st.integers(0, 10_000))
def test_brokerage_by_many_groups_matches_brute_force(G, seed):
    """Groups as many as nodes (regions, not helices): the counts go to roles without group pairs."""
    rng = np.random.default_rng(seed)
    n_groups = int(rng.integers(1, max(G.number_of_nodes(), 1) + 1))
    for u in G:
        G.nodes[u]["region"] = f"r{int(rng.integers(0, n_groups))}"
    pd.testing.assert_frame_equal(hx.brokerage(G, "region")[ROLES], brute_brokerage(G, "region").loc[list(G)],
                                  check_dtype=False, check_names=False)


@SETTINGS
@given(st.lists(st.integers(1, 30), min_size=1, max_size=9), st.floats(0.01, 0.99))
def test_brokerage_moments_of_many_groups_match_the_triple_loop(sizes, d):
    """The graph-level variance of liaison sums over ordered triples of distinct groups (sna's loop)."""
    n = np.array(sizes, dtype=float)
    N = float(n.sum())
    d3, d4, d5 = d**3 * (1 - d) ** 3, d**4 * (1 - d) ** 2, d**5 * (1 - d)
    triples = sum(
        n[i] * n[j] * n[k] * ((4 * (N - n[j]) - 2 * (n[i] + n[k] + 1)) * d3 - (4 * (N - n[k]) - 2 * (n[i] + n[j] + 1)) * d4
                              + (N - (n[i] + n[k] + 1)) * d5)
        for i in range(len(n)) for j in range(len(n)) for k in range(len(n)) if len({i, j, k}) == 3
    )
    x, y = n[:, None], n[None, :]
    q = d**2 * (1 - d)
    liaison_mean = q * (np.sum(x * y * (N - x - y)) - np.sum(n * n * (N - 2 * n)))
    _, _, eg, vg = _brokerage_moments(n, N, d)
    assert vg[4] == pytest.approx(liaison_mean * (1 - q) + triples, rel=1e-9, abs=1e-9)
