"""Centralities, structural holes and the backbone against networkx and brute force."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.stats import spearmanr

import helixnet as hx
from helixnet.errors import HelixDataError
from helixnet import _graph, network
from helixnet._graph import masked_product as _masked_product, to_igraph as _to_igraph, to_sparse as _to_sparse

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def graphs(draw, directed=None, weighted=True):
    n = draw(st.integers(3, 25))
    p = draw(st.floats(0.05, 0.6))
    seed = draw(st.integers(0, 10_000))
    is_directed = draw(st.booleans()) if directed is None else directed
    G = nx.gnp_random_graph(n, p, seed=seed, directed=is_directed)
    G = nx.relabel_nodes(G, {i: f"org{i:03d}" for i in G})  # string ids, as helixnet uses
    rng = np.random.default_rng(seed)
    if weighted:
        for u, v in G.edges():
            G[u][v]["weight"] = float(rng.integers(1, 6))
            G[u][v]["dist"] = float(rng.integers(1, 4))
    return G


def _as_array(table, column, reference):
    return table[column].to_numpy(), np.array([reference[u] for u in table.index], dtype=float)


# ---------------------------------------------------------------------------------- helpers


@SETTINGS
@given(graphs())
def test_to_igraph_keeps_edges_and_weights(G):
    g, nodes = _to_igraph(G, "weight")
    assert g.vcount() == G.number_of_nodes() and g.is_directed() == G.is_directed()
    ours = {}
    for e in g.es:
        u, v = nodes[e.source], nodes[e.target]
        key = (u, v) if G.is_directed() else frozenset((u, v))
        ours[key] = e["weight"]
    theirs = {((u, v) if G.is_directed() else frozenset((u, v))): d["weight"] for u, v, d in G.edges(data=True)}
    assert ours == theirs


def test_the_masked_product_kernel_is_built():
    assert _graph._masked_row_dots is not None  # see test_the_counting_kernel_is_built


@SETTINGS
@given(graphs(), st.integers(0, 100), st.integers(1, 50))
def test_masked_product_equals_dense(G, budget, per_thread):
    A, _ = _to_sparse(G, "weight")
    B, _ = _to_sparse(G, None)
    dense = (A.toarray() @ B.toarray()) * (A.toarray() != 0)
    kernel, entries = _graph._masked_row_dots, _graph.ENTRIES_PER_THREAD
    _graph.ENTRIES_PER_THREAD = per_thread  # the kernel's entries spread over threads
    try:
        chosen = _masked_product(A, B, A)  # the way estimated faster
        mask = A.tocsr()
        rows = np.repeat(np.arange(mask.shape[0]), np.diff(mask.indptr))
        merged = _graph.masked_product_by_merges(A, B.T.tocsr(), mask, rows, mask.indices.astype(np.int64))
        _graph._masked_row_dots = None
        blocks = _masked_product(A, B, A, budget=budget + 1)  # scipy; tiny budgets: one row per block
    finally:
        _graph._masked_row_dots, _graph.ENTRIES_PER_THREAD = kernel, entries
    for way in (chosen, merged, blocks):
        np.testing.assert_allclose(way.toarray(), dense)
        assert not np.any(way.data == 0)  # no stored zeros


@SETTINGS
@given(st.data())
def test_masked_row_dots_equal_the_dense_product(data):
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    width = data.draw(st.integers(1, 400))
    # sparse rows against dense ones: the merge of similar rows and the search of a short row in a long one
    left = sp.random(data.draw(st.integers(1, 20)), width, density=data.draw(st.floats(0.0, 0.2)), format="csr", random_state=rng)
    right = sp.random(data.draw(st.integers(1, 20)), width, density=data.draw(st.floats(0.0, 1.0)), format="csr", random_state=rng)
    k = data.draw(st.integers(0, 60))
    rows, cols = rng.integers(0, left.shape[0], k), rng.integers(0, right.shape[0], k)
    out = np.empty(k)
    _graph._masked_row_dots(*_graph.kernel_csr(left), *_graph.kernel_csr(right), rows, cols, out)
    np.testing.assert_allclose(out, (left @ right.T).toarray()[rows, cols], rtol=1e-12, atol=1e-12)


def test_masked_row_dots_refuse_what_they_cannot_read():
    matrix = sp.csr_matrix(np.array([[1.0, 0.0], [2.0, 3.0]]))
    indptr, indices, values = _graph.kernel_csr(matrix)
    positions = np.array([0, 1], dtype=np.int64)
    call = _graph._masked_row_dots
    with pytest.raises(TypeError, match="int64"):
        call(indptr.astype(np.int32), indices, values, indptr, indices, values, positions, positions, np.empty(2))
    with pytest.raises(TypeError, match="float64"):
        call(indptr, indices, values, indptr, indices, values, positions, positions, np.empty(2, np.float32))
    with pytest.raises(ValueError, match="outside the matrices"):
        call(indptr, indices, values, indptr, indices, values, positions + 1, positions, np.empty(2))
    with pytest.raises(ValueError, match="inconsistent"):
        call(indptr, indices, values, indptr, indices, values, positions, positions[:1], np.empty(2))
    with pytest.raises(ValueError, match="decreases"):
        call(np.array([0, 2, 1, 3]), np.array([0, 1, 0]), np.ones(3), indptr, indices, values, positions, positions, np.empty(2))


# ---------------------------------------------------------------------------------- centrality


@SETTINGS
@given(graphs())
def test_centrality_matches_networkx(G):
    table = hx.centrality(G, ["degree", "strength", "betweenness", "closeness", "pagerank", "kcore"], progress=False)
    assert list(table.index) == list(G)
    got, want = _as_array(table, "degree", dict(G.degree()))
    np.testing.assert_array_equal(got, want)
    got, want = _as_array(table, "strength", dict(G.degree(weight="weight")))
    np.testing.assert_allclose(got, want)
    got, want = _as_array(table, "betweenness", nx.betweenness_centrality(G))
    np.testing.assert_allclose(got, want, atol=1e-12)
    got, want = _as_array(table, "closeness", nx.closeness_centrality(G))
    np.testing.assert_allclose(got, want, atol=1e-12)
    got, want = _as_array(table, "pagerank", nx.pagerank(G, weight="weight", tol=1e-13, max_iter=10_000))
    np.testing.assert_allclose(got, want, atol=1e-8)
    H = G.copy()
    H.remove_edges_from(nx.selfloop_edges(H))
    got, want = _as_array(table, "kcore", nx.core_number(H))
    np.testing.assert_array_equal(got, want)
    assert table.attrs["betweenness_samples"] is None


@SETTINGS
@given(graphs())
def test_betweenness_and_closeness_with_distances(G):
    table = hx.centrality(G, ["betweenness", "closeness"], distance="dist", progress=False)
    got, want = _as_array(table, "betweenness", nx.betweenness_centrality(G, weight="dist"))
    np.testing.assert_allclose(got, want, atol=1e-12)
    got, want = _as_array(table, "closeness", nx.closeness_centrality(G, distance="dist"))
    np.testing.assert_allclose(got, want, atol=1e-12)


@pytest.mark.parametrize("weight", [None, "weight"])
def test_eigenvector_matches_networkx(weight):
    G = nx.connected_watts_strogatz_graph(80, 6, 0.2, seed=3)
    rng = np.random.default_rng(3)
    for u, v in G.edges():
        G[u][v]["weight"] = float(rng.uniform(0.5, 4))
    table = hx.centrality(G, "eigenvector", weight=weight)
    got, want = _as_array(table, "eigenvector", nx.eigenvector_centrality_numpy(G, weight=weight))
    np.testing.assert_allclose(got, np.abs(want), atol=1e-7)
    D = nx.DiGraph(nx.cycle_graph(30))
    D.add_edges_from((int(a), int(b)) for a, b in rng.integers(0, 30, (60, 2)) if a != b)
    table = hx.centrality(D, "eigenvector", weight=None)
    got, want = _as_array(table, "eigenvector", nx.eigenvector_centrality_numpy(D))
    np.testing.assert_allclose(got, np.abs(want), atol=1e-7)


def test_sampled_betweenness_against_exact_mid_size():
    """The documented error: 500 pivots on a 2,000-node clustered scale-free graph."""
    G = nx.powerlaw_cluster_graph(2000, 3, 0.3, seed=7)
    exact = hx.centrality(G, "betweenness")["betweenness"].to_numpy()
    top = np.argsort(-exact)[:20]
    estimate_table = hx.centrality(G, "betweenness", betweenness_samples=500, seed=1)
    assert estimate_table.attrs["betweenness_samples"] == 500
    estimate = estimate_table["betweenness"].to_numpy()
    assert spearmanr(exact, estimate)[0] > 0.93
    assert np.mean(np.abs(estimate[top] - exact[top]) / exact[top]) < 0.15
    again = hx.centrality(G, "betweenness", betweenness_samples=500, seed=1)["betweenness"].to_numpy()
    np.testing.assert_array_equal(estimate, again)


@pytest.mark.parametrize("directed", [False, True])
def test_sampled_betweenness_is_unbiased(directed):
    """The mean of many 4-pivot estimates converges on the exact betweenness."""
    G = nx.gnp_random_graph(30, 0.15, seed=5, directed=directed)
    exact = np.array(list(nx.betweenness_centrality(G).values()))
    runs = np.mean(
        [hx.centrality(G, "betweenness", betweenness_samples=4, seed=s)["betweenness"].to_numpy() for s in range(600)],
        axis=0,
    )
    assert np.abs(runs - exact).max() < 0.1 * exact.max()
    assert np.abs(runs.sum() - exact.sum()) < 0.05 * exact.sum()


def test_betweenness_exact_limit(monkeypatch):

    monkeypatch.setattr(network, "BETWEENNESS_EXACT_MAX_NODES", 10)
    G = nx.path_graph(40)
    assert hx.centrality(G, "betweenness", betweenness_samples=5, seed=0).attrs["betweenness_samples"] == 5
    # 500 default pivots >= 40 nodes: exact
    assert hx.centrality(G, "betweenness").attrs["betweenness_samples"] is None
    monkeypatch.setattr(network, "BETWEENNESS_DEFAULT_SAMPLES", 7)
    assert hx.centrality(G, "betweenness").attrs["betweenness_samples"] == 7
    assert hx.centrality(G, "betweenness", betweenness_samples=40).attrs["betweenness_samples"] is None


def test_chunked_betweenness_with_progress_equals_plain(monkeypatch):

    G = nx.gnp_random_graph(60, 0.1, seed=2)
    plain = hx.centrality(G, "betweenness", progress=False)["betweenness"]
    monkeypatch.setattr(network, "_CHUNKED_WORK", 0)
    chunked = hx.centrality(G, "betweenness", progress=True)["betweenness"]
    np.testing.assert_allclose(chunked, plain, atol=1e-12)


def test_isolates_and_tiny_graphs():
    G = nx.Graph()
    G.add_nodes_from(["a", "b"])
    table = hx.centrality(G, progress=False)
    assert table["degree"].tolist() == [0, 0]
    assert table["closeness"].tolist() == [0.0, 0.0]
    assert table["betweenness"].tolist() == [0.0, 0.0]


# ---------------------------------------------------------------------------------- structural holes


@SETTINGS
@given(graphs(), st.sampled_from([None, "weight"]))
def test_structural_holes_match_networkx(G, weight):
    table = hx.structural_holes(G, weight=weight)
    # networkx's per-node path (nodes=...) follows Burt's definition; its all-nodes scipy path
    # in networkx 3.6 divides by the wrong row maximum for weighted graphs.
    effective = nx.effective_size(G, nodes=list(G), weight=weight)
    constraint = nx.constraint(G, nodes=list(G), weight=weight)
    # networkx calls a node with only incoming ties isolated (it looks at G[v], the successors);
    # it has ties, so helixnet gives it values: compare where networkx defines them.
    defined = np.array([any(w != u for w in G[u]) for u in table.index])
    has_ties = np.array([any(w != u for w in nx.all_neighbors(G, u)) for u in table.index])
    assert np.isnan(table["effective_size"].to_numpy()[~has_ties]).all()
    assert np.isfinite(table["constraint"].to_numpy()[has_ties]).all()
    got, want = _as_array(table, "effective_size", effective)
    np.testing.assert_allclose(got[defined], want[defined], atol=1e-10)
    got, want = _as_array(table, "constraint", constraint)
    np.testing.assert_allclose(got[defined], want[defined], atol=1e-10)
    degree = np.array([len(set(nx.all_neighbors(G, u))) for u in table.index], dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        np.testing.assert_allclose(table["efficiency"], table["effective_size"] / degree, equal_nan=True)


# ---------------------------------------------------------------------------------- backbone


def _backbone_brute(G, alpha):
    kept = set()
    for u, v, w in G.edges(data="weight", default=1.0):
        pvalues = []
        ends = [(u, G.out_edges(u, data="weight", default=1.0)), (v, G.in_edges(v, data="weight", default=1.0))] if G.is_directed() else [(u, G.edges(u, data="weight", default=1.0)), (v, G.edges(v, data="weight", default=1.0))]
        for _, ties in ends:
            ties = [t for t in ties if t[0] != t[1]]
            k = len(ties)
            s = sum(t[2] for t in ties)
            pvalues.append(1.0 if k <= 1 or s == 0 else (1 - w / s) ** (k - 1))
        if u != v and min(pvalues) < alpha:
            kept.add((u, v) if G.is_directed() else frozenset((u, v)))
    return kept


@SETTINGS
@given(graphs(), st.sampled_from([0.05, 0.2, 0.5]))
def test_backbone_matches_brute_force(G, alpha):
    B = hx.backbone(G, alpha=alpha)
    got = {(u, v) if G.is_directed() else frozenset((u, v)) for u, v in B.edges()}
    assert got == _backbone_brute(G, alpha)
    assert type(B) is type(G)
    assert all(B.degree(u) > 0 for u in B)
    for u, v, d in B.edges(data=True):
        assert d["weight"] == G[u][v]["weight"] and d["alpha"] < alpha
    full = hx.backbone(G, alpha=alpha, keep_isolates=True)
    assert set(full) == set(G)


def test_backbone_keeps_the_dominant_tie():
    G = nx.Graph()
    G.add_weighted_edges_from([("hub", f"n{i}", 1.0) for i in range(9)] + [("hub", "big", 50.0)])
    p = (1 - 50 / 59) ** 9
    B = hx.backbone(G, alpha=0.05)
    assert list(B.edges()) == [("hub", "big")]
    assert math.isclose(B["hub"]["big"]["alpha"], p)


# ---------------------------------------------------------------------------------- bad input


def test_bad_input():
    G = nx.path_graph(3)
    with pytest.raises(HelixDataError, match="networkx graph"):
        hx.centrality({"a": 1})
    with pytest.raises(HelixDataError, match="MultiGraph"):
        hx.centrality(nx.MultiGraph([(0, 1), (0, 1)]))
    with pytest.raises(HelixDataError, match="no nodes"):
        hx.centrality(nx.Graph())
    with pytest.raises(HelixDataError, match="unknown centrality measure"):
        hx.centrality(G, ["degree", "katz"])
    with pytest.raises(HelixDataError, match="betweenness_samples"):
        hx.centrality(G, betweenness_samples=0)
    with pytest.raises(HelixDataError, match="betweenness_samples"):
        hx.centrality(G, betweenness_samples=2.5)
    bad = nx.Graph()
    bad.add_edge("a", "b", weight=-1.0)
    with pytest.raises(HelixDataError, match="'weight'.*-1.0"):
        hx.centrality(bad)
    bad["a"]["b"]["weight"] = float("nan")
    with pytest.raises(HelixDataError, match="'weight'"):
        hx.structural_holes(bad, weight="weight")
    bad["a"]["b"]["weight"] = "heavy"
    with pytest.raises(HelixDataError, match="heavy"):
        hx.backbone(bad)
    with pytest.raises(HelixDataError, match="alpha"):
        hx.backbone(G, alpha=0)
    with pytest.raises(HelixDataError, match="networkx graph"):
        hx.structural_holes([(0, 1)])


def test_missing_weights_count_one_like_networkx():
    G = nx.Graph()
    G.add_edge("a", "b", weight=3.0)
    G.add_edge("b", "c")  # no weight attribute
    G.add_edge("c", "c", weight=2.0)  # self-loop
    table = hx.centrality(G, ["strength"])
    assert table["strength"].to_dict() == {u: float(s) for u, s in G.degree(weight="weight")}
    D = nx.DiGraph([("x", "y"), ("y", "x"), ("y", "z")])
    g, nodes = _to_igraph(D, "weight")
    assert sorted((nodes[e.source], nodes[e.target], e["weight"]) for e in g.es) == [("x", "y", 1.0), ("y", "x", 1.0), ("y", "z", 1.0)]


def test_sampled_closeness_against_exact_mid_size():
    """The documented error: 500 pivots, 2,000-node scale-free graph plus small components."""
    G = nx.powerlaw_cluster_graph(2000, 3, 0.3, seed=7)
    G.add_edges_from([(3000, 3001), (3001, 3002), (4000, 4001)])
    exact = hx.centrality(G, "closeness")["closeness"]
    reference = nx.closeness_centrality(G)
    np.testing.assert_allclose(exact, [reference[u] for u in G], atol=1e-12)
    table = hx.centrality(G, "closeness", betweenness_samples=500, seed=2, progress=False)
    assert table.attrs["closeness_samples"] == 500
    error = np.abs(table["closeness"] - exact) / exact
    assert error.mean() < 0.02 and error.max() < 0.08
    small = [3000, 3001, 3002, 4000, 4001]  # too few pivots there: exact
    np.testing.assert_allclose(table.loc[small, "closeness"], exact.loc[small], atol=1e-12)
    D = nx.gnp_random_graph(50, 0.1, seed=1, directed=True)  # directed: always exact
    assert hx.centrality(D, "closeness", betweenness_samples=10).attrs["closeness_samples"] is None


def test_networkx_backend_pass_through_equals_igraph_path():
    G = nx.les_miserables_graph()
    ours = hx.centrality(G, ["degree", "strength", "betweenness", "closeness", "pagerank", "kcore", "eigenvector"], progress=False)
    theirs = hx.centrality(G, ["degree", "strength", "betweenness", "closeness", "pagerank", "kcore", "eigenvector"], backend="networkx")
    assert set(theirs.attrs["backend"].values()) == {"networkx"}
    for column in ours.columns:
        np.testing.assert_allclose(theirs[column].to_numpy(float), ours[column].to_numpy(float), rtol=1e-6, atol=1e-9)


def test_unknown_backend_is_named():
    with pytest.raises(HelixDataError, match="backend='gpu' is not an installed networkx backend"):
        hx.centrality(nx.path_graph(3), backend="gpu")
